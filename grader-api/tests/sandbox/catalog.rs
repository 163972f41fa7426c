//! Every catalog assignment: the reference solution passes, every wrong solution fails.

use std::time::Duration;

use contract::Status;
use futures::StreamExt;
use grader_api::sandbox::Job;

use crate::helpers::{backends, run_on};

/// Sandboxes running at once; the machines have two cores.
const CONCURRENCY: usize = 3;

#[tokio::test]
async fn references_pass_and_wrong_solutions_fail() {
    let catalog = migrations::catalog::embedded().expect("the embedded catalog");
    let mut cases = Vec::new();
    for assignment in &catalog {
        let job = |code: &str| Job {
            code: code.to_owned(),
            test_code: assignment.test_code.clone(),
            time_limit: Duration::from_millis(u64::try_from(assignment.time_limit_ms).unwrap()),
            memory_limit_mb: u32::try_from(assignment.memory_limit_mb).unwrap(),
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
        "grading {} catalog solutions on {} backend(s)",
        cases.len(),
        backends.len()
    );
    let runs = backends.iter().flat_map(|sandbox| {
        cases
            .iter()
            .map(move |(name, job, should_pass)| (sandbox, name, job, *should_pass))
    });
    let outcomes: Vec<_> = futures::stream::iter(runs)
        .map(|(sandbox, name, job, should_pass)| async move {
            let name = format!("{}: {name}", sandbox.name());
            (name, should_pass, run_on(sandbox.as_ref(), job).await)
        })
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;
    let mut problems = Vec::new();
    for (name, should_pass, grade) in outcomes {
        let passed = grade.status == Status::Passed;
        if passed != should_pass || grade.status == Status::Error {
            problems.push(format!("{name}: {grade:?}"));
        }
    }
    assert!(
        problems.is_empty(),
        "unexpected grades:\n{}",
        problems.join("\n")
    );
}
