//! The built-in catalog of assignments, one folder each under `catalog/`, in the course
//! folder format (`course`: `assignment.toml`, `handout.md`, `starter.py`, `tests.py`,
//! `solution.py` and `wrong/*.py`). Catalog folders must hold wrong solutions: the catalog
//! test grades each of them and expects a failure.
//!
//! Other sets of assignments kept in the same format (the runner's corpus under
//! `grader-image/corpus`) are read from disk by [`read_folder`], through the same parser.

use std::path::Path;

use anyhow::{anyhow, Context};
use course::{read_assignment, Folder};
use include_dir::{include_dir, Dir};

static CATALOG: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/catalog");

/// One catalog assignment, read from its folder.
pub type CatalogAssignment = course::Assignment;

/// The catalog compiled into this binary, in course order.
pub fn embedded() -> anyhow::Result<Vec<CatalogAssignment>> {
    with_wrong_solutions(
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
    with_wrong_solutions(assignments)
}

fn with_wrong_solutions(all: Vec<CatalogAssignment>) -> anyhow::Result<Vec<CatalogAssignment>> {
    if let Some(bare) = all.iter().find(|a| a.wrong_solutions.is_empty()) {
        return Err(anyhow!(
            "assignment {}: needs at least one wrong/*.py",
            bare.folder_name()
        ));
    }
    course::in_order(all)
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
            // Hidden tests, stdin/stdout cases or both.
            assert!(
                a.test_code.contains("import unittest")
                    || a.test_code.contains("require(\"node:test\")")
                    || !a.io_cases.is_empty(),
                "{}",
                a.slug
            );
            assert!(!a.wrong_solutions.is_empty(), "{}", a.slug);
        }
        // Every language, each with stdin/stdout assignments.
        for language in ["python", "cpp", "javascript"] {
            let with_cases = catalog
                .iter()
                .filter(|a| a.language == language && !a.io_cases.is_empty())
                .count();
            assert!(
                with_cases >= 2,
                "{language}: {with_cases} assignments with cases"
            );
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
