//! Liveness, readiness, metrics and the OpenAPI document.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use contract::health::Readiness;
use serde_json::Value;

use crate::error::ApiError;
use crate::openapi;
use crate::state::AppState;

/// 200 when Postgres and Redis both answer, else 503 `unavailable`.
pub(crate) async fn ready(State(state): State<AppState>) -> Result<impl IntoResponse, ApiError> {
    Readiness::new()
        .check("postgres", async {
            sqlx::query("SELECT 1").execute(&state.db).await?;
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

pub(crate) async fn metrics(State(state): State<AppState>) -> Response {
    contract::metrics::response(state.metrics.registry())
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
