//! The policy as a Docker seccomp profile, passed inline as `security_opt: seccomp=<json>`.
//!
//! It replaces the engine's default profile rather than adding to it, which is why the
//! policy covers what the defaults refuse. Rules for one call are alternatives, as in the
//! filter: a `clone` with any namespace flag is one rule per flag. Names the daemon's
//! libseccomp does not know on its architecture are skipped by the runtime, not errors.

use std::sync::OnceLock;

use serde_json::{json, Value};

use super::{policy, ArgTest, Op, Refusal, When, REFUSAL_ERRNO};

/// The profile's JSON text, rendered once.
pub(crate) fn docker_profile() -> &'static str {
    static PROFILE: OnceLock<String> = OnceLock::new();
    PROFILE.get_or_init(|| render(&policy()).to_string())
}

/// Everything is allowed but the refusals; no `architectures`: the daemon's own, and a
/// foreign ABI (32-bit calls from a 64-bit process) stops the process, as libseccomp does
/// for any architecture a profile does not name.
fn render(refusals: &[Refusal]) -> Value {
    let mut unconditional = Vec::new();
    let mut rules = Vec::new();
    for refusal in refusals {
        match &refusal.when {
            When::Always => unconditional.push(refusal.name),
            When::Any(tests) => rules.extend(tests.iter().map(|test| rule(refusal.name, test))),
        }
    }
    let mut syscalls = vec![json!({
        "names": unconditional,
        "action": "SCMP_ACT_ERRNO",
        "errnoRet": REFUSAL_ERRNO,
    })];
    syscalls.extend(rules);
    json!({ "defaultAction": "SCMP_ACT_ALLOW", "syscalls": syscalls })
}

fn rule(name: &str, test: &ArgTest) -> Value {
    // libseccomp's masked test is `(argument & value) == valueTwo`.
    let (op, value, value_two) = match test.op {
        Op::MaskedEq { mask, value } => ("SCMP_CMP_MASKED_EQ", mask, value),
        Op::Eq(value) => ("SCMP_CMP_EQ", value, 0),
        Op::Ne(value) => ("SCMP_CMP_NE", value, 0),
        Op::Ge(value) => ("SCMP_CMP_GE", value, 0),
    };
    json!({
        "names": [name],
        "action": "SCMP_ACT_ERRNO",
        "errnoRet": REFUSAL_ERRNO,
        "args": [{ "index": test.arg, "value": value, "valueTwo": value_two, "op": op }],
    })
}
