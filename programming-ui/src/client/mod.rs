//! Browser-only code: calls to the same-origin API, the live WebSocket and the bridge to
//! the CodeMirror bundle. `http`, `dom`, `editor` and `live` stand alone, `actions`
//! (the learner's page, and what its live connection does) uses `http`, `editor` and
//! `live`, `admin` (the teacher's calls) uses `http` and `dom`; the pages wire them
//! together (what the editor's Ctrl/⌘ + Enter does, what each page's live connection
//! does with frames).

pub(crate) mod actions;
pub(crate) mod admin;
pub(crate) mod dom;
pub(crate) mod editor;
mod http;
pub(crate) mod live;
