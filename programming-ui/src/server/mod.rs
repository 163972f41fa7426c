//! The UI server: server-side rendering on axum, the static site files, and the session
//! plumbing. Composed into the all-in-one binary through [`Ui::router`].

mod config;
mod identity;
mod ops;
mod root;
mod statics;

use std::future::Future;
use std::sync::Arc;

use anyhow::Context;
use axum::extract::FromRef;
use axum::routing::get;
use axum::Router;
use contract::client_address::TrustedProxies;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tokio::net::TcpListener;

pub use config::Config;

use crate::api::ApiClient;
use crate::app::{shell, App};

/// The built UI, ready to serve.
#[derive(Clone)]
pub struct Ui {
    state: UiState,
    config: Config,
    /// Counted only where they are exposed: on the UI's own port ([`Ui::run`]).
    metrics: Arc<ops::Metrics>,
}

#[derive(Clone)]
pub(crate) struct UiState {
    options: LeptosOptions,
    api: ApiClient,
    trusted_proxies: Arc<TrustedProxies>,
}

impl FromRef<UiState> for LeptosOptions {
    fn from_ref(state: &UiState) -> LeptosOptions {
        state.options.clone()
    }
}

/// Prepares the UI. It connects to nothing yet: the API is called per request, so the
/// UI can start before the API is up.
pub async fn build(config: Config) -> anyhow::Result<Ui> {
    let wasm = config.site_root.join("pkg/programming_ui_bg.wasm");
    if !wasm.exists() {
        // Pages still render (and work without JavaScript); say why they do not hydrate.
        tracing::warn!(path = %wasm.display(), "the wasm module is missing: run programming-ui/build.sh");
    }
    let options = LeptosOptions::builder()
        .output_name("programming_ui")
        .site_root(config.site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .build();
    let api = ApiClient::new(&config.api_url).context("building the API client")?;
    Ok(Ui {
        state: UiState {
            options,
            api,
            trusted_proxies: Arc::new(config.trusted_proxies.clone()),
        },
        config,
        metrics: Arc::default(),
    })
}

impl Ui {
    /// Pages (`/`, `/assignments/{id}`), the static files (`/pkg/*`, `/style.css`,
    /// `/editor.js`) and a 404 page for everything else.
    pub fn router(&self) -> Router {
        let state = self.state.clone();
        let api = state.api.clone();
        let options = state.options.clone();
        let pages = Router::new()
            .route("/", get(root::redirect_to_next))
            .leptos_routes_with_context(
                &state,
                generate_route_list(App),
                move || provide_context(api.clone()),
                move || shell(options.clone()),
            )
            .layer(axum::middleware::from_fn_with_state(
                state.clone(),
                identity::ensure_session,
            ));
        let options = state.options.clone();
        let not_found =
            leptos_axum::render_app_to_stream_with_context(|| {}, move || shell(options.clone()));
        pages
            .merge(statics::router(&self.config.site_root))
            .fallback(not_found)
            .with_state(state)
    }

    /// What the UI's own process serves: [`Ui::router`] plus `/api/health`, `/api/ready`
    /// and `/metrics`, every request counted. In the all-in-one binary `/api/*` and
    /// `/metrics` belong to programming-api.
    fn own_router(&self) -> Router {
        let ops = ops::router(self.state.api.clone(), self.metrics.clone());
        self.router()
            .merge(ops)
            .layer(axum::middleware::from_fn_with_state(
                self.metrics.requests.clone(),
                contract::metrics::count_requests,
            ))
    }

    /// Serves the site with `/api/health`, `/api/ready` and `/metrics` on `listener`
    /// until `shutdown` resolves.
    pub async fn run(
        &self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        tracing::info!(addr = %listener.local_addr()?, "programming-ui is serving");
        contract::serve::serve(listener, self.own_router(), self.config.http, shutdown)
            .await
            .context("serving the UI")
    }
}
