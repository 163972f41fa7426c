//! The sessions this process has seen, kept in memory: nearly every request names one, and
//! asking Postgres each time cost a round trip per request (issue 15).
//!
//! A session is never revoked and a user's role never changes (nothing in the platform
//! signs out, deletes a session or a user, or changes a role), so a remembered session
//! stays true; it is still forgotten after `TTL`, and the whole memo is dropped when it
//! holds `CAPACITY` sessions (a flood of new learners cannot grow it without bound). An
//! unknown token is never remembered: it costs its query each time. Whatever comes to
//! revoke sessions must make every replica forget them here.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use contract::auth::{plausible_token, token_hash, user_for_token_hash, AuthUser};
use sqlx::PgPool;

/// How long a session is taken from memory before Postgres is asked again.
pub(crate) const TTL: Duration = Duration::from_secs(10 * 60);
/// At most this many sessions are remembered (about 100 bytes each).
pub(crate) const CAPACITY: usize = 100_000;

#[derive(Debug, Default)]
pub(crate) struct Sessions {
    known: Mutex<HashMap<Vec<u8>, (AuthUser, Instant)>>,
}

impl Sessions {
    /// The user behind `token`: from memory, else from Postgres (and then remembered).
    pub(crate) async fn user(&self, db: &PgPool, token: &str) -> sqlx::Result<Option<AuthUser>> {
        if !plausible_token(token) {
            return Ok(None);
        }
        let hash = token_hash(token);
        if let Some(user) = self.remembered(&hash, Instant::now()) {
            return Ok(Some(user));
        }
        let user = user_for_token_hash(db, &hash).await?;
        if let Some(user) = user {
            self.remember(hash, user, Instant::now());
        }
        Ok(user)
    }

    fn remembered(&self, hash: &[u8], now: Instant) -> Option<AuthUser> {
        let known = self
            .known
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        known
            .get(hash)
            .filter(|(_, since)| now.duration_since(*since) < TTL)
            .map(|(user, _)| *user)
    }

    fn remember(&self, hash: Vec<u8>, user: AuthUser, now: Instant) {
        let mut known = self
            .known
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if known.len() >= CAPACITY {
            known.clear();
        }
        known.insert(hash, (user, now));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use contract::auth::Role;

    fn user() -> AuthUser {
        AuthUser {
            id: uuid::Uuid::new_v4(),
            role: Role::Learner,
        }
    }

    #[test]
    fn a_session_is_remembered_until_its_ttl() {
        let sessions = Sessions::default();
        let (learner, now) = (user(), Instant::now());
        sessions.remember(token_hash("a"), learner, now);
        assert_eq!(sessions.remembered(&token_hash("a"), now), Some(learner));
        assert_eq!(sessions.remembered(&token_hash("b"), now), None);
        assert_eq!(sessions.remembered(&token_hash("a"), now + TTL), None);
    }

    #[test]
    fn a_full_memo_starts_again() {
        let sessions = Sessions::default();
        let now = Instant::now();
        for n in 0..CAPACITY {
            sessions.remember(token_hash(&n.to_string()), user(), now);
        }
        assert!(sessions.remembered(&token_hash("0"), now).is_some());
        sessions.remember(token_hash("one more"), user(), now);
        assert!(sessions.remembered(&token_hash("0"), now).is_none());
        assert!(sessions.remembered(&token_hash("one more"), now).is_some());
    }
}
