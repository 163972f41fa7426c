//! What teachers author (API.md "Admin endpoints"): `AdminAssignment`, the body that
//! creates or replaces one, and a check of code against draft tests in the sandbox.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{Status, TestResult, Verdict};

/// An assignment as a teacher sees it, hidden tests and reference solution included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminAssignment {
    pub id: i64,
    pub title: String,
    pub order: i32,
    pub language: String,
    pub points: i32,
    /// Markdown.
    pub handout: String,
    pub starter_code: String,
    /// The learner's code is imported under this name.
    pub module_name: String,
    /// Hidden tests (Python: unittest).
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub test_code: Option<String>,
    /// stdin/stdout cases; none yet (they come with more languages).
    pub io_cases: Vec<serde_json::Value>,
    /// Per-test visibility for learners; every test is shown today.
    pub test_visibility: serde_json::Map<String, serde_json::Value>,
    pub reference_solution: String,
    pub time_limit_ms: i32,
    pub memory_limit_mb: i32,
    /// Learners see only published assignments.
    pub published: bool,
    /// Bumped whenever the hidden tests change, so earlier verdicts are not reused.
    pub test_version: i32,
    /// `catalog` (kept in step with the built-in catalog by `migrate`) or `teacher`
    /// (edited here; `migrate` never touches it again).
    pub origin: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `POST /api/admin/assignments` and `PUT /api/admin/assignments/{id}`: everything a
/// teacher writes. Omitted optional fields take their defaults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssignmentDraft {
    #[cfg_attr(feature = "openapi", schema(pattern = "^[^\\u0000]*$"))]
    pub title: String,
    /// Position in the course; omitted: after the last one.
    #[serde(default)]
    pub order: Option<i32>,
    /// `python` (the only language graded today).
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default = "default_points")]
    pub points: i32,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[^\\u0000]*$"))]
    pub handout: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[^\\u0000]*$"))]
    pub starter_code: String,
    #[serde(default = "default_module_name")]
    pub module_name: String,
    #[cfg_attr(feature = "openapi", schema(pattern = "^[^\\u0000]*$"))]
    pub test_code: Option<String>,
    #[serde(default)]
    pub io_cases: Vec<serde_json::Value>,
    #[serde(default)]
    pub test_visibility: serde_json::Map<String, serde_json::Value>,
    #[cfg_attr(feature = "openapi", schema(pattern = "^[^\\u0000]*$"))]
    pub reference_solution: String,
    #[serde(default = "default_time_limit_ms")]
    pub time_limit_ms: i32,
    #[serde(default = "default_memory_limit_mb")]
    pub memory_limit_mb: i32,
    #[serde(default)]
    pub published: bool,
}

fn default_language() -> String {
    "python".to_owned()
}

fn default_points() -> i32 {
    100
}

fn default_module_name() -> String {
    "solution".to_owned()
}

fn default_time_limit_ms() -> i32 {
    5000
}

fn default_memory_limit_mb() -> i32 {
    128
}

/// `{"assignments": [AdminAssignment]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminAssignmentList {
    pub assignments: Vec<AdminAssignment>,
}

/// `{"assignment": AdminAssignment}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminAssignmentEnvelope {
    pub assignment: AdminAssignment,
}

/// Code to grade against tests that are not stored (a draft's reference solution, or
/// "try it"), sent through the work stream to a grader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckRequest {
    pub code: String,
    pub test_code: String,
    pub module_name: String,
    pub time_limit_ms: i32,
    pub memory_limit_mb: i32,
}

/// What a grader found for a [`CheckRequest`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckResult {
    pub status: Status,
    pub verdict: Option<Verdict>,
    pub tests: Vec<TestResult>,
    pub feedback: String,
    pub duration_ms: i64,
}
