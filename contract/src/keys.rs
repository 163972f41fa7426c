//! Names of everything the services share in Redis.
//!
//! All names hang off one prefix so that several deployments (or several tests)
//! can share a Redis server without seeing each other's jobs, events or cache.

use uuid::Uuid;

/// The consumer group every grader reads the submission stream in.
pub const GRADER_GROUP: &str = "graders";

/// The field of a stream entry that holds the submission id.
pub const JOB_FIELD: &str = "submission_id";

/// The field of a stream entry that holds a check's id (code graded against tests that
/// are not stored: a draft's reference solution).
pub const CHECK_FIELD: &str = "check_id";

/// How long a check's request and result stay in Redis: longer than anyone waits for it.
pub const CHECK_TTL_SECS: u64 = 300;

/// The prefix of every name unless `REDIS_PREFIX` says otherwise.
const DEFAULT_PREFIX: &str = "cp:";

/// The two streams graders read: learners' submissions (and teachers' checks) first, and
/// regrades only when no interactive work waits (ARCHITECTURE.md "lanes").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, sqlx::Type)]
#[sqlx(type_name = "text", rename_all = "snake_case")]
pub enum Lane {
    Interactive,
    Bulk,
}

impl Lane {
    /// In the order graders drain them.
    pub const ALL: [Lane; 2] = [Lane::Interactive, Lane::Bulk];

    /// The name the database and the dashboard use.
    pub fn as_str(self) -> &'static str {
        match self {
            Lane::Interactive => "interactive",
            Lane::Bulk => "bulk",
        }
    }
}

/// One work stream: a language's lane. Graders are started for a set of languages and
/// read only their streams (ARCHITECTURE.md "streams per language").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Queue {
    /// A language of `grader-image/languages.toml` (`python`, `cpp`, ...).
    pub language: &'static str,
    pub lane: Lane,
}

impl Queue {
    /// `language`'s learners' stream.
    pub fn interactive(language: &'static str) -> Queue {
        Queue {
            language,
            lane: Lane::Interactive,
        }
    }

    /// `language`'s regrades.
    pub fn bulk(language: &'static str) -> Queue {
        Queue {
            language,
            lane: Lane::Bulk,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keys {
    prefix: String,
}

impl Keys {
    /// `prefix` is prepended verbatim; production uses `cp:`.
    pub fn new(prefix: impl Into<String>) -> Self {
        Keys {
            prefix: prefix.into(),
        }
    }

    /// The names every service uses: `REDIS_PREFIX` (or `REDIS_PREFIX_FILE`), `cp:` when it
    /// is unset or empty - the one rule, read in one place.
    pub fn from_env() -> anyhow::Result<Self> {
        Ok(Keys::new(crate::config::parse_or(
            "REDIS_PREFIX",
            DEFAULT_PREFIX.to_owned(),
        )?))
    }

    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// Python's stream of learners' submissions and teachers' checks (what tests and
    /// tools of the default language use).
    pub fn submission_stream(&self) -> String {
        self.stream(Queue::interactive("python"))
    }

    /// The work stream of one language's lane: `submissions:<language>` for learners'
    /// submissions and teachers' checks, `submissions:<language>:bulk` for regrades.
    pub fn stream(&self, queue: Queue) -> String {
        match queue.lane {
            Lane::Interactive => format!("{}submissions:{}", self.prefix, queue.language),
            Lane::Bulk => format!("{}submissions:{}:bulk", self.prefix, queue.language),
        }
    }

    /// The pub/sub channel carrying every submission event as teachers see it, and the
    /// dashboard's stats: the relay forwards it to admin sockets only.
    pub fn admin_channel(&self) -> String {
        format!("{}results:admin", self.prefix)
    }

    /// Set (with a short expiry) when a grader has published a submission's `running`
    /// event: a place-in-line frame published after it would move the learner's view
    /// back, so none is (see [`publish_queued_guarded`]).
    pub fn started_marker(&self, submission_id: Uuid) -> String {
        format!("{}started:{submission_id}", self.prefix)
    }

    /// Every grader's last heartbeat (`GraderBeat` JSON by name), for the dashboard.
    pub fn grader_registry(&self) -> String {
        format!("{}graders:seen", self.prefix)
    }

    /// Present while some relay has an admin socket: stats are computed only then.
    pub fn admins_watching(&self) -> String {
        format!("{}stats:watching", self.prefix)
    }

    /// Taken (with an expiry) by the API replica that computes this round of stats.
    pub fn stats_round(&self, what: &str) -> String {
        format!("{}stats:round:{what}", self.prefix)
    }

    /// The dashboard's history: `wire::stats::StatsSample` JSON, newest first.
    pub fn stats_samples(&self) -> String {
        format!("{}stats:samples", self.prefix)
    }

    /// The pub/sub channel carrying one learner's submission events.
    pub fn user_channel(&self, user_id: Uuid) -> String {
        format!("{}results:user:{user_id}", self.prefix)
    }

    /// The pattern matching every learner channel: the websocket relay's one subscription.
    pub fn user_channel_pattern(&self) -> String {
        format!("{}results:user:*", self.prefix)
    }

    /// The learner id a channel from [`Keys::user_channel_pattern`] belongs to.
    pub fn user_of_channel(&self, channel: &str) -> Option<Uuid> {
        let rest = channel
            .strip_prefix(&self.prefix)?
            .strip_prefix("results:user:")?;
        Uuid::parse_str(rest).ok()
    }

    /// A grader's heartbeat: present (with a short expiry) exactly while the consumer of
    /// that name is alive, so the others know within seconds when to take its jobs over.
    pub fn grader_heartbeat(&self, consumer: &str) -> String {
        format!("{}graders:alive:{consumer}", self.prefix)
    }

    /// A check's request (`wire::admin::CheckRequest` as JSON), read by the grader.
    pub fn check_request(&self, id: Uuid) -> String {
        format!("{}checks:request:{id}", self.prefix)
    }

    /// A check's result (`wire::admin::CheckResult` as JSON), a list the API waits on.
    pub fn check_result(&self, id: Uuid) -> String {
        format!("{}checks:result:{id}", self.prefix)
    }

    /// Cached catalog: the ordered list of assignments (without per-learner fields).
    pub fn assignment_list_cache(&self) -> String {
        format!("{}cache:assignments", self.prefix)
    }

    /// Cached learner view of one assignment.
    pub fn assignment_cache(&self, id: i64) -> String {
        format!("{}cache:assignment:{id}", self.prefix)
    }

    /// Cached set of assignment ids a learner has solved; the grader deletes it when
    /// one of their submissions passes.
    pub fn progress_cache(&self, user_id: Uuid) -> String {
        format!("{}{user_id}", self.progress_cache_prefix())
    }

    /// What every key of [`Keys::progress_cache`] starts with.
    pub fn progress_cache_prefix(&self) -> String {
        format!("{}cache:progress:", self.prefix)
    }

    /// A graded submission as `GET /api/submissions/{id}` answers it; dropped whenever its
    /// status changes ([`forget_submission`]).
    pub fn submission_cache(&self, id: Uuid) -> String {
        format!("{}{id}", self.submission_cache_prefix())
    }

    /// What every key of [`Keys::submission_cache`] starts with.
    pub fn submission_cache_prefix(&self) -> String {
        format!("{}cache:submission:", self.prefix)
    }

    /// The counter of one rate-limit window: `bucket` names the limit, `subject` whom
    /// it counts (a learner id, an address, a hashed username).
    pub fn rate_limit(&self, bucket: &str, subject: &str) -> String {
        format!("{}rate:{bucket}:{subject}", self.prefix)
    }
}

impl Default for Keys {
    fn default() -> Self {
        Keys::new(DEFAULT_PREFIX)
    }
}

/// The one command that puts a submission on the work stream: the API when it is
/// submitted, the reconciler when the stream lost it, a grader when it hands it back.
/// The stream is never trimmed: an entry may be the only record that a row needs grading.
pub fn enqueue(keys: &Keys, queue: Queue, submission_id: Uuid) -> redis::Cmd {
    let mut command = redis::cmd("XADD");
    command
        .arg(keys.stream(queue))
        .arg("*")
        .arg(JOB_FIELD)
        .arg(submission_id.to_string());
    command
}

/// The commands that store a check's request and put it on the work stream (in order, in
/// one pipeline). Graders of the language take checks from the stream of its learners'
/// submissions.
pub fn enqueue_check(
    keys: &Keys,
    language: &'static str,
    id: Uuid,
    request_json: &str,
) -> redis::Pipeline {
    let mut pipeline = redis::pipe();
    pipeline
        .cmd("SET")
        .arg(keys.check_request(id))
        .arg(request_json)
        .arg("EX")
        .arg(CHECK_TTL_SECS)
        .ignore()
        .cmd("XADD")
        .arg(keys.stream(Queue::interactive(language)))
        .arg("*")
        .arg(CHECK_FIELD)
        .arg(id.to_string())
        .ignore();
    pipeline
}

/// Drops a submission's cached answer (every status change does, with its frames).
pub fn forget_submission(keys: &Keys, id: Uuid) -> redis::Cmd {
    let mut command = redis::cmd("DEL");
    command.arg(keys.submission_cache(id));
    command
}

/// The one command that forgets a learner's cached progress (after a pass, by the
/// grader; after a reused passing verdict, by the API).
pub fn forget_progress(keys: &Keys, user_id: Uuid) -> redis::Cmd {
    let mut command = redis::cmd("DEL");
    command.arg(keys.progress_cache(user_id));
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channel_names_round_trip_to_their_user() {
        let keys = Keys::new("t1:");
        let user = Uuid::new_v4();
        assert_eq!(keys.user_of_channel(&keys.user_channel(user)), Some(user));
        assert_eq!(
            keys.user_of_channel(&Keys::new("t2:").user_channel(user)),
            None
        );
        assert_eq!(keys.user_of_channel("t1:results:user:not-a-uuid"), None);
    }

    #[test]
    fn each_language_has_a_stream_per_lane() {
        let keys = Keys::new("x:");
        assert_eq!(keys.stream(Queue::interactive("cpp")), "x:submissions:cpp");
        assert_eq!(keys.stream(Queue::bulk("cpp")), "x:submissions:cpp:bulk");
        assert_eq!(keys.submission_stream(), "x:submissions:python");
    }

    #[test]
    fn every_name_carries_the_prefix() {
        let keys = Keys::new("x:");
        let user = Uuid::nil();
        for name in [
            keys.submission_stream(),
            keys.user_channel(user),
            keys.user_channel_pattern(),
            keys.assignment_list_cache(),
            keys.assignment_cache(1),
            keys.progress_cache(user),
            keys.submission_cache(user),
            keys.grader_heartbeat("g1"),
            keys.check_request(user),
            keys.check_result(user),
            keys.stream(Queue::bulk("cpp")),
            keys.admin_channel(),
            keys.started_marker(user),
            keys.grader_registry(),
            keys.admins_watching(),
            keys.stats_round("x"),
            keys.stats_samples(),
        ] {
            assert!(name.starts_with("x:"), "{name}");
        }
    }
}
