//! Operations endpoints: liveness, readiness and Prometheus metrics.

use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::Json;
use serde_json::{json, Value};

use crate::error::RelayError;
use crate::AppState;

/// How long the readiness probe waits for Postgres.
const DATABASE_PROBE_TIMEOUT: Duration = Duration::from_secs(2);

pub(crate) async fn health() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

/// Ready when Postgres answers and the Redis subscription is confirmed: without either
/// the relay can neither admit nor feed a socket.
#[tracing::instrument(skip_all)]
pub(crate) async fn ready(State(state): State<AppState>) -> Result<Json<Value>, RelayError> {
    if !state.subscription_alive.load(Ordering::Relaxed) {
        return Err(RelayError::NotReady("the redis subscription is down"));
    }
    let probe = sqlx::query("SELECT 1").execute(&state.db);
    match tokio::time::timeout(DATABASE_PROBE_TIMEOUT, probe).await {
        Ok(Ok(_)) => Ok(Json(json!({"status": "ready"}))),
        Ok(Err(err)) => {
            tracing::warn!(error = %err, "postgres is not reachable");
            Err(RelayError::NotReady("postgres is not reachable"))
        }
        Err(_) => Err(RelayError::NotReady("postgres did not answer in time")),
    }
}

pub(crate) async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.connection.metrics.render(),
    )
}
