//! Operations endpoints: readiness and Prometheus metrics (liveness is
//! `contract::health::alive`).

use std::sync::atomic::Ordering;

use axum::extract::State;
use axum::response::Response;
use axum::Json;
use contract::health::Readiness;
use serde_json::{json, Value};

use crate::error::RelayError;
use crate::AppState;

/// Ready when the Redis subscription is confirmed and Postgres answers: without either
/// the relay can neither feed nor admit a socket.
#[tracing::instrument(skip_all)]
pub(crate) async fn ready(State(state): State<AppState>) -> Result<Json<Value>, RelayError> {
    let subscribed = state.subscription_alive.load(Ordering::Relaxed);
    Readiness::new()
        .check("redis", async move {
            anyhow::ensure!(subscribed, "the subscription is down");
            Ok(())
        })
        .check("postgres", async {
            sqlx::query_scalar!("SELECT 1").fetch_one(&state.db).await?;
            Ok(())
        })
        .run()
        .await?;
    Ok(Json(json!({"status": "ready"})))
}

pub(crate) async fn metrics(State(state): State<AppState>) -> Response {
    contract::metrics::response(state.connection.metrics.registry())
}
