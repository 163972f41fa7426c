//! Liveness, readiness and metrics endpoints on the grader's own port.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::error::Error;
use crate::Shared;

/// How long each readiness check may take before the grader counts as not ready.
const CHECK_TIMEOUT: Duration = Duration::from_secs(3);

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/api/health", get(health))
        .route("/api/ready", get(ready))
        .route("/metrics", get(metrics))
        .with_state(shared)
}

async fn health() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// Ready when Postgres, Redis and the sandbox backend all answer.
#[tracing::instrument(skip_all)]
async fn ready(State(shared): State<Arc<Shared>>) -> Result<Json<Value>, Error> {
    let db = async {
        sqlx::query("SELECT 1")
            .execute(&shared.db)
            .await
            .map(drop)
            .map_err(anyhow::Error::from)
    };
    let mut redis = shared.redis.clone();
    let ping = async {
        redis::cmd("PING")
            .query_async::<String>(&mut redis)
            .await
            .map(drop)
            .map_err(anyhow::Error::from)
    };
    let sandbox = shared.sandbox.check();
    let (db, ping, sandbox) = tokio::join!(checked(db), checked(ping), checked(sandbox));
    for (name, result) in [
        ("postgres", db),
        ("redis", ping),
        (shared.sandbox.name(), sandbox),
    ] {
        if let Err(err) = result {
            tracing::warn!(dependency = name, error = ?err, "not ready");
            return Err(Error::Unavailable(format!("{name} is not available")));
        }
    }
    Ok(Json(json!({ "status": "ready" })))
}

async fn checked(
    check: impl std::future::Future<Output = anyhow::Result<()>>,
) -> anyhow::Result<()> {
    tokio::time::timeout(CHECK_TIMEOUT, check)
        .await
        .map_err(|_| anyhow::anyhow!("timed out after {CHECK_TIMEOUT:?}"))?
}

async fn metrics(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        shared.metrics.render(),
    )
}
