//! The teachers' dashboard figures (API.md `GET /api/admin/stats`) and their history.

use axum::extract::State;
use axum::Json;
use wire::stats::{Stats, StatsHistory};
use wire::ErrorBody;

use crate::error::ApiError;
use crate::extract::AdminUser;
use crate::state::AppState;
use crate::stats;

#[utoipa::path(get, path = "/api/admin/stats", operation_id = "admin_stats",
    summary = "The queue, recent throughput and latency, each assignment's figures and the graders, read now",
    responses(
        (status = 200, body = Stats, description = "The figures"),
        (status = 403, body = ErrorBody, description = "Not an admin (`forbidden`)"),
    ))]
pub(crate) async fn get(
    State(state): State<AppState>,
    AdminUser(_admin): AdminUser,
) -> Result<Json<Stats>, ApiError> {
    Ok(Json(
        stats::compute(&state)
            .await
            .map_err(ApiError::Unavailable)?,
    ))
}

#[utoipa::path(get, path = "/api/admin/stats/history", operation_id = "admin_stats_history",
    summary = "The last hour of queue and throughput samples, oldest first (one every 5 s)",
    responses(
        (status = 200, body = StatsHistory, description = "The samples"),
        (status = 403, body = ErrorBody, description = "Not an admin (`forbidden`)"),
    ))]
pub(crate) async fn history(
    State(state): State<AppState>,
    AdminUser(_admin): AdminUser,
) -> Result<Json<StatsHistory>, ApiError> {
    Ok(Json(
        stats::history(&state)
            .await
            .map_err(ApiError::Unavailable)?,
    ))
}
