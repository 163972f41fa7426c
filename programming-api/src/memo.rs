//! The catalog as this process last read it, for a second: every learner's page lists it,
//! and reading it from Redis meant a round trip and a JSON parse per request (issue 15).
//!
//! A second is how stale a replica's copy can be after a teacher's change on another
//! replica; the replica that made the change forgets its copy at once (`forget`). Redis
//! keeps its own copy for the other replicas' next reads.
//!
//! Submissions read their assignment's test version and language from here too: during a
//! rush every submission read the same row. A teacher's change on another replica reaches
//! this one's submissions within the second.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use wire::Assignment;

/// How long a copy is used before the shared cache (or Postgres) is read again.
pub(crate) const TTL: Duration = Duration::from_secs(1);

/// One assignment as every learner sees it in the list (no per-learner fields).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct CatalogEntry {
    pub(crate) id: i64,
    pub(crate) title: String,
    pub(crate) order: i32,
    pub(crate) language: String,
    pub(crate) points: i32,
}

type Copy<T> = (Instant, Arc<T>);

/// What a submission needs to know of its assignment: the tests' version (verdicts are
/// reused within one) and the language (the stream it goes to).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Gradable {
    pub(crate) test_version: i32,
    pub(crate) language: String,
}

#[derive(Debug, Default)]
pub(crate) struct CatalogMemo {
    list: Mutex<Option<Copy<Vec<CatalogEntry>>>>,
    assignments: Mutex<HashMap<i64, Copy<Assignment>>>,
    /// Published assignments as submissions see them.
    gradable: Mutex<HashMap<i64, Copy<Gradable>>>,
}

fn fresh<T>(copy: Option<&Copy<T>>, now: Instant) -> Option<Arc<T>> {
    copy.filter(|(since, _)| now.duration_since(*since) < TTL)
        .map(|(_, value)| Arc::clone(value))
}

impl CatalogMemo {
    pub(crate) fn list(&self, now: Instant) -> Option<Arc<Vec<CatalogEntry>>> {
        fresh(lock(&self.list).as_ref(), now)
    }

    pub(crate) fn keep_list(&self, entries: Arc<Vec<CatalogEntry>>, now: Instant) {
        *lock(&self.list) = Some((now, entries));
    }

    pub(crate) fn assignment(&self, id: i64, now: Instant) -> Option<Arc<Assignment>> {
        fresh(lock(&self.assignments).get(&id), now)
    }

    pub(crate) fn keep_assignment(&self, view: Arc<Assignment>, now: Instant) {
        let mut assignments = lock(&self.assignments);
        // Only what was read within the TTL is worth keeping.
        assignments.retain(|_, (since, _)| now.duration_since(*since) < TTL);
        assignments.insert(view.id, (now, view));
    }

    pub(crate) fn gradable(&self, id: i64, now: Instant) -> Option<Arc<Gradable>> {
        fresh(lock(&self.gradable).get(&id), now)
    }

    pub(crate) fn keep_gradable(&self, id: i64, gradable: Gradable, now: Instant) {
        let mut all = lock(&self.gradable);
        all.retain(|_, (since, _)| now.duration_since(*since) < TTL);
        all.insert(id, (now, Arc::new(gradable)));
    }

    /// Forgets the list and assignment `id` after this process changed them.
    pub(crate) fn forget(&self, id: i64) {
        *lock(&self.list) = None;
        lock(&self.assignments).remove(&id);
        lock(&self.gradable).remove(&id);
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: i64) -> CatalogEntry {
        CatalogEntry {
            id,
            title: format!("a{id}"),
            order: 1,
            language: "python".into(),
            points: 100,
        }
    }

    #[test]
    fn a_copy_lasts_its_ttl_and_a_change_forgets_it() {
        let memo = CatalogMemo::default();
        let now = Instant::now();
        assert!(memo.list(now).is_none());
        memo.keep_list(Arc::new(vec![entry(1)]), now);
        assert_eq!(memo.list(now).unwrap().len(), 1);
        assert!(memo.list(now + TTL).is_none());
        memo.keep_list(Arc::new(vec![entry(1)]), now);
        memo.forget(7);
        assert!(memo.list(now).is_none());

        let gradable = Gradable {
            test_version: 3,
            language: "python".into(),
        };
        memo.keep_gradable(7, gradable.clone(), now);
        assert_eq!(*memo.gradable(7, now).unwrap(), gradable);
        assert!(memo.gradable(7, now + TTL).is_none());
        assert!(memo.gradable(8, now).is_none());
        memo.forget(7);
        assert!(memo.gradable(7, now).is_none());
    }
}
