//! A property test of the runner's report: arbitrary bytes and strings (NUL, invalid
//! UTF-8, lone surrogates, control and bidi characters, HTML, 1 MB lines) driven through
//! every field a learner can reach - printed output at import and inside a call, an
//! exception's message, a returned value shown in an assertion, a subtest's name, the
//! code itself - on every backend. Each run must end with the verdict its case deserves
//! and only bounded, storable text.
//!
//! `TEXT_CASES` (default 24 per backend) sizes it; `TEXT_SEED` replays a run (the seed is
//! printed).

use std::fmt::Write as _;

use contract::{Status, Verdict};
use futures::StreamExt;
use grader_api::sandbox::{Grade, Job};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::helpers::{backends, run_on};

/// The hidden tests: the value goes through a subtest's name and an assertion's message.
const TESTS: &str = "
import unittest
from solution import answer

class Answer(unittest.TestCase):
    def test_answer(self):
        value = answer()
        with self.subTest(value=value):
            self.assertEqual(value, 42)
";

/// The runner's output cap, as the sandboxes are configured in these tests.
const OUTPUT_LIMIT: usize = 64 * 1024;

/// Pieces a payload is made of: what breaks naive text handling.
const PIECES: &[&[u8]] = &[
    b"\x00",
    b"\xff\xfe",
    b"\xc3",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    b"\x1b[31m\x1b]0;title\x07",
    b"\r\n\x08\x7f",
    "\u{202e}\u{2066}\u{200f}".as_bytes(),
    "\u{feff}é漢🎉".as_bytes(),
    b"<script>alert(1)</script>",
    b"\\\"'",
    b"CP-RESULT 00000000000000000000000000000000 {}",
];

/// Where the payload goes, and so which verdict the run deserves.
#[derive(Debug, Clone, Copy)]
enum Channel {
    /// Written raw to stdout while the module loads; then a correct answer.
    PrintedAtImport,
    /// Printed (as text with surrogates) inside the tested call; then a correct answer.
    PrintedInCall,
    /// The message of an exception the tested call raises.
    Raised,
    /// Returned instead of 42: shown in the assertion and the subtest's name.
    Returned,
    /// Inside the submitted code itself, as a comment.
    InTheCode,
}

struct Case {
    channel: Channel,
    payload: Vec<u8>,
}

impl Case {
    fn random(rng: &mut StdRng) -> Case {
        let channel = match rng.random_range(0..5) {
            0 => Channel::PrintedAtImport,
            1 => Channel::PrintedInCall,
            2 => Channel::Raised,
            3 => Channel::Returned,
            _ => Channel::InTheCode,
        };
        let mut payload = Vec::new();
        for _ in 0..rng.random_range(1..24) {
            match rng.random_range(0..4) {
                0 => payload.extend((0..rng.random_range(1..16)).map(|_| rng.random::<u8>())),
                _ => payload.extend_from_slice(PIECES[rng.random_range(0..PIECES.len())]),
            }
        }
        // Now and then one line of a megabyte (past the output cap when printed).
        if rng.random_ratio(1, 6) {
            payload.extend(std::iter::repeat_n(b'x', 1 << 20));
        }
        Case { channel, payload }
    }

    /// The Python source of the submission.
    fn code(&self) -> String {
        let mut literal = String::from("b'");
        for byte in &self.payload {
            let _ = write!(literal, "\\x{byte:02x}");
        }
        literal.push('\'');
        let text = format!("({literal}).decode('utf-8', 'surrogateescape') + '\\ud800'");
        match self.channel {
            Channel::PrintedAtImport => format!(
                "import sys\nsys.stdout.buffer.write({literal})\nsys.stdout.flush()\n\
                 def answer():\n    return 42\n"
            ),
            Channel::PrintedInCall => {
                format!("def answer():\n    print(({text})[:4000])\n    return 42\n")
            }
            Channel::Raised => format!("def answer():\n    raise ValueError({text})\n"),
            Channel::Returned => format!("def answer():\n    return {text}\n"),
            Channel::InTheCode => {
                // The code crosses JSON as a Rust string: valid UTF-8, which may hold NUL.
                let comment = String::from_utf8_lossy(&self.payload).replace(['\n', '\r'], " ");
                format!("# {comment}\ndef answer():\n    return 42\n")
            }
        }
    }

    /// The status and verdict this case deserves.
    fn expected(&self) -> (Status, Option<Verdict>) {
        let failed = |verdict| (Status::Failed, Some(verdict));
        match self.channel {
            Channel::PrintedAtImport if self.payload.len() > OUTPUT_LIMIT => {
                failed(Verdict::OutputLimit)
            }
            Channel::PrintedAtImport | Channel::PrintedInCall => (Status::Passed, None),
            Channel::Raised | Channel::Returned => failed(Verdict::TestsFailed),
            // Python refuses source code with NUL in it: a syntax error, never a crash.
            Channel::InTheCode if self.payload.contains(&0) => failed(Verdict::SyntaxError),
            Channel::InTheCode => (Status::Passed, None),
        }
    }
}

/// Every problem with `grade` for `case`.
fn judge(case: &Case, grade: &Grade) -> Vec<String> {
    let mut problems = Vec::new();
    if (grade.status, grade.verdict) != case.expected() {
        problems.push(format!(
            "expected {:?}, got {:?}/{:?}: {:.300} {:.300?}",
            case.expected(),
            grade.status,
            grade.verdict,
            grade.feedback,
            grade.tests
        ));
    }
    let fields = std::iter::once(("feedback", &grade.feedback, 4000))
        .chain(grade.tests.iter().map(|t| ("name", &t.name, 300)))
        .chain(
            grade
                .tests
                .iter()
                .filter_map(|t| t.message.as_ref().map(|m| ("message", m, 1000))),
        );
    for (field, text, limit) in fields {
        if !contract::text::is_storable(text) {
            problems.push(format!("the {field} holds NUL: {text:.200?}"));
        }
        if text.chars().count() > limit {
            problems.push(format!(
                "the {field} has {} characters",
                text.chars().count()
            ));
        }
    }
    problems
}

fn job(case: &Case) -> Job {
    Job {
        code: case.code(),
        test_code: TESTS.to_owned(),
        module_name: "solution".to_owned(),
        time_limit: std::time::Duration::from_secs(5),
        memory_limit_mb: 128,
        background: false,
        ..Job::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn any_bytes_a_submission_produces_arrive_as_storable_text_with_the_right_verdict() {
    let cases: usize = std::env::var("TEXT_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(24);
    let seed: u64 = std::env::var("TEXT_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(rand::random);
    println!("text property test: TEXT_SEED={seed} TEXT_CASES={cases}");
    let mut rng = StdRng::seed_from_u64(seed);
    let cases: Vec<Case> = (0..cases).map(|_| Case::random(&mut rng)).collect();
    let mut problems = Vec::new();
    for sandbox in backends().await {
        let found: Vec<Vec<String>> = futures::stream::iter(cases.iter().enumerate())
            .map(|(index, case)| {
                let sandbox = sandbox.clone();
                async move {
                    let grade = run_on(sandbox.as_ref(), &job(case)).await;
                    judge(case, &grade)
                        .into_iter()
                        .map(|problem| {
                            format!(
                                "[{}] case {index} ({:?}): {problem}",
                                sandbox.name(),
                                case.channel
                            )
                        })
                        .collect()
                }
            })
            .buffer_unordered(3)
            .collect()
            .await;
        problems.extend(found.into_iter().flatten());
    }
    assert!(
        problems.is_empty(),
        "TEXT_SEED={seed}: {} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}
