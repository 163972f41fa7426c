//! The grader worker against real Postgres and Redis (run `./platform services` and
//! `eval "$(./platform env)"` first).

mod concurrency;
mod docker;
mod grading;
mod health;
mod helpers;
mod reconcile;
mod recovery;
mod retries;
mod test_sandbox;
