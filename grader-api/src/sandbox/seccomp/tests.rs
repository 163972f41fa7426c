//! The compiled program is run here by a small classic-BPF interpreter on made-up calls,
//! so what it refuses is checked without a kernel; the attack suite checks it with one.

use serde_json::Value;

use super::bpf::compile;
use super::{docker_profile, policy, When, REFUSAL_ERRNO};

const ALLOW: u32 = libc::SECCOMP_RET_ALLOW;
const REFUSE: u32 = libc::SECCOMP_RET_ERRNO | REFUSAL_ERRNO;
const KILL: u32 = libc::SECCOMP_RET_KILL_PROCESS;

#[cfg(target_arch = "x86_64")]
const AUDIT_ARCH: u32 = 0xC000_003E;
#[cfg(target_arch = "aarch64")]
const AUDIT_ARCH: u32 = 0xC000_00B7;

/// `struct seccomp_data`: what the filter sees of a call.
struct Call {
    nr: i64,
    arch: u32,
    args: [u64; 6],
}

fn call(nr: i64, args: &[u64]) -> Call {
    let mut all = [0; 6];
    all[..args.len()].copy_from_slice(args);
    Call {
        nr,
        arch: AUDIT_ARCH,
        args: all,
    }
}

impl Call {
    /// The 32-bit word at `offset` of the structure, as `BPF_LD | BPF_W | BPF_ABS` reads it.
    fn word(&self, offset: u32) -> u32 {
        let mut data = Vec::with_capacity(64);
        data.extend_from_slice(&(self.nr as i32).to_ne_bytes());
        data.extend_from_slice(&self.arch.to_ne_bytes());
        data.extend_from_slice(&0u64.to_ne_bytes());
        for arg in self.args {
            data.extend_from_slice(&arg.to_ne_bytes());
        }
        let at = offset as usize;
        u32::from_ne_bytes(data[at..at + 4].try_into().expect("an aligned word"))
    }
}

/// Runs `program` (raw `sock_filter`s) on `call` and returns the action word.
fn run(program: &[u8], call: &Call) -> u32 {
    let instructions: Vec<(u16, u8, u8, u32)> = program
        .chunks_exact(8)
        .map(|c| {
            let code = u16::from_ne_bytes([c[0], c[1]]);
            (
                code,
                c[2],
                c[3],
                u32::from_ne_bytes([c[4], c[5], c[6], c[7]]),
            )
        })
        .collect();
    let (mut pc, mut accumulator) = (0usize, 0u32);
    loop {
        let (code, jt, jf, k) = instructions[pc];
        let jump = |taken: bool| pc + 1 + usize::from(if taken { jt } else { jf });
        pc = match u32::from(code) {
            c if c == libc::BPF_LD | libc::BPF_W | libc::BPF_ABS => {
                accumulator = call.word(k);
                pc + 1
            }
            c if c == libc::BPF_ALU | libc::BPF_AND | libc::BPF_K => {
                accumulator &= k;
                pc + 1
            }
            c if c == libc::BPF_JMP | libc::BPF_JA => pc + 1 + k as usize,
            c if c == libc::BPF_JMP | libc::BPF_JEQ | libc::BPF_K => jump(accumulator == k),
            c if c == libc::BPF_JMP | libc::BPF_JGE | libc::BPF_K => jump(accumulator >= k),
            c if c == libc::BPF_JMP | libc::BPF_JGT | libc::BPF_K => jump(accumulator > k),
            c if c == libc::BPF_RET | libc::BPF_K => return k,
            other => panic!("instruction {other:#x} is not interpreted here"),
        };
    }
}

fn program() -> Vec<u8> {
    compile(&policy()).expect("the policy compiles")
}

#[test]
fn the_refused_calls_fail_and_everything_else_runs() {
    let program = program();
    assert_eq!(program.len() % 8, 0);
    for refused in [
        libc::SYS_io_uring_setup,
        libc::SYS_io_uring_enter,
        libc::SYS_io_uring_register,
        libc::SYS_keyctl,
        libc::SYS_add_key,
        libc::SYS_bpf,
        libc::SYS_userfaultfd,
        libc::SYS_unshare,
        libc::SYS_mount,
        libc::SYS_clone3,
        libc::SYS_ptrace,
        libc::SYS_perf_event_open,
    ] {
        assert_eq!(run(&program, &call(refused, &[])), REFUSE, "call {refused}");
    }
    for allowed in [
        libc::SYS_read,
        libc::SYS_write,
        libc::SYS_openat,
        libc::SYS_mmap,
        libc::SYS_execve,
        libc::SYS_exit_group,
        libc::SYS_prctl,
        libc::SYS_setrlimit,
    ] {
        assert_eq!(run(&program, &call(allowed, &[])), ALLOW, "call {allowed}");
    }
}

#[test]
fn clone_is_refused_only_with_a_namespace_flag() {
    let program = program();
    let fork = (libc::CLONE_CHILD_SETTID | libc::CLONE_CHILD_CLEARTID | libc::SIGCHLD) as u64;
    let thread = (libc::CLONE_VM
        | libc::CLONE_FS
        | libc::CLONE_FILES
        | libc::CLONE_SIGHAND
        | libc::CLONE_THREAD
        | libc::CLONE_SYSVSEM
        | libc::CLONE_SETTLS
        | libc::CLONE_PARENT_SETTID
        | libc::CLONE_CHILD_CLEARTID) as u64;
    assert_eq!(run(&program, &call(libc::SYS_clone, &[fork])), ALLOW);
    assert_eq!(run(&program, &call(libc::SYS_clone, &[thread])), ALLOW);
    for namespace in [libc::CLONE_NEWUSER, libc::CLONE_NEWNS, libc::CLONE_NEWNET] {
        let flags = fork | namespace as u64;
        assert_eq!(run(&program, &call(libc::SYS_clone, &[flags])), REFUSE);
    }
}

#[test]
fn only_the_default_personality_may_be_set() {
    let program = program();
    let personality = libc::SYS_personality;
    assert_eq!(run(&program, &call(personality, &[0])), ALLOW);
    let no_aslr = 0x0040000; // ADDR_NO_RANDOMIZE
    assert_eq!(run(&program, &call(personality, &[no_aslr])), REFUSE);
    // The upper half of the register counts too, as it does for libseccomp.
    assert_eq!(run(&program, &call(personality, &[1 << 32])), REFUSE);
}

#[test]
fn sockets_are_unix_inet_inet6_or_netlink() {
    let program = program();
    let socket = |family: u64| run(&program, &call(libc::SYS_socket, &[family, 1, 0]));
    for allowed in [
        libc::AF_UNIX,
        libc::AF_INET,
        libc::AF_INET6,
        libc::AF_NETLINK,
    ] {
        assert_eq!(socket(allowed as u64), ALLOW, "family {allowed}");
    }
    for refused in [
        libc::AF_VSOCK,
        libc::AF_ALG,
        libc::AF_PACKET,
        libc::AF_KEY,
        libc::AF_X25,
        libc::AF_TIPC,
    ] {
        assert_eq!(socket(refused as u64), REFUSE, "family {refused}");
    }
    // The kernel reads an int: a family hidden under upper bits is still refused.
    assert_eq!(socket((1 << 32) | libc::AF_VSOCK as u64), REFUSE);
}

#[test]
fn another_abi_stops_the_process() {
    let program = program();
    let mut foreign = call(libc::SYS_getpid, &[]);
    foreign.arch = 0x4000_0003; // AUDIT_ARCH_I386
    assert_eq!(run(&program, &foreign), KILL);
    #[cfg(target_arch = "x86_64")]
    {
        let x32 = call(0x4000_0000 | libc::SYS_getpid, &[]);
        assert_eq!(run(&program, &x32), KILL);
        let x32_io_uring = call(0x4000_0000 | libc::SYS_io_uring_setup, &[]);
        assert_eq!(run(&program, &x32_io_uring), KILL);
    }
}

#[test]
fn the_docker_profile_says_the_same() {
    let profile: Value = serde_json::from_str(docker_profile()).expect("valid JSON");
    assert_eq!(profile["defaultAction"], "SCMP_ACT_ALLOW");
    let rules = profile["syscalls"].as_array().expect("a rule list");
    assert!(rules
        .iter()
        .all(|rule| rule["action"] == "SCMP_ACT_ERRNO"
            && rule["errnoRet"] == u64::from(REFUSAL_ERRNO)));
    let named = |name: &str| -> Vec<&Value> {
        rules
            .iter()
            .filter(|rule| rule["names"].as_array().unwrap().iter().any(|n| n == name))
            .collect()
    };
    for refusal in policy() {
        let found = named(refusal.name);
        match refusal.when {
            When::Always => {
                assert_eq!(found.len(), 1, "{}", refusal.name);
                assert!(found[0].get("args").is_none(), "{}", refusal.name);
            }
            When::Any(tests) => assert_eq!(found.len(), tests.len(), "{}", refusal.name),
        }
    }
    let clone_rule = named("clone")[0];
    let masked = &clone_rule["args"][0];
    assert_eq!(masked["op"], "SCMP_CMP_MASKED_EQ");
    assert_eq!(masked["value"], masked["valueTwo"]);
}

#[test]
fn each_call_is_named_once_and_by_its_own_number() {
    let refusals = policy();
    let mut names: Vec<_> = refusals.iter().map(|r| r.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), refusals.len());
    let io_uring = refusals.iter().find(|r| r.name == "io_uring_setup");
    assert_eq!(io_uring.map(|r| r.number), Some(libc::SYS_io_uring_setup));
}
