//! stdin/stdout cases in the real sandboxes: built once, one process a case, compared by
//! the trusted runner.

use std::time::Duration;

use contract::{Status, Verdict};
use grader_api::sandbox::Job;
use wire::admin::{Compare, IoCase};
use wire::visibility::Visibility;

use crate::helpers::{backends, job, run_on};

fn case(name: &str, input: &str, expected_output: &str) -> IoCase {
    IoCase {
        name: name.to_owned(),
        input: input.to_owned(),
        expected_output: expected_output.to_owned(),
        compare: Compare::Lines,
        visibility: Visibility::Show,
    }
}

fn sum_cases() -> Vec<IoCase> {
    vec![
        case("small", "1 2\n", "3\n"),
        case("negative", "-5 2\n", "-3\n"),
        IoCase {
            compare: Compare::Numeric,
            ..case("halves", "0.5 0.25\n", "0.7500000001\n")
        },
    ]
}

fn cases_job(language: &str, code: &str, cases: Vec<IoCase>) -> Job {
    Job {
        language: course::languages::get(language).expect("a known language"),
        io_cases: cases,
        time_limit: Duration::from_secs(2),
        ..job(code, "")
    }
}

#[tokio::test]
async fn python_cases_are_graded_on_every_backend() {
    let sum = "a, b = map(float, input().split())\nprint(f'{a + b:g}')\n";
    for sandbox in backends().await {
        let name = sandbox.name();
        let grade = run_on(&*sandbox, &cases_job("python", sum, sum_cases())).await;
        assert_eq!(grade.status, Status::Passed, "{name}: {grade:?}");
        let names: Vec<&str> = grade.tests.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["small", "negative", "halves"], "{name}");

        let wrong = "a, b = map(float, input().split())\nprint(f'{a - b:g}')\n";
        let grade = run_on(&*sandbox, &cases_job("python", wrong, sum_cases())).await;
        assert_eq!(
            grade.verdict,
            Some(Verdict::TestsFailed),
            "{name}: {grade:?}"
        );
        assert_eq!(
            grade.tests[0].message.as_deref(),
            Some("line 1: expected '3', got '-1'"),
            "{name}"
        );

        let grade = run_on(&*sandbox, &cases_job("python", "print(", sum_cases())).await;
        assert_eq!(
            grade.verdict,
            Some(Verdict::SyntaxError),
            "{name}: {grade:?}"
        );

        // Each case has the time limit; one slow case fails alone.
        let slow = "import time\nn = int(input())\ntime.sleep(n)\nprint(n)\n";
        let cases = vec![
            case("a", "0\n", "0"),
            case("b", "9\n", "9"),
            case("c", "0\n", "0"),
        ];
        let grade = run_on(&*sandbox, &cases_job("python", slow, cases)).await;
        assert_eq!(grade.verdict, Some(Verdict::TimeLimit), "{name}: {grade:?}");
        let passed: Vec<bool> = grade.tests.iter().map(|t| t.passed).collect();
        assert_eq!(passed, [true, false, true], "{name}");
    }
}

#[tokio::test]
async fn unittest_tests_and_cases_run_together() {
    let code = "def double(n):\n    return 2 * n\n\nif __name__ == '__main__':\n    print(double(int(input())))\n";
    let tests = "import unittest\nfrom solution import double\n\nclass T(unittest.TestCase):\n    def test_two(self):\n        self.assertEqual(double(2), 4)\n";
    for sandbox in backends().await {
        let job = Job {
            test_code: tests.to_owned(),
            ..cases_job("python", code, vec![case("read", "21\n", "42\n")])
        };
        let grade = run_on(&*sandbox, &job).await;
        assert_eq!(
            grade.status,
            Status::Passed,
            "{}: {grade:?}",
            sandbox.name()
        );
        assert_eq!(grade.tests.len(), 2);
    }
}

const SUM_CPP: &str = r#"#include <iostream>
int main() {
    double a, b;
    std::cin >> a >> b;
    std::cout << a + b << "\n";
    return 0;
}
"#;
const SUM_JS: &str = r#"const [a, b] = require("fs").readFileSync(0, "utf8").trim().split(/\s+/).map(Number);
console.log(String(a + b));
"#;

/// What a language's program does wrong, and the verdict it must get.
fn failures(language: &str) -> Vec<(&'static str, Verdict)> {
    match language {
        "cpp" => vec![
            ("int main() { return undefined_name; }\n", Verdict::CompileError),
            ("#include <cstdio>\nint main() { double a, b; scanf(\"%lf %lf\", &a, &b); printf(\"%g\\n\", a - b); }\n", Verdict::TestsFailed),
            ("int main() { volatile int *p = nullptr; return *p; }\n", Verdict::RuntimeError),
            ("int main() { for (;;) {} }\n", Verdict::TimeLimit),
            ("#include <vector>\nint main() { std::vector<char> v; for (;;) v.resize(v.size() + (64 << 20), 1); }\n", Verdict::MemoryLimit),
            ("#include <cstdio>\nint main() { for (;;) puts(\"flood\"); }\n", Verdict::OutputLimit),
        ],
        "javascript" => vec![
            ("const x = ;\n", Verdict::SyntaxError),
            ("console.log(1 - 2);\n", Verdict::TestsFailed),
            ("throw new Error('boom');\n", Verdict::RuntimeError),
            ("for (;;) {}\n", Verdict::TimeLimit),
            ("for (;;) console.log('flood');\n", Verdict::OutputLimit),
        ],
        other => panic!("no failures for {other}"),
    }
}

#[tokio::test]
async fn cpp_and_javascript_are_built_run_and_judged_on_every_backend() {
    for sandbox in backends().await {
        let name = sandbox.name();
        for (language, reference) in [("cpp", SUM_CPP), ("javascript", SUM_JS)] {
            let grade = run_on(&*sandbox, &cases_job(language, reference, sum_cases())).await;
            assert_eq!(grade.status, Status::Passed, "{name} {language}: {grade:?}");
            for (code, verdict) in failures(language) {
                let job = Job {
                    memory_limit_mb: 64,
                    ..cases_job(language, code, sum_cases()[..1].to_vec())
                };
                let grade = run_on(&*sandbox, &job).await;
                assert_eq!(
                    grade.verdict,
                    Some(verdict),
                    "{name} {language}: {code}\n{grade:?}"
                );
                if verdict == Verdict::CompileError {
                    assert!(grade.feedback.contains("undefined_name"), "{grade:?}");
                    assert!(!grade.feedback.contains("/tmp"), "{grade:?}");
                }
            }
        }
    }
}
