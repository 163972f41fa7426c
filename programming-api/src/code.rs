//! Submitted source code and the limits it must satisfy.

use sha2::{Digest, Sha256};

use crate::error::ApiError;

/// Submitted code, at most [`SubmittedCode::MAX_BYTES`] bytes. Only [`SubmittedCode::parse`]
/// makes one, so a value of this type has always passed the size check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SubmittedCode(String);

impl SubmittedCode {
    /// 64 KiB: far more than any exercise needs, small enough to store and grade cheaply.
    pub(crate) const MAX_BYTES: usize = 64 * 1024;

    pub(crate) fn parse(code: String) -> Result<Self, ApiError> {
        if code.len() > Self::MAX_BYTES {
            return Err(ApiError::CodeTooLarge {
                limit: Self::MAX_BYTES,
                actual: code.len(),
            });
        }
        Ok(SubmittedCode(code))
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// The SHA-256 of the code: with the assignment's test version it identifies an
    /// earlier verdict that can be reused. Hashing 64 KiB takes well under a
    /// millisecond, so it runs inline rather than on the blocking pool.
    pub(crate) fn hash(&self) -> Vec<u8> {
        Sha256::digest(self.0.as_bytes()).to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_exactly_the_limit_and_rejects_one_byte_more() {
        assert!(SubmittedCode::parse("x".repeat(SubmittedCode::MAX_BYTES)).is_ok());
        let err = SubmittedCode::parse("x".repeat(SubmittedCode::MAX_BYTES + 1)).unwrap_err();
        assert!(matches!(err, ApiError::CodeTooLarge { actual, .. } if actual == 65537));
    }

    #[test]
    fn the_limit_counts_bytes_not_characters() {
        // "é" is two bytes in UTF-8.
        let code = "é".repeat(SubmittedCode::MAX_BYTES / 2 + 1);
        assert!(SubmittedCode::parse(code).is_err());
    }

    #[test]
    fn equal_code_hashes_equally() {
        let a = SubmittedCode::parse("print(1)".into()).unwrap();
        let b = SubmittedCode::parse("print(1)".into()).unwrap();
        let c = SubmittedCode::parse("print(2)".into()).unwrap();
        assert_eq!(a.hash(), b.hash());
        assert_ne!(a.hash(), c.hash());
        assert_eq!(a.hash().len(), 32);
    }
}
