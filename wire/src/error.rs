//! The body of every 4xx and 5xx answer (API.md "Errors").

use serde::{Deserialize, Serialize};

/// `{"error": {"code", "message"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = Error))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    /// snake_case, stable: clients branch on it.
    pub code: String,
    /// For humans.
    pub message: String,
    /// With `reference_failed`: what the grader found when it ran the reference solution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check: Option<crate::admin::CheckResult>,
}

impl ErrorBody {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: code.into(),
                message: message.into(),
                check: None,
            },
        }
    }
}
