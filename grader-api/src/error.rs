//! The grader's one error type.

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("database error")]
    Database(#[from] sqlx::Error),
    #[error("redis error")]
    Redis(#[from] redis::RedisError),
    /// The API accepts only known languages: a row in another one is a platform fault.
    #[error("the assignment's language {0:?} is not one this grader knows")]
    UnknownLanguage(String),
}
