//! programming-ui: the learner UI and the teacher's authoring pages (`/admin`). A Leptos
//! app rendered on the server (feature `ssr`,
//! served by [`Ui`]) and hydrated in the browser (feature `hydrate`, the wasm module
//! built by `build.sh`). It speaks only API.md: on the server over HTTP to
//! programming-api with the learner's cookie, in the browser to the same origin.

// The page's view types nest deeper than rustc's default limit when hydrating.
#![recursion_limit = "512"]

#[cfg(not(any(feature = "ssr", feature = "hydrate")))]
compile_error!("enable the `ssr` or the `hydrate` feature");

// The modules form layers; each uses only those below it (tests/layering.rs fails on
// any cycle between modules):
//   server             the axum server that renders the app (ssr; `hydrate` below is the
//                      browser's entry point)
//   app                the shell and the routes
//   page               the components (the teacher's under `page::admin`)
//   api | client       reading the API: on the server (ssr) | in the browser (hydrate)
//   state              the assignment page's live state
//   model, markdown,   what the UI adds to `wire`'s types (page data, labels, merging
//   charts             updates, errors; the authoring form and its draft); handout
//                      rendering and the dashboard's charts, the same on the server and
//                      in the browser

// `#[component]` generates `pub` builder methods on each component's props, whatever the
// component's own visibility; the lint cannot see that they never leave the crate.
#[allow(unreachable_pub)]
mod app;
#[allow(unreachable_pub)]
mod page;

#[cfg(feature = "ssr")]
mod api;
mod charts;
#[cfg(feature = "hydrate")]
mod client;
mod markdown;
mod model;
#[cfg(feature = "ssr")]
mod server;
mod state;

pub use app::App;
#[cfg(feature = "ssr")]
pub use server::{build, Config, Ui};

/// The wasm module's entry point: makes the server-rendered page interactive.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}
