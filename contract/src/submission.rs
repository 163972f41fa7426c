//! Submissions as stored; their wire form ([`Submission`]) is `wire`'s.

use chrono::{DateTime, Utc};
use sqlx::PgExecutor;
use uuid::Uuid;

pub use wire::submission::{Status, Submission, TestResult, Verdict};

/// A row of `submissions` as stored; [`Submission`] is its wire form.
///
/// Queries fill it with `sqlx::query_as!`, which checks at compile time that the columns
/// they select have these names and types. Each lists the columns itself; the enums and
/// the JSON need type overrides, which decode through [`Status`]'s and [`Verdict`]'s
/// `sqlx::Type` (an unknown name is an error):
///
/// ```text
/// id, assignment_id, user_id, code, status AS "status: Status",
/// verdict AS "verdict: Verdict", tests AS "tests: sqlx::types::Json<Vec<TestResult>>",
/// feedback, created_at, graded_at, duration_ms
/// ```
///
/// What a learner reads takes `coalesce(learner_tests, tests)` and
/// `coalesce(learner_feedback, feedback)` instead (see [`View`]).
#[derive(Debug)]
pub struct SubmissionRow {
    pub id: Uuid,
    pub assignment_id: i64,
    pub user_id: Uuid,
    pub code: String,
    pub status: Status,
    pub verdict: Option<Verdict>,
    pub tests: sqlx::types::Json<Vec<TestResult>>,
    pub feedback: Option<String>,
    pub created_at: DateTime<Utc>,
    pub graded_at: Option<DateTime<Utc>>,
    pub duration_ms: Option<i32>,
}

impl From<SubmissionRow> for Submission {
    fn from(row: SubmissionRow) -> Self {
        Submission {
            id: row.id,
            assignment_id: row.assignment_id,
            user_id: row.user_id,
            code: row.code,
            status: row.status,
            verdict: row.verdict,
            tests: row.tests.0,
            feedback: row.feedback,
            created_at: row.created_at,
            graded_at: row.graded_at,
            duration_ms: row.duration_ms.map(i64::from),
            queue_position: None,
            eta_ms: None,
            queued_at: None,
        }
    }
}

/// A row with both of its views, for what is published to the learner and to teachers:
/// the columns of [`SubmissionRow`] (the teacher's `tests` and `feedback`) and
///
/// ```text
/// learner_tests AS "learner_tests: sqlx::types::Json<Vec<TestResult>>", learner_feedback,
/// queued_at
/// ```
#[derive(Debug)]
pub struct SubmissionViewsRow {
    pub id: Uuid,
    pub assignment_id: i64,
    pub user_id: Uuid,
    pub code: String,
    pub status: Status,
    pub verdict: Option<Verdict>,
    pub tests: sqlx::types::Json<Vec<TestResult>>,
    pub feedback: Option<String>,
    pub created_at: DateTime<Utc>,
    pub graded_at: Option<DateTime<Utc>>,
    pub duration_ms: Option<i32>,
    pub learner_tests: Option<sqlx::types::Json<Vec<TestResult>>>,
    pub learner_feedback: Option<String>,
    pub queued_at: DateTime<Utc>,
}

/// One submission as its learner reads it and as teachers read it.
#[derive(Debug, Clone, PartialEq)]
pub struct Views {
    pub learner: Submission,
    pub teacher: Submission,
}

impl Views {
    /// A submission nobody hid anything of (e.g. one that is not graded yet).
    pub fn same(submission: Submission) -> Views {
        Views {
            learner: submission.clone(),
            teacher: submission,
        }
    }
}

impl From<SubmissionViewsRow> for Views {
    fn from(row: SubmissionViewsRow) -> Self {
        let mut teacher = Submission::from(SubmissionRow {
            id: row.id,
            assignment_id: row.assignment_id,
            user_id: row.user_id,
            code: row.code,
            status: row.status,
            verdict: row.verdict,
            tests: row.tests,
            feedback: row.feedback,
            created_at: row.created_at,
            graded_at: row.graded_at,
            duration_ms: row.duration_ms,
        });
        // NULL learner columns mean "the same" (`coalesce` in the learners' queries).
        let learner = Submission {
            tests: row
                .learner_tests
                .map_or_else(|| teacher.tests.clone(), |tests| tests.0),
            feedback: row.learner_feedback.or_else(|| teacher.feedback.clone()),
            ..teacher.clone()
        };
        teacher.queued_at = Some(row.queued_at);
        Views { learner, teacher }
    }
}

/// Whose eyes a submission is read for. Learners (on every learner endpoint and frame,
/// whoever asks) read `learner_tests`/`learner_feedback` where the teacher hid results
/// (`wire::visibility`); teachers, on admin endpoints, read every result as it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Learner,
    Teacher,
}

impl View {
    /// For a query's `$n::bool`: whether the learner's columns apply.
    pub fn is_learner(self) -> bool {
        self == View::Learner
    }
}

/// Loads one submission by id, whoever owns it, as `view` shows it.
pub async fn fetch_submission<'e>(
    db: impl PgExecutor<'e>,
    id: Uuid,
    view: View,
) -> sqlx::Result<Option<Submission>> {
    let row = sqlx::query_as!(
        SubmissionRow,
        r#"SELECT id, assignment_id, user_id, code, status AS "status: Status",
                  verdict AS "verdict: Verdict",
                  CASE WHEN $2 THEN coalesce(learner_tests, tests) ELSE tests END
                      AS "tests!: sqlx::types::Json<Vec<TestResult>>",
                  CASE WHEN $2 THEN coalesce(learner_feedback, feedback) ELSE feedback END
                      AS feedback,
                  created_at, graded_at, duration_ms
           FROM submissions WHERE id = $1"#,
        id,
        view.is_learner()
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(Submission::from))
}
