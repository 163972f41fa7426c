//! Rate limits (API.md "Limits"): how many submissions a learner, new learners an
//! address, and admin logins an address or a username may make per window.
//!
//! Each limit is a fixed window counted in Redis (`INCR`, and `PEXPIRE` on the first
//! hit, in one script), so every API replica counts together. When Redis cannot be
//! reached the same windows are counted in this process instead: the limit then holds
//! per replica (looser, never absent), and no request fails because Redis is down.

use std::collections::HashMap;
use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{anyhow, Context};
use contract::config::parse_or;
use contract::Keys;

use crate::shared_redis::SharedRedis;

use crate::error::ApiError;

/// At most `max` requests per `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub max: u32,
    pub window: Duration,
}

impl FromStr for Limit {
    type Err = anyhow::Error;

    /// `N/WINDOW`, the window in seconds, minutes or hours: `60/1m`, `1000/10m`, `5/30s`.
    fn from_str(text: &str) -> anyhow::Result<Limit> {
        let (max, window) = text
            .split_once('/')
            .ok_or_else(|| anyhow!("expected N/WINDOW such as 60/1m"))?;
        let max: u32 = max
            .trim()
            .parse()
            .context("the count is not a whole number")?;
        let window = window.trim();
        let split = window.len().saturating_sub(1);
        let (amount, unit) = window.split_at(split);
        let unit_secs = match unit {
            "s" => 1,
            "m" => 60,
            "h" => 3600,
            _ => return Err(anyhow!("the window must end in s, m or h")),
        };
        let amount: u64 = amount.parse().context("the window is not a whole number")?;
        anyhow::ensure!(max > 0 && amount > 0, "count and window must be above 0");
        Ok(Limit {
            max,
            window: Duration::from_secs(amount * unit_secs),
        })
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}s", self.max, self.window.as_secs())
    }
}

/// A setting that is a [`Limit`] or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Setting(pub(crate) Option<Limit>);

impl FromStr for Setting {
    type Err = anyhow::Error;

    fn from_str(text: &str) -> anyhow::Result<Setting> {
        if text.trim().eq_ignore_ascii_case("off") {
            return Ok(Setting(None));
        }
        text.parse().map(|limit| Setting(Some(limit)))
    }
}

/// Every limit the API enforces; `None` switches one off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimits {
    /// Submissions per learner.
    pub submissions: Option<Limit>,
    /// `POST /api/users` per client address.
    pub new_learners: Option<Limit>,
    /// Admin login attempts per client address.
    pub admin_logins_per_address: Option<Limit>,
    /// Admin login attempts per username, whichever address they come from.
    pub admin_logins_per_username: Option<Limit>,
}

const fn limit(max: u32, window_secs: u64) -> Option<Limit> {
    Some(Limit {
        max,
        window: Duration::from_secs(window_secs),
    })
}

impl Default for RateLimits {
    /// Sized so that a class of 300 behind one NAT address never meets them (see the
    /// README's configuration table for the reasoning).
    fn default() -> Self {
        RateLimits {
            submissions: limit(60, 60),
            new_learners: limit(1000, 600),
            admin_logins_per_address: limit(30, 900),
            admin_logins_per_username: limit(10, 900),
        }
    }
}

impl RateLimits {
    /// `RATE_LIMIT_SUBMISSIONS`, `RATE_LIMIT_NEW_LEARNERS`,
    /// `RATE_LIMIT_ADMIN_LOGINS_PER_ADDRESS`, `RATE_LIMIT_ADMIN_LOGINS_PER_USERNAME`.
    pub fn from_env() -> anyhow::Result<RateLimits> {
        let defaults = RateLimits::default();
        let read = |name, default| parse_or(name, Setting(default)).map(|setting| setting.0);
        Ok(RateLimits {
            submissions: read("RATE_LIMIT_SUBMISSIONS", defaults.submissions)?,
            new_learners: read("RATE_LIMIT_NEW_LEARNERS", defaults.new_learners)?,
            admin_logins_per_address: read(
                "RATE_LIMIT_ADMIN_LOGINS_PER_ADDRESS",
                defaults.admin_logins_per_address,
            )?,
            admin_logins_per_username: read(
                "RATE_LIMIT_ADMIN_LOGINS_PER_USERNAME",
                defaults.admin_logins_per_username,
            )?,
        })
    }
}

/// What a limit counts in; part of the Redis key.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Bucket {
    Submissions,
    NewLearners,
    AdminLoginsPerAddress,
    AdminLoginsPerUsername,
}

impl Bucket {
    fn name(self) -> &'static str {
        match self {
            Bucket::Submissions => "submissions",
            Bucket::NewLearners => "new-learners",
            Bucket::AdminLoginsPerAddress => "admin-login-address",
            Bucket::AdminLoginsPerUsername => "admin-login-username",
        }
    }
}

/// How long a limit check waits for Redis before counting in-process instead.
const REDIS_TIMEOUT: Duration = Duration::from_secs(1);
/// The most windows the in-process fallback keeps; beyond it (expired ones pruned
/// first) requests are let through rather than memory grown without bound.
const LOCAL_CAPACITY: usize = 100_000;

/// Counts one hit in window `KEYS[1]` of `ARGV[1]` ms and returns the count and the
/// window's remaining milliseconds. Atomic, so a burst cannot slip past the count.
const HIT_SCRIPT: &str = r"local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if count == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}";

/// Checks and counts requests against the configured limits.
#[derive(Clone)]
pub(crate) struct RateLimiter {
    limits: Arc<RateLimits>,
    /// The connection requests share: a pooled one cost a round trip of its own per hit.
    redis: SharedRedis,
    keys: Keys,
    local: Arc<Mutex<HashMap<String, (u64, Instant)>>>,
}

impl RateLimiter {
    pub(crate) fn new(limits: RateLimits, redis: SharedRedis, keys: Keys) -> RateLimiter {
        RateLimiter {
            limits: Arc::new(limits),
            redis,
            keys,
            local: Arc::default(),
        }
    }

    /// Counts this request against `bucket` for `subject`: 429 `rate_limited` (with the
    /// seconds until the window ends) once the window holds more than the limit allows.
    pub(crate) async fn hit(&self, bucket: Bucket, subject: &str) -> Result<(), ApiError> {
        let Some(limit) = self.limit(bucket) else {
            return Ok(());
        };
        let key = self.keys.rate_limit(bucket.name(), subject);
        let (count, remaining) = match self.hit_redis(&key, limit).await {
            Ok(counted) => counted,
            Err(err) => {
                tracing::warn!(error = %format!("{err:#}"), bucket = bucket.name(),
                    "rate limit counted in this process: redis is unreachable");
                self.hit_local(key, limit)
            }
        };
        if count > u64::from(limit.max) {
            tracing::info!(bucket = bucket.name(), %limit, "rate limited");
            return Err(ApiError::RateLimited {
                retry_after: remaining,
            });
        }
        Ok(())
    }

    fn limit(&self, bucket: Bucket) -> Option<Limit> {
        match bucket {
            Bucket::Submissions => self.limits.submissions,
            Bucket::NewLearners => self.limits.new_learners,
            Bucket::AdminLoginsPerAddress => self.limits.admin_logins_per_address,
            Bucket::AdminLoginsPerUsername => self.limits.admin_logins_per_username,
        }
    }

    async fn hit_redis(&self, key: &str, limit: Limit) -> anyhow::Result<(u64, Duration)> {
        let counted = async {
            let mut conn = self.redis.connection().await?;
            let (count, ttl_ms): (u64, u64) = redis::cmd("EVAL")
                .arg(HIT_SCRIPT)
                .arg(1)
                .arg(key)
                .arg(limit.window.as_millis() as u64)
                .query_async(&mut conn)
                .await
                .context("counting in redis")?;
            anyhow::Ok((count, Duration::from_millis(ttl_ms)))
        };
        tokio::time::timeout(REDIS_TIMEOUT, counted)
            .await
            .map_err(|_| anyhow!("redis did not answer within {REDIS_TIMEOUT:?}"))?
    }

    fn hit_local(&self, key: String, limit: Limit) -> (u64, Duration) {
        let now = Instant::now();
        let mut windows = self
            .local
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if windows.len() >= LOCAL_CAPACITY && !windows.contains_key(&key) {
            windows.retain(|_, (_, ends)| *ends > now);
            if windows.len() >= LOCAL_CAPACITY {
                return (0, Duration::ZERO);
            }
        }
        let (count, ends) = windows.entry(key).or_insert((0, now + limit.window));
        if *ends <= now {
            *count = 0;
            *ends = now + limit.window;
        }
        *count += 1;
        (*count, *ends - now)
    }
}

/// The subject an address is counted under. An IPv6 client usually holds a whole /64,
/// so IPv6 addresses count per /64; IPv4 addresses count one by one.
pub(crate) fn address_subject(address: IpAddr) -> String {
    match address.to_canonical() {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_parse_from_count_and_window() {
        assert_eq!(
            "60/1m".parse::<Limit>().unwrap(),
            Limit {
                max: 60,
                window: Duration::from_secs(60)
            }
        );
        assert_eq!(
            "5/30s".parse::<Limit>().unwrap().window,
            Duration::from_secs(30)
        );
        assert_eq!(
            "2/1h".parse::<Limit>().unwrap().window,
            Duration::from_secs(3600)
        );
        assert_eq!("off".parse::<Setting>().unwrap(), Setting(None));
        for bad in ["60", "x/1m", "60/1d", "0/1m", "5/0s", "5/m", ""] {
            assert!(bad.parse::<Setting>().is_err(), "{bad}");
        }
    }

    #[test]
    fn ipv6_clients_count_per_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::2".parse().unwrap();
        assert_eq!(address_subject(a), address_subject(b));
        assert_eq!(address_subject("192.0.2.1".parse().unwrap()), "192.0.2.1");
        assert_eq!(
            address_subject("::ffff:192.0.2.1".parse().unwrap()),
            "192.0.2.1"
        );
    }

    #[test]
    fn the_local_fallback_counts_fixed_windows() {
        let redis = SharedRedis::new("redis://127.0.0.1:1/", Duration::from_millis(100)).unwrap();
        let limiter = RateLimiter::new(RateLimits::default(), redis, Keys::default());
        let limit = Limit {
            max: 2,
            window: Duration::from_millis(50),
        };
        assert_eq!(limiter.hit_local("k".into(), limit).0, 1);
        assert_eq!(limiter.hit_local("k".into(), limit).0, 2);
        let (count, remaining) = limiter.hit_local("k".into(), limit);
        assert_eq!(count, 3);
        assert!(remaining <= limit.window);
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(limiter.hit_local("k".into(), limit).0, 1, "a new window");
        assert_eq!(limiter.hit_local("other".into(), limit).0, 1);
    }
}
