//! The adversarial suite of every language but Python (`grader-image/attacks/languages/`):
//! each program is graded as one stdin/stdout case (`6 7` in, `42` out) and must get
//! exactly the verdict of its folder, on every backend; the honest program must pass
//! after each folder and after each attack on processes.

use std::path::{Path, PathBuf};
use std::time::Duration;

use contract::{Status, Verdict};
use grader_api::sandbox::{Grade, Job, Sandbox};
use wire::admin::{Compare, IoCase};
use wire::visibility::Visibility;

use super::{attacks_dir, FORBIDDEN_IN_FEEDBACK};
use crate::helpers::{backends, run_on};

fn folder_verdict(folder: &str) -> (Status, Option<Verdict>) {
    let verdict = match folder {
        "passed" => return (Status::Passed, None),
        "tests_failed" => Verdict::TestsFailed,
        "syntax_error" => Verdict::SyntaxError,
        "compile_error" => Verdict::CompileError,
        "runtime_error" => Verdict::RuntimeError,
        "time_limit" => Verdict::TimeLimit,
        "memory_limit" => Verdict::MemoryLimit,
        "output_limit" => Verdict::OutputLimit,
        other => panic!("attacks/languages/*/{other}/ is not a verdict folder"),
    };
    (Status::Failed, Some(verdict))
}

fn job(language: &str, code: &str) -> Job {
    Job {
        code: code.to_owned(),
        language: course::languages::get(language).expect("a known language"),
        io_cases: vec![IoCase {
            name: "product".to_owned(),
            input: "6 7\n".to_owned(),
            expected_output: "42\n".to_owned(),
            compare: Compare::Lines,
            visibility: Visibility::Show,
        }],
        time_limit: Duration::from_secs(2),
        memory_limit_mb: 128,
        ..Job::default()
    }
}

/// JavaScript graded with the hidden node:test file of `attacks/node-test/`.
fn node_test_job(code: &str) -> Job {
    let tests = std::fs::read_to_string(attacks_dir().join("node-test").join("tests.js"))
        .expect("attacks/node-test/tests.js");
    Job {
        code: code.to_owned(),
        test_code: tests,
        language: course::languages::get("javascript").expect("javascript"),
        time_limit: Duration::from_secs(2),
        memory_limit_mb: 128,
        ..Job::default()
    }
}

/// `(folder, file, code)` of every attack of `language`, `passed` first.
fn attacks(language: &str) -> Vec<(String, PathBuf, String)> {
    attacks_in(&attacks_dir().join("languages").join(language))
}

/// `(folder, file, code)` of every attack in the verdict folders under `root`.
fn attacks_in(root: &Path) -> Vec<(String, PathBuf, String)> {
    let mut found = Vec::new();
    for folder in std::fs::read_dir(root).expect("the attack folder") {
        let folder = folder.unwrap().path();
        if !folder.is_dir() {
            continue;
        }
        let name = folder.file_name().unwrap().to_string_lossy().into_owned();
        folder_verdict(&name);
        for file in std::fs::read_dir(&folder).unwrap() {
            let file = file.unwrap().path();
            let code = std::fs::read_to_string(&file).unwrap();
            found.push((name.clone(), file, code));
        }
    }
    found.sort_by_key(|(folder, file, _)| (folder != "passed", folder.clone(), file.clone()));
    found
}

fn problems_with(language: &str, folder: &str, file: &Path, grade: &Grade) -> Vec<String> {
    let name = format!(
        "{language}/{folder}/{}",
        file.file_name().unwrap().to_string_lossy()
    );
    let mut problems = Vec::new();
    if (grade.status, grade.verdict) != folder_verdict(folder) {
        problems.push(format!(
            "{name}: expected {:?}, got {:?}/{:?}: {}",
            folder_verdict(folder),
            grade.status,
            grade.verdict,
            grade.feedback
        ));
    }
    let texts = std::iter::once(&grade.feedback)
        .chain(grade.tests.iter().filter_map(|t| t.message.as_ref()));
    for text in texts {
        if let Some(bad) = FORBIDDEN_IN_FEEDBACK.iter().find(|bad| text.contains(*bad)) {
            problems.push(format!("{name}: the feedback shows {bad:?}: {text}"));
        }
        if text.contains("expected_output") {
            problems.push(format!("{name}: the expected output leaked: {text}"));
        }
    }
    problems
}

async fn honest_passes(sandbox: &dyn Sandbox, language: &str, honest: &str) -> Option<String> {
    let grade = run_on(sandbox, &job(language, honest)).await;
    (grade.status != Status::Passed).then(|| {
        format!(
            "[{}] {language}: the honest program failed: {grade:?}",
            sandbox.name()
        )
    })
}

#[tokio::test]
async fn every_language_attack_gets_the_verdict_of_its_folder_on_every_backend() {
    let mut problems = Vec::new();
    let mut count = 0;
    for sandbox in backends().await {
        for language in ["cpp", "javascript"] {
            let all = attacks(language);
            let honest = all
                .iter()
                .find(|(folder, file, _)| {
                    folder == "passed" && file.ends_with(format!("honest.{}", extension(language)))
                })
                .map(|(_, _, code)| code.clone())
                .expect("an honest program");
            let mut last_folder = String::new();
            for (folder, file, code) in &all {
                if *folder != last_folder && !last_folder.is_empty() {
                    problems.extend(honest_passes(sandbox.as_ref(), language, &honest).await);
                }
                last_folder = folder.clone();
                count += 1;
                let grade = run_on(sandbox.as_ref(), &job(language, code)).await;
                println!(
                    "{:<8} {language}/{folder}/{:<32} {:?}/{:?}",
                    sandbox.name(),
                    file.file_name().unwrap().to_string_lossy(),
                    grade.status,
                    grade.verdict
                );
                problems.extend(
                    problems_with(language, folder, file, &grade)
                        .into_iter()
                        .map(|problem| format!("[{}] {problem}", sandbox.name())),
                );
                if file.to_string_lossy().contains("bomb")
                    || file.to_string_lossy().contains("kill")
                {
                    problems.extend(honest_passes(sandbox.as_ref(), language, &honest).await);
                }
            }
            problems.extend(honest_passes(sandbox.as_ref(), language, &honest).await);
        }
    }
    assert!(count >= 25, "only {count} attacks ran");
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[tokio::test]
async fn node_test_attacks_get_the_verdict_of_their_folder_on_every_backend() {
    contract::telemetry::init_for_tests();
    let all = attacks_in(&attacks_dir().join("node-test"));
    let honest = all
        .iter()
        .find(|(folder, file, _)| folder == "passed" && file.ends_with("honest.js"))
        .map(|(_, _, code)| code.clone())
        .expect("an honest program");
    let mut problems = Vec::new();
    let mut count = 0;
    for sandbox in backends().await {
        let honest_passes = |grade: &Grade| {
            (grade.status != Status::Passed).then(|| {
                format!(
                    "[{}] node-test: the honest program failed: {grade:?}",
                    sandbox.name()
                )
            })
        };
        for (folder, file, code) in &all {
            count += 1;
            let grade = run_on(sandbox.as_ref(), &node_test_job(code)).await;
            println!(
                "{:<8} node-test/{folder}/{:<32} {:?}/{:?}",
                sandbox.name(),
                file.file_name().unwrap().to_string_lossy(),
                grade.status,
                grade.verdict
            );
            problems.extend(
                problems_with("javascript", folder, file, &grade)
                    .into_iter()
                    .map(|problem| format!("[{}] {problem}", sandbox.name())),
            );
            if folder != "passed" {
                let after = run_on(sandbox.as_ref(), &node_test_job(&honest)).await;
                problems.extend(honest_passes(&after));
            }
        }
    }
    assert!(count >= 17, "only {count} attacks ran");
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

fn extension(language: &str) -> &'static str {
    &course::languages::get(language).unwrap().extension
}
