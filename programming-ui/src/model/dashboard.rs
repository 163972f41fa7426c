//! What the teacher's dashboard adds to `wire::stats`: its page data, the hour of samples
//! its charts draw (the server's history, then a sample per live stats frame), how many
//! submissions the last minute saw, the feed of the latest submissions, the frames
//! waiting to be drawn, and the figures as a teacher reads them.

// Live updates are applied in the browser only; the server renders what it read.
#![cfg_attr(not(feature = "hydrate"), allow(dead_code))]

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use wire::live::Event;
use wire::stats::{Stats, StatsHistory, StatsSample};
use wire::Submission;

use super::submissions::follows;

/// How many submissions the feed shows.
pub(crate) const FEED_LEN: usize = 50;

/// What the dashboard opens with, read on the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct DashboardData {
    pub(crate) stats: Stats,
    /// The last hour, oldest first.
    pub(crate) history: Vec<StatsSample>,
}

/// Adds `sample` to the charts' samples (oldest first). The last sample stands in for
/// the latest figures until it is a whole interval after the one before it, so a frame
/// every 2 s moves the end of each line without making the series denser than the
/// server's; samples more than an hour older than the newest are dropped.
pub(crate) fn push_sample(samples: &mut Vec<StatsSample>, sample: StatsSample) {
    if samples.last().is_some_and(|last| last.at >= sample.at) {
        return;
    }
    let interval = Duration::seconds(StatsHistory::INTERVAL_SECS as i64);
    if let [.., before, _] = samples.as_slice() {
        if sample.at - before.at < interval {
            samples.pop();
        }
    }
    let oldest = sample.at - Duration::hours(1);
    samples.push(sample);
    let expired = samples.iter().take_while(|s| s.at < oldest).count();
    samples.drain(..expired);
}

/// Submissions made in the minute before a live stats frame, which does not carry that
/// figure (the server's history does). The dashboard counts the new submissions its
/// frames show; for the part of that minute before it started counting, it takes a
/// share of the figure the server last gave.
#[derive(Debug, Clone)]
pub(crate) struct SubmittedCounter {
    /// When counting started: the time of the server's last figure.
    since: DateTime<Utc>,
    /// The server's figure for the minute before `since`.
    before: i64,
    /// When each submission seen since then was made.
    seen: HashMap<Uuid, DateTime<Utc>>,
}

impl SubmittedCounter {
    /// Counts on from the newest sample of `data` (or its stats when it has none).
    pub(crate) fn new(data: &DashboardData) -> SubmittedCounter {
        let (since, before) = data.history.last().map_or((data.stats.at, 0), |last| {
            (last.at, last.submitted_last_minute)
        });
        SubmittedCounter {
            since,
            before,
            seen: HashMap::new(),
        }
    }

    /// Notes a submission frame (every frame of a submission carries when it was made).
    pub(crate) fn note(&mut self, submission: &Submission) {
        if submission.created_at > self.since {
            self.seen.insert(submission.id, submission.created_at);
        }
    }

    /// The submissions made in the minute before `at`.
    pub(crate) fn last_minute(&mut self, at: DateTime<Utc>) -> i64 {
        let start = at - Duration::minutes(1);
        self.seen.retain(|_, made| *made > start);
        let counted = self.seen.values().filter(|made| **made <= at).count() as i64;
        let uncounted_ms = (self.since - start).num_milliseconds().clamp(0, 60_000);
        counted + (self.before * uncounted_ms + 30_000) / 60_000
    }
}

/// Puts a submission's latest frame at the top of the feed (an earlier frame of it
/// leaves its place), keeping the newest [`FEED_LEN`].
pub(crate) fn into_feed(feed: &mut Vec<Submission>, update: Submission) {
    if let Some(index) = feed.iter().position(|s| s.id == update.id) {
        if !follows(&feed[index], &update) {
            return;
        }
        feed.remove(index);
    }
    feed.insert(0, update);
    feed.truncate(FEED_LEN);
}

/// The frames that arrived since the page last drew; it draws them together, at most
/// once a second, however many arrive. Only the latest stats count, and only the frames
/// the feed can still show are kept, so a tab in the background (whose timers the
/// browser slows) holds a bounded batch.
#[derive(Debug, Default)]
pub(crate) struct Batch {
    pub(crate) stats: Option<Stats>,
    /// Oldest first, one per submission: its latest frame.
    pub(crate) submissions: Vec<Submission>,
}

impl Batch {
    pub(crate) fn add(&mut self, event: Event) {
        match event {
            Event::Stats { stats } => self.stats = Some(*stats),
            Event::Submission { submission } => {
                self.submissions.retain(|s| s.id != submission.id);
                self.submissions.push(submission);
                if self.submissions.len() > FEED_LEN {
                    self.submissions.remove(0);
                }
            }
        }
    }
}

/// A duration as a headline reads it: `850 ms`, `4.2 s`, `12 s`, `3 min 5 s`; a dash for
/// none.
pub(crate) fn duration_text(ms: Option<i64>) -> String {
    match ms {
        None => "–".to_owned(),
        Some(ms) if ms < 1000 => format!("{ms} ms"),
        Some(ms) if ms < 10_000 => format!("{:.1} s", ms as f64 / 1000.0),
        Some(ms) if ms < 60_000 => format!("{} s", (ms + 500) / 1000),
        Some(ms) => {
            let seconds = (ms + 500) / 1000;
            format!("{} min {} s", seconds / 60, seconds % 60)
        }
    }
}

/// How long before `now` something was seen: `just now`, `4 s ago`, `2 min ago`.
pub(crate) fn ago(then: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let seconds = (now - then).num_seconds();
    match seconds {
        ..=0 => "just now".to_owned(),
        1..=59 => format!("{seconds} s ago"),
        _ => format!("{} min ago", seconds / 60),
    }
}

/// A share as a percentage: `67%`; a dash when nothing was graded.
pub(crate) fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "–".to_owned(), |rate| format!("{:.0}%", rate * 100.0))
}

#[cfg(test)]
mod tests;
