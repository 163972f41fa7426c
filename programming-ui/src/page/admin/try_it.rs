//! "Try it": any code graded against the tests as they are in the form, unsaved, with
//! every test's real name and message.

use leptos::prelude::*;
use wire::admin::CheckResult;

use super::check::CheckView;
use super::form::FormState;
use crate::page::code_area::CodeArea;

/// The id of the try editor's textarea.
const TRY_CODE_ID: &str = "try_code";

#[component]
pub(super) fn TryIt(form: FormState) -> impl IntoView {
    let initial = form.reference_solution.with_untracked(|reference| {
        if reference.trim().is_empty() {
            form.starter_code.get_untracked()
        } else {
            reference.clone()
        }
    });
    let code = RwSignal::new(initial);
    let running = RwSignal::new(false);
    let result = RwSignal::new(None::<CheckResult>);
    let error = RwSignal::new(None::<String>);
    let run = move || {
        #[cfg(feature = "hydrate")]
        try_now(form, code, running, result, error);
    };
    let load = move |text: String| {
        code.set(text.clone());
        #[cfg(feature = "hydrate")]
        crate::client::editor::set_value(TRY_CODE_ID, &text);
    };
    let area = view! {
        <CodeArea id=TRY_CODE_ID value=code testid="try-editor" language=form.language label="Code to try" rows=12 described_by="try-hint" on_submit=run />
    };
    view! {
        <section class="card try-it" aria-labelledby="try-title">
            <h2 class="card-title" id="try-title">"Try it"</h2>
            <p class="hint" id="try-hint">
                "Grades this code against the tests as they are above, without saving. Ctrl/⌘ + Enter runs it."
            </p>
            <label class="field-label" for=TRY_CODE_ID>"Code to try"</label>
            {area}
            <div class="actions actions-spread">
                <div class="actions-group">
                    <button
                        type="button"
                        class="button button-small"
                        data-testid="try-load-reference"
                        on:click=move |_| load(form.reference_solution.get_untracked())
                    >
                        "Load the reference solution"
                    </button>
                    <button
                        type="button"
                        class="button button-small"
                        data-testid="try-load-starter"
                        on:click=move |_| load(form.starter_code.get_untracked())
                    >
                        "Load the starter code"
                    </button>
                </div>
                <button
                    type="button"
                    class="button button-primary"
                    data-testid="try-run"
                    disabled=move || running.get()
                    on:click=move |_| run()
                >
                    {move || if running.get() { "Running…" } else { "Run the tests" }}
                </button>
            </div>
            <div class="try-output" aria-live="polite" aria-busy=move || running.get().to_string()>
                <p class="progress-note" data-testid="try-progress">
                    {move || running.get().then_some("Grading against the unsaved draft…")}
                </p>
                {move || error.get().map(|message| view! {
                    <p class="form-error" role="alert" data-testid="try-error">{message}</p>
                })}
                {move || result.get().map(|check| view! { <CheckView check testid="try-result" /> })}
            </div>
        </section>
    }
}

/// Sends the draft and the code; shows the result, or why there is none.
#[cfg(feature = "hydrate")]
fn try_now(
    form: FormState,
    code: RwSignal<String>,
    running: RwSignal<bool>,
    result: RwSignal<Option<CheckResult>>,
    error: RwSignal<Option<String>>,
) {
    use crate::model::ApiError;

    if running.get_untracked() {
        return;
    }
    let code = crate::client::editor::value(TRY_CODE_ID).unwrap_or_else(|| code.get_untracked());
    let draft = match form.values().to_draft() {
        Ok(draft) => draft,
        Err(errors) => {
            error.set(Some(format!("Not run: {}", form.refused(errors))));
            return;
        }
    };
    form.field_errors.set(Vec::new());
    running.set(true);
    error.set(None);
    result.set(None);
    leptos::task::spawn_local(async move {
        match crate::client::admin::try_code(draft, code).await {
            Ok(check) => {
                form.last_results.set(check.tests.clone());
                result.set(Some(check));
            }
            Err(err) if err.needs_admin_sign_in() => {
                error.set(Some(format!(
                    "Not run: {}",
                    crate::model::authoring::SIGNED_OUT
                )));
            }
            Err(ApiError::Http { status: 503, .. }) => error.set(Some(
                "No grader answered in time - try again in a moment".to_owned(),
            )),
            Err(
                err @ ApiError::Http {
                    status: 400..=499, ..
                },
            ) => {
                let message = form.refused_by_api(err.user_message());
                error.set(Some(format!("Not run: {message}")));
            }
            Err(err) => error.set(Some(err.user_message())),
        }
        running.set(false);
    });
}
