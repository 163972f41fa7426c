//! Every catalog assignment: the reference solution passes, every wrong solution fails.

use std::time::Duration;

use contract::Status;
use futures::StreamExt;
use grader_api::sandbox::Job;
use migrations::catalog::CatalogAssignment;

use crate::helpers::{backends, run_on};

/// Sandboxes running at once; the machines have two cores.
const CONCURRENCY: usize = 3;

#[tokio::test]
async fn references_pass_and_wrong_solutions_fail() {
    let catalog = migrations::catalog::embedded().expect("the embedded catalog");
    let problems = unexpected_grades("catalog", &catalog).await;
    assert!(
        problems.is_empty(),
        "unexpected grades:\n{}",
        problems.join("\n")
    );
}

/// Grades every reference and wrong solution of `assignments` on every backend under test.
/// Returns one line per surprise: a reference that did not pass, a wrong solution that
/// passed, or a run the runner itself could not grade (`Status::Error`).
pub(crate) async fn unexpected_grades(
    what: &str,
    assignments: &[CatalogAssignment],
) -> Vec<String> {
    let mut cases = Vec::new();
    for assignment in assignments {
        let language = course::languages::get(&assignment.language)
            .unwrap_or_else(|| panic!("{}: an unknown language", assignment.slug));
        let job = |code: &str| Job {
            code: code.to_owned(),
            test_code: assignment.test_code.clone(),
            module_name: assignment.module_name.clone(),
            language,
            io_cases: assignment.io_cases.clone(),
            time_limit: Duration::from_millis(u64::try_from(assignment.time_limit_ms).unwrap()),
            memory_limit_mb: u32::try_from(assignment.memory_limit_mb).unwrap(),
            background: false,
        };
        let reference = format!("{} reference", assignment.slug);
        cases.push((reference, job(&assignment.reference_solution), true));
        for (file, code) in &assignment.wrong_solutions {
            cases.push((
                format!("{} wrong/{file}", assignment.slug),
                job(code),
                false,
            ));
        }
    }
    let backends = backends().await;
    eprintln!(
        "grading {} {what} solutions on {} backend(s)",
        cases.len(),
        backends.len()
    );
    let runs = backends.iter().flat_map(|sandbox| {
        cases
            .iter()
            .map(move |(name, job, should_pass)| (sandbox, name, job, *should_pass))
    });
    let mut outcomes: Vec<_> = futures::stream::iter(runs)
        .map(|(sandbox, name, job, should_pass)| async move {
            let name = format!("{}: {name}", sandbox.name());
            (name, should_pass, run_on(sandbox.as_ref(), job).await)
        })
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;
    outcomes.sort_by(|a, b| a.0.cmp(&b.0));
    outcomes
        .into_iter()
        .filter(|(_, should_pass, grade)| {
            let passed = grade.status == Status::Passed;
            passed != *should_pass || grade.status == Status::Error
        })
        .map(|(name, _, grade)| format!("{name}: {grade:?}"))
        .collect()
}
