//! The sandbox test binary: the runner's own Python tests, and the docker backend against
//! a real engine (`./platform image` starts dockerd and builds the image first).

mod catalog;
mod helpers;
mod isolation;
mod limits;
mod runner_py;
