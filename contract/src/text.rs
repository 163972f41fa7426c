//! Text as Postgres and every client can hold it.
//!
//! A Rust `String` is valid UTF-8 but may contain NUL, which Postgres `text` and `jsonb`
//! refuse. Whatever a submission prints, raises or returns passes through
//! [`make_storable`] before it is stored or sent, so no learner's bytes can make a result
//! unstorable.

/// What replaces a character that cannot be stored.
pub const REPLACEMENT: char = '\u{FFFD}';

/// Whether Postgres can store `text` as it is.
pub fn is_storable(text: &str) -> bool {
    !text.contains('\0')
}

/// Replaces every character of `text` that Postgres cannot store by U+FFFD.
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
        let mut kept = String::from("plain é \u{202e}");
        make_storable(&mut kept);
        assert_eq!(kept, "plain é \u{202e}");
        let mut owned = String::from("\0\u{1b}[31m");
        make_storable(&mut owned);
        assert_eq!(owned, "\u{FFFD}\u{1b}[31m");
        assert!(!is_storable("x\0"));
    }
}
