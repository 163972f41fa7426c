//! How a teacher's page reads its data: on the server, from the API with the request's
//! cookie (the teacher's session), so the page arrives whole; in the browser only when
//! the server's copy did not come with the page.

use std::future::Future;
use std::pin::Pin;

use crate::model::ApiError;

pub(super) type Loaded<T> = Result<T, ApiError>;

#[cfg(feature = "ssr")]
pub(super) type Loading<T> = Pin<Box<dyn Future<Output = Loaded<T>> + Send>>;

#[cfg(not(feature = "ssr"))]
pub(super) type Loading<T> = send_wrapper::SendWrapper<Pin<Box<dyn Future<Output = Loaded<T>>>>>;

/// A resource's fetcher:
/// `load!(|api, cookie, source: Source| server side, |source| browser side)`, each the
/// body of an `async` block; only the side being built is compiled.
macro_rules! load {
    (|$api:ident, $cookie:ident, $source:tt: $type:ty| $server:expr, |$browser_source:tt| $browser:expr) => {{
        #[cfg(feature = "ssr")]
        let fetcher = {
            let (api, cookie) = $crate::page::admin::load::server_session();
            move |$source: $type| -> $crate::page::admin::load::Loading<_> {
                let (api, $cookie) = (api.clone(), cookie.clone());
                Box::pin(async move {
                    let $api = api?;
                    $server
                })
            }
        };
        #[cfg(not(feature = "ssr"))]
        let fetcher = move |$browser_source: $type| -> $crate::page::admin::load::Loading<_> {
            send_wrapper::SendWrapper::new(Box::pin(async move { $browser }))
        };
        fetcher
    }};
}
pub(super) use load;

/// On the server: the API client and the request's cookie.
#[cfg(feature = "ssr")]
pub(super) fn server_session() -> (Loaded<crate::api::ApiClient>, String) {
    use leptos::prelude::use_context;
    let api = use_context::<crate::api::ApiClient>().ok_or(ApiError::Network);
    let cookie = use_context::<http::request::Parts>()
        .and_then(|parts| parts.headers.get(http::header::COOKIE).cloned())
        .and_then(|value| value.to_str().ok().map(str::to_owned))
        .unwrap_or_default();
    (api, cookie)
}
