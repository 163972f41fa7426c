//! The API's one error type and its wire form (API.md "Errors").

use std::time::Duration;

use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// Everything a handler can answer with instead of success.
///
/// 4xx variants carry a message meant for the client. [`ApiError::Internal`] and
/// [`ApiError::Unavailable`] carry the cause, which is logged and never sent.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ApiError {
    #[error("a valid session token or cookie is required")]
    Unauthenticated,
    #[error("this needs the admin role")]
    Forbidden,
    #[error("unknown username or wrong password")]
    InvalidCredentials,
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    InvalidPath(String),
    #[error("{0}")]
    InvalidQuery(String),
    #[error("{0}")]
    MalformedJson(String),
    #[error("{0}")]
    InvalidBody(String),
    /// Text Postgres cannot store (it has no NUL in `text`) and no sandbox should get.
    #[error("{0} contains a NUL character (U+0000), which cannot be stored; remove it")]
    UnstorableText(String),
    #[error("the body must be JSON (Content-Type: application/json)")]
    UnsupportedMediaType,
    #[error("the request body is too large")]
    BodyTooLarge,
    #[error("{0}")]
    InvalidArchive(String),
    #[error("the body must be a .tar.gz archive (Content-Type: application/gzip)")]
    NotAnArchive,
    #[error("code may be at most {limit} bytes, this is {actual}")]
    CodeTooLarge { limit: usize, actual: usize },
    #[error("you already have a submission queued or running; wait for its verdict")]
    SubmissionInProgress,
    #[error("this submission is queued or running; regrade it once it has a verdict")]
    StillGrading,
    #[error("this method is not allowed here")]
    MethodNotAllowed,
    #[error("too many requests; try again in {} s", retry_after_secs(*.retry_after))]
    RateLimited { retry_after: Duration },
    #[error("the reference solution does not pass its tests; nothing was saved")]
    ReferenceFailed(Box<wire::admin::CheckResult>),
    #[error("no grader ran the reference solution within {} s; nothing was saved, try again", .0.as_secs())]
    NoGrader(Duration),
    #[error("a backing service is unavailable")]
    Unavailable(#[source] anyhow::Error),
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl ApiError {
    pub(crate) fn not_found(what: &str) -> Self {
        ApiError::NotFound(format!("{what} not found"))
    }

    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::Unauthenticated => (StatusCode::UNAUTHORIZED, "unauthenticated"),
            ApiError::Forbidden => (StatusCode::FORBIDDEN, "forbidden"),
            ApiError::InvalidCredentials => (StatusCode::UNAUTHORIZED, "invalid_credentials"),
            ApiError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            ApiError::InvalidPath(_) => (StatusCode::BAD_REQUEST, "invalid_path"),
            ApiError::InvalidQuery(_) => (StatusCode::BAD_REQUEST, "invalid_query"),
            ApiError::MalformedJson(_) => (StatusCode::BAD_REQUEST, "malformed_json"),
            ApiError::InvalidBody(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_body"),
            ApiError::UnstorableText(_) => (StatusCode::UNPROCESSABLE_ENTITY, "unstorable_text"),
            ApiError::UnsupportedMediaType => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
            }
            ApiError::BodyTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "body_too_large"),
            ApiError::InvalidArchive(_) => (StatusCode::BAD_REQUEST, "invalid_archive"),
            ApiError::NotAnArchive => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
            }
            ApiError::CodeTooLarge { .. } => (StatusCode::PAYLOAD_TOO_LARGE, "code_too_large"),
            ApiError::SubmissionInProgress | ApiError::StillGrading => {
                (StatusCode::CONFLICT, "submission_in_progress")
            }
            ApiError::MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
            ApiError::RateLimited { .. } => (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
            ApiError::ReferenceFailed(_) => (StatusCode::UNPROCESSABLE_ENTITY, "reference_failed"),
            ApiError::NoGrader(_) | ApiError::Unavailable(_) => {
                (StatusCode::SERVICE_UNAVAILABLE, "unavailable")
            }
            ApiError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

impl From<sqlx::Error> for ApiError {
    /// Postgres being unreachable is a 503 the client may retry; anything else is ours.
    fn from(err: sqlx::Error) -> Self {
        if contract::connect::is_unavailable(&err) {
            ApiError::Unavailable(err.into())
        } else {
            ApiError::Internal(err.into())
        }
    }
}

/// Whole seconds, rounded up and at least 1: `Retry-After: 0` would invite a busy loop.
fn retry_after_secs(wait: Duration) -> u64 {
    wait.as_millis().div_ceil(1000).max(1) as u64
}

fn is_database_outage(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|cause| cause.downcast_ref::<sqlx::Error>())
        .any(contract::connect::is_unavailable)
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        // A database outage met deep inside a helper (wrapped in context) still reads as one.
        let this = match self {
            ApiError::Internal(err) if is_database_outage(&err) => ApiError::Unavailable(err),
            other => other,
        };
        let (status, code) = this.status_and_code();
        if status.is_server_error() {
            // The whole chain goes to the log; the client only learns that it was us.
            let cause = match &this {
                ApiError::Unavailable(err) | ApiError::Internal(err) => format!("{err:#}"),
                other => other.to_string(),
            };
            tracing::error!(code, error = %cause, "request failed");
        }
        let mut response = match this {
            ApiError::ReferenceFailed(ref check) => {
                let mut body = wire::ErrorBody::new(code, this.to_string());
                body.error.check = Some(check.as_ref().clone());
                (status, axum::Json(body)).into_response()
            }
            _ => contract::serve::error_response(status, code, &this.to_string()),
        };
        if let ApiError::RateLimited { retry_after } = this {
            response.headers_mut().insert(
                RETRY_AFTER,
                HeaderValue::from(retry_after_secs(retry_after)),
            );
        }
        response
    }
}

/// True when `err` is a violation of the unique index or constraint called `name`.
/// Lets a handler turn one specific conflict into a 4xx and keep every other error a 500.
pub(crate) fn is_unique_violation(err: &sqlx::Error, name: &str) -> bool {
    match err {
        sqlx::Error::Database(db) => db.is_unique_violation() && db.constraint() == Some(name),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_errors_keep_their_message_and_server_errors_hide_the_cause() {
        let response = ApiError::InvalidBody("missing field `code`".into()).into_response();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let internal = ApiError::Internal(anyhow::anyhow!("password=hunter2"));
        assert_eq!(internal.to_string(), "internal error");
        assert_eq!(
            internal.into_response().status(),
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }

    #[test]
    fn rate_limited_answers_say_when_to_retry() {
        let response = ApiError::RateLimited {
            retry_after: Duration::from_millis(1500),
        }
        .into_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers()[RETRY_AFTER], "2");
        assert_eq!(retry_after_secs(Duration::ZERO), 1);
        assert_eq!(retry_after_secs(Duration::from_secs(60)), 60);
    }
}
