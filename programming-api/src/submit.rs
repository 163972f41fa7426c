//! Creating a submission (ARCHITECTURE.md "Data flow", steps 1 and 2): reuse an earlier
//! verdict for identical code, or store a queued row and put it on the work stream.

use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use contract::keys::Queue;
use contract::messages::Audience;
use contract::submission::{SubmissionViewsRow, Views};
use contract::{Status, Submission, TestResult, Verdict};
use uuid::Uuid;

use crate::cache;
use crate::code::SubmittedCode;
use crate::error::{is_unique_violation, ApiError};
use crate::memo::Gradable;
use crate::state::AppState;

/// The partial unique index that allows one open submission per learner.
const ONE_OPEN_PER_USER: &str = "submissions_one_open_per_user";

/// What [`submit`] did.
#[derive(Debug)]
pub(crate) enum Created {
    /// An earlier verdict of the same code against the same tests was copied: final at once.
    Reused(Submission),
    /// A new queued row, now on the stream.
    Queued(Submission),
}

#[tracing::instrument(skip_all, fields(user_id = %user_id, assignment_id))]
pub(crate) async fn submit(
    state: &AppState,
    user_id: Uuid,
    assignment_id: i64,
    code: SubmittedCode,
) -> Result<Created, ApiError> {
    let assignment = gradable(state, assignment_id).await?;
    let language = crate::languages::name_of(&assignment.language)?;
    let test_version = assignment.test_version;
    let new = NewSubmission {
        id: Uuid::new_v4(),
        user_id,
        assignment_id,
        test_version,
        code,
    };
    let views = new.insert(state).await?;
    if views.learner.status != Status::Queued {
        if views.learner.status == Status::Passed {
            cache::forget_progress(state, user_id).await;
        }
        state.metrics.record_submission(true);
        tracing::info!(submission_id = %views.learner.id, status = views.learner.status.as_str(), "verdict reused");
        // For the teachers' feed; the learner has it in the answer.
        if let Err(err) = state
            .run(&contract::messages::publish(
                &state.keys,
                &views,
                Audience::Teachers,
            ))
            .await
        {
            tracing::warn!(error = ?err, "publishing a reused verdict failed");
        }
        return Ok(Created::Reused(views.learner));
    }
    let submission = views.learner;
    if let Err(err) = enqueue(state, language, &submission).await {
        // Without a stream entry nobody would grade the row; remove it rather than leave
        // the learner blocked behind a submission that never moves.
        sqlx::query!(
            "DELETE FROM submissions WHERE id = $1 AND status = 'queued'",
            submission.id
        )
        .execute(&state.db)
        .await?;
        return Err(ApiError::Unavailable(err));
    }
    state.metrics.record_submission(false);
    tracing::info!(submission_id = %submission.id, "submission queued");
    Ok(Created::Queued(submission))
}

/// The published assignment `id` as a submission needs it; a copy at most a second old
/// (`memo.rs`: every submission of a deadline's rush read the same row).
async fn gradable(state: &AppState, id: i64) -> Result<Arc<Gradable>, ApiError> {
    let now = Instant::now();
    if let Some(gradable) = state.catalog.gradable(id, now) {
        return Ok(gradable);
    }
    let gradable = sqlx::query_as!(
        Gradable,
        "SELECT test_version, language FROM assignments
         WHERE id = $1 AND published AND archived_at IS NULL",
        id
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or_else(|| ApiError::not_found("assignment"))?;
    state.catalog.keep_gradable(id, gradable.clone(), now);
    Ok(Arc::new(gradable))
}

struct NewSubmission {
    id: Uuid,
    user_id: Uuid,
    assignment_id: i64,
    test_version: i32,
    code: SubmittedCode,
}

impl NewSubmission {
    /// Stores the submission in one statement: a copy of the newest deterministic verdict
    /// of the same code against the same test version, final at once, or else a queued
    /// row. Limits and platform errors depend on the machine's load, so only `passed`,
    /// `tests_failed`, `syntax_error` and `runtime_error` are reused. While the learner has
    /// an open submission nothing is stored: the partial unique index refuses the queued
    /// row, and a copy is not made (no row at all); both are 409.
    async fn insert(&self, state: &AppState) -> Result<Views, ApiError> {
        let row = sqlx::query_as!(
            SubmissionViewsRow,
            r#"WITH earlier AS (
                   SELECT status, verdict, tests, feedback, learner_tests, learner_feedback,
                          duration_ms
                   FROM submissions
                   WHERE assignment_id = $2 AND test_version = $3 AND code_hash = $4
                     AND status IN ('passed', 'failed')
                     AND (status = 'passed' OR verdict IN ('tests_failed', 'syntax_error', 'runtime_error'))
                   ORDER BY graded_at DESC NULLS LAST LIMIT 1),
               reused AS (
                   INSERT INTO submissions (id, assignment_id, user_id, code, code_hash,
                                            test_version, status, verdict, tests, feedback,
                                            learner_tests, learner_feedback, duration_ms,
                                            graded_at)
                   SELECT $1, $2, $5, $6, $4, $3, status, verdict, tests, feedback,
                          learner_tests, learner_feedback, duration_ms, now()
                   FROM earlier
                   WHERE NOT EXISTS (SELECT 1 FROM submissions
                                     WHERE user_id = $5 AND status IN ('queued', 'running')
                                       AND lane = 'interactive')
                   RETURNING *),
               queued AS (
                   INSERT INTO submissions (id, assignment_id, user_id, code, code_hash,
                                            test_version)
                   SELECT $1, $2, $5, $6, $4, $3
                   WHERE NOT EXISTS (SELECT 1 FROM earlier)
                   RETURNING *)
               SELECT id AS "id!", assignment_id AS "assignment_id!", user_id AS "user_id!",
                      code AS "code!", status AS "status!: Status",
                      verdict AS "verdict: Verdict",
                      tests AS "tests!: sqlx::types::Json<Vec<TestResult>>", feedback,
                      created_at AS "created_at!", graded_at, duration_ms,
                      learner_tests AS "learner_tests: sqlx::types::Json<Vec<TestResult>>",
                      learner_feedback, queued_at AS "queued_at!"
               FROM (SELECT * FROM reused UNION ALL SELECT * FROM queued) AS stored"#,
            self.id,
            self.assignment_id,
            self.test_version,
            self.code.hash(),
            self.user_id,
            self.code.as_str()
        )
        .fetch_optional(&state.db)
        .await
        .map_err(|err| {
            if is_unique_violation(&err, ONE_OPEN_PER_USER) {
                ApiError::SubmissionInProgress
            } else {
                err.into()
            }
        })?;
        row.map(Views::from).ok_or(ApiError::SubmissionInProgress)
    }
}

/// Publishes the queued submission to the teachers' feed and appends the job to the
/// interactive stream, in that order in one transaction: a grader's `running` event can
/// only follow the `queued` one.
async fn enqueue(
    state: &AppState,
    language: &'static str,
    submission: &Submission,
) -> anyhow::Result<()> {
    let views = Views::same(submission.clone());
    let mut pipeline = contract::messages::publish(&state.keys, &views, Audience::Teachers);
    pipeline
        .atomic()
        .add_command(contract::keys::enqueue(
            &state.keys,
            Queue::interactive(language),
            submission.id,
        ))
        .ignore();
    state
        .run(&pipeline)
        .await
        .context("XADD to the submission stream")
}
