//! The adversarial suite: every submission under `grader-image/attacks/<verdict>/` must get
//! exactly the verdict its folder names, on every backend, and must leave the sandbox
//! healthy (the honest solution still passes afterwards, no process or container survives).
//!
//! Adding an attack is adding a file; an unknown folder name fails the suite.

mod concurrency;
mod languages;
pub(crate) mod leftovers;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use contract::{Status, Verdict};
use futures::StreamExt;
use grader_api::sandbox::{Grade, Job, Sandbox};

use crate::helpers::{backends, run_on};

/// Attacks run at once per backend: enough to overlap, few enough for a 2-core machine.
const PARALLEL: usize = 3;

/// Attacks after which the honest solution is graded at once (not only after their
/// folder): the ones that try to leave processes behind or exhaust process slots.
const STICKY: &[&str] = &[
    "fork_bomb",
    "multiprocessing_bomb",
    "thread_bomb",
    "background_child",
    "sleep_forever",
    "kill_other_processes",
];

/// Text that must never reach the learner: host paths and the runner's internals.
const FORBIDDEN_IN_FEEDBACK: &[&str] = &[
    "/opt/runner",
    "runner.py",
    "runner_child",
    "runner_channel",
    "/usr/lib/python",
    "/work/",
    "CARGO_",
];

pub(crate) fn attacks_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../grader-image/attacks")
}

/// One attack file and the outcome its folder promises.
struct Attack {
    name: String,
    code: String,
    expected: (Status, Option<Verdict>),
}

fn expected(folder: &str) -> (Status, Option<Verdict>) {
    let verdict = match folder {
        "passed" => return (Status::Passed, None),
        "tests_failed" => Verdict::TestsFailed,
        "syntax_error" => Verdict::SyntaxError,
        "runtime_error" => Verdict::RuntimeError,
        "time_limit" => Verdict::TimeLimit,
        "memory_limit" => Verdict::MemoryLimit,
        "output_limit" => Verdict::OutputLimit,
        other => panic!("attacks/{other}/ is not a verdict folder"),
    };
    (Status::Failed, Some(verdict))
}

/// Every attack, grouped by folder in a stable order (`passed` first, as a baseline).
fn load_attacks() -> Vec<(String, Vec<Attack>)> {
    let mut folders: Vec<PathBuf> = std::fs::read_dir(attacks_dir())
        .expect("grader-image/attacks exists")
        .map(|entry| entry.expect("a readable entry").path())
        // `languages/` holds the other languages' suites (`languages.rs`).
        .filter(|path| path.is_dir() && !path.ends_with("languages"))
        .collect();
    folders.sort_by_key(|path| (!path.ends_with("passed"), path.clone()));
    folders
        .into_iter()
        .map(|folder| {
            let folder_name = folder.file_name().unwrap().to_string_lossy().into_owned();
            let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
                .unwrap()
                .map(|entry| entry.unwrap().path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "py"))
                .collect();
            files.sort();
            let attacks = files
                .iter()
                .filter(|file| chosen(&folder_name, file))
                .map(|file| Attack {
                    name: format!(
                        "{folder_name}/{}",
                        file.file_stem().unwrap().to_string_lossy()
                    ),
                    code: std::fs::read_to_string(file).unwrap(),
                    expected: expected(&folder_name),
                })
                .collect();
            (folder_name, attacks)
        })
        .collect()
}

/// Whether `TEST_ATTACKS` (a comma-separated list of `folder/name` or `name` parts; unset:
/// every attack) chooses this file, so that a few attacks can be run while working on them.
fn chosen(folder: &str, file: &Path) -> bool {
    let Ok(wanted) = std::env::var("TEST_ATTACKS") else {
        return true;
    };
    let name = format!(
        "{folder}/{}",
        file.file_stem().unwrap_or_default().to_string_lossy()
    );
    wanted
        .split(',')
        .map(str::trim)
        .any(|part| !part.is_empty() && name.contains(part))
}

pub(crate) fn hidden_tests() -> String {
    std::fs::read_to_string(attacks_dir().join("tests.py")).expect("attacks/tests.py")
}

pub(crate) fn honest_code() -> String {
    std::fs::read_to_string(attacks_dir().join("passed/honest.py"))
        .expect("attacks/passed/honest.py")
}

pub(crate) fn attack_job(code: &str, test_code: &str) -> Job {
    Job {
        code: code.to_owned(),
        test_code: test_code.to_owned(),
        module_name: "solution".to_owned(),
        time_limit: Duration::from_secs(3),
        memory_limit_mb: 128,
        background: false,
        ..Job::default()
    }
}

/// What went wrong with one attack, if anything.
fn judge(attack: &Attack, grade: &Grade) -> Vec<String> {
    let mut problems = Vec::new();
    if (grade.status, grade.verdict) != attack.expected {
        problems.push(format!(
            "expected {:?}, got {:?}/{:?}: {}",
            attack.expected, grade.status, grade.verdict, grade.feedback
        ));
    }
    let texts = std::iter::once(&grade.feedback)
        .chain(grade.tests.iter().filter_map(|t| t.message.as_ref()));
    let names = grade.tests.iter().map(|t| &t.name);
    for text in texts.clone().chain(names) {
        if !contract::text::is_storable(text) {
            problems.push(format!("a text Postgres cannot store: {text:.200?}"));
        }
    }
    for text in texts {
        if let Some(bad) = FORBIDDEN_IN_FEEDBACK.iter().find(|bad| text.contains(*bad)) {
            problems.push(format!("the feedback shows {bad:?}: {text}"));
        }
    }
    problems
}

/// Grades the honest solution and says whether it passed.
async fn honest_passes(sandbox: &dyn Sandbox, tests: &str) -> Result<(), String> {
    let grade = run_on(sandbox, &attack_job(&honest_code(), tests)).await;
    if grade.status == Status::Passed {
        Ok(())
    } else {
        Err(format!("the honest solution failed: {grade:?}"))
    }
}

async fn run_attack(sandbox: &dyn Sandbox, attack: &Attack, tests: &str) -> Vec<String> {
    let grade = run_on(sandbox, &attack_job(&attack.code, tests)).await;
    println!(
        "{:<8} {:<40} {:?}/{:?}",
        sandbox.name(),
        attack.name,
        grade.status,
        grade.verdict
    );
    let mut problems = judge(attack, &grade);
    if STICKY.iter().any(|name| attack.name.ends_with(name)) {
        problems.extend(honest_passes(sandbox, tests).await.err());
    }
    problems
        .into_iter()
        .map(|problem| format!("[{}] {}: {problem}", sandbox.name(), attack.name))
        .collect()
}

async fn run_suite(sandbox: Arc<dyn Sandbox>) -> Vec<String> {
    let tests = hidden_tests();
    let mut problems = Vec::new();
    for (folder, attacks) in load_attacks() {
        let found: Vec<Vec<String>> = futures::stream::iter(&attacks)
            .map(|attack| run_attack(sandbox.as_ref(), attack, &tests))
            .buffer_unordered(PARALLEL)
            .collect()
            .await;
        problems.extend(found.into_iter().flatten());
        if let Err(problem) = honest_passes(sandbox.as_ref(), &tests).await {
            problems.push(format!("[{}] after {folder}/: {problem}", sandbox.name()));
        }
        if let Err(problem) = leftovers::no_marked_process().await {
            problems.push(format!("[{}] after {folder}/: {problem}", sandbox.name()));
        }
    }
    if sandbox.name() == "docker" {
        problems.extend(leftovers::no_sandbox_container_stays().await.err());
    }
    problems
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_attack_gets_the_verdict_of_its_folder_on_every_backend() {
    let attacks: usize = load_attacks().iter().map(|(_, a)| a.len()).sum();
    let minimum = if std::env::var_os("TEST_ATTACKS").is_some() {
        1
    } else {
        24
    };
    assert!(attacks >= minimum, "only {attacks} attacks");
    let mut problems = Vec::new();
    for sandbox in backends().await {
        problems.extend(run_suite(sandbox).await);
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[tokio::test]
async fn a_traceback_shows_only_the_learners_lines() {
    let code = std::fs::read_to_string(attacks_dir().join("runtime_error/error_at_import.py"))
        .expect("the attack exists");
    for sandbox in backends().await {
        let grade = run_on(sandbox.as_ref(), &attack_job(&code, &hidden_tests())).await;
        let feedback = &grade.feedback;
        assert_eq!(grade.verdict, Some(Verdict::RuntimeError), "{grade:?}");
        assert!(
            feedback.contains("File \"solution.py\", line 7"),
            "{feedback}"
        );
        assert!(
            feedback.contains("ZeroDivisionError: division by zero"),
            "{feedback}"
        );
        assert_eq!(feedback.matches("File \"").count(), 1, "{feedback}");
    }
}
