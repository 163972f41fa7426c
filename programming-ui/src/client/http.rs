//! JSON over `fetch` to the same origin; the browser sends the session cookie itself.

use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestInit, Response};

use crate::model::ApiError;

pub(super) async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    send("GET", path, None).await
}

pub(super) async fn post<T: DeserializeOwned>(path: &str, body: String) -> Result<T, ApiError> {
    send("POST", path, Some(body)).await
}

/// A `POST` that sends nothing: an action on what the path names.
pub(super) async fn post_empty<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    send("POST", path, None).await
}

pub(super) async fn put<T: DeserializeOwned>(path: &str, body: String) -> Result<T, ApiError> {
    send("PUT", path, Some(body)).await
}

/// A `DELETE`, whose success has no body.
pub(super) async fn delete(path: &str) -> Result<(), ApiError> {
    exchange("DELETE", path, None).await.map(|_| ())
}

async fn send<T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: Option<String>,
) -> Result<T, ApiError> {
    let (status, text) = exchange(method, path, body).await?;
    serde_json::from_str(&text).map_err(|_| ApiError::from_response(status, ""))
}

/// The status and body of a successful answer; any other answer as an error.
async fn exchange(
    method: &str,
    path: &str,
    body: Option<String>,
) -> Result<(u16, String), ApiError> {
    let init = RequestInit::new();
    init.set_method(method);
    if let Some(body) = &body {
        init.set_body(&wasm_bindgen::JsValue::from_str(body));
    }
    let request = Request::new_with_str_and_init(path, &init).map_err(|_| ApiError::Network)?;
    let headers = request.headers();
    let _ = headers.set("Accept", "application/json");
    if body.is_some() {
        let _ = headers.set("Content-Type", "application/json");
    }
    let window = web_sys::window().ok_or(ApiError::Network)?;
    // fetch rejects only when no answer came at all.
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| ApiError::Network)?
        .dyn_into()
        .map_err(|_| ApiError::Network)?;
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .ok()
            .and_then(|value| value.as_string())
            .unwrap_or_default(),
        Err(_) => String::new(),
    };
    let status = response.status();
    if !response.ok() {
        return Err(ApiError::from_response(status, &text));
    }
    Ok((status, text))
}
