//! programming-api against real Postgres and Redis (see helpers.rs for the set-up).

mod assignments;
mod drain;
mod errors;
mod helpers;
mod identity;
mod limits;
mod listing;
mod openapi;
mod ops;
mod outage;
mod submissions;
mod timeouts;
