//! The dashboard's state: what it shows, as signals, which the page draws and its live
//! connection keeps current.

use leptos::prelude::*;
use wire::stats::{Stats, StatsSample};
use wire::Submission;

use crate::model::dashboard::DashboardData;

/// What the dashboard shows, as signals (`Copy`).
#[derive(Clone, Copy)]
pub(super) struct Board {
    pub(super) stats: RwSignal<Stats>,
    /// The charts' last hour, oldest first.
    pub(super) samples: RwSignal<Vec<StatsSample>>,
    /// The latest submissions, newest first.
    pub(super) feed: RwSignal<Vec<Submission>>,
    pub(super) connected: RwSignal<bool>,
}

impl Board {
    pub(super) fn new(data: &DashboardData) -> Board {
        Board {
            stats: RwSignal::new(data.stats.clone()),
            samples: RwSignal::new(data.history.clone()),
            feed: RwSignal::new(Vec::new()),
            connected: RwSignal::new(false),
        }
    }
}
