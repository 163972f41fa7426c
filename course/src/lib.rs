//! The course folder format: one folder an assignment, as the built-in catalog
//! (`migrations/catalog/`) keeps them and as teachers import and export them.
//!
//! ```text
//! 03-sum/
//!   assignment.toml   title, points, limits; optionally language (default python),
//!                     module_name, published, a [test_visibility] table and
//!                     [[io_cases]] (name; optionally compare, visibility, and the
//!                     input/expected_output inline instead of in cases/)
//!   handout.md        what the learner reads (Markdown)
//!   starter.py        what the editor starts with (.cpp, .js: the language's extension)
//!   tests.py          hidden tests in the language's style (Python: unittest; they
//!                     import the learner's code as `module_name`, default `solution`;
//!                     JavaScript: tests.js, node:test, `require("./solution")`);
//!                     optional when there are io_cases
//!   solution.py       the reference solution (must pass)
//!   cases/NAME.in     a case's stdin (missing: empty)
//!   cases/NAME.out    its expected stdout
//!   wrong/*.py        wrong solutions (must fail); the catalog's tests need them,
//!                     imports ignore them
//! ```
//!
//! The folder name gives the position (`03`) and the slug (`sum`), which identifies the
//! assignment: importing a folder again updates the assignment of that slug.
//! [`read_assignment`] is the one parser, whatever the files come from ([`Folder`]);
//! [`archive`] reads and writes sets of folders as `.tar.gz`.

pub mod archive;
pub mod languages;

use anyhow::{anyhow, Context};
use serde::{Deserialize, Serialize};
pub use wire::admin::{Compare, IoCase};
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
    /// Empty when the assignment has only `io_cases`.
    pub test_code: String,
    pub io_cases: Vec<IoCase>,
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
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    io_cases: Vec<CaseMeta>,
}

/// An `[[io_cases]]` entry: its texts inline, or (written out) in `cases/NAME.in|.out`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseMeta {
    name: String,
    #[serde(default, skip_serializing_if = "is_lines")]
    compare: Compare,
    #[serde(default, skip_serializing_if = "is_show")]
    visibility: Visibility,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    input: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expected_output: Option<String>,
}

fn is_lines(compare: &Compare) -> bool {
    *compare == Compare::Lines
}

fn is_show(visibility: &Visibility) -> bool {
    *visibility == Visibility::Show
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
    let language = languages::get(&meta.language).ok_or_else(|| {
        let known: Vec<&str> = languages::names().collect();
        anyhow!(
            "assignment {name}: assignment.toml: language {:?} is not one of {}",
            meta.language,
            known.join(", ")
        )
    })?;
    let ext = &language.extension;
    let mut io_cases = Vec::with_capacity(meta.io_cases.len());
    for case in meta.io_cases {
        // A case's name becomes a file name: the API's rule keeps it a plain one.
        if case.name.is_empty()
            || !case
                .name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
            || case.name.starts_with('.')
        {
            return Err(anyhow!(
                "assignment {name}: io case {:?}: a name is A-Z a-z 0-9 _ - . (not starting with .)",
                case.name
            ));
        }
        let input = match case.input {
            Some(input) => input,
            None => dir
                .text(&format!("cases/{}.in", case.name))
                .unwrap_or_default(),
        };
        let expected_output = match case.expected_output {
            Some(output) => output,
            None => text(&format!("cases/{}.out", case.name))?,
        };
        io_cases.push(IoCase {
            name: case.name,
            input,
            expected_output,
            compare: case.compare,
            visibility: case.visibility,
        });
    }
    let test_code = match dir.text(&format!("tests.{ext}")) {
        Some(tests) => tests,
        None if !io_cases.is_empty() => String::new(),
        None => text(&format!("tests.{ext}"))?,
    };
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
        starter_code: text(&format!("starter.{ext}"))?,
        test_code,
        io_cases,
        reference_solution: text(&format!("solution.{ext}"))?,
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
            io_cases: self
                .io_cases
                .iter()
                .map(|case| CaseMeta {
                    name: case.name.clone(),
                    compare: case.compare,
                    visibility: case.visibility,
                    input: None,
                    expected_output: None,
                })
                .collect(),
        };
        let meta = toml::to_string(&meta).expect("assignment.toml always serializes");
        let ext = languages::get(&self.language).map_or("txt", |language| &language.extension);
        let mut files = vec![
            ("assignment.toml".to_owned(), meta),
            ("handout.md".to_owned(), self.handout.clone()),
            (format!("starter.{ext}"), self.starter_code.clone()),
            (format!("solution.{ext}"), self.reference_solution.clone()),
        ];
        if !self.test_code.is_empty() || self.io_cases.is_empty() {
            files.push((format!("tests.{ext}"), self.test_code.clone()));
        }
        for case in &self.io_cases {
            files.push((format!("cases/{}.in", case.name), case.input.clone()));
            files.push((
                format!("cases/{}.out", case.name),
                case.expected_output.clone(),
            ));
        }
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
