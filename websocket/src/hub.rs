//! The hub: one task that owns the [`Registry`] and fans each published event out.
//!
//! Registrations and events reach it through channels, so it never waits on a socket
//! and never holds a lock. Because a socket's registration is acknowledged before the
//! socket reads its first client message, a client that has had any reply is
//! guaranteed to receive every event published after it.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;

use axum::extract::ws::Utf8Bytes;
use contract::auth::AuthUser;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use crate::config::SocketLimits;
use crate::metrics::Metrics;
use crate::registry::{Audience, Client, Refusal, Registry};

/// An event read from a Redis channel, ready to send as a text frame.
#[derive(Debug)]
pub(crate) struct Published {
    pub(crate) audience: Audience,
    pub(crate) text: Utf8Bytes,
}

enum Command {
    Register {
        user: AuthUser,
        client: Client,
        done: oneshot::Sender<Result<(), Refusal>>,
    },
    Unregister {
        user: Uuid,
        id: u64,
    },
}

/// How sockets talk to the hub; cheap to clone.
#[derive(Clone)]
pub(crate) struct HubHandle {
    // Unbounded so that a dropping socket can unregister without awaiting; there is
    // at most one registration and one unregistration per socket in flight.
    commands: mpsc::UnboundedSender<Command>,
    next_id: Arc<AtomicU64>,
}

/// A socket's place in the hub; dropping it unregisters the socket.
pub(crate) struct Registration {
    user: Uuid,
    id: u64,
    commands: mpsc::UnboundedSender<Command>,
}

impl Drop for Registration {
    fn drop(&mut self) {
        let _ = self.commands.send(Command::Unregister {
            user: self.user,
            id: self.id,
        });
    }
}

/// Why [`HubHandle::register`] did not register a socket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refused {
    /// The hub has stopped.
    ShuttingDown,
    /// A [`SocketLimits`] limit is reached.
    Limit(Refusal),
}

impl HubHandle {
    /// Registers a socket and waits until the hub has it.
    pub(crate) async fn register(
        &self,
        user: AuthUser,
        queue: mpsc::Sender<Utf8Bytes>,
        kicked: CancellationToken,
    ) -> Result<Registration, Refused> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (done, registered) = oneshot::channel();
        let client = Client { id, queue, kicked };
        self.commands
            .send(Command::Register { user, client, done })
            .map_err(|_| Refused::ShuttingDown)?;
        registered
            .await
            .map_err(|_| Refused::ShuttingDown)?
            .map_err(Refused::Limit)?;
        Ok(Registration {
            user: user.id,
            id,
            commands: self.commands.clone(),
        })
    }
}

/// Starts the hub. It stops when `shutdown` is cancelled or `events` closes; either
/// way it drops every socket's queue, which closes those sockets.
pub(crate) fn spawn(
    events: mpsc::Receiver<Published>,
    limits: SocketLimits,
    metrics: Arc<Metrics>,
    admins: Arc<AtomicUsize>,
    shutdown: CancellationToken,
) -> (HubHandle, JoinHandle<()>) {
    let (commands, receiver) = mpsc::unbounded_channel();
    let handle = HubHandle {
        commands,
        next_id: Arc::new(AtomicU64::new(1)),
    };
    let task = tokio::spawn(run(
        receiver,
        events,
        Registry::new(limits),
        metrics,
        admins,
        shutdown,
    ));
    (handle, task)
}

#[tracing::instrument(name = "hub", skip_all)]
async fn run(
    mut commands: mpsc::UnboundedReceiver<Command>,
    mut events: mpsc::Receiver<Published>,
    mut registry: Registry,
    metrics: Arc<Metrics>,
    admins: Arc<AtomicUsize>,
    shutdown: CancellationToken,
) {
    loop {
        tokio::select! {
            // Registrations first: a socket waiting for its acknowledgement must not
            // wait behind a burst of events.
            biased;
            () = shutdown.cancelled() => break,
            Some(command) = commands.recv() => {
                match command {
                    Command::Register { user, client, done } => {
                        let _ = done.send(registry.add(user, client));
                    }
                    Command::Unregister { user, id } => registry.remove(user, id),
                }
                admins.store(registry.admin_sockets(), Ordering::Relaxed);
            }
            event = events.recv() => {
                let Some(Published { audience, text }) = event else { break };
                let delivery = registry.forward(audience, &text);
                metrics.add_forwarded(delivery.forwarded);
                metrics.add_dropped(delivery.dropped);
                if delivery.dropped > 0 {
                    admins.store(registry.admin_sockets(), Ordering::Relaxed);
                }
            }
        }
    }
    tracing::info!(sockets = registry.len(), "hub stopped");
}
