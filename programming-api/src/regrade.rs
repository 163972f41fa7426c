//! Regrades (API.md "Admin endpoints"): a graded submission goes back to `queued` on the
//! bulk lane, against the assignment's current tests, and keeps its id.
//!
//! Graders take the bulk lane only when no learner's submission waits and never with
//! their last free slot, so a regrade of a whole course never delays a learner. While a
//! regrade of a pass is open the learner keeps the pass (`passed_before_regrade`); a
//! learner whose submission is being regraded may submit again at once (the one-open
//! rule counts the interactive lane only).

use contract::keys::Queue;
use contract::messages::Audience;
use contract::submission::{fetch_submission, View, Views};
use contract::Submission;
use uuid::Uuid;

use crate::error::ApiError;
use crate::state::AppState;

/// How many stream entries one Redis round trip adds during a bulk regrade.
const ENQUEUE_BATCH: usize = 500;

/// Regrades one submission; 404 for an unknown id, 409 while it is still open.
pub(crate) async fn one(state: &AppState, id: Uuid) -> Result<Submission, ApiError> {
    let Some(&(_, language)) = reset(state, &[id]).await?.first() else {
        let exists = sqlx::query_scalar!(
            r#"SELECT EXISTS(SELECT 1 FROM submissions WHERE id = $1) AS "exists!""#,
            id
        )
        .fetch_one(&state.db)
        .await?;
        return Err(if exists {
            ApiError::StillGrading
        } else {
            ApiError::not_found("submission")
        });
    };
    // Read before it is on the stream, so no grader has moved it on yet.
    let submission = fetch_submission(&state.db, id, View::Teacher)
        .await?
        .ok_or_else(|| ApiError::not_found("submission"))?;
    let views = Views::same(submission.clone());
    // The learner and the teachers see it go back to `queued` before a grader can take
    // it (one transaction), so its frames stay in status order.
    let mut pipeline = contract::messages::publish(&state.keys, &views, Audience::Everyone);
    pipeline
        .atomic()
        .add_command(contract::messages::forget_started(&state.keys, id))
        .ignore()
        .add_command(contract::keys::enqueue(
            &state.keys,
            Queue::bulk(language),
            id,
        ))
        .ignore();
    if let Err(err) = state.run(&pipeline).await {
        // The row is queued in Postgres: the reconciler puts it on the stream.
        tracing::warn!(error = ?err, submission_id = %id, "enqueueing a regrade failed; the reconciler will");
    }
    crate::cache::forget_submissions_here(state, [id]);
    tracing::info!(submission_id = %id, "regrade queued");
    Ok(submission)
}

/// Regrades every learner's latest submission of an assignment that has a verdict
/// (an open one is graded against the current tests anyway). Returns how many.
pub(crate) async fn latest_of_assignment(
    state: &AppState,
    assignment_id: i64,
) -> Result<i64, ApiError> {
    let exists = sqlx::query_scalar!(
        r#"SELECT EXISTS(SELECT 1 FROM assignments WHERE id = $1) AS "exists!""#,
        assignment_id
    )
    .fetch_one(&state.db)
    .await?;
    if !exists {
        return Err(ApiError::not_found("assignment"));
    }
    let latest = sqlx::query_scalar!(
        "SELECT DISTINCT ON (user_id) id FROM submissions
         WHERE assignment_id = $1
         ORDER BY user_id, created_at DESC, id DESC",
        assignment_id
    )
    .fetch_all(&state.db)
    .await?;
    let ids = reset(state, &latest).await?;
    // No `queued` frames for a bulk regrade: a thousand at once would flood the teachers'
    // feed, and each learner sees the grader's `running` and verdict frames anyway.
    for batch in ids.chunks(ENQUEUE_BATCH) {
        let mut pipeline = redis::pipe();
        for &(id, language) in batch {
            pipeline
                .add_command(contract::messages::forget_started(&state.keys, id))
                .ignore()
                .add_command(contract::keys::forget_submission(&state.keys, id))
                .ignore()
                .add_command(contract::keys::enqueue(
                    &state.keys,
                    Queue::bulk(language),
                    id,
                ))
                .ignore();
        }
        let run = state.run(&pipeline).await;
        crate::cache::forget_submissions_here(state, batch.iter().map(|&(id, _)| id));
        if let Err(err) = run {
            tracing::warn!(error = ?err, "enqueueing regrades failed; the reconciler will");
            break;
        }
    }
    tracing::info!(assignment_id, count = ids.len(), "regrades queued");
    Ok(i64::try_from(ids.len()).unwrap_or(i64::MAX))
}

/// Puts the graded ones among `ids` back to `queued` on the bulk lane, against their
/// assignments' current tests, and returns their ids with their languages (open ones are
/// left as they are).
async fn reset(state: &AppState, ids: &[Uuid]) -> Result<Vec<(Uuid, &'static str)>, ApiError> {
    let rows = sqlx::query!(
        "UPDATE submissions s
         SET status = 'queued', verdict = NULL, tests = '[]', feedback = NULL,
             learner_tests = NULL, learner_feedback = NULL, graded_at = NULL,
             started_at = NULL, duration_ms = NULL, attempts = 0, failures = 0, crashes = 0,
             grader = NULL, lane = 'bulk', queued_at = now(),
             passed_before_regrade = (s.status = 'passed'), test_version = a.test_version
         FROM assignments a
         WHERE s.id = ANY($1) AND a.id = s.assignment_id
           AND s.status IN ('passed', 'failed', 'error')
         RETURNING s.id, a.language",
        ids
    )
    .fetch_all(&state.db)
    .await?;
    rows.into_iter()
        .map(|row| Ok((row.id, crate::languages::name_of(&row.language)?)))
        .collect()
}
