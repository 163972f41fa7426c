//! stdin/stdout cases: each with its name, the input the program gets, the output it must
//! print, how that output is compared, and what learners see of its result.

use leptos::prelude::*;
use wire::admin::{Compare, IoCase};
use wire::visibility::Visibility;

use super::form::{CaseRow, FormState};
use crate::model::authoring::{visibility_label, visibility_name, VISIBILITIES};

/// The compare modes, as teachers read them.
const COMPARES: [(Compare, &str); 4] = [
    (
        Compare::Lines,
        "Lines (trailing spaces and final newlines ignored)",
    ),
    (Compare::Exact, "Exact, byte for byte"),
    (Compare::Tokens, "Tokens (any spacing)"),
    (Compare::Numeric, "Numbers within 1e-6"),
];

#[component]
pub(super) fn CasesEditor(form: FormState) -> impl IntoView {
    let cases = form.io_cases;
    let add = move |_| {
        cases.update(|rows| {
            let key = rows.iter().map(|row| row.key).max().unwrap_or(0) + 1;
            rows.push(CaseRow {
                key,
                case: IoCase {
                    name: format!("case-{}", rows.len() + 1),
                    input: String::new(),
                    expected_output: String::new(),
                    compare: Compare::Lines,
                    visibility: Visibility::Show,
                },
            });
        });
    };
    view! {
        <section class="card" aria-labelledby="cases-title">
            <h2 class="card-title" id="cases-title">"stdin/stdout cases"</h2>
            <p class="hint">
                "Each case runs the learner's program once with its input on stdin and compares what it prints with the expected output; the time limit applies to each case. C++ and JavaScript assignments are graded by cases only."
            </p>
            <div class="cases" data-testid="cases">
                <For
                    each=move || cases.get()
                    key=|row| row.key
                    children=move |row| view! { <CaseEditor form key=row.key /> }
                />
            </div>
            <button type="button" class="secondary" data-testid="add-case" on:click=add>
                "Add a case"
            </button>
        </section>
    }
}

/// The fields of the case `key`.
#[component]
fn CaseEditor(form: FormState, key: u64) -> impl IntoView {
    let cases = form.io_cases;
    let read = move |pick: fn(&IoCase) -> String| {
        cases.with(|rows| {
            rows.iter()
                .find(|row| row.key == key)
                .map(|row| pick(&row.case))
                .unwrap_or_default()
        })
    };
    let write = move |change: Box<dyn FnOnce(&mut IoCase)>| {
        cases.update(|rows| {
            if let Some(row) = rows.iter_mut().find(|row| row.key == key) {
                change(&mut row.case);
            }
        });
    };
    let remove = move |_| cases.update(|rows| rows.retain(|row| row.key != key));
    let id = |what: &str| format!("case-{key}-{what}");
    let initial_compare = read(|case| case.compare.as_str().to_owned());
    let initial_visibility = read(|case| visibility_name(case.visibility).to_owned());
    view! {
        <div class="case" data-testid="case">
            <div class="fields">
                <div class="field">
                    <label for=id("name")>"Name"</label>
                    <input
                        type="text"
                        id=id("name")
                        data-testid="case-name"
                        prop:value=move || read(|case| case.name.clone())
                        on:input=move |ev| {
                            let value = event_target_value(&ev);
                            write(Box::new(move |case| case.name = value));
                        }
                    />
                </div>
                <div class="field">
                    <label for=id("compare")>"Compare"</label>
                    <select
                        id=id("compare")
                        data-testid="case-compare"
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            if let Some((compare, _)) = COMPARES.iter().find(|(c, _)| c.as_str() == value) {
                                let compare = *compare;
                                write(Box::new(move |case| case.compare = compare));
                            }
                        }
                    >
                        {COMPARES
                            .iter()
                            .map(|(compare, label)| {
                                let selected = initial_compare == compare.as_str();
                                view! { <option value=compare.as_str() selected=selected>{*label}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for=id("visibility")>"Learners see"</label>
                    <select
                        id=id("visibility")
                        data-testid="case-visibility"
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            if let Some(visibility) = VISIBILITIES.iter().copied().find(|v| visibility_name(*v) == value) {
                                write(Box::new(move |case| case.visibility = visibility));
                            }
                        }
                    >
                        {VISIBILITIES
                            .iter()
                            .map(|visibility| {
                                let name = visibility_name(*visibility);
                                let selected = initial_visibility == name;
                                view! { <option value=name selected=selected>{visibility_label(*visibility)}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
            </div>
            <div class="split">
                <div class="field">
                    <label for=id("input")>"Input (stdin)"</label>
                    <textarea
                        id=id("input")
                        rows="4"
                        data-testid="case-input"
                        prop:value=move || read(|case| case.input.clone())
                        on:input=move |ev| {
                            let value = event_target_value(&ev);
                            write(Box::new(move |case| case.input = value));
                        }
                    >
                        {read(|case| case.input.clone())}
                    </textarea>
                </div>
                <div class="field">
                    <label for=id("expected")>"Expected output (stdout)"</label>
                    <textarea
                        id=id("expected")
                        rows="4"
                        data-testid="case-expected"
                        prop:value=move || read(|case| case.expected_output.clone())
                        on:input=move |ev| {
                            let value = event_target_value(&ev);
                            write(Box::new(move |case| case.expected_output = value));
                        }
                    >
                        {read(|case| case.expected_output.clone())}
                    </textarea>
                </div>
            </div>
            <button type="button" class="secondary" data-testid="remove-case" on:click=remove>
                "Remove this case"
            </button>
        </div>
    }
}
