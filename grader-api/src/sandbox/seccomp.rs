//! The system calls every sandbox refuses, described once for both backends.
//!
//! The policy is a deny-list on top of everything else the sandbox does (no capabilities, a
//! user and a pid namespace, rlimits): it refuses what current engines' default profiles
//! (moby, containerd), systemd's service filters and firejail refuse, because each one is
//! either a way around the other walls (a new user namespace gives back every capability
//! inside it) or kernel attack surface that a Python submission has no use for (io_uring,
//! bpf, userfaultfd, the keyring, socket families beyond unix, inet and netlink). It is
//! ours, not the engine's, so it holds whatever the engine's version: Docker 20.10's
//! default profile still allows io_uring.
//!
//! A refused call fails with `ENOSYS`, as if this kernel did not have it: programs and
//! libraries fall back (glibc retries `clone3` as `clone`, io_uring users use epoll), and
//! nothing is killed. [`docker_profile`] renders the policy as the JSON Docker takes in
//! `security_opt`; [`bpf_program`] compiles it for bubblewrap's `--seccomp`.

pub(crate) use bpf::bpf_program;
pub(crate) use docker::docker_profile;
pub(crate) use policy::policy;

/// What a refused call returns: `ENOSYS`, "no such system call".
const REFUSAL_ERRNO: u32 = libc::ENOSYS as u32;

/// One refused system call: its name as the engines spell it, its number on the grader's
/// architecture, and when it is refused.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Refusal {
    pub(crate) name: &'static str,
    pub(crate) number: i64,
    pub(crate) when: When,
}

/// The argument tests under which a call is refused.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum When {
    Always,
    /// When any of these holds. "Any" rather than "all": both filters take several rules
    /// for one call as alternatives, and libseccomp allows one test per argument in a rule.
    Any(Vec<ArgTest>),
}

/// One test of one argument, compared as the whole 64-bit register (as libseccomp does):
/// upper bits the kernel would ignore cannot slip a value past a test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ArgTest {
    pub(crate) arg: u8,
    pub(crate) op: Op,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Op {
    /// `argument & mask == value`.
    MaskedEq {
        mask: u64,
        value: u64,
    },
    Eq(u64),
    Ne(u64),
    /// `argument >= value`, unsigned.
    Ge(u64),
}

/// A system call by its `libc::SYS_*` constant, which gives both its number and its name,
/// so the two can never disagree.
macro_rules! syscall {
    ($constant:ident) => {
        (&stringify!($constant)["SYS_".len()..], libc::$constant)
    };
}

// Declared after the macro, which `policy` uses.
mod bpf;
mod docker;
mod policy;
#[cfg(test)]
mod tests;
