//! The grader's queries. Every write touches only open (`queued`/`running`) rows, so a
//! verdict is stored once however often a job is delivered.

use std::time::Duration;

use contract::submission::{SubmissionRow, SubmissionViewsRow, Views};
use contract::text::make_storable;
use contract::{Status, Submission, TestResult, Verdict};
use course::languages;
use sqlx::types::Json;
use sqlx::PgPool;
use uuid::Uuid;
use wire::admin::IoCase;
use wire::visibility::{self, TestVisibility, Visibility};

use crate::error::Error;
use crate::queue::Takeover;
use crate::sandbox::{Grade, Job};

/// Feedback longer than this is cut: it is shown in the browser and kept forever.
const MAX_FEEDBACK_BYTES: usize = 16 * 1024;

/// A submission the grader has just taken, with what it needs to grade it.
#[derive(Debug)]
pub(crate) struct Taken {
    pub(crate) submission: Submission,
    /// How many times a grader has taken it, this time included.
    pub(crate) attempts: i32,
    /// Platform failures live graders saw while grading it (the delivery limit's count).
    pub(crate) failures: i32,
    /// Deaths of the grader holding it while it was that grader's only job.
    pub(crate) crashes: i32,
    pub(crate) job: Job,
    /// What learners may read of each test's result (the assignment's `test_visibility`).
    pub(crate) visibility: TestVisibility,
}

/// A terminal result to store.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Outcome {
    pub(crate) status: Status,
    pub(crate) verdict: Option<Verdict>,
    pub(crate) tests: Vec<TestResult>,
    pub(crate) feedback: String,
    /// What learners read when the teacher hid some results; `None`: the same as
    /// `tests` and `feedback`.
    pub(crate) learner: Option<LearnerView>,
    pub(crate) duration: Option<Duration>,
}

/// The results and feedback of an outcome as a learner may read them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LearnerView {
    pub(crate) tests: Vec<TestResult>,
    pub(crate) feedback: String,
}

/// Where the runner's feedback starts quoting the learner's output.
const PRINTED_MARKER: &str = "\n\nYour program printed:\n";
/// Said instead of the output when results are hidden: what the program printed during a
/// hidden test could be that test's input.
const OUTPUT_WITHHELD: &str =
    "\n\n(What your program printed is not shown: some of the tests are hidden.)";

impl Outcome {
    /// The result of a sandbox run, made consistent with the table's rules: exactly a
    /// `failed` status carries a verdict, and feedback is bounded.
    pub(crate) fn from_grade(grade: Grade) -> Outcome {
        let (status, verdict) = match grade.status {
            Status::Passed => (Status::Passed, None),
            _ => (
                Status::Failed,
                Some(grade.verdict.unwrap_or(Verdict::TestsFailed)),
            ),
        };
        let mut tests = grade.tests;
        for test in &mut tests {
            make_storable(&mut test.name);
            if let Some(message) = &mut test.message {
                make_storable(message);
            }
        }
        let mut feedback = truncate(grade.feedback, MAX_FEEDBACK_BYTES);
        make_storable(&mut feedback);
        Outcome {
            status,
            verdict,
            tests,
            feedback,
            learner: None,
            duration: Some(grade.duration),
        }
    }

    /// Adds the learner's view when `visibility` hides any of the results: hidden ones
    /// become `hidden test N` with no message, the summary names no hidden test, and the
    /// learner's printed output is withheld.
    pub(crate) fn hiding(mut self, visibility: &TestVisibility) -> Outcome {
        let Some(tests) = visibility::for_learner(&self.tests, visibility) else {
            return self;
        };
        let summary = match (self.status, self.verdict) {
            (Status::Passed, _) if tests.len() == 1 => "The test passed.".to_owned(),
            (Status::Passed, _) => format!("All {} tests passed.", tests.len()),
            (_, Some(Verdict::TestsFailed)) => {
                let passed = tests.iter().filter(|test| test.passed).count();
                let mut summary = format!("{passed} of {} tests passed.", tests.len());
                if let Some(first) = tests.iter().find(|test| !test.passed) {
                    match &first.message {
                        Some(message) => summary += &format!("\n{}: {message}", first.name),
                        None => summary += &format!("\n{} failed.", first.name),
                    }
                }
                summary
            }
            // A limit, a crash or an error while loading: the runner's own words, which
            // quote no test; only the output that follows them is dropped.
            _ => self
                .feedback
                .split_once(PRINTED_MARKER)
                .map_or(self.feedback.as_str(), |(summary, _)| summary)
                .to_owned(),
        };
        self.learner = Some(LearnerView {
            tests,
            feedback: summary + OUTPUT_WITHHELD,
        });
        self
    }

    /// A result the database refused (see [`is_unstorable`]): stored as an `error` at
    /// once instead of being retried, since no retry can make it storable.
    pub(crate) fn unstorable() -> Outcome {
        Outcome::error(
            "The grader could not store the result of this submission; please submit again.",
        )
    }

    /// A platform error shown to the learner once retries are exhausted.
    pub(crate) fn gave_up() -> Outcome {
        Outcome::error("The grader could not finish this submission; please submit again.")
    }

    /// A platform error for a submission whose grader kept dying while it ran alone.
    pub(crate) fn crashed() -> Outcome {
        Outcome::error(
            "The grader stopped every time it graded this submission; please submit again.",
        )
    }

    fn error(feedback: &str) -> Outcome {
        Outcome {
            status: Status::Error,
            verdict: None,
            tests: Vec::new(),
            feedback: feedback.to_owned(),
            learner: None,
            duration: None,
        }
    }
}

/// What [`take`] found.
#[derive(Debug)]
pub(crate) enum Take {
    /// The row is now `running` for this delivery.
    Taken(Box<Taken>),
    /// The row is missing or final: acknowledge the entry and do nothing.
    Closed,
    /// Another delivery took the row less than a lease ago and may still be grading
    /// it: leave the entry pending, so it is looked at again after the visibility
    /// timeout instead of being graded twice at once. `holder` is the grader that took it
    /// (when known): if that grader is dead, its lease may be broken at once.
    Busy { holder: Option<String> },
}

/// Marks an open submission `running` for grader `me` and counts the delivery, unless
/// another delivery holds it: a `running` row is taken again only once its lease is free
/// (released, or `started_at` older than `lease`) or when `takeover` names the dead grader
/// that holds it. A solo takeover counts a crash against the submission.
pub(crate) async fn take(
    db: &PgPool,
    id: Uuid,
    lease: Duration,
    me: &str,
    takeover: Option<&Takeover>,
) -> Result<Take, Error> {
    let lease_ms = i64::try_from(lease.as_millis()).unwrap_or(i64::MAX);
    // The assignment is read in the same statement, so the job never mixes a row with
    // an assignment edited in between. SET expressions see the row as it was.
    let row = sqlx::query!(
        r#"UPDATE submissions s SET status = 'running', started_at = now(), attempts = s.attempts + 1,
                  grader = $3,
                  crashes = s.crashes + CASE WHEN s.status = 'running' AND s.grader = $4 AND $5
                                             THEN 1 ELSE 0 END
           FROM assignments a
           WHERE s.id = $1 AND a.id = s.assignment_id
             AND (s.status = 'queued' OR (s.status = 'running'
                  AND (s.started_at IS NULL OR s.grader = $4
                       OR s.started_at < now() - $2::bigint * interval '1 millisecond')))
           RETURNING s.id, s.assignment_id, s.user_id, s.code, s.status AS "status: Status",
                     s.verdict AS "verdict: Verdict",
                     s.tests AS "tests: sqlx::types::Json<Vec<TestResult>>",
                     s.feedback, s.created_at, s.graded_at, s.duration_ms,
                     s.attempts, s.failures, s.crashes,
                     a.test_code, a.module_name, a.time_limit_ms, a.memory_limit_mb,
                     a.test_visibility AS "test_visibility: Json<TestVisibility>",
                     a.language, a.io_cases AS "io_cases: Json<Vec<IoCase>>""#,
        id,
        lease_ms,
        me,
        takeover.map(|t| t.from.as_str()),
        takeover.is_some_and(|t| t.solo)
    )
    .fetch_optional(db)
    .await?;
    let Some(row) = row else {
        let open = sqlx::query!(
            r#"SELECT status IN ('queued', 'running') AS "open!", grader FROM submissions
               WHERE id = $1"#,
            id
        )
        .fetch_optional(db)
        .await?;
        return Ok(match open {
            Some(open) if open.open => Take::Busy {
                holder: open.grader,
            },
            _ => Take::Closed,
        });
    };
    let submission = Submission::from(SubmissionRow {
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
    // The API accepts only known languages; a row in another one is a platform fault,
    // retried and in the end stored as an error like any other.
    let language = languages::get(&row.language)
        .ok_or_else(|| Error::UnknownLanguage(row.language.clone()))?;
    let io_cases = row.io_cases.0;
    Ok(Take::Taken(Box::new(Taken {
        visibility: with_cases(row.test_visibility.0, &io_cases),
        job: Job {
            code: submission.code.clone(),
            test_code: row.test_code,
            module_name: row.module_name,
            language,
            io_cases,
            time_limit: Duration::from_millis(row.time_limit_ms.max(1) as u64),
            memory_limit_mb: row.memory_limit_mb.max(1) as u32,
            background: false,
        },
        attempts: row.attempts,
        failures: row.failures,
        crashes: row.crashes,
        submission,
    })))
}

/// The tests' visibility with each stdin/stdout case's own (a case's result carries its
/// name).
pub(crate) fn with_cases(mut visibility: TestVisibility, cases: &[IoCase]) -> TestVisibility {
    for case in cases {
        if case.visibility != Visibility::Show {
            visibility.insert(case.name.clone(), case.visibility);
        }
    }
    visibility
}

/// Gives back the lease grader `me` holds on a `running` row, so the next delivery takes
/// it at once; `charge` counts a platform failure against the submission. The status
/// stays `running` (events never go back to `queued`).
pub(crate) async fn release(db: &PgPool, id: Uuid, me: &str, charge: bool) -> Result<(), Error> {
    sqlx::query!(
        "UPDATE submissions SET started_at = NULL, grader = NULL,
                failures = failures + CASE WHEN $3 THEN 1 ELSE 0 END
         WHERE id = $1 AND status = 'running' AND grader = $2",
        id,
        me,
        charge
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Stores a final result if the submission is still open and returns it as its learner
/// and its teachers read it. `None` means another delivery stored one first; nothing
/// changed.
pub(crate) async fn finish(
    db: &PgPool,
    id: Uuid,
    outcome: &Outcome,
) -> Result<Option<Views>, Error> {
    let row = sqlx::query_as!(
        SubmissionViewsRow,
        r#"UPDATE submissions SET status = $2, verdict = $3, tests = $4, feedback = $5,
                  graded_at = now(), duration_ms = $6, learner_tests = $7, learner_feedback = $8
           WHERE id = $1 AND status IN ('queued', 'running')
           RETURNING id, assignment_id, user_id, code, status AS "status: Status",
                     verdict AS "verdict: Verdict",
                     tests AS "tests: sqlx::types::Json<Vec<TestResult>>", feedback,
                     created_at, graded_at, duration_ms,
                     learner_tests AS "learner_tests: sqlx::types::Json<Vec<TestResult>>",
                     learner_feedback, queued_at"#,
        id,
        outcome.status.as_str(),
        outcome.verdict.map(Verdict::as_str),
        Json(&outcome.tests) as _,
        &outcome.feedback,
        outcome
            .duration
            .map(|d| d.as_millis().min(i32::MAX as u128) as i32),
        outcome.learner.as_ref().map(|view| Json(&view.tests)) as _,
        outcome.learner.as_ref().map(|view| view.feedback.as_str()),
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(Views::from))
}

/// Whether `error` is Postgres refusing the values themselves (SQLSTATE classes 22, data
/// exception, and 54, program limit exceeded), which a retry cannot change, rather than an
/// outage, which a retry can outlast.
pub(crate) fn is_unstorable(error: &Error) -> bool {
    let Error::Database(sqlx::Error::Database(database)) = error else {
        return false;
    };
    database
        .code()
        .is_some_and(|code| code.starts_with("22") || code.starts_with("54"))
}

/// `text` cut to at most `max` bytes on a character boundary, marked when cut.
fn truncate(mut text: String, max: usize) -> String {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text.push_str("\n[truncated]");
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grade(status: Status, verdict: Option<Verdict>) -> Grade {
        Grade {
            status,
            verdict,
            tests: Vec::new(),
            feedback: "ok".into(),
            duration: Duration::from_millis(5),
        }
    }

    #[test]
    fn only_failed_outcomes_carry_a_verdict() {
        let passed = Outcome::from_grade(grade(Status::Passed, Some(Verdict::TimeLimit)));
        assert_eq!((passed.status, passed.verdict), (Status::Passed, None));
        let failed = Outcome::from_grade(grade(Status::Failed, None));
        assert_eq!(
            (failed.status, failed.verdict),
            (Status::Failed, Some(Verdict::TestsFailed))
        );
        let limit = Outcome::from_grade(grade(Status::Failed, Some(Verdict::TimeLimit)));
        assert_eq!(limit.verdict, Some(Verdict::TimeLimit));
    }

    #[test]
    fn outcomes_hold_only_storable_text() {
        let mut nasty = grade(Status::Failed, Some(Verdict::TestsFailed));
        nasty.feedback = "printed \0 here".into();
        nasty.tests = vec![TestResult {
            name: "t\0".into(),
            passed: false,
            message: Some("\0\0".into()),
            duration_ms: None,
        }];
        let outcome = Outcome::from_grade(nasty);
        assert_eq!(outcome.feedback, "printed \u{FFFD} here");
        assert_eq!(outcome.tests[0].name, "t\u{FFFD}");
        assert_eq!(
            outcome.tests[0].message.as_deref(),
            Some("\u{FFFD}\u{FFFD}")
        );
    }

    #[test]
    fn truncates_on_a_character_boundary() {
        assert_eq!(truncate("short".into(), 10), "short");
        let cut = truncate("ééé".into(), 3);
        assert_eq!(cut, "é\n[truncated]");
    }

    fn result(name: &str, passed: bool) -> TestResult {
        TestResult {
            name: name.into(),
            passed,
            message: Some(if passed {
                String::new()
            } else {
                format!("{name}: 41 != 42")
            }),
            duration_ms: None,
        }
    }

    #[test]
    fn hidden_results_leave_nothing_of_themselves_in_the_learners_view() {
        let mut failed = grade(Status::Failed, Some(Verdict::TestsFailed));
        failed.tests = vec![result("test_shown", true), result("test_secret", false)];
        failed.feedback =
            "1 of 2 tests passed.\ntest_secret: 41 != 42\n\nYour program printed:\nsecret input"
                .into();
        let visibility =
            TestVisibility::from([("test_secret".to_owned(), wire::visibility::Visibility::Hide)]);
        let outcome = Outcome::from_grade(failed).hiding(&visibility);
        // The teacher's view stays as it was.
        assert_eq!(outcome.tests[1].name, "test_secret");
        assert!(outcome.feedback.contains("secret input"));
        let learner = outcome.learner.expect("a result is hidden");
        assert_eq!(learner.tests[1].name, "hidden test 1");
        assert_eq!(learner.tests[1].message, None);
        assert!(learner
            .feedback
            .starts_with("1 of 2 tests passed.\nhidden test 1 failed."));
        let text = format!("{learner:?}");
        assert!(!text.contains("secret") && !text.contains("41"), "{text}");
    }

    #[test]
    fn a_limit_keeps_its_words_but_not_the_output() {
        let mut limit = grade(Status::Failed, Some(Verdict::TimeLimit));
        limit.tests = vec![result("test_secret", false)];
        limit.feedback = "Your program took too long\n\nYour program printed:\nsecret".into();
        let visibility = TestVisibility::from([(
            "test_secret".to_owned(),
            wire::visibility::Visibility::HideIfFail,
        )]);
        let learner = Outcome::from_grade(limit)
            .hiding(&visibility)
            .learner
            .unwrap();
        assert!(learner
            .feedback
            .starts_with("Your program took too long\n\n("));
        assert!(!learner.feedback.contains("secret"));
    }

    #[test]
    fn nothing_hidden_needs_no_learners_view() {
        let mut passed = grade(Status::Passed, None);
        passed.tests = vec![result("test_a", true)];
        let visibility = TestVisibility::from([(
            "test_a".to_owned(),
            wire::visibility::Visibility::HideIfFail,
        )]);
        assert_eq!(
            Outcome::from_grade(passed).hiding(&visibility).learner,
            None
        );
    }
}
