use super::*;
use wire::visibility::{TestVisibility, Visibility};

const TESTS: &str = "import unittest\n\nfrom solution import add\n\n\nclass AddTest(unittest.TestCase):\n    def test_add(self):\n        self.assertEqual(add(1, 2), 3)\n\n    def helper(self):\n        pass\n\n    async def test_async (self):\n        pass\n\n    def test_zero(self):\n        for n in range(3):\n            with self.subTest(n=n):\n                self.assertEqual(add(n, 0), n)\n\n\ndef test_module_level():\n    pass\n";

fn assignment() -> AdminAssignment {
    let visibility = TestVisibility::from([
        ("test_zero".to_owned(), Visibility::Hide),
        ("test_gone".to_owned(), Visibility::HideIfFail),
    ]);
    AdminAssignment {
        id: 7,
        title: "Add".to_owned(),
        order: 3,
        language: "python".to_owned(),
        points: 20,
        handout: "# Add\n\nReturn `a + b`.".to_owned(),
        starter_code: "def add(a, b):\n    pass\n".to_owned(),
        module_name: "solution".to_owned(),
        test_code: Some(TESTS.to_owned()),
        io_cases: Vec::new(),
        test_visibility: visibility,
        reference_solution: "def add(a, b):\n    return a + b\n".to_owned(),
        time_limit_ms: 3000,
        memory_limit_mb: 64,
        published: true,
        test_version: 2,
        origin: "teacher".to_owned(),
        created_at: "2026-11-25T21:36:01Z".parse().unwrap(),
        updated_at: "2026-11-25T21:36:01Z".parse().unwrap(),
    }
}

fn result(name: &str, passed: bool) -> TestResult {
    TestResult {
        name: name.to_owned(),
        passed,
        message: (!passed).then(|| format!("{name} failed")),
        duration_ms: None,
    }
}

#[test]
fn an_assignment_round_trips_through_the_form_unchanged() {
    let assignment = assignment();
    let form = FormValues::from_assignment(&assignment);
    assert_eq!(form.order, "3");
    assert_eq!(form.visibility.get("test_zero"), Some(&Visibility::Hide));
    assert_eq!(form.to_draft(), Ok(draft_of(&assignment)));
    let draft = draft_of(&assignment);
    assert_eq!(draft.order, Some(3));
    assert_eq!(draft.test_code.as_deref(), Some(TESTS));
    assert!(draft.published);
}

#[test]
fn the_form_becomes_the_draft_the_api_reads() {
    let mut form = FormValues::blank(4);
    form.title = "Double".to_owned();
    form.order = " ".to_owned();
    form.points = " 10 ".to_owned();
    form.module_name = " solution ".to_owned();
    form.test_code = TESTS.to_owned();
    form.visibility
        .insert("test_add".to_owned(), Visibility::HideIfFail);
    form.visibility
        .insert("test_zero".to_owned(), Visibility::Show);
    let draft = form.to_draft().unwrap();
    assert_eq!(draft.order, None, "an empty position means after the last");
    assert_eq!(draft.points, 10);
    assert_eq!((draft.time_limit_ms, draft.memory_limit_mb), (5000, 128));
    assert_eq!(draft.module_name, "solution");
    let json = serde_json::to_value(&draft).unwrap();
    assert_eq!(
        json["test_visibility"],
        serde_json::json!({"test_add": "hide_if_fail"}),
        "shown tests are left out of the map"
    );
    assert_eq!(json["title"], "Double");
    assert_eq!(json["language"], "python");
}

#[test]
fn numbers_that_are_not_numbers_are_named_by_field() {
    let mut form = FormValues::blank(1);
    form.points = "ten".to_owned();
    form.memory_limit_mb = "1.5".to_owned();
    form.order = "2".to_owned();
    let errors = form.to_draft().unwrap_err();
    let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
    assert_eq!(fields, [Field::Points, Field::MemoryLimit]);
    assert_eq!(errors[0].message, "Points must be a whole number");
}

#[test]
fn api_messages_are_placed_next_to_their_field() {
    assert_eq!(
        Field::of_message("points must be between 0 and 10000"),
        Some(Field::Points)
    );
    assert_eq!(
        Field::of_message("test_code is required (Python unittest code)"),
        Some(Field::TestCode)
    );
    assert_eq!(
        Field::of_message("test_visibility: \" a\" is not a test's name"),
        Some(Field::TestVisibility)
    );
    assert_eq!(
        Field::of_message("module_name \"os\" is a Python keyword or a standard module"),
        Some(Field::ModuleName)
    );
    assert_eq!(
        Field::of_message("time_limit_ms must be between 500 and 60000"),
        Some(Field::TimeLimit)
    );
    assert_eq!(Field::of_message("titles are nice"), None);
    assert_eq!(
        Field::of_message("language \"c\" is not one of cpp, javascript, python"),
        Some(Field::Language)
    );
}

#[test]
fn visibility_lists_the_methods_of_the_code_the_results_and_the_map_once_each() {
    assert_eq!(
        test_methods(TESTS),
        ["test_add", "test_async", "test_zero"],
        "indented test methods only, helpers and functions left out"
    );
    let results = [
        result("test_add", true),
        result("test_zero (n=1)", false),
        result("test_zero (n=2)", false),
        result("test_extra", true),
    ];
    let mut map = TestVisibility::new();
    map.insert("test_zero".to_owned(), Visibility::Hide);
    map.insert("test_old".to_owned(), Visibility::HideIfFail);
    let rows = visibility_rows(TESTS, &results, &map);
    assert_eq!(
        rows,
        [
            ("test_add".to_owned(), Visibility::Show),
            ("test_async".to_owned(), Visibility::Show),
            ("test_zero".to_owned(), Visibility::Hide),
            ("test_extra".to_owned(), Visibility::Show),
            ("test_old".to_owned(), Visibility::HideIfFail),
        ]
    );
    assert!(visibility_rows("", &[], &TestVisibility::new()).is_empty());
}

#[test]
fn visibility_names_are_api_md_names() {
    for visibility in VISIBILITIES {
        let name = visibility_name(visibility);
        assert_eq!(parse_visibility(name), Some(visibility));
        assert_eq!(serde_json::to_value(visibility).unwrap(), name);
    }
    assert_eq!(parse_visibility("secret"), None);
    let map = TestVisibility::from([
        ("a".to_owned(), Visibility::Hide),
        ("b".to_owned(), Visibility::Show),
    ]);
    assert_eq!(
        without_shown(&map),
        TestVisibility::from([("a".to_owned(), Visibility::Hide)])
    );
}

#[test]
fn moving_takes_the_neighbours_place_and_stops_at_the_ends() {
    let list: Vec<AdminAssignment> = [1, 2, 5]
        .into_iter()
        .map(|order| AdminAssignment {
            order,
            ..assignment()
        })
        .collect();
    assert_eq!(move_target(&list, 0, true), None);
    assert_eq!(move_target(&list, 0, false), Some(2));
    assert_eq!(move_target(&list, 2, true), Some(2));
    assert_eq!(move_target(&list, 1, false), Some(5));
    assert_eq!(move_target(&list, 2, false), None);
    assert_eq!(move_target(&list, 9, true), None);
}

#[test]
fn a_check_is_summed_up_in_one_line() {
    let check = CheckResult {
        status: Status::Failed,
        verdict: Some(Verdict::TestsFailed),
        tests: vec![result("test_a", true), result("test_b", false)],
        feedback: String::new(),
        duration_ms: 12,
    };
    assert_eq!(
        check_headline(&check),
        "Failed: some tests fail - 1 of 2 tests pass"
    );
    assert_eq!(test_message(&check.tests[1]), Some("test_b failed"));
    assert_eq!(test_message(&check.tests[0]), None);
    let passed = CheckResult {
        status: Status::Passed,
        verdict: None,
        ..check
    };
    assert_eq!(check_headline(&passed), "Passed - 1 of 2 tests pass");
}
