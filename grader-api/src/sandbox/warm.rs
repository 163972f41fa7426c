//! Sandboxes started before their job arrives.
//!
//! Most of a grade of a small submission is the sandbox's start: the namespaces or the
//! container, an interpreter, the runner's imports. None of it depends on the submission,
//! only on the job's [`Shape`] (its language and limits), so a backend starts the next
//! sandbox of a shape while the current one runs, and a job of that shape finds one
//! waiting for its request on stdin. Each sandbox still runs exactly one job and is
//! thrown away after it: warming moves the start off the learner's wait, it shares
//! nothing between jobs.
//!
//! The [`Pool`] only keeps the books: which started sandboxes wait, of which shape, and
//! how many are being started. The backend starts and retires them.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use course::languages::Language;
use tokio::sync::Notify;

use super::Job;

/// What the runner writes on stdout when it is set up and waits for its request.
pub(crate) const READY_LINE: &[u8] = b"CP-READY\n";
/// How long a sandbox may take to be set up before it is used as it is (a cold machine's
/// first start; one that failed is told apart when its request goes in).
pub(crate) const READY_WAIT: Duration = Duration::from_secs(10);

/// How long a started sandbox may wait for a job before it is retired unused. Docker's
/// reaper must not take it first (see `docker::reaper::warm_expires_at`).
pub(crate) const MAX_IDLE: Duration = Duration::from_secs(300);

/// Everything a sandbox is started with before its job is known: two jobs of one shape
/// can take each other's sandbox.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shape {
    pub(crate) language: &'static Language,
    /// The memory of the whole run, the runner's own aside ([`Job::run_memory_mb`]).
    pub(crate) memory_mb: u64,
    /// [`Job::run_address_space_mb`].
    pub(crate) address_space_mb: u64,
    /// [`Job::wall_limit`], which bounds the CPU time of every process of the run.
    pub(crate) wall_limit: Duration,
    /// A background job's sandbox yields the CPU ([`Job::background`]).
    pub(crate) background: bool,
    /// Whether the job has hidden tests (else only stdin/stdout cases).
    pub(crate) tests: bool,
}

impl Shape {
    pub(crate) fn of(job: &Job) -> Shape {
        Shape {
            language: job.language,
            memory_mb: job.run_memory_mb(),
            address_space_mb: job.run_address_space_mb(),
            wall_limit: job.wall_limit(),
            background: job.background,
            tests: !job.test_code.trim().is_empty(),
        }
    }

    /// The runner's arguments after its path (`runner.py`): it says when it is set up
    /// ([`READY_LINE`]), and with hidden unittest tests to come it starts the learner's
    /// interpreter before the request too.
    pub(crate) fn runner_args(&self) -> &'static [&'static str] {
        if self.tests && self.language.tests.as_deref() == Some("unittest") {
            &["--ready", "--start-child"]
        } else {
            &["--ready"]
        }
    }
}

impl PartialEq for Shape {
    fn eq(&self, other: &Shape) -> bool {
        self.language.name == other.language.name
            && self.memory_mb == other.memory_mb
            && self.address_space_mb == other.address_space_mb
            && self.wall_limit == other.wall_limit
            && self.background == other.background
            && self.tests == other.tests
    }
}

/// Started sandboxes waiting for a job, at most `capacity` of them, and the starts under way.
pub(crate) struct Pool<T> {
    capacity: usize,
    books: Mutex<Books<T>>,
    /// Told whenever a start ends.
    arrival: Notify,
    /// How many jobs took a waiting sandbox.
    taken: AtomicUsize,
}

struct Books<T> {
    /// Oldest first.
    idle: VecDeque<Idle<T>>,
    /// The shapes of the starts under way, one entry per start.
    starting: Vec<Shape>,
    /// The shapes jobs wait for (one entry per job) while a start is under way.
    waiters: Vec<Shape>,
    /// Drained for good (shutdown): nothing is started ahead or kept any more.
    closed: bool,
}

struct Idle<T> {
    shape: Shape,
    since: Instant,
    sandbox: T,
}

impl<T> Pool<T> {
    /// A pool of at most `capacity` waiting sandboxes; 0 turns warming off.
    pub(crate) fn new(capacity: usize) -> Pool<T> {
        Pool {
            capacity,
            books: Mutex::new(Books {
                idle: VecDeque::new(),
                starting: Vec::new(),
                waiters: Vec::new(),
                closed: false,
            }),
            arrival: Notify::new(),
            taken: AtomicUsize::new(0),
        }
    }

    fn books(&self) -> std::sync::MutexGuard<'_, Books<T>> {
        // The books hold no invariant a panicking holder could break halfway.
        self.books
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The newest waiting sandbox of `shape`, if any, and every sandbox that waited too
    /// long (the caller retires those).
    #[cfg(test)]
    fn take(&self, shape: &Shape, now: Instant) -> (Option<T>, Vec<T>) {
        let mut books = self.books();
        let stale = books.expire(now);
        (books.take(shape), stale)
    }

    /// A waiting sandbox of `shape`; when none waits but one is being started that no
    /// other job waits for, that one once it is ready (sooner than a start of its own
    /// would be, and without a second start's CPU). `None`: the caller starts its own.
    /// Also every sandbox that waited too long (the caller retires those).
    async fn take_or_wait(&self, shape: &Shape) -> (Option<T>, Vec<T>) {
        let deadline = tokio::time::Instant::now() + READY_WAIT;
        let mut stale = Vec::new();
        loop {
            let arrival = self.arrival.notified();
            tokio::pin!(arrival);
            arrival.as_mut().enable();
            {
                let mut books = self.books();
                stale.extend(books.expire(Instant::now()));
                if let Some(found) = books.take(shape) {
                    self.taken.fetch_add(1, Ordering::Relaxed);
                    return (Some(found), stale);
                }
                let starting = books.starting.iter().filter(|s| *s == shape).count();
                let waiters = books.waiters.iter().filter(|s| *s == shape).count();
                if starting <= waiters {
                    return (None, stale);
                }
                books.waiters.push(*shape);
            }
            let in_time = tokio::time::timeout_at(deadline, arrival).await.is_ok();
            let mut books = self.books();
            if let Some(at) = books.waiters.iter().position(|s| s == shape) {
                books.waiters.swap_remove(at);
            }
            if !in_time {
                let found = books.take(shape);
                self.taken
                    .fetch_add(usize::from(found.is_some()), Ordering::Relaxed);
                return (found, stale);
            }
        }
    }

    /// [`Pool::take_or_wait`], keeping the sandbox only if `alive` says it still waits
    /// (one may have ended while it waited). Also every sandbox nobody will use (stale or
    /// ended), which the caller retires.
    pub(crate) async fn take_alive(
        &self,
        shape: &Shape,
        alive: impl FnOnce(&mut T) -> bool,
    ) -> (Option<T>, Vec<T>) {
        let (found, mut unused) = self.take_or_wait(shape).await;
        let Some(mut sandbox) = found else {
            return (None, unused);
        };
        if alive(&mut sandbox) {
            return (Some(sandbox), unused);
        }
        tracing::warn!("a sandbox started ahead ended while it waited");
        unused.push(sandbox);
        (None, unused)
    }

    /// Whether the caller should start a sandbox of `shape` now: true (and counted as under
    /// way until [`Pool::arrived`]) when the waiting and starting ones of that shape that
    /// no job waits for yet are fewer than the capacity.
    pub(crate) fn claim_start(&self, shape: &Shape) -> bool {
        let mut books = self.books();
        let waiting = books
            .idle
            .iter()
            .filter(|idle| idle.shape == *shape)
            .count();
        let starting = books.starting.iter().filter(|s| *s == shape).count();
        let promised = books.waiters.iter().filter(|s| *s == shape).count();
        if books.closed || waiting + starting - promised.min(starting) >= self.capacity {
            return false;
        }
        books.starting.push(*shape);
        true
    }

    /// A start claimed with [`Pool::claim_start`] ended, with a sandbox or without (it
    /// failed). Returns what the pool cannot keep: the oldest waiting sandboxes beyond the
    /// capacity (the caller retires them).
    pub(crate) fn arrived(&self, shape: &Shape, sandbox: Option<T>, now: Instant) -> Vec<T> {
        let mut books = self.books();
        if let Some(at) = books.starting.iter().position(|s| s == shape) {
            books.starting.swap_remove(at);
        }
        if books.closed {
            drop(books);
            self.arrival.notify_waiters();
            return sandbox.into_iter().collect();
        }
        if let Some(sandbox) = sandbox {
            books.idle.push_back(Idle {
                shape: *shape,
                since: now,
                sandbox,
            });
        }
        let mut evicted = books.expire(now);
        while books.idle.len() > self.capacity {
            evicted.extend(books.idle.pop_front().map(|idle| idle.sandbox));
        }
        drop(books);
        self.arrival.notify_waiters();
        evicted
    }

    /// Every waiting sandbox, taken out for good (the caller retires them): from now on
    /// nothing is started ahead, and what was being started is handed back as it arrives.
    pub(crate) fn drain(&self) -> Vec<T> {
        let mut books = self.books();
        books.closed = true;
        books.idle.drain(..).map(|idle| idle.sandbox).collect()
    }

    /// How many sandboxes wait.
    pub(crate) fn waiting(&self) -> usize {
        self.books().idle.len()
    }

    /// How many jobs took a waiting sandbox (since the pool was made).
    pub(crate) fn taken(&self) -> usize {
        self.taken.load(Ordering::Relaxed)
    }
}

/// A start claimed with [`Pool::claim_start`], under way: it ends with
/// [`Claim::arrived`], or, dropped unfinished (its task cancelled at shutdown), as a failed
/// start, so that nobody waits for it.
pub(crate) struct Claim<T> {
    pool: Option<Arc<Pool<T>>>,
    shape: Shape,
}

impl<T> Claim<T> {
    pub(crate) fn new(pool: Arc<Pool<T>>, shape: Shape) -> Claim<T> {
        Claim {
            pool: Some(pool),
            shape,
        }
    }

    /// The start ended; see [`Pool::arrived`].
    pub(crate) fn arrived(mut self, sandbox: Option<T>) -> Vec<T> {
        match self.pool.take() {
            Some(pool) => pool.arrived(&self.shape, sandbox, Instant::now()),
            None => sandbox.into_iter().collect(),
        }
    }
}

impl<T> Drop for Claim<T> {
    fn drop(&mut self) {
        if let Some(pool) = self.pool.take() {
            pool.arrived(&self.shape, None, Instant::now());
        }
    }
}

impl<T> Books<T> {
    /// The newest waiting sandbox of `shape`.
    fn take(&mut self, shape: &Shape) -> Option<T> {
        self.idle
            .iter()
            .rposition(|idle| idle.shape == *shape)
            .and_then(|at| self.idle.remove(at))
            .map(|idle| idle.sandbox)
    }

    fn expire(&mut self, now: Instant) -> Vec<T> {
        let mut stale = Vec::new();
        while self
            .idle
            .front()
            .is_some_and(|idle| now.duration_since(idle.since) > MAX_IDLE)
        {
            stale.extend(self.idle.pop_front().map(|idle| idle.sandbox));
        }
        stale
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(memory_mb: u64) -> Shape {
        Shape::of(&Job {
            memory_limit_mb: u32::try_from(memory_mb).unwrap(),
            ..Job::default()
        })
    }

    #[test]
    fn a_job_takes_only_a_sandbox_of_its_own_shape_newest_first() {
        let pool = Pool::new(4);
        let now = Instant::now();
        let (small, large) = (shape(64), shape(128));
        for (shape, name) in [(small, "a"), (large, "b"), (small, "c")] {
            assert!(pool.claim_start(&shape));
            assert!(pool.arrived(&shape, Some(name), now).is_empty());
        }
        assert_eq!(pool.take(&small, now), (Some("c"), vec![]));
        assert_eq!(pool.take(&small, now), (Some("a"), vec![]));
        assert_eq!(pool.take(&small, now), (None, vec![]));
        let background = Shape {
            background: true,
            ..large
        };
        assert_eq!(pool.take(&background, now), (None, vec![]));
        assert_eq!(pool.take(&large, now), (Some("b"), vec![]));
    }

    #[test]
    fn starts_under_way_count_against_the_capacity() {
        let pool = Pool::<&str>::new(2);
        let small = shape(64);
        assert!(pool.claim_start(&small));
        assert!(pool.claim_start(&small));
        assert!(!pool.claim_start(&small), "two are starting already");
        // A failed start gives its claim back.
        pool.arrived(&small, None, Instant::now());
        assert!(pool.claim_start(&small));
        assert!(
            !Pool::<&str>::new(0).claim_start(&small),
            "capacity 0: no warming"
        );
    }

    #[test]
    fn the_oldest_beyond_the_capacity_and_the_stale_are_handed_back() {
        let pool = Pool::new(2);
        let now = Instant::now();
        let (small, large) = (shape(64), shape(128));
        assert!(pool.claim_start(&small));
        pool.arrived(&small, Some("old"), now);
        assert!(pool.claim_start(&large));
        pool.arrived(&large, Some("mid"), now);
        // A shape's own count is under the capacity, the pool's total is not.
        assert!(pool.claim_start(&large));
        assert_eq!(pool.arrived(&large, Some("new"), now), vec!["old"]);
        assert_eq!(pool.waiting(), 2);
        let later = now + MAX_IDLE + Duration::from_secs(1);
        assert_eq!(pool.take(&small, later), (None, vec!["mid", "new"]));
        assert_eq!(pool.waiting(), 0);
        assert!(pool.claim_start(&small));
        pool.arrived(&small, Some("last"), later);
        assert!(pool.claim_start(&small));
        assert_eq!(pool.drain(), vec!["last"]);
        assert_eq!(pool.waiting(), 0);
        // Closed: what was being started comes back, and nothing more starts.
        assert_eq!(pool.arrived(&small, Some("late"), later), vec!["late"]);
        assert_eq!(pool.waiting(), 0);
        assert!(!pool.claim_start(&small));
    }
}
