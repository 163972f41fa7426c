//! The read-through cache in Redis.
//!
//! Redis only ever holds copies: every helper here logs a Redis failure and reports a
//! miss (or does nothing), so a Redis outage slows reads down but never fails them.

use std::time::{Duration, Instant};

use redis::AsyncCommands;
use serde::de::DeserializeOwned;
use serde::Serialize;

use uuid::Uuid;

use crate::metrics::CacheRead;
use crate::state::AppState;

/// How long the catalog (the list and each assignment) is cached.
pub(crate) const CATALOG_TTL: Duration = Duration::from_secs(5 * 60);
/// How long a learner's set of completed assignments is cached; the grader (and the
/// API on a reused pass) deletes it as soon as it changes.
pub(crate) const PROGRESS_TTL: Duration = Duration::from_secs(60 * 60);
/// How long a graded submission is cached: a regrade drops it at once; this bounds a copy
/// written by a read that raced the regrade.
pub(crate) const SUBMISSION_TTL: Duration = Duration::from_secs(60);

/// The cached value under `key`, or `None` on a miss, a Redis failure or a value that
/// no longer parses (e.g. written by an older version). Learners' answers are kept in
/// this process too while Redis tracks them (`near.rs`).
pub(crate) async fn get<T>(state: &AppState, key: &str) -> Option<T>
where
    T: DeserializeOwned + Clone + Send + Sync + 'static,
{
    if let Some(value) = state.near.get::<T>(key, Instant::now()) {
        state.metrics.record_cache(CacheRead::Near);
        return Some(value);
    }
    let ticket = state.near.ticket(key);
    let raw: Option<String> = match state.shared_redis.connection().await {
        Ok(mut conn) => match conn.get(key).await {
            Ok(raw) => raw,
            Err(err) => {
                tracing::warn!(key, error = %err, "cache read failed");
                None
            }
        },
        Err(err) => {
            tracing::warn!(key, error = %err, "no redis connection for a cache read");
            None
        }
    };
    let value: Option<T> = raw.and_then(|raw| serde_json::from_str(&raw).ok());
    match (&value, ticket) {
        (Some(value), Some(ticket)) => {
            state.near.keep(key, ticket, value.clone(), Instant::now());
            state.metrics.record_cache(CacheRead::Hit);
        }
        (Some(_), None) => state.metrics.record_cache(CacheRead::Hit),
        (None, _) => state.metrics.record_cache(CacheRead::Miss),
    }
    value
}

/// Stores `value` under `key` for `ttl`; failures are logged and otherwise ignored.
pub(crate) async fn put<T: Serialize>(state: &AppState, key: &str, value: &T, ttl: Duration) {
    let Ok(raw) = serde_json::to_string(value) else {
        return;
    };
    let result = match state.shared_redis.connection().await {
        Ok(mut conn) => conn
            .set_ex::<_, _, ()>(key, raw, ttl.as_secs())
            .await
            .map_err(Into::into),
        Err(err) => Err(err),
    };
    if let Err(err) = result {
        tracing::warn!(key, error = %err, "cache write failed");
    }
}

/// Forgets the learner's cached progress; failures are logged (it then expires).
pub(crate) async fn forget_progress(state: &AppState, user_id: Uuid) {
    let key = state.keys.progress_cache(user_id);
    let result = match state.shared_redis.connection().await {
        Ok(mut conn) => contract::keys::forget_progress(&state.keys, user_id)
            .query_async::<()>(&mut conn)
            .await
            .map_err(Into::into),
        Err(err) => Err(err),
    };
    if let Err(err) = result {
        tracing::warn!(%user_id, error = %err, "forgetting the cached progress failed");
    }
    // After Redis has it: a read from now on gets the new answer from Redis.
    state.near.forget(&key);
}

/// Forgets this process's copies of submissions' cached answers once their `DEL` has
/// reached Redis (other processes hear of it from Redis).
pub(crate) fn forget_submissions_here(state: &AppState, ids: impl IntoIterator<Item = Uuid>) {
    for id in ids {
        state.near.forget(&state.keys.submission_cache(id));
    }
}
