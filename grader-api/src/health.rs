//! Liveness, readiness and metrics endpoints on the grader's own port.

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use contract::health::{NotReady, Readiness};
use serde_json::{json, Value};

use crate::Shared;

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/api/health", get(contract::health::alive))
        .route("/api/ready", get(ready))
        .route("/metrics", get(metrics))
        .with_state(shared)
}

/// Ready when Postgres, Redis and the sandbox backend all answer.
#[tracing::instrument(skip_all)]
async fn ready(State(shared): State<Arc<Shared>>) -> Result<Json<Value>, NotReady> {
    let mut redis = shared.redis.clone();
    Readiness::new()
        .check("postgres", async {
            sqlx::query_scalar!("SELECT 1")
                .fetch_one(&shared.db)
                .await?;
            Ok(())
        })
        .check("redis", async move {
            redis::cmd("PING").query_async::<String>(&mut redis).await?;
            Ok(())
        })
        .check(shared.sandbox.name(), shared.sandbox.check())
        .run()
        .await?;
    Ok(Json(json!({ "status": "ready" })))
}

async fn metrics(State(shared): State<Arc<Shared>>) -> Response {
    contract::metrics::response(shared.metrics.registry())
}
