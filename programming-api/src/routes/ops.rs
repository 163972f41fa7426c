//! Liveness, readiness, metrics and the OpenAPI document.

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use axum::{Extension, Json};
use contract::health::Readiness;
use serde_json::Value;
use wire::ops::Health;

use crate::error::ApiError;
use crate::state::AppState;

#[utoipa::path(get, path = "/api/health", operation_id = "health", security(()), summary = "Liveness",
    responses((status = 200, body = Health, description = "Alive")))]
pub(crate) async fn health() -> Json<Health> {
    contract::health::alive().await
}

/// 200 when Postgres and Redis both answer, else 503 `unavailable`.
#[utoipa::path(get, path = "/api/ready", operation_id = "ready", security(()), summary = "Readiness: Postgres and Redis answer",
    responses((status = 200, body = Health, description = "Ready")))]
pub(crate) async fn ready(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    Readiness::new()
        .check("postgres", async {
            sqlx::query_scalar!("SELECT 1").fetch_one(&state.db).await?;
            Ok(())
        })
        .check("redis", async {
            let mut conn = state.redis.get().await?;
            let _: String = deadpool_redis::redis::cmd("PING")
                .query_async(&mut conn)
                .await?;
            Ok(())
        })
        .run()
        .await
        .map_err(|not_ready| ApiError::Unavailable(not_ready.into()))?;
    Ok(contract::health::ok())
}

#[utoipa::path(get, path = "/metrics", operation_id = "metrics", security(()), summary = "Prometheus metrics",
    responses((status = 200, body = String, content_type = "text/plain", description = "Prometheus text format")))]
pub(crate) async fn metrics(State(state): State<AppState>) -> Response {
    contract::metrics::response(state.metrics.registry())
}

/// The document `routes::router` generated at start-up.
#[utoipa::path(get, path = "/api/openapi.json", operation_id = "openapi", security(()), summary = "This document",
    responses((status = 200, body = Object, description = "OpenAPI 3.1 JSON")))]
pub(crate) async fn openapi_json(Extension(document): Extension<Arc<Value>>) -> Json<Value> {
    Json(Value::clone(&document))
}

/// Answers unknown routes in the API's error format.
pub(crate) async fn not_found() -> ApiError {
    ApiError::NotFound("no such route".into())
}

pub(crate) async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}
