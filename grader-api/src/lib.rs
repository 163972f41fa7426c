//! grader-api: takes submissions off the Redis stream, grades them in a sandbox and
//! stores and publishes the verdicts.

pub mod sandbox;
