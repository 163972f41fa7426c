//! The shapes of ../shared/API.md, written once for every side of the wire.
//!
//! The API answers with these types, graders publish [`live::Event`]s built from them,
//! the relay forwards them, and the UI reads them in the browser. This crate therefore
//! depends on nothing that cannot build for `wasm32-unknown-unknown`; the servers turn on
//! `sqlx` (the enums are stored as text through `sqlx::Type`, and an unknown name is an
//! error, never a default) and `openapi` (the OpenAPI document is generated from these
//! types).

pub mod admin;
pub mod assignment;
pub mod error;
pub mod identity;
pub mod live;
pub mod ops;
pub mod stats;
pub mod submission;
pub mod visibility;

pub use assignment::{Assignment, AssignmentSummary, Progress};
pub use error::{ErrorBody, ErrorDetail};
pub use submission::{Status, Submission, TestResult, Verdict};

/// A pattern every text the server stores matches: no NUL (Postgres cannot hold it).
/// The OpenAPI document states it for request fields.
pub const NUL_FREE: &str = "^[^\\u0000]*$";
