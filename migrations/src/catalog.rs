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
//! The folder name gives the position (`01`) and the slug (`hello`). Other sets of
//! assignments kept in the same format (the runner's corpus under `grader-image/corpus`) are
//! read from disk by [`read_folder`], through the same parser.

use std::path::Path;

use anyhow::{anyhow, Context};
use include_dir::{include_dir, Dir};
use serde::Deserialize;

static CATALOG: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/catalog");

/// One catalog assignment, read from its folder.
#[derive(Debug, Clone, PartialEq)]
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
    in_order(
        CATALOG
            .dirs()
            .map(|dir| read_assignment(&Embedded(dir)))
            .collect::<anyhow::Result<_>>()?,
    )
}

/// Every assignment folder directly under `root`, read from disk like the catalog's own
/// folders, in order. Files directly under `root` (a README, a script) are not assignments.
pub fn read_folder(root: &Path) -> anyhow::Result<Vec<CatalogAssignment>> {
    let mut assignments = Vec::new();
    let entries = std::fs::read_dir(root).with_context(|| format!("reading {}", root.display()))?;
    for entry in entries {
        let path = entry
            .with_context(|| format!("reading {}", root.display()))?
            .path();
        if path.is_dir() {
            assignments.push(read_assignment(&OnDisk(&path))?);
        }
    }
    in_order(assignments)
}

fn in_order(mut all: Vec<CatalogAssignment>) -> anyhow::Result<Vec<CatalogAssignment>> {
    all.sort_by_key(|a| a.position);
    if let Some(pair) = all.windows(2).find(|w| w[0].position == w[1].position) {
        return Err(anyhow!("two assignments at position {}", pair[0].position));
    }
    Ok(all)
}

/// Where an assignment folder's files come from, so that the compiled-in catalog and a
/// folder on disk go through the one parser, [`read_assignment`].
trait Folder {
    /// The folder's own name, `NN-slug`.
    fn name(&self) -> String;
    /// A file of the folder as text; `None` when it is missing or not UTF-8.
    fn text(&self, file: &str) -> Option<String>;
    /// `(file name, text)` of each file under `wrong/`; none without that folder.
    fn wrong_files(&self) -> anyhow::Result<Vec<(String, String)>>;
}

struct Embedded<'a>(&'a Dir<'static>);

impl Folder for Embedded<'_> {
    fn name(&self) -> String {
        file_name(self.0.path())
    }

    fn text(&self, file: &str) -> Option<String> {
        let file = CATALOG.get_file(self.0.path().join(file))?;
        file.contents_utf8().map(str::to_owned)
    }

    fn wrong_files(&self) -> anyhow::Result<Vec<(String, String)>> {
        let Some(wrong) = CATALOG.get_dir(self.0.path().join("wrong")) else {
            return Ok(Vec::new());
        };
        wrong
            .files()
            .map(|f| {
                let name = file_name(f.path());
                match f.contents_utf8() {
                    Some(text) => Ok((name, text.to_owned())),
                    None => Err(anyhow!("wrong/{name} is not UTF-8")),
                }
            })
            .collect()
    }
}

struct OnDisk<'a>(&'a Path);

impl Folder for OnDisk<'_> {
    fn name(&self) -> String {
        file_name(self.0)
    }

    fn text(&self, file: &str) -> Option<String> {
        std::fs::read_to_string(self.0.join(file)).ok()
    }

    fn wrong_files(&self) -> anyhow::Result<Vec<(String, String)>> {
        let wrong = self.0.join("wrong");
        if !wrong.is_dir() {
            return Ok(Vec::new());
        }
        let mut files = Vec::new();
        let entries =
            std::fs::read_dir(&wrong).with_context(|| format!("reading {}", wrong.display()))?;
        for entry in entries {
            let path = entry
                .with_context(|| format!("reading {}", wrong.display()))?
                .path();
            if path.is_file() {
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("reading {}", path.display()))?;
                files.push((file_name(&path), text));
            }
        }
        Ok(files)
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_owned()
}

fn read_assignment(dir: &dyn Folder) -> anyhow::Result<CatalogAssignment> {
    let name = dir.name();
    let (position, slug) = name
        .split_once('-')
        .ok_or_else(|| anyhow!("assignment folder {name:?} is not NN-slug"))?;
    let position: i32 = position
        .parse()
        .with_context(|| format!("assignment folder {name:?} does not start with a number"))?;
    let text = |file: &str| -> anyhow::Result<String> {
        dir.text(file)
            .ok_or_else(|| anyhow!("assignment {name}: {file} is missing or not UTF-8"))
    };
    let meta: Meta = toml::from_str(&text("assignment.toml")?)
        .with_context(|| format!("assignment {name}: assignment.toml"))?;
    let mut wrong_solutions = dir
        .wrong_files()
        .with_context(|| format!("assignment {name}"))?;
    wrong_solutions.sort();
    if wrong_solutions.is_empty() {
        return Err(anyhow!("assignment {name}: needs at least one wrong/*.py"));
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

    #[test]
    fn the_catalog_read_from_disk_is_the_embedded_one() {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog");
        assert_eq!(read_folder(&folder).unwrap(), embedded().unwrap());
    }

    #[test]
    fn a_folder_that_is_not_an_assignment_is_named() {
        let root = std::env::temp_dir().join(format!("catalog-test-{}", std::process::id()));
        std::fs::create_dir_all(root.join("notes")).unwrap();
        let error = read_folder(&root).unwrap_err();
        std::fs::remove_dir_all(&root).unwrap();
        assert!(
            format!("{error:#}").contains("\"notes\" is not NN-slug"),
            "{error:#}"
        );
    }
}
