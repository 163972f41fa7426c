//! Reading the sandbox's pipes with bounds, so that no output can exhaust the grader.

use tokio::io::{AsyncRead, AsyncReadExt};

/// How the run's stdout ended.
pub(super) enum Output {
    Ended(Vec<u8>),
    TooLong,
}

/// Reads `reader` to its end, or stops as soon as more than `cap` bytes arrived.
pub(super) async fn read_capped(
    reader: &mut (impl AsyncRead + Unpin),
    cap: usize,
) -> anyhow::Result<Output> {
    let mut output = Vec::new();
    let mut buffer = [0u8; 16 * 1024];
    loop {
        let read = reader.read(&mut buffer).await?;
        if read == 0 {
            return Ok(Output::Ended(output));
        }
        output.extend_from_slice(&buffer[..read]);
        if output.len() > cap {
            return Ok(Output::TooLong);
        }
    }
}

/// Reads `reader` to its end, keeping its first `limit` bytes.
pub(super) async fn read_bounded(mut reader: impl AsyncRead + Unpin, limit: usize) -> Vec<u8> {
    let mut kept = Vec::new();
    let mut buffer = [0u8; 4096];
    while let Ok(read) = reader.read(&mut buffer).await {
        if read == 0 {
            break;
        }
        let room = limit.saturating_sub(kept.len());
        kept.extend_from_slice(&buffer[..read.min(room)]);
    }
    kept
}
