//! The course folder format: one folder an assignment, as the built-in catalog
//! (`migrations/catalog/`) keeps them and as teachers import and export them.
//!
//! ```text
//! 03-sum/
//!   assignment.toml   title, points, limits; optionally language, module_name,
//!                     published and a [test_visibility] table
//!   handout.md        what the learner reads (Markdown)
//!   starter.py        what the editor starts with
//!   tests.py          hidden unittest tests; they import the learner's code as
//!                     `module_name` (default `solution`)
//!   solution.py       the reference solution (must pass)
//!   wrong/*.py        wrong solutions (must fail); the catalog's tests need them,
//!                     imports ignore them
//! ```
//!
//! The folder name gives the position (`03`) and the slug (`sum`), which identifies the
//! assignment: importing a folder again updates the assignment of that slug.
//! [`read_assignment`] is the one parser, whatever the files come from ([`Folder`]);
//! [`archive`] reads and writes sets of folders as `.tar.gz`.

pub mod archive;

use anyhow::{anyhow, Context};
use serde::{Deserialize, Serialize};
pub use wire::visibility::{TestVisibility, Visibility};

/// One assignment, read from its folder.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    pub slug: String,
    pub position: i32,
    pub title: String,
    pub language: String,
    pub points: i32,
    pub time_limit_ms: i32,
    pub memory_limit_mb: i32,
    pub module_name: String,
    pub published: bool,
    pub test_visibility: TestVisibility,
    pub handout: String,
    pub starter_code: String,
    pub test_code: String,
    pub reference_solution: String,
    /// `(file name, code)` of each known-wrong solution.
    pub wrong_solutions: Vec<(String, String)>,
}

/// `assignment.toml`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Meta {
    title: String,
    points: i32,
    time_limit_ms: i32,
    memory_limit_mb: i32,
    #[serde(default = "python", skip_serializing_if = "is_python")]
    language: String,
    #[serde(default = "solution", skip_serializing_if = "is_solution")]
    module_name: String,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    published: bool,
    #[serde(default, skip_serializing_if = "TestVisibility::is_empty")]
    test_visibility: TestVisibility,
}

fn python() -> String {
    "python".to_owned()
}

fn is_python(language: &str) -> bool {
    language == "python"
}

fn solution() -> String {
    "solution".to_owned()
}

fn is_solution(name: &str) -> bool {
    name == "solution"
}

fn yes() -> bool {
    true
}

fn is_true(value: &bool) -> bool {
    *value
}

/// The files of an assignment folder, wherever they are kept.
pub trait Folder {
    /// The folder's own name, `NN-slug`.
    fn name(&self) -> String;
    /// A file of the folder as text; `None` when it is missing or not UTF-8.
    fn text(&self, file: &str) -> Option<String>;
    /// `(file name, text)` of each file under `wrong/`; none without that folder.
    fn wrong_files(&self) -> anyhow::Result<Vec<(String, String)>>;
}

/// A slug: 1 to 100 of `a-z`, `0-9`, `-` and `_`, starting with a letter or digit.
pub fn is_slug(slug: &str) -> bool {
    (1..=100).contains(&slug.len())
        && slug.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// Reads one assignment folder. Errors name the folder and the file.
pub fn read_assignment(dir: &dyn Folder) -> anyhow::Result<Assignment> {
    let name = dir.name();
    let (position, slug) = name
        .split_once('-')
        .ok_or_else(|| anyhow!("assignment folder {name:?} is not NN-slug"))?;
    let position: i32 = position
        .parse()
        .ok()
        .filter(|position| *position >= 1)
        .ok_or_else(|| anyhow!("assignment folder {name:?} does not start with a number from 1"))?;
    if !is_slug(slug) {
        return Err(anyhow!(
            "assignment folder {name:?}: the slug after the number may hold only a-z, 0-9, - and _"
        ));
    }
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
    Ok(Assignment {
        slug: slug.to_owned(),
        position,
        title: meta.title,
        language: meta.language,
        points: meta.points,
        time_limit_ms: meta.time_limit_ms,
        memory_limit_mb: meta.memory_limit_mb,
        module_name: meta.module_name,
        published: meta.published,
        test_visibility: meta.test_visibility,
        handout: text("handout.md")?,
        starter_code: text("starter.py")?,
        test_code: text("tests.py")?,
        reference_solution: text("solution.py")?,
        wrong_solutions,
    })
}

impl Assignment {
    /// The folder's name, `NN-slug`.
    pub fn folder_name(&self) -> String {
        format!("{:02}-{}", self.position, self.slug)
    }

    /// The folder's files, `(name relative to the folder, text)`, as [`read_assignment`]
    /// reads them back.
    pub fn files(&self) -> Vec<(String, String)> {
        let meta = Meta {
            title: self.title.clone(),
            points: self.points,
            time_limit_ms: self.time_limit_ms,
            memory_limit_mb: self.memory_limit_mb,
            language: self.language.clone(),
            module_name: self.module_name.clone(),
            published: self.published,
            test_visibility: self.test_visibility.clone(),
        };
        let meta = toml::to_string(&meta).expect("assignment.toml always serializes");
        let mut files = vec![
            ("assignment.toml".to_owned(), meta),
            ("handout.md".to_owned(), self.handout.clone()),
            ("starter.py".to_owned(), self.starter_code.clone()),
            ("tests.py".to_owned(), self.test_code.clone()),
            ("solution.py".to_owned(), self.reference_solution.clone()),
        ];
        files.extend(
            self.wrong_solutions
                .iter()
                .map(|(name, code)| (format!("wrong/{name}"), code.clone())),
        );
        files
    }
}

/// Sorts assignments by position; two at one position are an error.
pub fn in_order(mut all: Vec<Assignment>) -> anyhow::Result<Vec<Assignment>> {
    all.sort_by_key(|a| a.position);
    if let Some(pair) = all.windows(2).find(|w| w[0].position == w[1].position) {
        return Err(anyhow!(
            "two assignments at position {}: {} and {}",
            pair[0].position,
            pair[0].folder_name(),
            pair[1].folder_name()
        ));
    }
    Ok(all)
}
