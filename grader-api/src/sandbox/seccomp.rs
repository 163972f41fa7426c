//! The system calls every sandbox refuses, described once for both backends.
//!
//! The policy is a deny-list on top of everything else the sandbox does (no capabilities, a
//! user and a pid namespace, rlimits): it refuses what current engines' default profiles
//! (moby, containerd), systemd's service filters and firejail refuse, because each one is
//! either a way around the other walls (a new user namespace gives back every capability
//! inside it) or kernel attack surface that a Python submission has no use for (io_uring,
//! bpf, userfaultfd, the keyring). It is ours, not the engine's, so it holds whatever the
//! engine's version: Docker 20.10's default profile still allows io_uring.
//!
//! A refused call fails with `ENOSYS`, as if this kernel did not have it: programs and
//! libraries fall back (glibc retries `clone3` as `clone`, io_uring users use epoll), and
//! nothing is killed. [`docker_profile`] renders the policy as the JSON Docker takes in
//! `security_opt`; [`bpf_program`] compiles it for bubblewrap's `--seccomp`.

mod bpf;
mod docker;
#[cfg(test)]
mod tests;

pub(crate) use bpf::bpf_program;
pub(crate) use docker::docker_profile;

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

/// The argument test under which a call is refused.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum When {
    Always,
    /// When argument `arg` has any of `flags` set: one test per flag, since the filters
    /// compare with a mask and an expected value, and "any of" is several of those.
    AnyFlag {
        arg: u8,
        flags: Vec<u64>,
    },
    /// When argument `arg` is anything but `value`.
    NotEqual {
        arg: u8,
        value: u64,
    },
}

/// A system call by its `libc::SYS_*` constant, which gives both its number and its name,
/// so the two can never disagree.
macro_rules! syscall {
    ($constant:ident) => {
        (&stringify!($constant)["SYS_".len()..], libc::$constant)
    };
}

/// The namespace flags of `clone`: a process started in new namespaces, which the
/// submission could then populate with mounts, or become root in. (`CLONE_NEWTIME` is
/// missing on purpose: `clone` reads those low bits as the child's exit signal.)
const NAMESPACE_FLAGS: [libc::c_int; 7] = [
    libc::CLONE_NEWNS,
    libc::CLONE_NEWCGROUP,
    libc::CLONE_NEWUTS,
    libc::CLONE_NEWIPC,
    libc::CLONE_NEWUSER,
    libc::CLONE_NEWPID,
    libc::CLONE_NEWNET,
];

/// `personality(PER_LINUX)`: the one execution domain a submission may ask for. Any other
/// value could turn off address-space randomisation or make readable memory executable
/// for a program it then `exec`s (systemd's `LockPersonality=` does the same).
const PER_LINUX: u64 = 0;

/// Every refused call, grouped by why.
pub(crate) fn policy() -> Vec<Refusal> {
    let always = [
        // io_uring: a second way into the kernel, whose operations no seccomp filter sees,
        // and the way most recent kernel exploits went (moby refuses it since 25.0).
        syscall!(SYS_io_uring_setup),
        syscall!(SYS_io_uring_enter),
        syscall!(SYS_io_uring_register),
        // Namespaces: entering or making them (see also `clone` below). `clone3` takes its
        // flags in memory that a filter cannot read, so it goes entirely; glibc then uses
        // `clone`, whose flags a filter can read.
        syscall!(SYS_unshare),
        syscall!(SYS_setns),
        syscall!(SYS_clone3),
        // Mounting, in all its old and new forms, and changing the root.
        syscall!(SYS_mount),
        syscall!(SYS_umount2),
        syscall!(SYS_pivot_root),
        syscall!(SYS_chroot),
        syscall!(SYS_fsopen),
        syscall!(SYS_fsconfig),
        syscall!(SYS_fsmount),
        syscall!(SYS_fspick),
        syscall!(SYS_move_mount),
        syscall!(SYS_open_tree),
        syscall!(SYS_mount_setattr),
        // The kernel keyring, which no namespace separates.
        syscall!(SYS_add_key),
        syscall!(SYS_keyctl),
        syscall!(SYS_request_key),
        // Kernel attack surface with no use in a submission: eBPF programs, page-fault
        // handling in user space (a classic way to widen kernel races), perf events.
        syscall!(SYS_bpf),
        syscall!(SYS_userfaultfd),
        syscall!(SYS_perf_event_open),
        // Other processes: tracing them, their memory, comparing or taking their files.
        syscall!(SYS_ptrace),
        syscall!(SYS_process_vm_readv),
        syscall!(SYS_process_vm_writev),
        syscall!(SYS_kcmp),
        syscall!(SYS_pidfd_getfd),
        // Files by handle, bypassing paths and mounts ("shocker", the first Docker escape).
        syscall!(SYS_name_to_handle_at),
        syscall!(SYS_open_by_handle_at),
        // Loading kernel code and changing the machine's state.
        syscall!(SYS_init_module),
        syscall!(SYS_finit_module),
        syscall!(SYS_delete_module),
        syscall!(SYS_kexec_load),
        syscall!(SYS_kexec_file_load),
        syscall!(SYS_reboot),
        syscall!(SYS_swapon),
        syscall!(SYS_swapoff),
        syscall!(SYS_acct),
        syscall!(SYS_settimeofday),
        syscall!(SYS_clock_settime),
        syscall!(SYS_clock_adjtime),
        syscall!(SYS_syslog),
        syscall!(SYS_quotactl),
        syscall!(SYS_quotactl_fd),
        syscall!(SYS_vhangup),
        syscall!(SYS_lookup_dcookie),
        syscall!(SYS_fanotify_init),
        // Memory placement across NUMA nodes, which affects the rest of the machine.
        syscall!(SYS_mbind),
        syscall!(SYS_set_mempolicy),
        syscall!(SYS_get_mempolicy),
        syscall!(SYS_move_pages),
        syscall!(SYS_migrate_pages),
    ];
    let mut refusals: Vec<Refusal> = always
        .into_iter()
        .chain(arch_specific())
        .map(|(name, number)| Refusal {
            name,
            number,
            when: When::Always,
        })
        .collect();
    let (name, number) = syscall!(SYS_clone);
    refusals.push(Refusal {
        name,
        number,
        when: When::AnyFlag {
            arg: 0,
            flags: NAMESPACE_FLAGS.map(|flag| flag as u64).to_vec(),
        },
    });
    let (name, number) = syscall!(SYS_personality);
    refusals.push(Refusal {
        name,
        number,
        when: When::NotEqual {
            arg: 0,
            value: PER_LINUX,
        },
    });
    refusals
}

/// Calls only x86 has: port I/O, segment tables, and obsolete interfaces kept for old
/// binaries (`uselib` loaded a.out libraries; `_sysctl`, `ustat`, `sysfs` were replaced
/// by files). The module calls removed in Linux 2.6 need no rule: the kernel has no number.
#[cfg(target_arch = "x86_64")]
fn arch_specific() -> Vec<(&'static str, i64)> {
    vec![
        syscall!(SYS_iopl),
        syscall!(SYS_ioperm),
        syscall!(SYS_modify_ldt),
        syscall!(SYS_uselib),
        syscall!(SYS__sysctl),
        syscall!(SYS_ustat),
        syscall!(SYS_sysfs),
        syscall!(SYS_nfsservctl),
    ]
}

#[cfg(not(target_arch = "x86_64"))]
fn arch_specific() -> Vec<(&'static str, i64)> {
    vec![syscall!(SYS_nfsservctl)]
}
