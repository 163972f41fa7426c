//! Assignments as learners see them, and a learner's progress through the course.

use serde::{Deserialize, Serialize};

/// An entry of `GET /api/assignments`, in course order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssignmentSummary {
    pub id: i64,
    pub title: String,
    /// Position in the course.
    pub order: i32,
    pub language: String,
    pub points: i32,
    /// Whether this learner has passed it.
    pub completed: bool,
}

/// `GET /api/assignments/{id}`: what a learner sees of an assignment. It has no field
/// for the hidden tests or the reference solution, so they cannot leak through it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Assignment {
    pub id: i64,
    pub title: String,
    pub order: i32,
    pub language: String,
    pub points: i32,
    /// Markdown.
    pub handout: String,
    pub starter_code: String,
}

/// `{"assignments": [AssignmentSummary]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssignmentList {
    pub assignments: Vec<AssignmentSummary>,
}

/// `{"assignment": Assignment}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssignmentEnvelope {
    pub assignment: Assignment,
}

/// `GET /api/me/progress`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Progress {
    /// Points of the completed assignments.
    pub points: i64,
    /// Completed assignment ids in course order.
    pub completed: Vec<i64>,
    /// How many assignments there are.
    pub total: i64,
    pub total_points: i64,
    /// The first incomplete assignment in course order; null when all are done.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub next_assignment_id: Option<i64>,
}
