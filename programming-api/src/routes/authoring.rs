//! The admin's assignments (API.md "Admin endpoints"): list, read, create, replace and
//! archive. Saving grades the reference solution first (`authoring::reference_passes`).

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use wire::admin::{
    AdminAssignmentEnvelope, AdminAssignmentList, AssignmentDraft, CheckEnvelope, ImportReport,
    TryRequest,
};
use wire::ErrorBody;

use crate::authoring;
use crate::code::SubmittedCode;
use crate::error::ApiError;
use crate::extract::{AdminUser, ApiJson, ApiPath};
use crate::state::AppState;
use crate::transfer;

/// The largest archive an import takes (compressed); it may unpack to at most 64 MiB.
const ARCHIVE_LIMIT_BYTES: usize = 16 * 1024 * 1024;
/// A `.tar.gz` of assignment folders, as the OpenAPI document describes it: bytes.
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub(crate) struct Archive(#[allow(dead_code)] Vec<u8>);

/// The media types an archive may be sent as.
const ARCHIVE_TYPES: [&str; 3] = [
    "application/gzip",
    "application/x-gzip",
    "application/octet-stream",
];

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
    summary = "Replace an assignment; its reference solution must pass its tests first (unless nothing that decides a grade changed), and new tests bump the test version",
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
    let stored = authoring::load_one(&state, id).await?;
    // A move, a new title or handout, publishing: what decides a grade is as it was when
    // the stored reference passed, so it is not graded again.
    if authoring::grading_changes(&stored, &draft) {
        authoring::reference_passes(&state, &draft).await?;
    }
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

#[utoipa::path(get, path = "/api/admin/assignments/export", operation_id = "admin_export_assignments",
    summary = "Every assignment that is not archived, as a .tar.gz of folders in the catalog's format",
    responses(
        (status = 200, body = Archive, content_type = "application/gzip", description = "The archive (`course.tar.gz`)"),
        (status = 403, body = ErrorBody, description = "Not an admin (`forbidden`)"),
    ))]
pub(crate) async fn export(
    State(state): State<AppState>,
    AdminUser(_admin): AdminUser,
) -> Result<impl IntoResponse, ApiError> {
    let archive = transfer::export(&state).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/gzip"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"course.tar.gz\"",
            ),
        ],
        archive,
    ))
}

#[utoipa::path(post, path = "/api/admin/assignments/import", operation_id = "admin_import_assignments",
    summary = "Import a .tar.gz of assignment folders: each is created, updated (same slug) or found unchanged, or rejected by its path",
    request_body(content = Archive, content_type = "application/octet-stream", description = "A .tar.gz of folders NN-slug/ (README, \"Courses as folders\"), at most 16 MiB, sent as application/gzip, application/x-gzip or application/octet-stream"),
    responses(
        (status = 200, body = ImportReport, description = "What became of each folder; rejected folders left nothing behind"),
        (status = 400, body = ErrorBody, description = "Not a readable .tar.gz, a path that leaves the archive, too large unpacked, or no assignment folder (`invalid_archive`)"),
        (status = 403, body = ErrorBody, description = "Not an admin (`forbidden`)"),
        (status = 413, body = ErrorBody, description = "Over 16 MiB (`body_too_large`)"),
        (status = 415, body = ErrorBody, description = "Not sent as application/gzip (`unsupported_media_type`)"),
    ))]
#[tracing::instrument(skip_all, fields(admin = %admin.id))]
pub(crate) async fn import(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<ImportReport>, ApiError> {
    let media = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .map(|value| value.trim().to_ascii_lowercase());
    if !media.is_some_and(|media| ARCHIVE_TYPES.contains(&media.as_str())) {
        return Err(ApiError::NotAnArchive);
    }
    let archive = axum::body::to_bytes(body, ARCHIVE_LIMIT_BYTES)
        .await
        .map_err(|_| ApiError::BodyTooLarge)?;
    let report = transfer::import(&state, &archive).await?;
    tracing::info!(
        imported = report.imported.len(),
        rejected = report.rejected.len(),
        "course imported"
    );
    Ok(Json(report))
}
