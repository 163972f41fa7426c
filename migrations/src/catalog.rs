//! The built-in catalog of assignments, one folder each under `catalog/`:
//!
//! ```text
//! 01-hello/
//!   assignment.toml   title, points, limits
//!   handout.md        what the learner reads
//!   starter.py        what the editor starts with
//!   tests.py          hidden unittest tests; they import the learner's code as `solution`
//!   solution.py       the reference solution (must pass)
//!   wrong/*.py        wrong solutions (must fail), for the catalog test
//! ```
//!
//! The folder name gives the position (`01`) and the slug (`hello`).

use anyhow::{anyhow, Context};
use include_dir::{include_dir, Dir};
use serde::Deserialize;

static CATALOG: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/catalog");

/// One catalog assignment, read from its folder.
#[derive(Debug, Clone)]
pub struct CatalogAssignment {
    pub slug: String,
    pub position: i32,
    pub title: String,
    pub points: i32,
    pub time_limit_ms: i32,
    pub memory_limit_mb: i32,
    pub handout: String,
    pub starter_code: String,
    pub test_code: String,
    pub reference_solution: String,
    /// `(file name, code)` of each known-wrong solution.
    pub wrong_solutions: Vec<(String, String)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Meta {
    title: String,
    points: i32,
    time_limit_ms: i32,
    memory_limit_mb: i32,
}

/// The catalog compiled into this binary, in course order.
pub fn embedded() -> anyhow::Result<Vec<CatalogAssignment>> {
    let mut all = CATALOG
        .dirs()
        .map(read_assignment)
        .collect::<anyhow::Result<Vec<_>>>()?;
    all.sort_by_key(|a| a.position);
    if let Some(pair) = all.windows(2).find(|w| w[0].position == w[1].position) {
        return Err(anyhow!(
            "two catalog assignments at position {}",
            pair[0].position
        ));
    }
    Ok(all)
}

fn read_assignment(dir: &Dir<'static>) -> anyhow::Result<CatalogAssignment> {
    let name = dir
        .path()
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let (position, slug) = name
        .split_once('-')
        .ok_or_else(|| anyhow!("catalog folder {name:?} is not NN-slug"))?;
    let position: i32 = position
        .parse()
        .with_context(|| format!("catalog folder {name:?} does not start with a number"))?;
    let text = |file: &str| -> anyhow::Result<String> {
        let path = dir.path().join(file);
        CATALOG
            .get_file(&path)
            .and_then(|f| f.contents_utf8())
            .map(str::to_owned)
            .ok_or_else(|| anyhow!("catalog {name}: {file} is missing or not UTF-8"))
    };
    let meta: Meta = toml::from_str(&text("assignment.toml")?)
        .with_context(|| format!("catalog {name}: assignment.toml"))?;
    let mut wrong_solutions: Vec<(String, String)> = CATALOG
        .get_dir(dir.path().join("wrong"))
        .map(|wrong| {
            wrong
                .files()
                .filter_map(|f| {
                    let file = f.path().file_name()?.to_str()?.to_owned();
                    Some((file, f.contents_utf8()?.to_owned()))
                })
                .collect()
        })
        .unwrap_or_default();
    wrong_solutions.sort();
    if wrong_solutions.is_empty() {
        return Err(anyhow!("catalog {name}: needs at least one wrong/*.py"));
    }
    Ok(CatalogAssignment {
        slug: slug.to_owned(),
        position,
        title: meta.title,
        points: meta.points,
        time_limit_ms: meta.time_limit_ms,
        memory_limit_mb: meta.memory_limit_mb,
        handout: text("handout.md")?,
        starter_code: text("starter.py")?,
        test_code: text("tests.py")?,
        reference_solution: text("solution.py")?,
        wrong_solutions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_starts_with_hello_hello_world_and_sum() {
        let catalog = embedded().unwrap();
        assert!(catalog.len() >= 8, "only {} assignments", catalog.len());
        let titles: Vec<&str> = catalog.iter().take(3).map(|a| a.title.as_str()).collect();
        assert_eq!(titles, ["Hello", "Hello world", "Sum"]);
        let positions: Vec<i32> = catalog.iter().map(|a| a.position).collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]));
        for a in &catalog {
            assert!(a.test_code.contains("import unittest"), "{}", a.slug);
            assert!(!a.wrong_solutions.is_empty(), "{}", a.slug);
        }
    }
}
