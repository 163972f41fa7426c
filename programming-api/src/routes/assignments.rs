//! `GET /api/assignments` and `GET /api/assignments/{id}`.

use std::collections::HashSet;
use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use wire::assignment::{AssignmentEnvelope, AssignmentList};
use wire::{AssignmentSummary, ErrorBody};

use crate::catalog;
use crate::error::ApiError;
use crate::extract::{ApiPath, CurrentUser};
use crate::state::AppState;

#[utoipa::path(get, path = "/api/assignments", operation_id = "list_assignments", summary = "Every assignment in course order",
    responses((status = 200, body = AssignmentList, description = "The catalog with this learner's completion")))]
#[tracing::instrument(skip_all, fields(user_id = %user.id))]
pub(crate) async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<AssignmentList>, ApiError> {
    let entries = catalog::list(&state).await?;
    let completed: HashSet<i64> = catalog::completed(&state, user.id)
        .await?
        .into_iter()
        .collect();
    let assignments = entries
        .iter()
        .map(|entry| AssignmentSummary {
            completed: completed.contains(&entry.id),
            id: entry.id,
            title: entry.title.clone(),
            order: entry.order,
            language: entry.language.clone(),
            points: entry.points,
        })
        .collect();
    Ok(Json(AssignmentList { assignments }))
}

#[utoipa::path(get, path = "/api/assignments/{id}", operation_id = "get_assignment", summary = "One assignment (never its hidden tests)",
    params(("id" = i64, Path, description = "The assignment's id")),
    responses(
        (status = 200, body = AssignmentEnvelope, description = "The assignment"),
        (status = 400, body = ErrorBody, description = "Non-numeric id (`invalid_path`)"),
        (status = 404, body = ErrorBody, description = "No such assignment (`not_found`)"),
    ))]
#[tracing::instrument(skip_all, fields(assignment_id = id))]
pub(crate) async fn detail(
    State(state): State<AppState>,
    CurrentUser(_user): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<AssignmentEnvelope>, ApiError> {
    let assignment = catalog::find(&state, id)
        .await?
        .ok_or_else(|| ApiError::not_found("assignment"))?;
    Ok(Json(AssignmentEnvelope {
        assignment: Arc::unwrap_or_clone(assignment),
    }))
}
