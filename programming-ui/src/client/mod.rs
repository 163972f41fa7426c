//! Browser-only code: calls to the same-origin API, the live WebSocket and the bridge to
//! the CodeMirror bundle. `http`, `dom` and `editor` stand alone, `actions` uses
//! `http` and `editor`, `live` uses `actions`, `admin` (the teacher's calls) uses `http`
//! and `dom`; the page wires them together (what the editor's Ctrl/⌘ + Enter does, when
//! the live connection opens and closes).

pub(crate) mod actions;
pub(crate) mod admin;
pub(crate) mod dom;
pub(crate) mod editor;
mod http;
pub(crate) mod live;
