//! Reading configuration from the environment, docker-secret style.
//!
//! Every service builds one typed config struct at start-up from these helpers and
//! never reads the environment again.

use std::str::FromStr;

use anyhow::{anyhow, Context};
use secrecy::SecretString;

/// The value of `NAME`, or the trimmed contents of the file named by `NAME_FILE`
/// (docker secrets live under /run/secrets). The file wins when both are set.
pub fn env_or_file(name: &str) -> anyhow::Result<Option<String>> {
    if let Ok(path) = std::env::var(format!("{name}_FILE")) {
        let value = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {name}_FILE ({path})"))?;
        return Ok(Some(value.trim_end_matches(['\n', '\r']).to_owned()));
    }
    Ok(std::env::var(name).ok())
}

/// Like [`env_or_file`], but the setting must be present.
pub fn required(name: &str) -> anyhow::Result<String> {
    env_or_file(name)?.ok_or_else(|| anyhow!("{name} (or {name}_FILE) must be set"))
}

/// A secret setting: it will not show up in logs or `Debug` output.
pub fn secret(name: &str) -> anyhow::Result<SecretString> {
    required(name).map(SecretString::from)
}

/// A connection URL from `URL_NAME` with the password from `PASSWORD_NAME` (or
/// `PASSWORD_NAME_FILE`) put in, when that is set: a swarm hands services the password
/// as a docker secret and the rest of the URL as plain configuration.
pub fn url_with_password(url_name: &str, password_name: &str) -> anyhow::Result<String> {
    let raw = required(url_name)?;
    let Some(password) = env_or_file(password_name)? else {
        return Ok(raw);
    };
    let mut url = url::Url::parse(&raw).with_context(|| format!("{url_name} is not a URL"))?;
    url.set_password(Some(&password))
        .map_err(|()| anyhow!("{url_name} has no host to give {password_name} to"))?;
    Ok(url.into())
}

/// `DATABASE_URL`, with `DATABASE_PASSWORD` put in when set.
pub fn database_url() -> anyhow::Result<String> {
    url_with_password("DATABASE_URL", "DATABASE_PASSWORD")
}

/// `REDIS_URL`, with `REDIS_PASSWORD` put in when set.
pub fn redis_url() -> anyhow::Result<String> {
    url_with_password("REDIS_URL", "REDIS_PASSWORD")
}

/// A parsed setting with a default.
pub fn parse_or<T>(name: &str, default: T) -> anyhow::Result<T>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    match env_or_file(name)? {
        Some(raw) if !raw.trim().is_empty() => raw
            .trim()
            .parse()
            .map_err(|err| anyhow!("{name}={raw:?} is not valid: {err}")),
        _ => Ok(default),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Each test uses its own variable names: the environment is process-wide.
    #[test]
    fn file_variant_wins_and_is_trimmed() {
        let dir = std::env::temp_dir().join(format!("cp-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("secret");
        std::fs::write(&file, "s3cret\n").unwrap();
        // SAFETY-free: set_var is safe in edition 2021; tests use unique names.
        std::env::set_var("CP_TEST_A", "plain");
        std::env::set_var("CP_TEST_A_FILE", &file);
        assert_eq!(env_or_file("CP_TEST_A").unwrap().as_deref(), Some("s3cret"));
        std::env::set_var("CP_TEST_B_FILE", dir.join("missing"));
        assert!(env_or_file("CP_TEST_B").is_err());
    }

    #[test]
    fn parse_or_defaults_and_reports_bad_values() {
        assert_eq!(parse_or("CP_TEST_UNSET", 7u16).unwrap(), 7);
        std::env::set_var("CP_TEST_PORT", "not-a-port");
        let err = parse_or("CP_TEST_PORT", 1u16).unwrap_err().to_string();
        assert!(err.contains("CP_TEST_PORT"), "{err}");
        std::env::set_var("CP_TEST_PORT2", " 8080 ");
        assert_eq!(parse_or("CP_TEST_PORT2", 1u16).unwrap(), 8080);
    }

    #[test]
    fn password_goes_into_the_url_escaped() {
        std::env::set_var("CP_TEST_URL", "postgres://platform@db:5432/code_platform");
        assert_eq!(
            url_with_password("CP_TEST_URL", "CP_TEST_URL_PW").unwrap(),
            "postgres://platform@db:5432/code_platform"
        );
        std::env::set_var("CP_TEST_URL_PW", "a/b@c");
        assert_eq!(
            url_with_password("CP_TEST_URL", "CP_TEST_URL_PW").unwrap(),
            "postgres://platform:a%2Fb%40c@db:5432/code_platform"
        );
        std::env::set_var("CP_TEST_REDIS", "redis://cache:6379/");
        std::env::set_var("CP_TEST_REDIS_PW", "pw");
        assert_eq!(
            url_with_password("CP_TEST_REDIS", "CP_TEST_REDIS_PW").unwrap(),
            "redis://:pw@cache:6379/"
        );
        std::env::set_var("CP_TEST_BAD_URL", "not a url");
        let err = url_with_password("CP_TEST_BAD_URL", "CP_TEST_REDIS_PW").unwrap_err();
        assert!(err.to_string().contains("CP_TEST_BAD_URL"), "{err}");
    }
}
