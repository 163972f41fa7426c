//! The queue's order as this process last read it, for a second: every queued submission
//! a learner reads (its `POST`, its `GET`s) carries its place in line, and counting the
//! submissions ahead of it in Postgres on each request cost a scan of the whole queue,
//! which at the deadline's backlog made intake slower the longer the queue (issue 15).
//!
//! A place is a courtesy (API.md: frames update it at most once a second), so one read of
//! the line per second and process is enough; a submission queued after that read is
//! placed behind everything the read saw in its lane.
//!
//! The wait a place stands for comes from the queue's throughput model ([`QueueModel`]),
//! read at most once a second too; both are read through [`Fresh`], by one request at a
//! time.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use uuid::Uuid;

/// How long a read of the line is used.
pub(crate) const TTL: Duration = Duration::from_secs(1);

/// Where a queued submission stands: regrades (the bulk lane) after every learner's
/// submission, then by when it was queued, then by id.
pub(crate) type Key = (bool, DateTime<Utc>, Uuid);

/// One read of the line.
#[derive(Debug, Default)]
pub(crate) struct Snapshot {
    /// How many of the line's submissions are learners' (not regrades).
    learners: i64,
    /// Every queued submission's place (1 = next).
    places: HashMap<Uuid, i64>,
}

impl Snapshot {
    /// The snapshot of `keys`, in the order graders take them.
    pub(crate) fn of(mut keys: Vec<Key>) -> Snapshot {
        keys.sort_unstable();
        Snapshot {
            learners: keys.iter().filter(|(bulk, _, _)| !bulk).count() as i64,
            places: keys
                .iter()
                .enumerate()
                .map(|(index, (_, _, id))| (*id, index as i64 + 1))
                .collect(),
        }
    }

    /// The place of queued submission `id`: as read, or, queued since, behind every
    /// learner's submission the read saw.
    pub(crate) fn place(&self, id: Uuid) -> i64 {
        self.places.get(&id).copied().unwrap_or(self.learners + 1)
    }
}

/// What a place in line is turned into a wait with: how many submissions the live
/// graders run at once, and how long one run takes (the median of the last 5 minutes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct QueueModel {
    pub(crate) slots: i64,
    pub(crate) run: Duration,
}

impl QueueModel {
    /// About how long the submission at `position` (1 = next) waits for its verdict: the
    /// rounds of runs ahead of it, shared by every slot, then its own run.
    pub(crate) fn eta(self, position: i64) -> Duration {
        let ahead = u32::try_from((position - 1).max(0)).unwrap_or(u32::MAX);
        let slots = u32::try_from(self.slots.max(1)).unwrap_or(u32::MAX);
        self.run + self.run * ahead / slots
    }
}

/// The line, read at most once a [`TTL`] per process.
pub(crate) type Line = Fresh<Snapshot>;

/// A value read again at most once per TTL, by one request at a time: a lock that one
/// request holds while it reads, so that a thousand requests at once make one read.
pub(crate) struct Fresh<T> {
    ttl: Duration,
    last: tokio::sync::Mutex<Option<(Instant, Arc<T>)>>,
}

impl<T> Fresh<T> {
    pub(crate) fn new(ttl: Duration) -> Fresh<T> {
        Fresh {
            ttl,
            last: tokio::sync::Mutex::new(None),
        }
    }

    /// The value, read again with `read` when older than the TTL.
    pub(crate) async fn get<F, Fut>(&self, read: F) -> anyhow::Result<Arc<T>>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = anyhow::Result<T>>,
    {
        let mut last = self.last.lock().await;
        if let Some((at, value)) = last.as_ref() {
            if at.elapsed() < self.ttl {
                return Ok(Arc::clone(value));
            }
        }
        let value = Arc::new(read().await?);
        *last = Some((Instant::now(), Arc::clone(&value)));
        Ok(value)
    }
}

impl Default for Line {
    fn default() -> Line {
        Fresh::new(TTL)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_grows_with_the_rounds_ahead() {
        let model = QueueModel {
            slots: 4,
            run: Duration::from_millis(800),
        };
        assert_eq!(model.eta(1), Duration::from_millis(800));
        assert_eq!(model.eta(5), Duration::from_millis(1600));
        assert_eq!(model.eta(9), Duration::from_millis(2400));
        // No grader alive: counted as one slot rather than dividing by zero.
        let none = QueueModel { slots: 0, ..model };
        assert_eq!(none.eta(3), Duration::from_millis(2400));
    }

    #[test]
    fn learners_come_before_regrades_then_by_age() {
        let at =
            |seconds: i64| DateTime::<Utc>::from_timestamp(1_800_000_000 + seconds, 0).unwrap();
        let (old_regrade, late, early, new) = (
            Uuid::new_v4(),
            Uuid::new_v4(),
            Uuid::new_v4(),
            Uuid::new_v4(),
        );
        let snapshot = Snapshot::of(vec![
            (true, at(0), old_regrade),
            (false, at(5), late),
            (false, at(1), early),
        ]);
        assert_eq!(snapshot.place(early), 1);
        assert_eq!(snapshot.place(late), 2);
        assert_eq!(snapshot.place(old_regrade), 3);
        // Queued after the read: behind the learners it saw, ahead of the regrades.
        assert_eq!(snapshot.place(new), 3);
    }

    #[tokio::test]
    async fn the_line_is_read_once_per_ttl() {
        let line = Line::default();
        let reads = std::sync::atomic::AtomicUsize::new(0);
        let read = || async {
            reads.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Ok(Snapshot::of(vec![(false, Utc::now(), Uuid::new_v4())]))
        };
        line.get(read).await.unwrap();
        line.get(read).await.unwrap();
        assert_eq!(reads.load(std::sync::atomic::Ordering::SeqCst), 1);
        *line.last.lock().await = None;
        line.get(read).await.unwrap();
        assert_eq!(reads.load(std::sync::atomic::Ordering::SeqCst), 2);
    }
}
