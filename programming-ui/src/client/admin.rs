//! What the teacher's pages ask the API from the browser. A call that reads, archives or
//! regrades and finds no admin session (401, or 403 for a learner's) sends the browser
//! to the sign-in page; its error is still returned for the page to stop waiting.
//! Saving and trying only return the error: the page keeps the teacher's unsaved edits
//! and says how to sign in again.

use wire::admin::{
    AdminAssignment, AdminAssignmentEnvelope, AdminAssignmentList, AssignmentDraft, CheckEnvelope,
    CheckResult, TryRequest,
};
use wire::identity::{LoginRequest, Token};
use wire::stats::{RegradeQueued, Stats, StatsHistory};
use wire::submission::{SubmissionEnvelope, SubmissionPage};
use wire::Submission;

use super::{dom, http};
use crate::model::authoring::{EditData, SIGN_IN_PATH};
use crate::model::dashboard::DashboardData;
use crate::model::submissions::SubmissionsQuery;
use crate::model::ApiError;

/// `POST /api/admin/login`; the API's answer sets the session cookie.
pub(crate) async fn sign_in(username: String, password: String) -> Result<(), ApiError> {
    let body = to_json(&LoginRequest { username, password });
    http::post::<Token>("/api/admin/login", body)
        .await
        .map(|_| ())
}

/// Every assignment, in course order.
pub(crate) async fn list() -> Result<Vec<AdminAssignment>, ApiError> {
    let list = guarded(http::get::<AdminAssignmentList>("/api/admin/assignments").await)?;
    Ok(list.assignments)
}

/// Creates (`id` none) or replaces an assignment; the API grades its reference first.
/// Without an admin session this does not leave the page (see above).
pub(crate) async fn save(
    id: Option<i64>,
    draft: &AssignmentDraft,
) -> Result<AdminAssignment, ApiError> {
    let body = to_json(draft);
    let saved = match id {
        None => http::post::<AdminAssignmentEnvelope>("/api/admin/assignments", body).await,
        Some(id) => {
            http::put::<AdminAssignmentEnvelope>(&format!("/api/admin/assignments/{id}"), body)
                .await
        }
    };
    Ok(saved?.assignment)
}

/// Grades `code` against the unsaved `draft`. Without an admin session this does not
/// leave the page (see above).
pub(crate) async fn try_code(
    draft: AssignmentDraft,
    code: String,
) -> Result<CheckResult, ApiError> {
    let body = to_json(&TryRequest {
        assignment: draft,
        code,
    });
    let answer = http::post::<CheckEnvelope>("/api/admin/assignments/try", body).await;
    Ok(answer?.check)
}

/// Archives an assignment: learners stop seeing it.
pub(crate) async fn archive(id: i64) -> Result<(), ApiError> {
    guarded(http::delete(&format!("/api/admin/assignments/{id}")).await)
}

/// The dashboard's figures now and over the last hour.
pub(crate) async fn dashboard() -> Result<DashboardData, ApiError> {
    let stats = guarded(http::get::<Stats>("/api/admin/stats").await)?;
    let history = guarded(http::get::<StatsHistory>("/api/admin/stats/history").await)?;
    Ok(DashboardData {
        stats,
        history: history.samples,
    })
}

/// One page of every learner's submissions.
pub(crate) async fn submissions(query: &SubmissionsQuery) -> Result<SubmissionPage, ApiError> {
    guarded(http::get::<SubmissionPage>(&query.api_path()).await)
}

/// One submission as the teacher sees it.
pub(crate) async fn submission(id: uuid::Uuid) -> Result<Submission, ApiError> {
    let path = format!("/api/admin/submissions/{id}");
    Ok(guarded(http::get::<SubmissionEnvelope>(&path).await)?.submission)
}

/// Sends a submission back to the queue; the answer is it, queued.
pub(crate) async fn regrade(id: uuid::Uuid) -> Result<Submission, ApiError> {
    let path = format!("/api/admin/submissions/{id}/regrade");
    Ok(guarded(http::post_empty::<SubmissionEnvelope>(&path).await)?.submission)
}

/// Regrades every learner's latest submission of an assignment; the answer is how many.
pub(crate) async fn regrade_all(assignment_id: i64) -> Result<i64, ApiError> {
    let path = format!("/api/admin/assignments/{assignment_id}/regrade");
    Ok(guarded(http::post_empty::<RegradeQueued>(&path).await)?.queued)
}

/// The edit page's data read from the browser, used only when the server's copy is
/// missing.
#[cfg(not(feature = "ssr"))]
pub(crate) async fn load_edit(id: Option<i64>) -> Result<EditData, ApiError> {
    match id {
        Some(id) => {
            let path = format!("/api/admin/assignments/{id}");
            let one = http::get::<AdminAssignmentEnvelope>(&path).await;
            let assignment = guarded(one)?.assignment;
            Ok(EditData {
                assignment: Some(assignment),
                next_order: 0,
            })
        }
        None => {
            let list = list().await?;
            Ok(EditData {
                assignment: None,
                next_order: crate::model::authoring::next_order(&list),
            })
        }
    }
}

/// The submissions page's data read from the browser, used only when the server's copy
/// is missing.
#[cfg(not(feature = "ssr"))]
pub(crate) async fn load_submissions(
    query: &SubmissionsQuery,
) -> Result<crate::model::submissions::SubmissionsData, ApiError> {
    let assignments = list().await?;
    let listing = match query.learner() {
        Ok(_) => Some(submissions(query).await?),
        Err(_) => None,
    };
    Ok(crate::model::submissions::SubmissionsData {
        assignments: assignments.into_iter().map(|a| (a.id, a.title)).collect(),
        listing,
    })
}

/// A submission's page data read from the browser, used only when the server's copy is
/// missing.
#[cfg(not(feature = "ssr"))]
pub(crate) async fn load_submission(
    id: uuid::Uuid,
) -> Result<crate::model::submissions::SubmissionData, ApiError> {
    let submission = submission(id).await?;
    let path = format!("/api/admin/assignments/{}", submission.assignment_id);
    let assignment_title = match http::get::<AdminAssignmentEnvelope>(&path).await {
        Ok(one) => one.assignment.title,
        Err(ApiError::Http { status: 404, .. }) => {
            format!("Assignment {}", submission.assignment_id)
        }
        Err(err) => return guarded(Err(err)),
    };
    Ok(crate::model::submissions::SubmissionData {
        submission,
        assignment_title,
    })
}

/// Sends the browser to the sign-in page when `result` says it has no admin session.
pub(crate) fn guarded<T>(result: Result<T, ApiError>) -> Result<T, ApiError> {
    if let Err(err) = &result {
        if err.needs_admin_sign_in() {
            dom::go_to(SIGN_IN_PATH);
        }
    }
    result
}

fn to_json(body: &impl serde::Serialize) -> String {
    serde_json::to_string(body).expect("request bodies serialize")
}
