//! Liveness, readiness, metrics and the OpenAPI document.

use std::time::Duration;

use anyhow::Context;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::Json;
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::openapi;
use crate::state::AppState;

/// How long a readiness probe waits for each dependency.
const PROBE_TIMEOUT: Duration = Duration::from_secs(2);

pub(crate) async fn health() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// 200 when Postgres and Redis both answer, else 503 `unavailable`.
pub(crate) async fn ready(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
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
        Ok(Ok(())) => Ok(Json(json!({ "status": "ok" }))),
        Ok(Err(err)) => Err(ApiError::Unavailable(err)),
        Err(_) => Err(ApiError::Unavailable(anyhow::anyhow!(
            "readiness probe timed out"
        ))),
    }
}

pub(crate) async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
}

pub(crate) async fn openapi_json() -> Json<Value> {
    Json(openapi::document())
}

/// Answers unknown routes in the API's error format.
pub(crate) async fn not_found() -> ApiError {
    ApiError::NotFound("no such route".into())
}

pub(crate) async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}
