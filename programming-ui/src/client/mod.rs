//! Browser-only code: calls to the same-origin API, the live WebSocket and the bridge to
//! the CodeMirror bundle.

pub(crate) mod actions;
pub(crate) mod dom;
pub(crate) mod editor;
mod http;
pub(crate) mod live;
