//! What the teacher's pages add to `wire`'s admin types: the form as typed and the draft
//! it becomes, the tests whose visibility can be set, where a refusal's message belongs,
//! and the page data read on the server.

// Drafts and requests are built in the browser only; the server renders the pages.
#![cfg_attr(not(feature = "hydrate"), allow(dead_code))]

use serde::{Deserialize, Serialize};
use wire::admin::{AdminAssignment, AssignmentDraft, CheckResult};
use wire::visibility::{entry_of, TestVisibility, Visibility};
use wire::{Status, TestResult, Verdict};

/// Where the teacher's pages send a browser without an admin session.
pub(crate) const SIGN_IN_PATH: &str = "/admin/login";

/// What a save or a try says when the teacher's session has ended meanwhile: the page
/// stays, with every edit, while they sign in again elsewhere.
pub(crate) const SIGNED_OUT: &str = "you are no longer signed in as a teacher. Your edits are still here: sign in again in another tab (/admin/login), then come back and try again";

/// What the edit page starts from: the assignment, or none for a new one, which goes
/// after the last (`next_order`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct EditData {
    pub(crate) assignment: Option<AdminAssignment>,
    pub(crate) next_order: i32,
}

/// The kinds of visibility, in the order the teacher's select offers them.
pub(crate) const VISIBILITIES: [Visibility; 3] =
    [Visibility::Show, Visibility::Hide, Visibility::HideIfFail];

/// API.md's name of `visibility` (the value of the select's option).
pub(crate) fn visibility_name(visibility: Visibility) -> &'static str {
    match visibility {
        Visibility::Show => "show",
        Visibility::Hide => "hide",
        Visibility::HideIfFail => "hide_if_fail",
    }
}

/// The visibility API.md names `name`.
pub(crate) fn parse_visibility(name: &str) -> Option<Visibility> {
    VISIBILITIES
        .into_iter()
        .find(|v| visibility_name(*v) == name)
}

/// What the teacher reads in the select.
pub(crate) fn visibility_label(visibility: Visibility) -> &'static str {
    match visibility {
        Visibility::Show => "Shown",
        Visibility::Hide => "Hidden",
        Visibility::HideIfFail => "Hidden when it fails",
    }
}

/// The map without the methods it shows (a method not named is shown anyway).
pub(crate) fn without_shown(map: &TestVisibility) -> TestVisibility {
    map.iter()
        .filter(|(_, v)| **v != Visibility::Show)
        .map(|(name, v)| (name.clone(), *v))
        .collect()
}

/// The form's fields, so a refusal's message can be shown next to the one it is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Title,
    Language,
    Order,
    Points,
    TimeLimit,
    MemoryLimit,
    ModuleName,
    Handout,
    StarterCode,
    TestCode,
    TestVisibility,
    ReferenceSolution,
}

impl Field {
    const ALL: [Field; 12] = [
        Field::Title,
        Field::Language,
        Field::Order,
        Field::Points,
        Field::TimeLimit,
        Field::MemoryLimit,
        Field::ModuleName,
        Field::Handout,
        Field::StarterCode,
        Field::TestCode,
        Field::TestVisibility,
        Field::ReferenceSolution,
    ];

    /// The name the API gives the field (and starts its messages about it with).
    pub(crate) fn wire_name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Language => "language",
            Field::Order => "order",
            Field::Points => "points",
            Field::TimeLimit => "time_limit_ms",
            Field::MemoryLimit => "memory_limit_mb",
            Field::ModuleName => "module_name",
            Field::Handout => "handout",
            Field::StarterCode => "starter_code",
            Field::TestCode => "test_code",
            Field::TestVisibility => "test_visibility",
            Field::ReferenceSolution => "reference_solution",
        }
    }

    /// The field an API message is about: the API names it first (`points must be
    /// between 0 and 10000`, `test_visibility: "a b" is not ...`).
    pub(crate) fn of_message(message: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|field| {
            message
                .strip_prefix(field.wire_name())
                .is_some_and(|rest| rest.starts_with([' ', ':']))
        })
    }
}

/// Why the form cannot become a draft: a number field that holds no number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldError {
    pub(crate) field: Field,
    pub(crate) message: String,
}

/// The edit form as the teacher typed it: numbers as the text of their inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FormValues {
    pub(crate) title: String,
    /// Empty: after the last assignment.
    pub(crate) order: String,
    pub(crate) points: String,
    pub(crate) time_limit_ms: String,
    pub(crate) memory_limit_mb: String,
    pub(crate) module_name: String,
    pub(crate) published: bool,
    pub(crate) handout: String,
    pub(crate) starter_code: String,
    pub(crate) test_code: String,
    pub(crate) reference_solution: String,
    pub(crate) visibility: TestVisibility,
    /// Not edited here; kept as they were.
    pub(crate) language: String,
    pub(crate) io_cases: Vec<wire::admin::IoCase>,
}

impl FormValues {
    /// A new assignment, with the API's defaults, placed after the last one.
    pub(crate) fn blank(next_order: i32) -> FormValues {
        FormValues {
            title: String::new(),
            order: next_order.to_string(),
            points: "100".to_owned(),
            time_limit_ms: "5000".to_owned(),
            memory_limit_mb: "128".to_owned(),
            module_name: "solution".to_owned(),
            published: false,
            handout: String::new(),
            starter_code: String::new(),
            test_code: String::new(),
            reference_solution: String::new(),
            visibility: TestVisibility::new(),
            language: "python".to_owned(),
            io_cases: Vec::new(),
        }
    }

    pub(crate) fn from_assignment(assignment: &AdminAssignment) -> FormValues {
        FormValues {
            title: assignment.title.clone(),
            order: assignment.order.to_string(),
            points: assignment.points.to_string(),
            time_limit_ms: assignment.time_limit_ms.to_string(),
            memory_limit_mb: assignment.memory_limit_mb.to_string(),
            module_name: assignment.module_name.clone(),
            published: assignment.published,
            handout: assignment.handout.clone(),
            starter_code: assignment.starter_code.clone(),
            test_code: assignment.test_code.clone().unwrap_or_default(),
            reference_solution: assignment.reference_solution.clone(),
            visibility: without_shown(&assignment.test_visibility),
            language: assignment.language.clone(),
            io_cases: assignment.io_cases.clone(),
        }
    }

    /// The body of a save or a try. Only what the form itself can tell is checked here
    /// (numbers are numbers); the API checks the rest and says what is wrong.
    pub(crate) fn to_draft(&self) -> Result<AssignmentDraft, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut number = |field: Field, text: &str, label: &str| -> i32 {
            match text.trim().parse::<i32>() {
                Ok(value) => value,
                Err(_) => {
                    errors.push(FieldError {
                        field,
                        message: format!("{label} must be a whole number"),
                    });
                    0
                }
            }
        };
        let order = if self.order.trim().is_empty() {
            None
        } else {
            Some(number(Field::Order, &self.order, "Position"))
        };
        let points = number(Field::Points, &self.points, "Points");
        let time_limit_ms = number(Field::TimeLimit, &self.time_limit_ms, "Time limit");
        let memory_limit_mb = number(Field::MemoryLimit, &self.memory_limit_mb, "Memory limit");
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(AssignmentDraft {
            title: self.title.clone(),
            order,
            language: self.language.clone(),
            points,
            handout: self.handout.clone(),
            starter_code: self.starter_code.clone(),
            module_name: self.module_name.trim().to_owned(),
            test_code: Some(self.test_code.clone()),
            io_cases: self.io_cases.clone(),
            test_visibility: without_shown(&self.visibility),
            reference_solution: self.reference_solution.clone(),
            time_limit_ms,
            memory_limit_mb,
            published: self.published,
        })
    }
}

/// The draft that saves `assignment` as it is: what moving or publishing it from the
/// list sends, with only that one field changed.
pub(crate) fn draft_of(assignment: &AdminAssignment) -> AssignmentDraft {
    AssignmentDraft {
        title: assignment.title.clone(),
        order: Some(assignment.order),
        language: assignment.language.clone(),
        points: assignment.points,
        handout: assignment.handout.clone(),
        starter_code: assignment.starter_code.clone(),
        module_name: assignment.module_name.clone(),
        test_code: assignment.test_code.clone(),
        io_cases: assignment.io_cases.clone(),
        test_visibility: assignment.test_visibility.clone(),
        reference_solution: assignment.reference_solution.clone(),
        time_limit_ms: assignment.time_limit_ms,
        memory_limit_mb: assignment.memory_limit_mb,
        published: assignment.published,
    }
}

/// The position of a new assignment: after the last of `list`.
pub(crate) fn next_order(list: &[AdminAssignment]) -> i32 {
    list.iter()
        .map(|a| a.order)
        .max()
        .unwrap_or(0)
        .saturating_add(1)
}

/// The position that moves the assignment at `index` of `list` (in course order) one
/// place up or down: its neighbour's; none at either end.
pub(crate) fn move_target(list: &[AdminAssignment], index: usize, up: bool) -> Option<i32> {
    let neighbour = if up {
        index.checked_sub(1)?
    } else {
        index.checked_add(1)?
    };
    list.get(index)?;
    list.get(neighbour).map(|a| a.order)
}

/// The test methods `test_code` defines, in order: the indented `def test...(` lines,
/// which is what unittest runs in a `TestCase`.
pub(crate) fn test_methods(test_code: &str) -> Vec<String> {
    let mut methods: Vec<String> = Vec::new();
    for line in test_code.lines() {
        if !line.starts_with([' ', '\t']) {
            continue;
        }
        let line = line.trim_start();
        let line = line.strip_prefix("async ").map_or(line, str::trim_start);
        let Some(rest) = line.strip_prefix("def ") else {
            continue;
        };
        let name: String = rest
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if name.starts_with("test") && !methods.contains(&name) {
            methods.push(name);
        }
    }
    methods
}

/// The tests whose visibility the teacher can set, with what each is set to: the test
/// methods of the test code, then those of the last results (a check or a try), then any
/// others the map still names, each once.
pub(crate) fn visibility_rows(
    test_code: &str,
    results: &[TestResult],
    map: &TestVisibility,
) -> Vec<(String, Visibility)> {
    let mut names = test_methods(test_code);
    let from_results = results.iter().map(|t| entry_of(&t.name).to_owned());
    for name in from_results.chain(map.keys().cloned()) {
        if !name.is_empty() && !names.contains(&name) {
            names.push(name);
        }
    }
    names
        .into_iter()
        .map(|name| {
            let visibility = map.get(&name).copied().unwrap_or_default();
            (name, visibility)
        })
        .collect()
}

/// One line about a check: its outcome and how many tests passed.
pub(crate) fn check_headline(check: &CheckResult) -> String {
    let passed = check.tests.iter().filter(|t| t.passed).count();
    let count = format!("{passed} of {} tests pass", check.tests.len());
    let outcome = match (check.status, check.verdict) {
        (Status::Passed, _) => "Passed",
        (Status::Failed, Some(verdict)) => match verdict {
            Verdict::TestsFailed => "Failed: some tests fail",
            Verdict::SyntaxError => "Failed: the code has a syntax error",
            Verdict::CompileError => "Failed: the code does not compile",
            Verdict::RuntimeError => "Failed: the code raised an error",
            Verdict::TimeLimit => "Failed: over the time limit",
            Verdict::MemoryLimit => "Failed: over the memory limit",
            Verdict::OutputLimit => "Failed: printed too much output",
        },
        (Status::Failed, None) => "Failed",
        (Status::Error, _) => "Error: the grader could not finish",
        (Status::Queued | Status::Running, _) => "Not graded",
    };
    format!("{outcome} - {count}")
}

/// A result's message, when it has one.
pub(crate) fn test_message(test: &TestResult) -> Option<&str> {
    test.message.as_deref().filter(|m| !m.trim().is_empty())
}

#[cfg(test)]
mod tests;
