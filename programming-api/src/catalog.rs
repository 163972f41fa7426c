//! Reading the assignment catalog and a learner's completed set, through the cache.

use std::sync::Arc;
use std::time::Instant;

use uuid::Uuid;
use wire::Assignment;

use crate::cache;
use crate::error::ApiError;
use crate::state::AppState;

pub(crate) use crate::memo::CatalogEntry;

/// Every assignment in course order.
#[tracing::instrument(skip_all)]
pub(crate) async fn list(state: &AppState) -> Result<Arc<Vec<CatalogEntry>>, ApiError> {
    if let Some(entries) = state.catalog.list(Instant::now()) {
        return Ok(entries);
    }
    let key = state.keys.assignment_list_cache();
    if let Some(entries) = cache::get(state, &key).await {
        let entries = Arc::new(entries);
        state
            .catalog
            .keep_list(Arc::clone(&entries), Instant::now());
        return Ok(entries);
    }
    let entries = sqlx::query_as!(
        CatalogEntry,
        r#"SELECT id, title, position AS "order", language, points
           FROM assignments WHERE published AND archived_at IS NULL ORDER BY position"#
    )
    .fetch_all(&state.db)
    .await?;
    cache::put(state, &key, &entries, cache::CATALOG_TTL).await;
    let entries = Arc::new(entries);
    state
        .catalog
        .keep_list(Arc::clone(&entries), Instant::now());
    Ok(entries)
}

/// One assignment as learners see it (`wire::Assignment` has no field for the hidden
/// tests or the reference solution, so they cannot leak through it), or `None` when there
/// is no such assignment.
#[tracing::instrument(skip_all, fields(assignment_id = id))]
pub(crate) async fn find(state: &AppState, id: i64) -> Result<Option<Arc<Assignment>>, ApiError> {
    if let Some(view) = state.catalog.assignment(id, Instant::now()) {
        return Ok(Some(view));
    }
    let key = state.keys.assignment_cache(id);
    if let Some(view) = cache::get::<Assignment>(state, &key).await {
        let view = Arc::new(view);
        state
            .catalog
            .keep_assignment(Arc::clone(&view), Instant::now());
        return Ok(Some(view));
    }
    let view = sqlx::query_as!(
        Assignment,
        r#"SELECT id, title, position AS "order", language, points, handout, starter_code
           FROM assignments WHERE id = $1 AND published AND archived_at IS NULL"#,
        id
    )
    .fetch_optional(&state.db)
    .await?;
    let Some(view) = view else {
        return Ok(None);
    };
    cache::put(state, &key, &view, cache::CATALOG_TTL).await;
    let view = Arc::new(view);
    state
        .catalog
        .keep_assignment(Arc::clone(&view), Instant::now());
    Ok(Some(view))
}

/// The ids of the assignments `user_id` has passed, in no particular order. A pass that a
/// teacher's regrade is grading again still counts until the new verdict is in.
///
/// The grader deletes the cached set after it stores a pass. A read that started before
/// that pass was stored could write the old set back after the delete and hide the pass
/// for the whole TTL, so the set is not cached while the learner has a submission open:
/// a pass can only follow an open submission.
#[tracing::instrument(skip_all, fields(user_id = %user_id))]
pub(crate) async fn completed(state: &AppState, user_id: Uuid) -> Result<Vec<i64>, ApiError> {
    let key = state.keys.progress_cache(user_id);
    if let Some(ids) = cache::get(state, &key).await {
        return Ok(ids);
    }
    // One statement, so both answers come from the same snapshot.
    let row = sqlx::query!(
        r#"SELECT ARRAY(SELECT DISTINCT assignment_id FROM submissions
                        WHERE user_id = $1
                          AND (status = 'passed'
                               OR (passed_before_regrade AND status IN ('queued', 'running')))
                        ORDER BY assignment_id) AS "ids!",
                  EXISTS(SELECT 1 FROM submissions
                         WHERE user_id = $1 AND status IN ('queued', 'running')) AS "open!""#,
        user_id
    )
    .fetch_one(&state.db)
    .await?;
    let (ids, open) = (row.ids, row.open);
    if !open {
        cache::put(state, &key, &ids, cache::PROGRESS_TTL).await;
    }
    Ok(ids)
}
