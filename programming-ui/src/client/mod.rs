//! Browser-only code: calls to the same-origin API, the live WebSocket and the bridge to
//! the CodeMirror bundle. `http` and `editor` stand alone, `actions` uses both, `live`
//! uses `actions`; the page wires them together (what the editor's Ctrl/⌘ + Enter does,
//! when the live connection opens and closes).

pub(crate) mod actions;
pub(crate) mod dom;
pub(crate) mod editor;
mod http;
pub(crate) mod live;
