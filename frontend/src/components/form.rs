//! The small parts every form is made of: a text input bound to a signal, a submit button that
//! says when it is busy, and the one-line outcome under a form.
//!
//! Each is one concrete component, used everywhere, rather than the same markup written out with
//! its own closures in every form: every distinct closure in a view is compiled into its own copy
//! of the rendering code, and the wasm has to stay small for rural mobile links.

use std::pin::Pin;

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;

use crate::api::ApiError;
use crate::components::field::FieldErrors;

/// A text (or password) input showing `value` and writing every keystroke back to it. Typing in it
/// clears the API's error about `field`, which no longer applies.
#[component]
pub fn TextInput(
    #[prop(into)] id: String,
    value: RwSignal<String>,
    /// `text`, `password`, `tel`…
    #[prop(default = "text")]
    kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    /// The API's name of the field, whose errors are shown beside it and cleared on input.
    #[prop(optional)]
    field: Option<&'static str>,
    #[prop(optional)] errors: Option<FieldErrors>,
    /// Element ids of hints that describe the input, besides its error message.
    #[prop(optional)]
    hint: Option<&'static str>,
    #[prop(optional)] placeholder: Option<&'static str>,
    /// Names, codes and passwords: no spelling checks, no capital first letter on phones.
    #[prop(optional)]
    verbatim: bool,
    #[prop(optional)] inputmode: Option<&'static str>,
) -> impl IntoView {
    let described_by = match hint {
        Some(hint) => format!("{hint} {id}-error"),
        None => format!("{id}-error"),
    };
    let invalid = Signal::derive(move || match (errors, field) {
        (Some(errors), Some(field)) if errors.has(field)() => Some("true"),
        _ => None,
    });
    view! {
        <input
            id=id
            type=kind
            autocomplete=autocomplete
            autocapitalize=verbatim.then_some("none")
            spellcheck=verbatim.then_some("false")
            placeholder=placeholder
            inputmode=inputmode
            prop:value=value
            on:input=move |ev| {
                value.set(event_target_value(&ev));
                if let (Some(errors), Some(field)) = (errors, field) {
                    errors.clear(field);
                }
            }
            aria-invalid=invalid
            aria-describedby=described_by
        />
    }
}

/// A form's submit button: disabled and relabelled while the form is being sent.
#[component]
pub fn SubmitButton(
    #[prop(into)] id: String,
    busy: RwSignal<bool>,
    idle_label: &'static str,
    busy_label: &'static str,
) -> impl IntoView {
    let label = Signal::derive(move || if busy.get() { busy_label } else { idle_label });
    view! { <button id=id type="submit" disabled=busy>{label}</button> }
}

/// The outcome of a form, in one line: done (green) or not (red); nothing before it is sent.
pub type Outcome = RwSignal<Option<Result<String, String>>>;

#[component]
pub fn OutcomeLine(outcome: Outcome, testid: &'static str) -> impl IntoView {
    let done = Signal::derive(move || outcome.with(|o| matches!(o, Some(Ok(_)))));
    let failed = Signal::derive(move || outcome.with(|o| matches!(o, Some(Err(_)))));
    let text = Signal::derive(move || outcome.with(|o| o.clone().map(|o| o.unwrap_or_else(|e| e))).unwrap_or_default());
    view! {
        <p class="notice" role="status" aria-live="polite" data-testid=testid class:saved=done class:failed=failed>
            {text}
        </p>
    }
}

/// Sends a form's request once at a time: `busy` is set while it runs (a second press meanwhile
/// does nothing), and the task is dropped if the form goes away first.
pub fn submit(busy: RwSignal<bool>, send: impl Future<Output = ()> + 'static) {
    // Boxed here, so that the task machinery is compiled once rather than once per form.
    run(busy, Box::pin(send));
}

/// Loads something for the page in the background; dropped if the page goes away first.
pub fn load(task: impl Future<Output = ()> + 'static) {
    let task: Pin<Box<dyn Future<Output = ()>>> = Box::pin(task);
    spawn_local_scoped_with_cancellation(task);
}

fn run(busy: RwSignal<bool>, send: Pin<Box<dyn Future<Output = ()>>>) {
    if busy.get_untracked() {
        return;
    }
    busy.set(true);
    spawn_local_scoped_with_cancellation(async move {
        send.await;
        busy.try_set(false);
    });
}

/// Field errors at their fields, and anything else in the outcome line.
pub fn refused(errors: FieldErrors, outcome: Outcome, error: &ApiError, describe: impl Fn(&ApiError) -> String) {
    errors.set(error.field_errors().to_vec());
    outcome.try_set(error.field_errors().is_empty().then(|| Err(describe(error))));
}
