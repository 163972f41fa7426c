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
    /// 1 to 200 characters, not only spaces.
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 200,
            pattern = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"
        )
    )]
    pub title: String,
    /// Position in the course; omitted: after the last one.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub order: Option<i32>,
    /// `python` (the only language graded today).
    #[serde(default = "default_language")]
    #[cfg_attr(feature = "openapi", schema(pattern = "^python$"))]
    pub language: String,
    #[serde(default = "default_points")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10000))]
    pub points: i32,
    /// Markdown, at most 65536 characters.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 65536, pattern = "^[^\\u0000]*$")
    )]
    pub handout: String,
    /// At most 32768 characters.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 32768, pattern = "^[^\\u0000]*$")
    )]
    pub starter_code: String,
    /// `solution` (other names come later).
    #[serde(default = "default_module_name")]
    #[cfg_attr(feature = "openapi", schema(pattern = "^solution$"))]
    pub module_name: String,
    /// Python unittest code, at most 32768 characters; required (stdin/stdout cases come later).
    #[cfg_attr(feature = "openapi", schema(value_type = String, required = true, min_length = 1, max_length = 32768, pattern = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"))]
    pub test_code: Option<String>,
    /// Not graded yet: must be empty.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 0))]
    pub io_cases: Vec<serde_json::Value>,
    /// Not supported yet: must be empty (every test is shown).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = empty_object))]
    pub test_visibility: serde_json::Map<String, serde_json::Value>,
    /// Must pass `test_code`; at most 32768 characters.
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 32768, pattern = "^[^\\u0000]*$")
    )]
    pub reference_solution: String,
    #[serde(default = "default_time_limit_ms")]
    #[cfg_attr(feature = "openapi", schema(minimum = 500, maximum = 60000))]
    pub time_limit_ms: i32,
    #[serde(default = "default_memory_limit_mb")]
    #[cfg_attr(feature = "openapi", schema(minimum = 16, maximum = 1024))]
    pub memory_limit_mb: i32,
    #[serde(default)]
    pub published: bool,
}

/// An object with no properties: what `test_visibility` must be for now.
#[cfg(feature = "openapi")]
fn empty_object() -> utoipa::openapi::schema::Object {
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::Object)
        .max_properties(Some(0))
        .build()
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
