//! A whole platform per test, as the e2e tests start it, plus the built UI site.

#[path = "../../common/platform.rs"]
mod common;

pub(crate) use common::{site_root, TestPlatform, ADMIN_PASSWORD, ADMIN_USERNAME};

use std::path::Path;

/// Fails with instructions when the UI has not been built, rather than with a page
/// that never hydrates.
pub(super) fn require_site() {
    let root = site_root();
    for file in [
        "pkg/programming_ui_bg.wasm",
        "pkg/programming_ui.js",
        "editor.js",
    ] {
        let path = root.join(file);
        assert!(
            Path::new(&path).is_file(),
            "{} is missing: build the UI first with `programming-ui/build.sh`",
            path.display()
        );
    }
}
