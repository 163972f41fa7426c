//! What the teacher's submissions pages add to `wire`'s submissions: the filters and page
//! as they travel in the address, the page data, how a live frame changes a row, and the
//! figures as a teacher reads them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use wire::submission::SubmissionPage;
use wire::{Status, Submission};

/// Rows per page unless the address says otherwise, and the most it may say.
pub(crate) const PER_PAGE: i64 = 20;
const MAX_PER_PAGE: i64 = 100;
/// The API's last page: past it, an address is read as asking for it.
const MAX_PAGE: i64 = 1_000_000;

/// The filters and the page of `/admin/submissions`, read from and written into its
/// address, so a reload or a shared link shows the same rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct SubmissionsQuery {
    pub(crate) status: Option<Status>,
    pub(crate) assignment_id: Option<i64>,
    /// As typed; only a whole learner id filters (see [`SubmissionsQuery::learner`]).
    pub(crate) user_id: String,
    pub(crate) page: i64,
    pub(crate) per_page: i64,
}

impl SubmissionsQuery {
    /// The query of an address; what cannot be read is left out rather than refused.
    pub(crate) fn from_address(get: impl Fn(&str) -> Option<String>) -> SubmissionsQuery {
        let number = |key: &str| get(key).and_then(|raw| raw.trim().parse::<i64>().ok());
        SubmissionsQuery {
            status: get("status")
                .and_then(|raw| Status::ALL.into_iter().find(|s| s.as_str() == raw)),
            assignment_id: number("assignment_id"),
            user_id: get("user_id")
                .map(|raw| raw.trim().to_owned())
                .unwrap_or_default(),
            page: number("page").unwrap_or(1).clamp(1, MAX_PAGE),
            per_page: number("per_page")
                .unwrap_or(PER_PAGE)
                .clamp(1, MAX_PER_PAGE),
        }
    }

    /// The learner filter: `Ok(None)` for none, an error for text that is no learner id.
    pub(crate) fn learner(&self) -> Result<Option<Uuid>, String> {
        if self.user_id.is_empty() {
            return Ok(None);
        }
        Uuid::parse_str(&self.user_id).map(Some).map_err(|_| {
            format!(
                "“{}” is not a learner id: paste a whole one, as the table shows it",
                self.user_id
            )
        })
    }

    /// `/api/admin/submissions?...`: this page of rows.
    pub(crate) fn api_path(&self) -> String {
        format!(
            "/api/admin/submissions?{}",
            self.pairs(Some(self.page), false)
        )
    }

    /// Every matching row as CSV, with the same filters.
    pub(crate) fn csv_path(&self) -> String {
        format!("/api/admin/submissions?{}", self.pairs(None, true))
    }

    /// `/admin/submissions?...` at `page`, with the same filters.
    pub(crate) fn page_path(&self, page: i64) -> String {
        format!("/admin/submissions?{}", self.pairs(Some(page), false))
    }

    fn pairs(&self, page: Option<i64>, csv: bool) -> String {
        let mut pairs = form_urlencoded::Serializer::new(String::new());
        if let Some(status) = self.status {
            pairs.append_pair("status", status.as_str());
        }
        if let Some(id) = self.assignment_id {
            pairs.append_pair("assignment_id", &id.to_string());
        }
        if let Ok(Some(learner)) = self.learner() {
            pairs.append_pair("user_id", &learner.to_string());
        }
        if let Some(page) = page {
            pairs.append_pair("page", &page.to_string());
            pairs.append_pair("per_page", &self.per_page.to_string());
        }
        if csv {
            pairs.append_pair("format", "csv");
        }
        pairs.finish()
    }
}

/// What `/admin/submissions` shows, read on the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct SubmissionsData {
    /// Every assignment's id and title, in course order: the filter's choices and the
    /// rows' titles.
    pub(crate) assignments: Vec<(i64, String)>,
    /// The rows; none when the learner filter is no learner id.
    pub(crate) listing: Option<SubmissionPage>,
}

/// What `/admin/submissions/:id` shows, read on the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct SubmissionData {
    pub(crate) submission: Submission,
    pub(crate) assignment_title: String,
}

/// Whether a frame (or a re-read) `update` replaces what a teacher's page shows of the
/// same submission. A submission only moves on (a late answer never undoes a newer
/// frame), with one exception: a final one goes back to `queued` when it is regraded.
pub(crate) fn follows(shown: &Submission, update: &Submission) -> bool {
    update.status.stage() >= shown.status.stage() || shown.status.is_final()
}

/// The title of assignment `id`, or its number when it is not listed (archived).
pub(crate) fn title_of(assignments: &[(i64, String)], id: i64) -> String {
    assignments
        .iter()
        .find(|(known, _)| *known == id)
        .map_or_else(|| format!("Assignment {id}"), |(_, title)| title.clone())
}

/// The first block of a learner's id: enough to tell learners apart in a list.
pub(crate) fn short_id(id: Uuid) -> String {
    id.to_string().chars().take(8).collect()
}

/// `3/5` tests passed; a dash before any test ran.
pub(crate) fn tests_passed(submission: &Submission) -> String {
    if submission.tests.is_empty() {
        return "–".to_owned();
    }
    let passed = submission.tests.iter().filter(|t| t.passed).count();
    format!("{passed}/{}", submission.tests.len())
}

/// The status, and for a failed submission why: `failed · tests failed`.
pub(crate) fn outcome_text(submission: &Submission) -> String {
    match failure(submission) {
        Some(why) => format!("failed · {why}"),
        None => submission.status.as_str().to_owned(),
    }
}

/// Why a failed submission failed, in words: `tests failed`, `time limit`.
pub(crate) fn failure(submission: &Submission) -> Option<String> {
    submission
        .verdict
        .filter(|_| submission.status == Status::Failed)
        .map(|verdict| verdict.as_str().replace('_', " "))
}

/// `2026-11-25 21:36:01 UTC`: the same on the server and in every browser.
pub(crate) fn time_text(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

/// How long a graded submission waited for a grader: from when it last went in line (its
/// latest regrade, or its submission) to graded, less the run itself.
pub(crate) fn waited_ms(submission: &Submission) -> Option<i64> {
    let graded = submission.graded_at?;
    let queued = submission.queued_at.unwrap_or(submission.created_at);
    let total = (graded - queued).num_milliseconds();
    Some((total - submission.duration_ms.unwrap_or(0)).max(0))
}

#[cfg(test)]
mod tests;
