//! The languages the platform grades, as `grader-image/languages.toml` describes them.
//!
//! A language is data: where the learner's code goes in the sandbox, how it is checked or
//! compiled, what runs it, which hidden-test style the runner has for it. The grader
//! sends a language's entry to the in-sandbox runner with each job; the API accepts the
//! names listed here; `grader-image/build.sh` installs each entry's packages.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// The file itself, compiled in, so that a grader and the runner it drives agree.
const LANGUAGES_TOML: &str = include_str!("../../grader-image/languages.toml");

/// One language's entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Language {
    /// Filled in from the table's name.
    #[serde(default)]
    pub name: String,
    /// Debian packages of the language's image and rootfs (for `build.sh`).
    #[serde(skip_serializing)]
    pub packages: String,
    /// The file the learner's code is written to in the sandbox's `/tmp`.
    pub source: String,
    /// The course folder's file extension for starter and solution code.
    #[serde(skip_serializing)]
    pub extension: String,
    /// The hidden-test style the runner supports for this language, if any.
    #[serde(default)]
    pub tests: Option<String>,
    /// Run once, in order, before any stdin/stdout case.
    #[serde(default)]
    pub build: Vec<BuildStep>,
    /// The file the build leaves to execute, when the language compiles.
    #[serde(default)]
    pub executable: Option<String>,
    /// The program's command line, once per case.
    pub run: Vec<String>,
    /// Processes and threads the program may start.
    #[serde(default)]
    pub processes: u32,
    /// What the program's stderr says when an allocation failed (a `memory_limit`).
    #[serde(default)]
    pub out_of_memory: Vec<String>,
    #[serde(default = "default_build_time_limit_ms")]
    pub build_time_limit_ms: u64,
    #[serde(default = "default_build_memory_limit_mb")]
    pub build_memory_limit_mb: u64,
    /// The program's address space beyond the memory limit: what a runtime maps but does
    /// not use (V8 reserves gigabytes). The sandbox's cgroup bounds what is really used.
    #[serde(default)]
    pub address_space_slack_mb: u64,
    /// Memory the hidden tests' own process holds when it is not the runner (node:test
    /// runs in a node process beside the learner's): the sandbox's budget counts it on top
    /// of the learner's limit.
    #[serde(default)]
    pub tests_memory_mb: u64,
}

/// A check or compile step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuildStep {
    pub argv: Vec<String>,
    /// `syntax_error` or `compile_error`: what a failing step means.
    pub verdict: String,
    /// The first line of the feedback when it fails.
    pub message: String,
    #[serde(default)]
    pub processes: u32,
}

fn default_build_time_limit_ms() -> u64 {
    10_000
}

fn default_build_memory_limit_mb() -> u64 {
    512
}

/// Every language, by name.
pub fn all() -> &'static BTreeMap<String, Language> {
    static ALL: OnceLock<BTreeMap<String, Language>> = OnceLock::new();
    ALL.get_or_init(|| parse(LANGUAGES_TOML).expect("grader-image/languages.toml is valid"))
}

/// The language called `name`.
pub fn get(name: &str) -> Option<&'static Language> {
    all().get(name)
}

/// The names, in order.
pub fn names() -> impl Iterator<Item = &'static str> {
    all().keys().map(String::as_str)
}

fn parse(text: &str) -> anyhow::Result<BTreeMap<String, Language>> {
    let mut all: BTreeMap<String, Language> = toml::from_str(text)?;
    for (name, language) in &mut all {
        anyhow::ensure!(
            !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase()),
            "language name {name:?} must be lowercase letters"
        );
        anyhow::ensure!(!language.run.is_empty(), "language {name}: run is empty");
        anyhow::ensure!(
            language
                .build
                .iter()
                .all(|step| matches!(step.verdict.as_str(), "syntax_error" | "compile_error")),
            "language {name}: a build step's verdict is syntax_error or compile_error"
        );
        language.name = name.clone();
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_languages_of_the_api_are_there() {
        assert_eq!(names().collect::<Vec<_>>(), ["cpp", "javascript", "python"]);
        let cpp = get("cpp").unwrap();
        assert_eq!(cpp.executable.as_deref(), Some("solution"));
        assert_eq!(cpp.build[0].verdict, "compile_error");
        assert_eq!(get("python").unwrap().tests.as_deref(), Some("unittest"));
        assert!(get("cobol").is_none());
    }

    #[test]
    fn what_the_runner_gets_leaves_out_the_build_only_fields() {
        let json = serde_json::to_value(get("python").unwrap()).unwrap();
        assert_eq!(json["name"], "python");
        assert!(json.get("packages").is_none());
        assert_eq!(json["build"][0]["verdict"], "syntax_error");
    }

    #[test]
    fn a_bad_entry_is_refused() {
        let bad = "[Py]\npackages = \"\"\nsource = \"a\"\nextension = \"py\"\nrun = [\"x\"]\n";
        assert!(parse(bad).is_err());
        let bad = "[py]\npackages = \"\"\nsource = \"a\"\nextension = \"py\"\nrun = []\n";
        assert!(parse(bad).is_err());
        let bad = "[py]\npackages = \"\"\nsource = \"a\"\nextension = \"py\"\nrun = [\"x\"]\n\
                   [[py.build]]\nargv = [\"x\"]\nverdict = \"passed\"\nmessage = \"\"\n";
        assert!(parse(bad).is_err());
    }
}
