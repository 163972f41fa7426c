//! Which tests' results learners may read (API.md `test_visibility`).
//!
//! A teacher marks a test method `show` (the default), `hide` or `hide_if_fail`. A result
//! hidden from a learner reaches them as `{"name": "hidden test N", "passed", "message":
//! null}`: its name, input, expected output and message never leave the server.
//! Teachers always see every result as it was.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::TestResult;

/// What learners see of one test method's results (its subtests included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Visibility {
    #[default]
    Show,
    Hide,
    /// Shown while it passes; a failure is hidden like `hide`.
    HideIfFail,
}

/// A test method's name -> its visibility; a method not named here is shown.
pub type TestVisibility = BTreeMap<String, Visibility>;

/// The test method a result belongs to: a result's name is the method's name, then for
/// a subtest a space and the subtest's parameters (`test_add (n=3)`).
pub fn method_of(name: &str) -> &str {
    name.split_once(' ').map_or(name, |(method, _)| method)
}

/// The name a teacher sets a result's visibility under: a unittest subtest's method
/// (`test_add (n=3)` -> `test_add`), else the whole name (node:test names hold spaces).
pub fn entry_of(name: &str) -> &str {
    match name.split_once(' ') {
        Some((method, rest)) if rest.starts_with('(') || rest.starts_with('[') => method,
        _ => name,
    }
}

/// What `visibility` says of the result named `name`: its own entry (a node:test name,
/// `group > case`, may hold spaces), else its test method's.
pub fn of(name: &str, visibility: &TestVisibility) -> Option<Visibility> {
    visibility
        .get(name)
        .or_else(|| visibility.get(method_of(name)))
        .copied()
}

/// Whether a learner may read `test` under `visibility`.
pub fn is_shown(test: &TestResult, visibility: &TestVisibility) -> bool {
    match of(&test.name, visibility) {
        None | Some(Visibility::Show) => true,
        Some(Visibility::Hide) => false,
        Some(Visibility::HideIfFail) => test.passed,
    }
}

/// The results as a learner reads them, or `None` when every one is shown as it is.
/// Hidden ones are numbered `hidden test 1`, `hidden test 2`, ... in the order they ran.
pub fn for_learner(tests: &[TestResult], visibility: &TestVisibility) -> Option<Vec<TestResult>> {
    if tests.iter().all(|test| is_shown(test, visibility)) {
        return None;
    }
    let mut hidden = 0;
    let masked = tests
        .iter()
        .map(|test| {
            if is_shown(test, visibility) {
                test.clone()
            } else {
                hidden += 1;
                // No time either: how long a hidden test ran can hint at its input.
                TestResult {
                    name: hidden_name(hidden),
                    passed: test.passed,
                    message: None,
                    duration_ms: None,
                }
            }
        })
        .collect();
    Some(masked)
}

/// The name learners see for the `n`th hidden result (from 1).
pub fn hidden_name(n: usize) -> String {
    format!("hidden test {n}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(name: &str, passed: bool) -> TestResult {
        TestResult {
            name: name.to_owned(),
            passed,
            message: (!passed).then(|| format!("{name} secret")),
            duration_ms: Some(7),
        }
    }

    #[test]
    fn nothing_hidden_is_none() {
        let tests = [result("test_a", false)];
        let visibility = TestVisibility::from([("test_b".to_owned(), Visibility::Hide)]);
        assert_eq!(for_learner(&tests, &visibility), None);
        assert_eq!(for_learner(&tests, &TestVisibility::new()), None);
    }

    #[test]
    fn hidden_results_are_numbered_and_carry_no_message() {
        let tests = [
            result("test_shown", false),
            result("test_secret", true),
            result("test_secret (n=2)", false),
            result("test_if_fail", true),
            result("test_if_fail_too", false),
        ];
        let visibility = TestVisibility::from([
            ("test_secret".to_owned(), Visibility::Hide),
            ("test_if_fail".to_owned(), Visibility::HideIfFail),
            ("test_if_fail_too".to_owned(), Visibility::HideIfFail),
        ]);
        let masked = for_learner(&tests, &visibility).expect("some are hidden");
        let names: Vec<_> = masked.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "test_shown",
                "hidden test 1",
                "hidden test 2",
                "test_if_fail",
                "hidden test 3"
            ]
        );
        let passed: Vec<_> = masked.iter().map(|t| t.passed).collect();
        assert_eq!(passed, [false, true, false, true, false]);
        assert_eq!(masked[0].message.as_deref(), Some("test_shown secret"));
        assert!(masked[1..].iter().all(|t| t.message.is_none() || t.passed));
        assert!(masked[2].message.is_none() && masked[4].message.is_none());
        assert_eq!(masked[0].duration_ms, Some(7));
        assert!(masked[1..3].iter().all(|t| t.duration_ms.is_none()));
        let text = serde_json::to_string(&masked).unwrap();
        assert!(!text.contains("test_secret") && !text.contains("if_fail_too"));
    }

    #[test]
    fn a_whole_name_with_spaces_is_looked_up_before_its_method() {
        let visibility = TestVisibility::from([
            ("group > adds two numbers".to_owned(), Visibility::Hide),
            ("test_x".to_owned(), Visibility::Hide),
        ]);
        assert_eq!(
            of("group > adds two numbers", &visibility),
            Some(Visibility::Hide)
        );
        assert_eq!(of("group > other", &visibility), None);
        assert_eq!(of("test_x (n=1)", &visibility), Some(Visibility::Hide));
        assert!(!is_shown(
            &result("group > adds two numbers", true),
            &visibility
        ));
        assert!(is_shown(&result("group > other", false), &visibility));
        assert_eq!(entry_of("test_x (n=1)"), "test_x");
        assert_eq!(entry_of("test_x [sub] (n=1)"), "test_x");
        assert_eq!(
            entry_of("group > adds two numbers"),
            "group > adds two numbers"
        );
    }

    #[test]
    fn visibility_names_are_api_md_names() {
        let json: TestVisibility =
            serde_json::from_str(r#"{"a": "show", "b": "hide", "c": "hide_if_fail"}"#).unwrap();
        assert_eq!(json["c"], Visibility::HideIfFail);
        assert!(serde_json::from_str::<TestVisibility>(r#"{"a": "secret"}"#).is_err());
    }
}
