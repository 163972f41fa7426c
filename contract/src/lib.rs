//! The contract between code-platform's services.
//!
//! Everything that more than one service must agree on lives here and nowhere else:
//! the names of Redis streams, channels and cache keys ([`keys`]), the messages sent
//! through them ([`messages`]), the submission status and verdict types and the wire
//! form of a submission ([`submission`]), how a session token maps to a user
//! ([`auth`]), the start-up and serving plumbing every binary shares ([`config`],
//! [`telemetry`], [`connect`], [`shutdown`], [`health`], [`serve`], [`client_address`],
//! [`metrics`]), and what text can be stored ([`text`]).

pub mod auth;
pub mod backoff;
pub mod client_address;
pub mod config;
pub mod connect;
#[cfg(any(test, feature = "test-support"))]
pub mod fault;
pub mod health;
pub mod keys;
pub mod messages;
pub mod metrics;
pub mod serve;
pub mod shutdown;
pub mod submission;
pub mod telemetry;
pub mod text;

pub use keys::Keys;
pub use submission::{Status, Submission, TestResult, Verdict};
