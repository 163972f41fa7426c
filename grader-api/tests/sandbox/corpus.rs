//! The runner's corpus (`grader-image/corpus`): ordinary unittest files as teachers write
//! them, a third of them testing the learner's own classes. Every reference passes and every
//! wrong solution fails, as for the catalog.

use std::path::Path;

use crate::catalog::unexpected_grades;

#[tokio::test]
async fn corpus_references_pass_and_wrong_solutions_fail() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../grader-image/corpus");
    let corpus = migrations::catalog::read_folder(&folder).expect("the corpus");
    assert!(corpus.len() >= 27, "only {} exercises", corpus.len());
    let problems = unexpected_grades("corpus", &corpus).await;
    assert!(
        problems.is_empty(),
        "{} unexpected grades:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
