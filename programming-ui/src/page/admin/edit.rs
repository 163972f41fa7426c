//! The editor of one assignment: its fields, the handout with a live preview, the
//! starter code, tests and reference solution in the learner's editor, per-test
//! visibility, "try it", and saving (which grades the reference first), publishing and
//! archiving. A refused save keeps every edit and says why, per test when the
//! reference failed.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use wire::admin::{AdminAssignment, CheckResult};

use super::cases::CasesEditor;
use super::check::CheckView;
use super::form::{DetailFields, FieldErrorText, FormState};
use super::try_it::TryIt;
use super::visibility::VisibilityEditor;
use super::{mark_hydrated, state_label, AdminHeader, Section};
use crate::markdown;
use crate::model::authoring::{EditData, Field, FormValues};
use crate::page::code_area::CodeArea;

/// How the last save went.
#[derive(Debug, Clone)]
enum Outcome {
    Saved(String),
    // Only the browser saves.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    Refused {
        message: String,
        /// The reference solution's check, when that is why.
        check: Option<CheckResult>,
    },
}

#[component]
pub(super) fn EditPage(data: EditData) -> impl IntoView {
    let EditData {
        assignment,
        next_order,
    } = data;
    let id = assignment.as_ref().map(|a| a.id);
    let values = assignment.as_ref().map_or_else(
        || FormValues::blank(next_order),
        FormValues::from_assignment,
    );
    let form = FormState::new(values);
    // The assignment as stored: what the state in the heading says.
    let stored = RwSignal::new(assignment);
    let saving = RwSignal::new(false);
    let created = use_query_map().with_untracked(|query| query.get_str("created").is_some());
    let outcome = RwSignal::new(created.then(|| Outcome::Saved("Created.".to_owned())));
    let confirming_archive = RwSignal::new(false);

    // What was last saved (or loaded): the browser asks before leaving edits unsaved.
    #[cfg(feature = "hydrate")]
    let saved_values = StoredValue::new(form.values());
    #[cfg(feature = "hydrate")]
    crate::client::dom::confirm_leaving_while(move || form.values() != saved_values.get_value());
    let save = move || {
        #[cfg(feature = "hydrate")]
        save_now(id, form, stored, saved_values, saving, outcome);
    };
    let toggle_published = move || {
        form.published.update(|published| *published = !*published);
        save();
    };
    let archive = move || {
        #[cfg(feature = "hydrate")]
        archive_now(id, saving, outcome);
    };

    // What the learner's page shows under the title (a first heading repeating it is
    // left out there too).
    let preview = move || {
        form.title.with(|title| {
            form.handout
                .with(|handout| markdown::render(markdown::without_title(handout, title)))
        })
    };
    let heading = move || {
        stored.with(|stored| match stored {
            Some(assignment) => format!("Edit “{}”", assignment.title),
            None => "New assignment".to_owned(),
        })
    };
    let starter = view! {
        <CodeArea id="starter_code" value=form.starter_code testid="starter-editor" language=form.language label="Starter code" rows=8 described_by="starter_code-hint starter_code-error" on_submit=save />
    };
    let tests = view! {
        <CodeArea id="test_code" value=form.test_code testid="tests-editor" language=form.language label="Tests" rows=16 described_by="test_code-hint test_code-error" on_submit=save />
    };
    let reference = view! {
        <CodeArea id="reference_solution" value=form.reference_solution testid="reference-editor" language=form.language label="Reference solution" rows=10 described_by="reference_solution-hint reference_solution-error" on_submit=save />
    };
    let try_it = view! { <TryIt form /> };
    // After every editor's mount effect: tests wait for this before they type.
    mark_hydrated();
    view! {
        <AdminHeader here=if id.is_some() { Section::Assignments } else { Section::NewAssignment } />
        <main class="admin-page edit-page">
            <div class="page-head">
                <div>
                    <p class="eyebrow">
                        <a href="/admin" rel="external">"← All assignments"</a>
                    </p>
                    <h1 data-testid="edit-heading">{heading}</h1>
                </div>
                {move || stored.with(|stored| stored.as_ref().map(state_pill))}
            </div>

            <section class="card" aria-labelledby="details-title">
                <h2 class="card-title" id="details-title">"Details"</h2>
                <DetailFields form />
            </section>

            <section class="card" aria-labelledby="handout-title">
                <h2 class="card-title" id="handout-title">"Handout"</h2>
                <div class="split">
                    <div class="field">
                        <label for="handout">"Markdown"</label>
                        <textarea
                            id="handout"
                            name="handout"
                            rows="14"
                            data-testid="handout-input"
                            aria-describedby="handout-error"
                            prop:value=move || form.handout.get()
                            on:input=move |ev| form.handout.set(event_target_value(&ev))
                        >
                            {form.handout.get_untracked()}
                        </textarea>
                        <FieldErrorText form field=Field::Handout />
                    </div>
                    <div class="preview-pane">
                        <p class="field-label" id="preview-title">"Preview (as learners see it)"</p>
                        <div
                            class="preview handout-card"
                            data-testid="handout-preview"
                            role="region"
                            aria-labelledby="preview-title"
                        >
                            <p class="eyebrow">{move || format!("{} points", form.points.get().trim())}</p>
                            <h1>{move || form.title.get()}</h1>
                            <div class="handout" inner_html=preview></div>
                        </div>
                    </div>
                </div>
            </section>

            <section class="card" aria-labelledby="code-title">
                <h2 class="card-title" id="code-title">"Code"</h2>
                <p class="hint">
                    "In an editor Tab indents: press Esc, then Tab, to move on. Ctrl/⌘ + Enter saves."
                </p>
                <div class="field">
                    <label for="starter_code">"Starter code"</label>
                    <p class="hint" id="starter_code-hint">"What learners find in their editor."</p>
                    {starter}
                    <FieldErrorText form field=Field::StarterCode />
                </div>
                <div class="field">
                    <label for="test_code">
                        {move || match form.language.get().as_str() {
                            "python" => "Tests (Python unittest)",
                            "javascript" => "Tests (JavaScript node:test)",
                            _ => "Tests (none in this language: use stdin/stdout cases below)",
                        }}
                    </label>
                    <p class="hint" id="test_code-hint">
                        {move || match form.language.get().as_str() {
                            "javascript" => "A node:test file (CommonJS): test(...) calls with node:assert; it gets the learner's exports with require(\"./solution\"). Learners never see this code.",
                            _ => "unittest.TestCase classes with test_ methods; they import the learner's code under the module name above (from solution import ...). Learners never see this code.",
                        }}
                    </p>
                    {tests}
                    <FieldErrorText form field=Field::TestCode />
                </div>
                <div class="field">
                    <label for="reference_solution">"Reference solution"</label>
                    <p class="hint" id="reference_solution-hint">
                        "Must pass the tests: saving runs it first, and nothing is saved if it fails."
                    </p>
                    {reference}
                    <FieldErrorText form field=Field::ReferenceSolution />
                </div>
            </section>

            <CasesEditor form />
            {try_it}
            <VisibilityEditor form />

            <div class="save-outcome" aria-live="polite" id="save-outcome">
                {move || match outcome.get() {
                    Some(Outcome::Refused { message, check }) => Some(view! { <Refusal message check /> }),
                    _ => None,
                }}
            </div>
            <Show when=move || confirming_archive.get()>
                <div class="card confirm" role="alertdialog" aria-labelledby="confirm-text" data-testid="archive-confirm">
                    <p id="confirm-text">
                        {move || format!(
                            "Archive “{}”? Learners stop seeing it; its submissions are kept.",
                            form.title.get(),
                        )}
                    </p>
                    <div class="actions-group">
                        <button type="button" class="button button-danger" data-testid="archive-yes" on:click=move |_| archive()>
                            "Archive"
                        </button>
                        <button type="button" class="button" id="archive-no" data-testid="archive-no" on:click=move |_| confirming_archive.set(false)>
                            "Keep it"
                        </button>
                    </div>
                </div>
            </Show>
            <div class="save-bar">
                <button
                    type="button"
                    class="button button-primary"
                    data-testid="save"
                    disabled=move || saving.get()
                    on:click=move |_| save()
                >
                    {move || if saving.get() { "Saving…" } else { "Save" }}
                </button>
                {id.map(|_| view! {
                    <button
                        type="button"
                        class="button"
                        data-testid="publish-toggle"
                        disabled=move || saving.get()
                        on:click=move |_| toggle_published()
                    >
                        {move || if form.published.get() { "Save as draft (unpublish)" } else { "Save and publish" }}
                    </button>
                    <button
                        type="button"
                        class="button button-danger-outline"
                        data-testid="archive"
                        disabled=move || saving.get()
                        on:click=move |_| {
                            confirming_archive.set(true);
                            // The safe choice first, for keyboard users.
                            #[cfg(feature = "hydrate")]
                            crate::client::dom::focus_when_drawn("archive-no".to_owned());
                        }
                    >
                        "Archive…"
                    </button>
                })}
                <span class="progress-note" role="status" data-testid="save-progress">
                    {move || saving.get().then_some("Checking the reference solution against the tests…")}
                </span>
                <span class="form-ok" role="status" data-testid="saved">
                    {move || match outcome.get() {
                        Some(Outcome::Saved(message)) => Some(message),
                        _ => None,
                    }}
                </span>
            </div>
        </main>
    }
}

fn state_pill(assignment: &AdminAssignment) -> impl IntoView {
    let state = state_label(assignment);
    view! {
        <span class=format!("pill state-{state}") data-testid="edit-state">
            {state}
        </span>
    }
}

/// Why the last save was refused, with the reference solution's check when that is why.
#[component]
fn Refusal(message: String, check: Option<CheckResult>) -> impl IntoView {
    view! {
        <div class="card refused" data-testid="save-error" role="alert">
            <p class="form-error">{format!("Not saved: {message}")}</p>
            {check.map(|check| view! { <CheckView check testid="reference-check" /> })}
        </div>
    }
}

/// Creates or replaces the assignment with what the form holds. A new one is then
/// opened at its own address; a refusal leaves the form as it is.
#[cfg(feature = "hydrate")]
fn save_now(
    id: Option<i64>,
    form: FormState,
    stored: RwSignal<Option<AdminAssignment>>,
    saved_values: StoredValue<FormValues>,
    saving: RwSignal<bool>,
    outcome: RwSignal<Option<Outcome>>,
) {
    use crate::client::{admin, dom};
    use crate::model::ApiError;

    if saving.get_untracked() {
        return;
    }
    let draft = match form.values().to_draft() {
        Ok(draft) => draft,
        Err(errors) => {
            let message = form.refused(errors);
            outcome.set(Some(Outcome::Refused {
                message,
                check: None,
            }));
            return;
        }
    };
    form.field_errors.set(Vec::new());
    saving.set(true);
    outcome.set(None);
    leptos::task::spawn_local(async move {
        match admin::save(id, &draft).await {
            Ok(saved) if id.is_none() => {
                dom::stop_confirming_leaving();
                dom::go_to(&format!("/admin/assignments/{}?created=1", saved.id));
                return;
            }
            Ok(saved) => {
                form.order.set(saved.order.to_string());
                form.published.set(saved.published);
                saved_values.set_value(form.values());
                outcome.set(Some(Outcome::Saved(format!("Saved “{}”.", saved.title))));
                stored.set(Some(saved));
            }
            Err(ApiError::Http {
                code,
                message,
                check: Some(check),
                ..
            }) if code == "reference_failed" => {
                form.last_results.set(check.tests.clone());
                outcome.set(Some(Outcome::Refused {
                    message,
                    check: Some(*check),
                }));
            }
            Err(err) if err.needs_admin_sign_in() => outcome.set(Some(Outcome::Refused {
                message: crate::model::authoring::SIGNED_OUT.to_owned(),
                check: None,
            })),
            Err(err) => {
                let message = form.refused_by_api(err.user_message());
                outcome.set(Some(Outcome::Refused {
                    message,
                    check: None,
                }));
            }
        }
        saving.set(false);
        dom::scroll_into_view("save-outcome");
    });
}

/// Archives the assignment and goes back to the list.
#[cfg(feature = "hydrate")]
fn archive_now(id: Option<i64>, saving: RwSignal<bool>, outcome: RwSignal<Option<Outcome>>) {
    use crate::client::{admin, dom};

    let Some(id) = id else {
        return;
    };
    saving.set(true);
    leptos::task::spawn_local(async move {
        match admin::archive(id).await {
            Ok(()) => {
                dom::stop_confirming_leaving();
                dom::go_to("/admin");
            }
            Err(err) => {
                outcome.set(Some(Outcome::Refused {
                    message: err.user_message(),
                    check: None,
                }));
                saving.set(false);
            }
        }
    });
}
