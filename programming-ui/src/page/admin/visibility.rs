//! Per-test visibility: each test method the page knows of (from the test code, the last
//! check or try, and the saved map) with what learners see of its results.

use leptos::prelude::*;

use super::form::{FieldErrorText, FormState};
use wire::visibility::Visibility;

use crate::model::authoring::{
    parse_visibility, visibility_label, visibility_name, visibility_rows, Field, VISIBILITIES,
};

#[component]
pub(super) fn VisibilityEditor(form: FormState) -> impl IntoView {
    // Names only: a row stays in place (and keeps the focus) while its value changes.
    let names = move || {
        form.test_code.with(|code| {
            form.last_results.with(|results| {
                form.visibility.with(|map| {
                    visibility_rows(code, results, map)
                        .into_iter()
                        .map(|(name, _)| name)
                        .collect::<Vec<_>>()
                })
            })
        })
    };
    view! {
        <section class="card" aria-labelledby="visibility-title">
            <h2 class="card-title" id="visibility-title">
                "What learners see of each test"
            </h2>
            <p class="hint">
                "A hidden test reaches learners as “hidden test N”, passed or failed, without its name or message. Subtests follow their test method."
            </p>
            <Show
                when=move || !names().is_empty()
                fallback=|| view! {
                    <p class="muted" data-testid="visibility-empty">
                        "No tests yet: write test methods (def test_...) in the test code."
                    </p>
                }
            >
                <ul class="visibility-list" data-testid="visibility-list">
                    <For
                        each=names
                        key=|name| name.clone()
                        children=move |name| view! { <VisibilityRow form name /> }
                    />
                </ul>
            </Show>
            <FieldErrorText form field=Field::TestVisibility />
        </section>
    }
}

#[component]
fn VisibilityRow(form: FormState, name: String) -> impl IntoView {
    let id = format!("visibility-{name}");
    let current = {
        let name = name.clone();
        move || {
            form.visibility
                .with(|map| map.get(&name).copied().unwrap_or_default())
        }
    };
    let initial = form
        .visibility
        .with_untracked(|map| map.get(&name).copied().unwrap_or_default());
    let set = {
        let name = name.clone();
        move |ev: leptos::ev::Event| {
            let Some(chosen) = parse_visibility(&event_target_value(&ev)) else {
                return;
            };
            form.visibility.update(|map| {
                if chosen == Visibility::Show {
                    map.remove(&name);
                } else {
                    map.insert(name.clone(), chosen);
                }
            });
        }
    };
    view! {
        <li class="visibility-row">
            <label for=id.clone() class="test-name">{name.clone()}</label>
            <select
                id=id
                data-testid="visibility"
                data-test=name.clone()
                prop:value=move || visibility_name(current())
                on:change=set
            >
                {VISIBILITIES
                    .into_iter()
                    .map(|v| view! {
                        <option value=visibility_name(v) selected=v == initial>{visibility_label(v)}</option>
                    })
                    .collect_view()}
            </select>
        </li>
    }
}
