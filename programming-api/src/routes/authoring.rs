//! The admin's assignments (API.md "Admin endpoints"): list, read, create, replace and
//! archive. Saving grades the reference solution first (`authoring::reference_passes`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use wire::admin::{
    AdminAssignmentEnvelope, AdminAssignmentList, AssignmentDraft, CheckEnvelope, TryRequest,
};
use wire::ErrorBody;

use crate::authoring;
use crate::code::SubmittedCode;
use crate::error::ApiError;
use crate::extract::{AdminUser, ApiJson, ApiPath};
use crate::state::AppState;

#[utoipa::path(get, path = "/api/admin/assignments", operation_id = "admin_list_assignments",
    summary = "Every assignment that is not archived, hidden tests included, in course order",
    responses(
        (status = 200, body = AdminAssignmentList, description = "The assignments"),
        (status = 403, body = ErrorBody, description = "Not an admin (`forbidden`)"),
    ))]
pub(crate) async fn list(
    State(state): State<AppState>,
    AdminUser(_admin): AdminUser,
) -> Result<Json<AdminAssignmentList>, ApiError> {
    let assignments = authoring::load(&state, None).await?;
    Ok(Json(AdminAssignmentList { assignments }))
}

#[utoipa::path(get, path = "/api/admin/assignments/{id}", operation_id = "admin_get_assignment",
    summary = "One assignment, hidden tests included",
    params(("id" = i64, Path, description = "The assignment's id")),
    responses(
        (status = 200, body = AdminAssignmentEnvelope, description = "The assignment"),
        (status = 400, body = ErrorBody, description = "Non-numeric id (`invalid_path`)"),
        (status = 403, body = ErrorBody, description = "Not an admin (`forbidden`)"),
        (status = 404, body = ErrorBody, description = "No such assignment, or archived (`not_found`)"),
    ))]
pub(crate) async fn get(
    State(state): State<AppState>,
    AdminUser(_admin): AdminUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<AdminAssignmentEnvelope>, ApiError> {
    let assignment = authoring::load_one(&state, id).await?;
    Ok(Json(AdminAssignmentEnvelope { assignment }))
}

#[utoipa::path(post, path = "/api/admin/assignments", operation_id = "admin_create_assignment",
    summary = "Create an assignment; its reference solution must pass its tests first",
    request_body = AssignmentDraft,
    responses(
        (status = 201, body = AdminAssignmentEnvelope, description = "Created"),
        (status = 403, body = ErrorBody, description = "Not an admin (`forbidden`)"),
        (status = 422, body = ErrorBody, description = "A field is invalid (`invalid_body`), or the reference solution fails its tests (`reference_failed`, with the grader's `check`); nothing was saved"),
    ))]
#[tracing::instrument(skip_all, fields(admin = %admin.id))]
pub(crate) async fn create(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    ApiJson(draft): ApiJson<AssignmentDraft>,
) -> Result<(StatusCode, Json<AdminAssignmentEnvelope>), ApiError> {
    authoring::validate(&draft)?;
    authoring::reference_passes(&state, &draft).await?;
    let id = authoring::insert(&state, &draft).await?;
    tracing::info!(assignment_id = id, "assignment created");
    let assignment = authoring::load_one(&state, id).await?;
    Ok((
        StatusCode::CREATED,
        Json(AdminAssignmentEnvelope { assignment }),
    ))
}

#[utoipa::path(put, path = "/api/admin/assignments/{id}", operation_id = "admin_replace_assignment",
    summary = "Replace an assignment; its reference solution must pass its tests first, and new tests bump the test version",
    params(("id" = i64, Path, description = "The assignment's id")),
    request_body = AssignmentDraft,
    responses(
        (status = 200, body = AdminAssignmentEnvelope, description = "Saved"),
        (status = 403, body = ErrorBody, description = "Not an admin (`forbidden`)"),
        (status = 404, body = ErrorBody, description = "No such assignment, or archived (`not_found`)"),
        (status = 422, body = ErrorBody, description = "A field is invalid (`invalid_body`), or the reference solution fails its tests (`reference_failed`, with the grader's `check`); nothing was saved"),
    ))]
#[tracing::instrument(skip_all, fields(admin = %admin.id, assignment_id = id))]
pub(crate) async fn replace(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(draft): ApiJson<AssignmentDraft>,
) -> Result<Json<AdminAssignmentEnvelope>, ApiError> {
    authoring::validate(&draft)?;
    // A missing assignment is named before a reference is graded for it.
    authoring::load_one(&state, id).await?;
    authoring::reference_passes(&state, &draft).await?;
    if !authoring::update(&state, id, &draft).await? {
        return Err(ApiError::not_found("assignment"));
    }
    tracing::info!("assignment saved");
    let assignment = authoring::load_one(&state, id).await?;
    Ok(Json(AdminAssignmentEnvelope { assignment }))
}

#[utoipa::path(delete, path = "/api/admin/assignments/{id}", operation_id = "admin_archive_assignment",
    summary = "Archive an assignment: learners stop seeing it, its submissions stay",
    params(("id" = i64, Path, description = "The assignment's id")),
    responses(
        (status = 204, description = "Archived"),
        (status = 400, body = ErrorBody, description = "Non-numeric id (`invalid_path`)"),
        (status = 403, body = ErrorBody, description = "Not an admin (`forbidden`)"),
        (status = 404, body = ErrorBody, description = "No such assignment, or archived already (`not_found`)"),
    ))]
#[tracing::instrument(skip_all, fields(admin = %admin.id, assignment_id = id))]
pub(crate) async fn archive(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    if !authoring::archive(&state, id).await? {
        return Err(ApiError::not_found("assignment"));
    }
    tracing::info!("assignment archived");
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/admin/assignments/try", operation_id = "admin_try_assignment",
    summary = "Grade code against an unsaved draft in the sandbox and show every test's result",
    request_body = TryRequest,
    responses(
        (status = 200, body = CheckEnvelope, description = "What the grader found (a failing result is still 200)"),
        (status = 403, body = ErrorBody, description = "Not an admin (`forbidden`)"),
        (status = 413, body = ErrorBody, description = "The code is over 64 KiB (`code_too_large`)"),
        (status = 422, body = ErrorBody, description = "A field of the draft is invalid (`invalid_body`)"),
    ))]
#[tracing::instrument(skip_all, fields(admin = %admin.id))]
pub(crate) async fn try_draft(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    ApiJson(request): ApiJson<TryRequest>,
) -> Result<Json<CheckEnvelope>, ApiError> {
    authoring::validate(&request.assignment)?;
    let code = SubmittedCode::parse(request.code)?;
    let check = authoring::check(&state, &request.assignment, code.as_str()).await?;
    Ok(Json(CheckEnvelope { check }))
}
