//! Liveness, readiness, metrics and the OpenAPI document.

use std::time::Duration;

use anyhow::Context;
use std::sync::Arc;

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::{Extension, Json};
use serde_json::Value;
use wire::ops::Health;

use crate::error::ApiError;
use crate::state::AppState;

/// How long a readiness probe waits for each dependency.
const PROBE_TIMEOUT: Duration = Duration::from_secs(2);

#[utoipa::path(get, path = "/api/health", operation_id = "health", security(()), summary = "Liveness",
    responses((status = 200, body = Health, description = "Alive")))]
pub(crate) async fn health() -> Json<Health> {
    Json(Health::ok())
}

/// 200 when Postgres and Redis both answer, else 503 `unavailable`.
#[utoipa::path(get, path = "/api/ready", operation_id = "ready", security(()), summary = "Readiness: Postgres and Redis answer",
    responses((status = 200, body = Health, description = "Ready")))]
pub(crate) async fn ready(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    let postgres = async {
        sqlx::query("SELECT 1")
            .execute(&state.db)
            .await
            .context("postgres ping")?;
        anyhow::Ok(())
    };
    let redis = async {
        let mut conn = state.redis.get().await.context("redis connection")?;
        let _: String = deadpool_redis::redis::cmd("PING")
            .query_async(&mut conn)
            .await
            .context("redis ping")?;
        anyhow::Ok(())
    };
    let probe = async {
        postgres.await?;
        redis.await
    };
    match tokio::time::timeout(PROBE_TIMEOUT, probe).await {
        Ok(Ok(())) => Ok(Json(Health::ok())),
        Ok(Err(err)) => Err(ApiError::Unavailable(err)),
        Err(_) => Err(ApiError::Unavailable(anyhow::anyhow!(
            "readiness probe timed out"
        ))),
    }
}

#[utoipa::path(get, path = "/metrics", operation_id = "metrics", security(()), summary = "Prometheus metrics",
    responses((status = 200, body = String, content_type = "text/plain", description = "Prometheus text format")))]
pub(crate) async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
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
