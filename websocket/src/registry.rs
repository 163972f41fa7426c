//! Who is connected: the hub's in-memory map from learners (and admins) to sockets.
//!
//! It is plain data owned by the hub task, so fan-out needs no lock and frames leave
//! in the order they arrived.

use std::collections::HashMap;

use axum::extract::ws::Utf8Bytes;
use contract::auth::{AuthUser, Role};
use tokio::sync::mpsc::{self, error::TrySendError};
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use crate::config::SocketLimits;

/// One registered socket, as the hub sees it.
#[derive(Debug)]
pub(crate) struct Client {
    /// Unique per process, so a socket can unregister without touching its siblings.
    pub(crate) id: u64,
    /// The socket's bounded FIFO queue of frames to send.
    pub(crate) queue: mpsc::Sender<Utf8Bytes>,
    /// Cancelled by the hub when the queue is full: the socket then closes itself.
    pub(crate) kicked: CancellationToken,
}

/// Whom a published event is for: a learner's channel reaches that learner's sockets, the
/// admins' channel (every submission as teachers see it, and stats) every admin socket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Audience {
    Learner(Uuid),
    Admins,
}

/// What one fan-out did, for the metrics.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Delivery {
    pub(crate) forwarded: u64,
    pub(crate) dropped: u64,
}

/// Why a socket was not registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// The process holds `SocketLimits::per_process` sockets.
    ProcessFull,
    /// This user holds `SocketLimits::per_user` sockets.
    UserFull,
}

#[derive(Debug, Default)]
pub(crate) struct Registry {
    learners: HashMap<Uuid, Vec<Client>>,
    /// Admin sockets get the admins' channel, so they are kept apart from learners.
    admins: HashMap<Uuid, Vec<Client>>,
    limits: SocketLimits,
}

impl Registry {
    pub(crate) fn new(limits: SocketLimits) -> Registry {
        Registry {
            limits,
            ..Registry::default()
        }
    }

    pub(crate) fn add(&mut self, user: AuthUser, client: Client) -> Result<(), Refusal> {
        if self.len() >= self.limits.per_process {
            return Err(Refusal::ProcessFull);
        }
        let owners = match user.role {
            Role::Admin => &mut self.admins,
            Role::Learner => &mut self.learners,
        };
        let sockets = owners.entry(user.id).or_default();
        if sockets.len() >= self.limits.per_user {
            if sockets.is_empty() {
                owners.remove(&user.id);
            }
            return Err(Refusal::UserFull);
        }
        sockets.push(client);
        Ok(())
    }

    pub(crate) fn remove(&mut self, user: Uuid, id: u64) {
        for owners in [&mut self.learners, &mut self.admins] {
            if let Some(clients) = owners.get_mut(&user) {
                clients.retain(|client| client.id != id);
                if clients.is_empty() {
                    owners.remove(&user);
                }
            }
        }
    }

    /// Queues `text` for the sockets `audience` names. A socket whose queue is full is
    /// kicked and forgotten, so one slow reader never holds up the rest.
    pub(crate) fn forward(&mut self, audience: Audience, text: &Utf8Bytes) -> Delivery {
        let mut delivery = Delivery::default();
        match audience {
            Audience::Learner(user) => {
                if let Some(clients) = self.learners.get_mut(&user) {
                    offer(clients, text, &mut delivery);
                    if clients.is_empty() {
                        self.learners.remove(&user);
                    }
                }
            }
            Audience::Admins => self.admins.retain(|_, clients| {
                offer(clients, text, &mut delivery);
                !clients.is_empty()
            }),
        }
        delivery
    }

    /// How many admin sockets are open (stats are computed only while there are any).
    pub(crate) fn admin_sockets(&self) -> usize {
        self.admins.values().map(Vec::len).sum()
    }

    pub(crate) fn len(&self) -> usize {
        self.admins
            .values()
            .chain(self.learners.values())
            .map(Vec::len)
            .sum()
    }
}

fn offer(clients: &mut Vec<Client>, text: &Utf8Bytes, delivery: &mut Delivery) {
    clients.retain(|client| match client.queue.try_send(text.clone()) {
        Ok(()) => {
            delivery.forwarded += 1;
            true
        }
        Err(TrySendError::Full(_)) => {
            tracing::warn!(client = client.id, "dropping a socket that is too slow");
            delivery.dropped += 1;
            client.kicked.cancel();
            false
        }
        // The socket is gone; its unregistration is on its way.
        Err(TrySendError::Closed(_)) => false,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(id: u64, capacity: usize) -> (Client, mpsc::Receiver<Utf8Bytes>) {
        let (queue, receiver) = mpsc::channel(capacity);
        (
            Client {
                id,
                queue,
                kicked: CancellationToken::new(),
            },
            receiver,
        )
    }

    fn learner() -> AuthUser {
        AuthUser {
            id: Uuid::new_v4(),
            role: Role::Learner,
        }
    }

    #[test]
    fn learners_get_their_own_channel_and_admins_the_admins_channel() {
        let mut registry = Registry::default();
        let (alice, bob) = (learner(), learner());
        let admin = AuthUser {
            id: Uuid::new_v4(),
            role: Role::Admin,
        };
        let (c1, mut alice_rx) = client(1, 8);
        let (c2, mut bob_rx) = client(2, 8);
        let (c3, mut admin_rx) = client(3, 8);
        registry.add(alice, c1).unwrap();
        registry.add(bob, c2).unwrap();
        registry.add(admin, c3).unwrap();

        let delivery = registry.forward(Audience::Learner(alice.id), &Utf8Bytes::from("a"));
        assert_eq!(
            delivery,
            Delivery {
                forwarded: 1,
                dropped: 0
            }
        );
        assert_eq!(alice_rx.try_recv().unwrap().as_str(), "a");
        assert!(bob_rx.try_recv().is_err());
        // The teachers' view of the same event comes on the admins' channel.
        assert!(admin_rx.try_recv().is_err());

        let delivery = registry.forward(Audience::Admins, &Utf8Bytes::from("b"));
        assert_eq!(delivery.forwarded, 1);
        assert_eq!(admin_rx.try_recv().unwrap().as_str(), "b");
        assert!(alice_rx.try_recv().is_err() && bob_rx.try_recv().is_err());
        // An admin's own learner channel is not theirs as an admin: the admins' channel
        // already carries their submissions, once.
        registry.forward(Audience::Learner(admin.id), &Utf8Bytes::from("c"));
        assert!(admin_rx.try_recv().is_err());
        assert_eq!(registry.admin_sockets(), 1);
    }

    #[test]
    fn a_full_queue_kicks_only_that_socket() {
        let mut registry = Registry::default();
        let user = learner();
        let (slow, _slow_rx) = client(1, 1);
        let slow_kicked = slow.kicked.clone();
        let (fast, mut fast_rx) = client(2, 8);
        registry.add(user, slow).unwrap();
        registry.add(user, fast).unwrap();

        assert_eq!(
            registry
                .forward(Audience::Learner(user.id), &"1".into())
                .forwarded,
            2
        );
        let delivery = registry.forward(Audience::Learner(user.id), &"2".into());
        assert_eq!(
            delivery,
            Delivery {
                forwarded: 1,
                dropped: 1
            }
        );
        assert!(slow_kicked.is_cancelled());
        assert_eq!(registry.len(), 1);
        assert_eq!(fast_rx.try_recv().unwrap().as_str(), "1");
        assert_eq!(fast_rx.try_recv().unwrap().as_str(), "2");
    }

    #[test]
    fn removing_one_socket_keeps_its_siblings() {
        let mut registry = Registry::default();
        let user = learner();
        let (first, _rx1) = client(1, 4);
        let (second, mut rx2) = client(2, 4);
        registry.add(user, first).unwrap();
        registry.add(user, second).unwrap();
        registry.remove(user.id, 1);
        assert_eq!(registry.len(), 1);
        registry.forward(Audience::Learner(user.id), &"x".into());
        assert_eq!(rx2.try_recv().unwrap().as_str(), "x");
        registry.remove(user.id, 2);
        assert_eq!(registry.len(), 0);
    }

    #[test]
    fn sockets_over_a_limit_are_refused_and_make_room_when_they_go() {
        let limits = SocketLimits {
            per_process: 3,
            per_user: 2,
        };
        let mut registry = Registry::new(limits);
        let (alice, bob, carol) = (learner(), learner(), learner());
        let admin = AuthUser {
            id: Uuid::new_v4(),
            role: Role::Admin,
        };
        let receivers: Vec<_> = (1..=6).map(|id| client(id, 1)).collect();
        let mut clients = receivers.into_iter().map(|(client, _rx)| client);
        let mut next = || clients.next().unwrap();
        registry.add(alice, next()).unwrap();
        registry.add(alice, next()).unwrap();
        assert_eq!(registry.add(alice, next()), Err(Refusal::UserFull));
        registry.add(admin, next()).unwrap();
        assert_eq!(registry.add(bob, next()), Err(Refusal::ProcessFull));
        registry.remove(alice.id, 1);
        registry.add(carol, next()).unwrap();
        assert_eq!(registry.len(), 3);
    }
}
