//! The learner UI in headless Chromium against the real platform (fresh database,
//! real grader): solve, fail, come back, phone layout, errors, time to first render;
//! the teacher's authoring pages, live dashboard and submissions.
//!
//! Needs `eval "$(./platform env)"`, Debian's chromium + chromium-driver, and the UI
//! built by `programming-ui/build.sh`. Screenshots go to `target/screenshots/<test>/`.

mod authoring;
mod dashboard;
mod editor;
mod harness;
mod languages;
mod learner;
mod look;

/// The reference solution of "Hello".
const HELLO: &str = "def hello():\n    return \"Hello\"\n";
/// A solution of "Hello" that fails with `'hello' != 'Hello'`.
const HELLO_WRONG: &str = "def hello():\n    return \"hello\"\n";
