//! The signal every binary stops on.

/// Completes on Ctrl-C or SIGTERM (what `docker stop`, swarm updates and
/// `./platform down` send). Each service passes it to its `run` as the shutdown future.
pub async fn signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::error!(error = %err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutdown signal received");
}

/// [`signal`], then `linger` more of serving as usual before the drain starts.
///
/// Behind a balancer that learns late that a replica is stopping (the swarm removes the
/// task from its DNS about 2 s before SIGTERM; the edge re-resolves every second), a
/// replica that closed its listener at once would refuse connections the balancer already
/// sent it. `SHUTDOWN_LINGER_MS` sets `linger` in the services that take requests.
pub async fn signal_then_linger(linger: std::time::Duration) {
    signal().await;
    if !linger.is_zero() {
        tracing::info!(
            linger_ms = linger.as_millis() as u64,
            "still serving for a moment before draining"
        );
        tokio::time::sleep(linger).await;
    }
}

/// `SHUTDOWN_LINGER_MS` (default 0), for [`signal_then_linger`].
pub fn linger_from_env() -> anyhow::Result<std::time::Duration> {
    crate::config::parse_or("SHUTDOWN_LINGER_MS", 0u64).map(std::time::Duration::from_millis)
}
