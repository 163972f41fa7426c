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
