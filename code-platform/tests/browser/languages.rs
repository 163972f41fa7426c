//! Assignments in C++ and JavaScript: the editor highlights the assignment's language, a
//! learner solves one and sees each stdin/stdout case (a hidden one as "hidden test N"), a
//! compiler's message reaches the page; a teacher's editors follow the language picked.

use serde_json::json;

use crate::authoring::{sign_in, wait_path};
use crate::harness::{browser_test_with_platform, Api, Page, ADMIN_PASSWORD};

const LAPTOP: (u32, u32) = (1280, 900);
const SUM_CPP: &str = "#include <iostream>\n\nint main() {\n    double a, b;\n    std::cin >> a >> b;\n    std::cout << a + b << \"\\n\";\n}\n";

/// The language of the editor `[data-testid=testid]`, as the bundle's handle says.
async fn editor_language(page: &Page, testid: &str) -> String {
    page.js(
        r#"const el = document.querySelector(`[data-testid="${arguments[0]}"]`);
           return el.cpEditor ? el.cpEditor.language : 'not mounted';"#,
        vec![json!(testid)],
    )
    .await
    .as_str()
    .unwrap()
    .to_owned()
}

/// `(text, passed)` of every result shown (the text holds its name).
async fn results(page: &Page) -> Vec<(String, bool)> {
    let mut shown = Vec::new();
    for result in page.find_all("test-result").await {
        let passed = result.attr("data-passed").await.unwrap().as_deref() == Some("true");
        shown.push((result.text().await.unwrap(), passed));
    }
    shown
}

#[tokio::test]
async fn a_cpp_assignment_is_solved_in_a_cpp_editor_case_by_case() {
    browser_test_with_platform("cpp", LAPTOP, |page, platform| async move {
        let api = Api::learner(&platform).await;
        let sum = api.assignment("Sum, C++").await;
        page.open(&format!("/assignments/{sum}")).await;
        page.wait_hydrated().await;
        assert_eq!(editor_language(&page, "editor").await, "cpp");
        assert!(page.editor_value().await.contains("#include <iostream>"));
        // The handout speaks of C++.
        assert!(page.text("handout").await.contains("std::cin"));

        // A compile error: the compiler's own words, no sandbox paths.
        page.set_editor("int main() { return missing; }\n").await;
        page.find("submit").await.click().await.unwrap();
        assert_eq!(page.wait_final_status(60).await, "failed");
        let feedback = page.text("feedback").await;
        assert!(feedback.contains("did not compile"), "{feedback}");
        assert!(feedback.contains("missing"), "{feedback}");
        assert!(!feedback.contains("/tmp"), "{feedback}");
        page.screenshot("compile-error").await;

        page.set_editor(SUM_CPP).await;
        page.wait_until("the submit button to be enabled", 10, || async {
            page.find("submit")
                .await
                .is_enabled()
                .await
                .ok()?
                .then_some(())
        })
        .await;
        page.find("submit").await.click().await.unwrap();
        assert_eq!(page.wait_final_status(60).await, "passed");
        let shown = results(&page).await;
        let names: Vec<&str> = shown.iter().map(|(name, _)| name.as_str()).collect();
        assert!(names.iter().any(|n| n.contains("small")), "{shown:?}");
        assert!(
            names.iter().any(|n| n.contains("hidden test 1")),
            "{shown:?}"
        );
        assert!(shown.iter().all(|(_, passed)| *passed), "{shown:?}");
        page.screenshot("passed").await;
    })
    .await;
}

#[tokio::test]
async fn javascript_is_highlighted_for_learners_and_teachers_follow_the_language() {
    browser_test_with_platform("javascript", LAPTOP, |page, platform| async move {
        let api = Api::learner(&platform).await;
        let hello = api.assignment("Hello, JavaScript").await;
        page.open(&format!("/assignments/{hello}")).await;
        page.wait_hydrated().await;
        assert_eq!(editor_language(&page, "editor").await, "javascript");
        page.set_editor("console.log(\"Hello\");\n").await;
        page.find("submit").await.click().await.unwrap();
        assert_eq!(page.wait_final_status(60).await, "passed");

        // A teacher editing it: the language picked is the editors' language.
        sign_in(&page, ADMIN_PASSWORD).await;
        wait_path(&page, "/admin").await;
        page.open(&format!("/admin/assignments/{hello}")).await;
        page.wait_hydrated().await;
        let select = page.find("language").await;
        assert_eq!(
            select.prop("value").await.unwrap().as_deref(),
            Some("javascript")
        );
        assert_eq!(editor_language(&page, "starter-editor").await, "javascript");
        assert_eq!(
            editor_language(&page, "reference-editor").await,
            "javascript"
        );
        page.js(
            r#"const select = document.querySelector('[data-testid="language"]');
               select.value = 'cpp';
               select.dispatchEvent(new Event('change', { bubbles: true }));"#,
            vec![],
        )
        .await;
        page.wait_until("the editors to switch to C++", 10, || async {
            (editor_language(&page, "starter-editor").await == "cpp").then_some(())
        })
        .await;
        assert_eq!(editor_language(&page, "reference-editor").await, "cpp");
        page.screenshot("teacher").await;
    })
    .await;
}

/// Sets the `index`th `[data-testid=testid]` field to `value` as typing would (an input
/// event), or picks `value` in it when it is a select (a change event).
async fn fill(page: &Page, testid: &str, index: usize, value: &str) {
    page.js(
        r#"const el = document.querySelectorAll(`[data-testid="${arguments[0]}"]`)[arguments[1]];
           el.value = arguments[2];
           el.dispatchEvent(new Event(el.tagName === 'SELECT' ? 'change' : 'input', { bubbles: true }));"#,
        vec![json!(testid), json!(index), json!(value)],
    )
    .await;
}

#[tokio::test]
async fn a_teacher_writes_a_cpp_assignment_with_cases_in_the_form() {
    browser_test_with_platform("cpp_authoring", LAPTOP, |page, platform| async move {
        sign_in(&page, ADMIN_PASSWORD).await;
        wait_path(&page, "/admin").await;
        page.open("/admin/assignments/new").await;
        page.wait_hydrated().await;
        page.type_into("title", "Add two, C++").await;
        fill(&page, "language", 0, "cpp").await;
        page.wait_until("the editors in C++", 10, || async {
            (editor_language(&page, "reference-editor").await == "cpp").then_some(())
        })
        .await;
        page.set_code("starter-editor", "#include <iostream>\nint main() {}\n")
            .await;
        page.set_code("tests-editor", "").await;
        page.set_code("reference-editor", SUM_CPP).await;
        for _ in 0..2 {
            page.click("add-case").await;
        }
        page.wait_until("two cases", 10, || async {
            (page.find_all("case").await.len() == 2).then_some(())
        })
        .await;
        for (index, (name, input, expected)) in
            [("small", "2 3\n", "5\n"), ("big", "1000 2000\n", "3000\n")]
                .into_iter()
                .enumerate()
        {
            fill(&page, "case-name", index, name).await;
            fill(&page, "case-input", index, input).await;
            fill(&page, "case-expected", index, expected).await;
        }
        fill(&page, "case-compare", 1, "tokens").await;
        fill(&page, "case-visibility", 1, "hide").await;
        page.click("published").await;
        page.screenshot("filled").await;
        let id = crate::authoring::save_new(&page).await;
        assert_eq!(page.text("saved").await, "Created.");

        // Stored as written, and graded for learners case by case.
        let admin = Api::admin(&platform).await;
        let (_, stored) = admin
            .send(
                reqwest::Method::GET,
                &format!("/api/admin/assignments/{id}"),
                None,
            )
            .await;
        let stored = &stored["assignment"];
        assert_eq!(stored["language"], "cpp", "{stored}");
        assert_eq!(stored["test_code"], serde_json::Value::Null, "{stored}");
        assert_eq!(stored["io_cases"][1]["name"], "big", "{stored}");
        assert_eq!(stored["io_cases"][1]["compare"], "tokens", "{stored}");
        assert_eq!(stored["io_cases"][1]["visibility"], "hide", "{stored}");
        assert_eq!(stored["io_cases"][0]["expected_output"], "5\n", "{stored}");
        let learner = Api::learner(&platform).await;
        let submission = learner.submit(id, SUM_CPP).await;
        assert_eq!(learner.final_status(&submission).await, "passed");

        // Removing a case keeps the other.
        page.click("remove-case").await;
        page.wait_until("one case", 10, || async {
            (page.find_all("case").await.len() == 1).then_some(())
        })
        .await;
        let left = page.find("case-name").await.prop("value").await.unwrap();
        assert_eq!(left.as_deref(), Some("big"));
        page.screenshot("removed").await;
    })
    .await;
}
