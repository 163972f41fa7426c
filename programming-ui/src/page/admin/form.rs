//! The edit form's live state (a signal per field) and its plain fields: title, position,
//! points, limits, module name, published.

use leptos::prelude::*;
use wire::TestResult;

use wire::admin::IoCase;
use wire::visibility::TestVisibility;

use crate::model::authoring::{Field, FieldError, FormValues};

/// Every field of the form, as signals (`Copy`, so handed around freely), and what the
/// page learnt about it: the last results (for the visibility list) and the errors
/// of the last attempt to save.
#[derive(Clone, Copy)]
pub(super) struct FormState {
    pub(super) title: RwSignal<String>,
    pub(super) order: RwSignal<String>,
    pub(super) points: RwSignal<String>,
    pub(super) time_limit_ms: RwSignal<String>,
    pub(super) memory_limit_mb: RwSignal<String>,
    pub(super) module_name: RwSignal<String>,
    pub(super) published: RwSignal<bool>,
    pub(super) handout: RwSignal<String>,
    pub(super) starter_code: RwSignal<String>,
    pub(super) test_code: RwSignal<String>,
    pub(super) reference_solution: RwSignal<String>,
    pub(super) visibility: RwSignal<TestVisibility>,
    pub(super) language: RwSignal<String>,
    pub(super) io_cases: RwSignal<Vec<CaseRow>>,
    /// The tests of the last check or try, whose names the visibility list offers.
    pub(super) last_results: RwSignal<Vec<TestResult>>,
    /// Messages about single fields, shown next to them.
    pub(super) field_errors: RwSignal<Vec<FieldError>>,
}

impl FormState {
    pub(super) fn new(values: FormValues) -> FormState {
        FormState {
            title: RwSignal::new(values.title),
            order: RwSignal::new(values.order),
            points: RwSignal::new(values.points),
            time_limit_ms: RwSignal::new(values.time_limit_ms),
            memory_limit_mb: RwSignal::new(values.memory_limit_mb),
            module_name: RwSignal::new(values.module_name),
            published: RwSignal::new(values.published),
            handout: RwSignal::new(values.handout),
            starter_code: RwSignal::new(values.starter_code),
            test_code: RwSignal::new(values.test_code),
            reference_solution: RwSignal::new(values.reference_solution),
            visibility: RwSignal::new(values.visibility),
            language: RwSignal::new(values.language),
            io_cases: RwSignal::new(rows_of(values.io_cases)),
            last_results: RwSignal::new(Vec::new()),
            field_errors: RwSignal::new(Vec::new()),
        }
    }

    /// What the form holds now (read without subscribing).
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    pub(super) fn values(&self) -> FormValues {
        FormValues {
            title: self.title.get_untracked(),
            order: self.order.get_untracked(),
            points: self.points.get_untracked(),
            time_limit_ms: self.time_limit_ms.get_untracked(),
            memory_limit_mb: self.memory_limit_mb.get_untracked(),
            module_name: self.module_name.get_untracked(),
            published: self.published.get_untracked(),
            handout: self.handout.get_untracked(),
            starter_code: self.starter_code.get_untracked(),
            test_code: self.test_code.get_untracked(),
            reference_solution: self.reference_solution.get_untracked(),
            visibility: self.visibility.get_untracked(),
            language: self.language.get_untracked(),
            io_cases: self
                .io_cases
                .get_untracked()
                .into_iter()
                .map(|row| row.case)
                .collect(),
        }
    }

    /// Takes in why a save or a try was refused: a message about one field (the form's
    /// own or the API's) is shown next to it. Returns the summary the page shows.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    pub(super) fn refused(&self, errors: Vec<FieldError>) -> String {
        let summary = match errors.as_slice() {
            [] => String::new(),
            [one] => one.message.clone(),
            _ => "Some fields need a fix (see below each)".to_owned(),
        };
        self.field_errors.set(errors);
        summary
    }

    /// Takes in the API's refusal `message`: next to its field, if it names one.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    pub(super) fn refused_by_api(&self, message: String) -> String {
        let errors = Field::of_message(&message)
            .map(|field| FieldError {
                field,
                message: message.clone(),
            })
            .into_iter()
            .collect();
        self.field_errors.set(errors);
        message
    }

    /// The message about `field`, if the last attempt had one.
    pub(super) fn error_of(&self, field: Field) -> Option<String> {
        self.field_errors.with(|errors| {
            errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone())
        })
    }
}

/// One case being edited, under a key of its own so that its row stays put (and keeps
/// the focus) while the others change.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct CaseRow {
    pub(super) key: u64,
    pub(super) case: IoCase,
}

/// The rows of `cases`, keyed from 1.
pub(super) fn rows_of(cases: Vec<IoCase>) -> Vec<CaseRow> {
    cases
        .into_iter()
        .zip(1..)
        .map(|(case, key)| CaseRow { key, case })
        .collect()
}

/// The DOM id of a field's input (labels and error messages point at it).
pub(super) fn input_id(field: Field) -> &'static str {
    field.wire_name()
}

/// The languages an assignment may be in (`grader-image/languages.toml`), as teachers
/// read them.
const LANGUAGES: [(&str, &str); 3] = [
    ("python", "Python"),
    ("cpp", "C++"),
    ("javascript", "JavaScript"),
];

/// The plain fields of the form.
#[component]
pub(super) fn DetailFields(form: FormState) -> impl IntoView {
    view! {
        <div class="fields">
            <TextInput form field=Field::Title label="Title" value=form.title wide=true />
            <Labelled form field=Field::Language label="Language" hint=None wide=false>
                <select
                    id=input_id(Field::Language)
                    name=input_id(Field::Language)
                    data-testid=input_id(Field::Language)
                    prop:value=move || form.language.get()
                    on:change=move |ev| form.language.set(event_target_value(&ev))
                    aria-invalid=move || form.error_of(Field::Language).map(|_| "true")
                >
                    {LANGUAGES
                        .iter()
                        .map(|(value, name)| {
                            let selected = form.language.get_untracked() == *value;
                            view! { <option value=*value selected=selected>{*name}</option> }
                        })
                        .collect_view()}
                </select>
            </Labelled>
            <NumberInput form field=Field::Order label="Position in the course" value=form.order hint="1 is first; empty: after the last" />
            <NumberInput form field=Field::Points label="Points" value=form.points hint="0 to 10000" />
            <NumberInput form field=Field::TimeLimit label="Time limit (ms)" value=form.time_limit_ms hint="500 to 60000" />
            <NumberInput form field=Field::MemoryLimit label="Memory limit (MB)" value=form.memory_limit_mb hint="16 to 1024" />
            <TextInput form field=Field::ModuleName label="Module name" value=form.module_name hint="The tests import the learner's code under this name" />
            <div class="field field-check">
                <input
                    type="checkbox"
                    id="published"
                    name="published"
                    data-testid="published"
                    checked=form.published.get_untracked()
                    prop:checked=move || form.published.get()
                    on:change=move |ev| form.published.set(event_target_checked(&ev))
                />
                <label for="published">"Published: learners see it"</label>
            </div>
        </div>
    }
}

#[component]
fn TextInput(
    form: FormState,
    field: Field,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] wide: bool,
) -> impl IntoView {
    view! {
        <Labelled form field label hint wide>
            <input
                type="text"
                id=input_id(field)
                name=input_id(field)
                data-testid=input_id(field)
                value=value.get_untracked()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || form.error_of(field).map(|_| "true")
                aria-describedby=described_by(field, hint)
            />
        </Labelled>
    }
}

#[component]
fn NumberInput(
    form: FormState,
    field: Field,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    view! {
        <Labelled form field label hint wide=false>
            <input
                type="text"
                inputmode="numeric"
                id=input_id(field)
                name=input_id(field)
                data-testid=input_id(field)
                value=value.get_untracked()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || form.error_of(field).map(|_| "true")
                aria-describedby=described_by(field, hint)
            />
        </Labelled>
    }
}

/// A field's label, hint and error message around its input.
#[component]
fn Labelled(
    form: FormState,
    field: Field,
    label: &'static str,
    hint: Option<&'static str>,
    wide: bool,
    children: Children,
) -> impl IntoView {
    let id = input_id(field);
    view! {
        <div class="field" class:field-wide=wide>
            <label for=id>{label}</label>
            {children()}
            {hint.map(|hint| view! { <p class="hint" id=format!("{id}-hint")>{hint}</p> })}
            <FieldErrorText form field />
        </div>
    }
}

/// The message about `field` from the last attempt to save, if any.
#[component]
pub(super) fn FieldErrorText(form: FormState, field: Field) -> impl IntoView {
    let id = input_id(field);
    view! {
        <p class="field-error" id=format!("{id}-error") data-testid="field-error" data-field=id role="alert">
            {move || form.error_of(field)}
        </p>
    }
}

/// The ids that describe a field's input: its hint and its error message.
pub(super) fn described_by(field: Field, hint: Option<&'static str>) -> String {
    let id = input_id(field);
    match hint {
        Some(_) => format!("{id}-hint {id}-error"),
        None => format!("{id}-error"),
    }
}
