//! The relay's one error type and its mapping to API.md's error body.

use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

#[derive(Debug, thiserror::Error)]
pub enum RelayError {
    #[error("a valid session token is required (cookie or ?token=)")]
    Unauthenticated,
    #[error("this endpoint only accepts WebSocket upgrade requests")]
    NotWebSocket(#[from] WebSocketUpgradeRejection),
    #[error("not ready: {0}")]
    NotReady(#[from] contract::health::NotReady),
    #[error("database error")]
    Database(#[from] sqlx::Error),
}

impl RelayError {
    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            RelayError::Unauthenticated => (StatusCode::UNAUTHORIZED, "unauthenticated"),
            RelayError::NotWebSocket(rejection) => {
                (rejection.status(), "websocket_upgrade_required")
            }
            RelayError::NotReady(_) => (StatusCode::SERVICE_UNAVAILABLE, "not_ready"),
            // Postgres being unreachable is temporary: the client may retry.
            RelayError::Database(err) if contract::connect::is_unavailable(err) => {
                (StatusCode::SERVICE_UNAVAILABLE, "unavailable")
            }
            RelayError::Database(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

impl IntoResponse for RelayError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let message = if let RelayError::NotReady(not_ready) = &self {
            tracing::warn!(error = ?not_ready.cause, dependency = not_ready.dependency, "not ready");
            self.to_string()
        } else if status.is_server_error() {
            // The cause is logged with its whole chain but never shown to the client.
            tracing::error!(error = ?anyhow::Error::from(self), "request failed");
            if code == "unavailable" {
                "the database is unavailable; try again shortly".to_owned()
            } else {
                "internal error".to_owned()
            }
        } else {
            self.to_string()
        };
        contract::serve::error_response(status, code, &message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_causes_are_not_echoed() {
        let response = RelayError::Database(sqlx::Error::RowNotFound).into_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let response = RelayError::Database(sqlx::Error::PoolTimedOut).into_response();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(
            RelayError::Unauthenticated.status_and_code().0,
            StatusCode::UNAUTHORIZED
        );
        let not_ready = contract::health::NotReady {
            dependency: "postgres",
            cause: anyhow::anyhow!("refused"),
        };
        let not_ready = RelayError::from(not_ready);
        assert_eq!(not_ready.status_and_code().1, "not_ready");
        assert_eq!(
            not_ready.to_string(),
            "not ready: postgres is not available"
        );
    }
}
