//! Extractors that answer in our error format: JSON bodies, paths, queries and identity.
//!
//! axum's own extractors reject with plain-text bodies; these wrap them so that every
//! bad request gets API.md's `{"error": {"code", "message"}}` with a specific code.
//!
//! They are also the one place where request text is checked for what the platform
//! can hold: every string of a JSON body (keys too) and every query value must be free
//! of NUL, which Postgres `text` cannot store. Handlers never see such text.

use std::net::{IpAddr, SocketAddr};

use anyhow::anyhow;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::Json;
use contract::auth::{session_token, AuthUser, Role};
use contract::text::is_storable;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::ApiError;
use crate::state::AppState;

/// A JSON body: 415 without a JSON content type, 400 for syntax errors, 422 for a
/// missing or mistyped field or for unstorable text, 413 over the body limit.
pub(crate) struct ApiJson<T>(pub(crate) T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        // Parsed to a tree first, so that every string is checked whatever `T` keeps.
        let Json(value) = Json::<Value>::from_request(req, state)
            .await
            .map_err(json_rejection)?;
        if let Some(path) = unstorable_path(&value, String::new()) {
            let field = if path.is_empty() {
                "the body".to_owned()
            } else {
                format!("`{path}`")
            };
            return Err(ApiError::UnstorableText(field));
        }
        serde_path_to_error::deserialize(value)
            .map(ApiJson)
            .map_err(|err| ApiError::InvalidBody(err.to_string()))
    }
}

/// The path (`a.b[2]`, empty for the root) of the first string or field name in
/// `value` that holds a NUL, if any.
fn unstorable_path(value: &Value, path: String) -> Option<String> {
    match value {
        Value::String(text) => (!is_storable(text)).then_some(path),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(index, item)| unstorable_path(item, format!("{path}[{index}]"))),
        Value::Object(fields) => fields.iter().find_map(|(key, item)| {
            let in_key = !is_storable(key);
            let key = key.replace('\0', "\\0");
            let inner = if path.is_empty() {
                key
            } else {
                format!("{path}.{key}")
            };
            if in_key {
                return Some(inner);
            }
            unstorable_path(item, inner)
        }),
        Value::Null | Value::Bool(_) | Value::Number(_) => None,
    }
}

fn json_rejection(rejection: JsonRejection) -> ApiError {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => ApiError::UnsupportedMediaType,
        JsonRejection::JsonDataError(err) => ApiError::InvalidBody(err.body_text()),
        JsonRejection::JsonSyntaxError(err) => ApiError::MalformedJson(err.body_text()),
        // Buffering fails with 413 when the body exceeds `DefaultBodyLimit`.
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => ApiError::BodyTooLarge,
        other => ApiError::MalformedJson(other.body_text()),
    }
}

/// Path parameters: 400 `invalid_path` when one does not parse (e.g. a non-numeric id).
pub(crate) struct ApiPath<T>(pub(crate) T);

impl<S, T> FromRequestParts<S> for ApiPath<T>
where
    S: Send + Sync,
    T: DeserializeOwned + Send,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(ApiPath(value)),
            Err(rejection) => Err(path_rejection(rejection)),
        }
    }
}

fn path_rejection(rejection: PathRejection) -> ApiError {
    ApiError::InvalidPath(rejection.body_text())
}

/// Query parameters: 400 `invalid_query` when they do not deserialize.
pub(crate) struct ApiQuery<T>(pub(crate) T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        // Every pair, including names `T` ignores, decoded the way `Query` decodes them.
        let Query(pairs) = Query::<Vec<(String, String)>>::from_request_parts(parts, state)
            .await
            .map_err(query_rejection)?;
        if let Some((name, _)) = pairs
            .iter()
            .find(|(name, value)| !is_storable(name) || !is_storable(value))
        {
            let name = name.replace('\0', "\\0");
            return Err(ApiError::UnstorableText(format!(
                "the query parameter `{name}`"
            )));
        }
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(ApiQuery(value)),
            Err(rejection) => Err(query_rejection(rejection)),
        }
    }
}

/// The address of the client that made the request: the peer, or the address a
/// trusted proxy names (see `contract::client_address`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct ClientAddress(pub(crate) IpAddr);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Some(ConnectInfo(peer)) = parts.extensions.get::<ConnectInfo<SocketAddr>>() else {
            // Only `contract::serve` runs this router, and it always sets the peer.
            return Err(ApiError::Internal(anyhow!(
                "the request carries no peer address (not served by contract::serve)"
            )));
        };
        Ok(ClientAddress(
            state.trusted_proxies.client(peer.ip(), &parts.headers),
        ))
    }
}

fn query_rejection(rejection: QueryRejection) -> ApiError {
    ApiError::InvalidQuery(rejection.body_text())
}

/// Whoever holds a valid session: `Authorization: Bearer <token>` or the session cookie.
/// A missing or unknown token is 401 `unauthenticated`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CurrentUser(pub(crate) AuthUser);

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Some(token) = session_token(&parts.headers) else {
            return Err(ApiError::Unauthenticated);
        };
        match state.sessions.user(&state.db, token).await? {
            Some(user) => Ok(CurrentUser(user)),
            None => Err(ApiError::Unauthenticated),
        }
    }
}

/// A signed-in admin: 401 without a session, 403 `forbidden` for a learner's session.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AdminUser(pub(crate) AuthUser);

impl FromRequestParts<AppState> for AdminUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let CurrentUser(user) = CurrentUser::from_request_parts(parts, state).await?;
        match user.role {
            Role::Admin => Ok(AdminUser(user)),
            Role::Learner => Err(ApiError::Forbidden),
        }
    }
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::http::header::AUTHORIZATION;
    use axum::routing::get;
    use axum::Router;
    use tower::ServiceExt;
    use uuid::Uuid;

    use super::*;

    async fn status_for(router: &Router, token: Option<&str>) -> StatusCode {
        let mut request = Request::builder().uri("/admin-only");
        if let Some(token) = token {
            request = request.header(AUTHORIZATION, format!("Bearer {token}"));
        }
        let request = request.body(Body::empty()).unwrap();
        router.clone().oneshot(request).await.unwrap().status()
    }

    #[tokio::test]
    async fn admin_user_admits_only_admins() {
        let Ok(redis_url) = std::env::var("REDIS_URL") else {
            panic!("REDIS_URL must be set (eval \"$(./platform env)\")");
        };
        let config = crate::Config {
            database_url: migrations::test_support::fresh_database().await.unwrap(),
            redis_url,
            keys: contract::Keys::new(format!("test-{}:", Uuid::new_v4())),
            port: 0,
            admin: None,
            limits: crate::RateLimits::default(),
            trusted_proxies: Default::default(),
            http: Default::default(),
            check_wait: std::time::Duration::from_secs(20),
        };
        let state = crate::build(config).await.unwrap().state;
        let learner = Uuid::new_v4();
        let admin = Uuid::new_v4();
        for (id, role) in [(learner, Role::Learner), (admin, Role::Admin)] {
            sqlx::query!(
                "INSERT INTO users (id, role) VALUES ($1, $2)",
                id,
                role as Role
            )
            .execute(&state.db)
            .await
            .unwrap();
        }
        let learner_token = contract::auth::create_session(&state.db, learner)
            .await
            .unwrap();
        let admin_token = contract::auth::create_session(&state.db, admin)
            .await
            .unwrap();
        let router = Router::new()
            .route(
                "/admin-only",
                get(|AdminUser(user): AdminUser| async move { user.id.to_string() }),
            )
            .with_state(state);

        assert_eq!(status_for(&router, None).await, StatusCode::UNAUTHORIZED);
        assert_eq!(
            status_for(&router, Some(&learner_token)).await,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            status_for(&router, Some(&admin_token)).await,
            StatusCode::OK
        );
    }
}
