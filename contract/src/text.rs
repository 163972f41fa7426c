//! Text as Postgres and every client can hold it.
//!
//! A Rust `String` is valid UTF-8 but may contain NUL, which Postgres `text` and `jsonb`
//! refuse. Whatever a submission prints, raises or returns passes through [`storable`]
//! before it is stored or sent, so no learner's bytes can make a result unstorable.

use std::borrow::Cow;

/// What replaces a character that cannot be stored.
pub const REPLACEMENT: char = '\u{FFFD}';

/// Whether Postgres can store `text` as it is.
pub fn is_storable(text: &str) -> bool {
    !text.contains('\0')
}

/// `text` with every character Postgres cannot store replaced by U+FFFD.
pub fn storable(text: &str) -> Cow<'_, str> {
    if is_storable(text) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.replace('\0', &REPLACEMENT.to_string()))
    }
}

/// [`storable`] in place, for owned strings.
pub fn make_storable(text: &mut String) {
    if !is_storable(text) {
        *text = text.replace('\0', &REPLACEMENT.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_is_replaced_and_other_text_is_kept() {
        assert!(matches!(storable("plain é \u{202e}"), Cow::Borrowed(_)));
        assert_eq!(storable("a\0b\0"), "a\u{FFFD}b\u{FFFD}");
        let mut owned = String::from("\0\u{1b}[31m");
        make_storable(&mut owned);
        assert_eq!(owned, "\u{FFFD}\u{1b}[31m");
        assert!(!is_storable("x\0"));
    }
}
