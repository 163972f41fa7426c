//! The sandbox test binary: the runner's own Python tests, and every sandbox backend
//! listed in `TEST_SANDBOX` (default `docker,process`) against the real thing
//! (`./platform image` starts dockerd, builds the image and the process backend's rootfs).

mod attacks;
mod bench;
mod catalog;
mod corpus;
mod helpers;
mod host_side;
mod io_cases;
mod isolation;
mod limits;
mod reaper;
mod runner_py;
mod survivors;
mod text;
mod warm;
