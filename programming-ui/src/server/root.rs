//! `/`: send the learner to where they left off.

use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use http::header::{COOKIE, LOCATION};
use http::{HeaderMap, StatusCode};

use super::UiState;

/// 302 to the first assignment not yet solved, or to the first one when everything is
/// solved (its page then says so).
#[tracing::instrument(skip_all)]
pub(crate) async fn redirect_to_next(State(state): State<UiState>, headers: HeaderMap) -> Response {
    let cookie = headers
        .get(COOKIE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let target = async {
        let progress = state.api.progress(cookie).await?;
        match progress.next_assignment_id {
            Some(id) => Ok::<_, crate::model::ApiError>(Some(id)),
            None => Ok(state.api.assignments(cookie).await?.first().map(|a| a.id)),
        }
    };
    match target.await {
        Ok(Some(id)) => (
            StatusCode::FOUND,
            [(LOCATION, format!("/assignments/{id}"))],
        )
            .into_response(),
        Ok(None) => unavailable("There are no assignments yet - come back soon"),
        Err(err) => unavailable(&err.user_message()),
    }
}

/// A small page rather than a blank one when the API cannot say where to go.
fn unavailable(message: &str) -> Response {
    let body = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Code Platform</title>\
         <link rel=\"stylesheet\" href=\"/style.css\"></head><body><main class=\"notice\">\
         <h1>Code Platform</h1><p data-testid=\"error\" role=\"alert\">{}</p>\
         <p><a href=\"/\">Try again</a></p></main></body></html>",
        escape(message)
    );
    (StatusCode::SERVICE_UNAVAILABLE, Html(body)).into_response()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
