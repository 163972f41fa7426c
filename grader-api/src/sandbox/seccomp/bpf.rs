//! The policy compiled to a classic BPF program (by Firecracker's `seccompiler`), in the
//! raw form bubblewrap's `--seccomp FD` reads: `struct sock_filter` after
//! `struct sock_filter`, in the machine's byte order.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use anyhow::Context;
use seccompiler::{
    sock_filter, BpfProgram, SeccompAction, SeccompCmpArgLen, SeccompCmpOp, SeccompCondition,
    SeccompFilter, SeccompRule, TargetArch,
};

use super::{policy, ArgTest, Op, Refusal, When, REFUSAL_ERRNO};

/// The program's bytes, compiled once.
pub(crate) fn bpf_program() -> anyhow::Result<&'static [u8]> {
    static PROGRAM: OnceLock<Vec<u8>> = OnceLock::new();
    if let Some(program) = PROGRAM.get() {
        return Ok(program);
    }
    let program = compile(&policy())?;
    Ok(PROGRAM.get_or_init(|| program))
}

pub(super) fn compile(refusals: &[Refusal]) -> anyhow::Result<Vec<u8>> {
    let mut rules: BTreeMap<i64, Vec<SeccompRule>> = BTreeMap::new();
    for refusal in refusals {
        // A call with no rules at all is refused whatever its arguments, for seccompiler.
        let alternatives = rules.entry(refusal.number).or_default();
        if let When::Any(tests) = &refusal.when {
            for test in tests {
                alternatives.push(SeccompRule::new(vec![condition(test)?])?);
            }
        }
    }
    let arch = TargetArch::try_from(std::env::consts::ARCH)
        .map_err(|error| anyhow::anyhow!("no seccomp filter for this architecture: {error:?}"))?;
    let filter = SeccompFilter::new(
        rules,
        SeccompAction::Allow,
        SeccompAction::Errno(REFUSAL_ERRNO),
        arch,
    )
    .context("building the seccomp filter")?;
    let program = BpfProgram::try_from(filter).context("compiling the seccomp filter")?;
    let program: Vec<sock_filter> = foreign_abi_guard().into_iter().chain(program).collect();
    Ok(program.iter().flat_map(to_bytes).collect())
}

/// Arguments are compared as the 64-bit values libseccomp compares in the Docker profile,
/// so both backends refuse exactly the same calls.
fn condition(test: &ArgTest) -> anyhow::Result<SeccompCondition> {
    let (op, value) = match test.op {
        Op::MaskedEq { mask, value } => (SeccompCmpOp::MaskedEq(mask), value),
        Op::Eq(value) => (SeccompCmpOp::Eq, value),
        Op::Ne(value) => (SeccompCmpOp::Ne, value),
        Op::Ge(value) => (SeccompCmpOp::Ge, value),
    };
    SeccompCondition::new(test.arg, SeccompCmpArgLen::Qword, op, value)
        .context("a seccomp argument condition")
}

/// x86-64 kernels built with the x32 ABI take every system call a second time, under its
/// number plus `0x4000_0000` and the same architecture tag, which a deny-list by number
/// would let through. Such a call stops the process, as libseccomp's filters (Docker's)
/// do for the x32 ABI when a profile does not name it. Instructions only jump forward,
/// so putting these in front of seccompiler's program leaves its jumps intact.
#[cfg(target_arch = "x86_64")]
fn foreign_abi_guard() -> Vec<sock_filter> {
    const X32_SYSCALL_BIT: u32 = 0x4000_0000;
    const NR_OFFSET: u32 = 0;
    vec![
        instruction(libc::BPF_LD | libc::BPF_W | libc::BPF_ABS, 0, 0, NR_OFFSET),
        instruction(
            libc::BPF_JMP | libc::BPF_JGE | libc::BPF_K,
            0,
            1,
            X32_SYSCALL_BIT,
        ),
        instruction(
            libc::BPF_RET | libc::BPF_K,
            0,
            0,
            libc::SECCOMP_RET_KILL_PROCESS,
        ),
    ]
}

#[cfg(not(target_arch = "x86_64"))]
fn foreign_abi_guard() -> Vec<sock_filter> {
    Vec::new()
}

#[cfg(target_arch = "x86_64")]
fn instruction(code: u32, jt: u8, jf: u8, k: u32) -> sock_filter {
    sock_filter {
        code: code as u16,
        jt,
        jf,
        k,
    }
}

fn to_bytes(instruction: &sock_filter) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(8);
    bytes.extend_from_slice(&instruction.code.to_ne_bytes());
    bytes.push(instruction.jt);
    bytes.push(instruction.jf);
    bytes.extend_from_slice(&instruction.k.to_ne_bytes());
    bytes
}
