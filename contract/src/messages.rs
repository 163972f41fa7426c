//! Messages that travel through Redis and the websocket: `wire`'s live-update frames.

pub use wire::live::{Event, Ping};
