//! The languages of `grader-image/languages.toml`, as the API names their work streams.

use crate::error::ApiError;

/// The static name of `language`, which names its streams (`contract::keys::Queue`). A
/// stored assignment in a language this build does not know is a server fault: the API
/// accepts only known languages.
pub(crate) fn name_of(language: &str) -> Result<&'static str, ApiError> {
    course::languages::get(language)
        .map(|known| known.name.as_str())
        .ok_or_else(|| {
            ApiError::Internal(anyhow::anyhow!(
                "an assignment's language {language:?} is not in languages.toml"
            ))
        })
}
