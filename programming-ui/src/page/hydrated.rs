//! The signal the browser tests wait for before they click: `body[data-hydrated]`.

use leptos::prelude::*;

/// Marks the page as interactive. It runs in an effect, which only runs in the browser and
/// only after hydration; effects run in the order they were created, so a component calls
/// this after its own effects.
pub(super) fn mark_hydrated() {
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        crate::client::dom::mark_hydrated();
    });
}
