//! The list itself: which calls are refused, and why.

use super::{ArgTest, Op, Refusal, When};

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

/// The socket families a submission may use, as systemd's `RestrictAddressFamilies=AF_UNIX
/// AF_INET AF_INET6 AF_NETLINK` (what Python's standard library needs; the network itself
/// is another namespace's business). Every other family is kernel code nobody grades with,
/// often a module loaded on the first `socket()`, and `AF_VSOCK` (which Docker's default
/// profile refuses) reaches the hypervisor's host whatever the network namespace.
fn other_socket_families() -> Vec<ArgTest> {
    let allowed = [
        libc::AF_UNIX,
        libc::AF_INET,
        libc::AF_INET6,
        libc::AF_NETLINK,
    ];
    let highest = allowed.iter().max().copied().unwrap_or_default();
    // Below the highest allowed family, one test for each one not allowed (AF_UNSPEC, 0,
    // has no code behind it); above it, one test for all (which also catches upper bits
    // set in the register).
    (1..highest)
        .filter(|family| !allowed.contains(family))
        .map(|family| ArgTest {
            arg: 0,
            op: Op::Eq(family as u64),
        })
        .chain(std::iter::once(ArgTest {
            arg: 0,
            op: Op::Ge(highest as u64 + 1),
        }))
        .collect()
}

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
        syscall!(SYS_process_madvise),
        // Files by handle, bypassing paths and mounts ("shocker", the first Docker escape).
        syscall!(SYS_name_to_handle_at),
        syscall!(SYS_open_by_handle_at),
        // Loading kernel code and changing the machine's state or names.
        syscall!(SYS_init_module),
        syscall!(SYS_finit_module),
        syscall!(SYS_delete_module),
        syscall!(SYS_kexec_load),
        syscall!(SYS_kexec_file_load),
        syscall!(SYS_reboot),
        syscall!(SYS_swapon),
        syscall!(SYS_swapoff),
        syscall!(SYS_acct),
        syscall!(SYS_sethostname),
        syscall!(SYS_setdomainname),
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
        syscall!(SYS_set_mempolicy_home_node),
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
    let conditional = [
        (
            syscall!(SYS_clone),
            NAMESPACE_FLAGS
                .iter()
                .map(|&flag| ArgTest {
                    arg: 0,
                    op: Op::MaskedEq {
                        mask: flag as u64,
                        value: flag as u64,
                    },
                })
                .collect(),
        ),
        (
            syscall!(SYS_personality),
            vec![ArgTest {
                arg: 0,
                op: Op::Ne(PER_LINUX),
            }],
        ),
        (syscall!(SYS_socket), other_socket_families()),
    ];
    refusals.extend(
        conditional
            .into_iter()
            .map(|((name, number), tests)| Refusal {
                name,
                number,
                when: When::Any(tests),
            }),
    );
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
