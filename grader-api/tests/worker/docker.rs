//! The worker with the real Docker sandbox (needs dockerd and `./platform image`).

use contract::{Status, Verdict};

use crate::helpers::{eventually, statuses, until_final, TestEnv};

#[tokio::test]
async fn the_docker_sandbox_passes_the_hello_reference_and_fails_a_wrong_answer() {
    let env = TestEnv::new().await;
    let catalog = migrations::catalog::embedded().unwrap();
    let hello = catalog.iter().find(|a| a.slug == "hello").unwrap();
    let wrong = &hello
        .wrong_solutions
        .iter()
        .find(|(name, _)| name == "lowercase.py")
        .unwrap()
        .1;
    let (good_user, good) = env
        .insert_submission(&hello.reference_solution, Status::Queued)
        .await;
    let (bad_user, bad) = env.insert_submission(wrong, Status::Queued).await;
    let mut good_events = env.subscribe(good_user).await;
    let mut bad_events = env.subscribe(bad_user).await;
    let grader = env.spawn_configured().await;
    env.enqueue(good).await;
    env.enqueue(bad).await;

    let seen = until_final(&mut good_events).await;
    assert_eq!(
        statuses(&seen),
        [Status::Running, Status::Passed],
        "{seen:#?}"
    );
    assert!(seen[1].tests.iter().all(|t| t.passed) && !seen[1].tests.is_empty());
    let seen = until_final(&mut bad_events).await;
    assert_eq!(
        statuses(&seen),
        [Status::Running, Status::Failed],
        "{seen:#?}"
    );
    assert_eq!(seen[1].verdict, Some(Verdict::TestsFailed));
    eventually("both entries are acknowledged", || async {
        env.pending().await == 0
    })
    .await;
    grader.stop().await;
}
