//! Answers of the operations endpoints.

use serde::{Deserialize, Serialize};

/// `GET /api/health` and `GET /api/ready`: `{"status": "ok"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    pub status: String,
}

impl Health {
    pub fn ok() -> Health {
        Health {
            status: "ok".to_owned(),
        }
    }
}
