//! `GET /api/assignments` and `GET /api/assignments/{id}`.

use std::collections::HashSet;

use axum::extract::State;
use axum::Json;
use serde::Serialize;
use serde_json::{json, Value};

use crate::catalog::{self, CatalogEntry};
use crate::error::ApiError;
use crate::extract::{ApiPath, CurrentUser};
use crate::state::AppState;

/// A list entry: the shared catalog entry plus whether this learner has solved it.
#[derive(Serialize)]
struct ListEntry {
    #[serde(flatten)]
    entry: CatalogEntry,
    completed: bool,
}

#[tracing::instrument(skip_all, fields(user_id = %user.id))]
pub(crate) async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Value>, ApiError> {
    let entries = catalog::list(&state).await?;
    let completed: HashSet<i64> = catalog::completed(&state, user.id)
        .await?
        .into_iter()
        .collect();
    let assignments: Vec<ListEntry> = entries
        .into_iter()
        .map(|entry| ListEntry {
            completed: completed.contains(&entry.id),
            entry,
        })
        .collect();
    Ok(Json(json!({ "assignments": assignments })))
}

#[tracing::instrument(skip_all, fields(assignment_id = id))]
pub(crate) async fn detail(
    State(state): State<AppState>,
    CurrentUser(_user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Value>, ApiError> {
    let assignment = catalog::find(&state, id)
        .await?
        .ok_or_else(|| ApiError::not_found("assignment"))?;
    Ok(Json(json!({ "assignment": assignment })))
}
