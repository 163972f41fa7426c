//! What teachers author (API.md "Admin endpoints"): `AdminAssignment`, the body that
//! creates or replaces one, and a check of code against draft tests in the sandbox.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::visibility::{TestVisibility, Visibility};
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
    /// stdin/stdout cases, run one process each; may be empty.
    pub io_cases: Vec<IoCase>,
    /// What learners see of each test method's results (missing: `show`).
    pub test_visibility: TestVisibility,
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
    /// `python`, `cpp` or `javascript`.
    #[serde(default = "default_language")]
    #[cfg_attr(feature = "openapi", schema(pattern = "^(python|cpp|javascript)$"))]
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
    /// A Python identifier of at most 64 characters that names no standard module.
    #[serde(default = "default_module_name")]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z_][A-Za-z0-9_]{0,63}$"))]
    pub module_name: String,
    /// Hidden tests in the language's test style (Python: unittest; JavaScript:
    /// `node:test`; C++ has none), at most 32768 characters; null or empty when the
    /// assignment has only `io_cases`.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 32768, pattern = "^[^\\u0000]*$")
    )]
    pub test_code: Option<String>,
    /// stdin/stdout cases (at most 100): an assignment needs `test_code`, cases or both.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub io_cases: Vec<IoCase>,
    /// A test method's name (1 to 200 characters, at most 500 entries) -> what learners
    /// see of its results; a method not named is shown.
    #[serde(default)]
    pub test_visibility: TestVisibility,
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

/// One stdin/stdout case: the program gets `input` on stdin, and what it prints on stdout
/// is compared with `expected_output`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IoCase {
    /// The result's name: 1 to 100 of `A-Z a-z 0-9 _ - .`, unique in the assignment.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 100, pattern = "^[A-Za-z0-9_.-]{1,100}$")
    )]
    pub name: String,
    /// At most 1 MiB.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[^\\u0000]*$"))]
    pub input: String,
    /// At most 1 MiB.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[^\\u0000]*$"))]
    pub expected_output: String,
    #[serde(default)]
    pub compare: Compare,
    /// What learners see of this case's result; a hidden case's input, expected output
    /// and message never leave the server.
    #[serde(default)]
    pub visibility: Visibility,
}

/// How a case's output is compared with the expected output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Compare {
    /// Byte for byte.
    Exact,
    /// Line by line, ignoring trailing whitespace on each line and trailing empty lines.
    #[default]
    Lines,
    /// The same whitespace-separated tokens.
    Tokens,
    /// Tokens, numbers equal within 1e-6 absolute or relative.
    Numeric,
}

impl Compare {
    pub fn as_str(self) -> &'static str {
        match self {
            Compare::Exact => "exact",
            Compare::Lines => "lines",
            Compare::Tokens => "tokens",
            Compare::Numeric => "numeric",
        }
    }
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

/// `POST /api/admin/assignments/try`: grade `code` against an unsaved draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TryRequest {
    pub assignment: AssignmentDraft,
    /// The code to grade: at most 65536 bytes of UTF-8, like a submission.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[^\\u0000]*$"))]
    pub code: String,
}

/// `{"check": CheckResult}`: what a grader found for code tried against a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckEnvelope {
    pub check: CheckResult,
}

/// `POST /api/admin/assignments/import`: what became of each assignment folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    /// Folders stored (or found equal to what is stored), in course order.
    pub imported: Vec<Imported>,
    /// Folders not imported, each with why; nothing of them was stored.
    pub rejected: Vec<Rejected>,
}

/// An imported folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Imported {
    /// The folder's path in the archive.
    pub path: String,
    /// The assignment it is now.
    pub id: i64,
    pub slug: String,
    pub title: String,
    /// `created`, `updated` or `unchanged`.
    pub action: String,
}

/// A folder that was not imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rejected {
    pub path: String,
    pub error: String,
}

/// Code to grade against tests that are not stored (a draft's reference solution, or
/// "try it"), sent through the work stream to a grader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckRequest {
    pub code: String,
    #[serde(default = "default_language")]
    pub language: String,
    pub test_code: String,
    #[serde(default)]
    pub io_cases: Vec<IoCase>,
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
