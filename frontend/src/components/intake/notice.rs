//! How the outcome of a send shows on the form: each field's message under its control, the form's
//! notice (announced to screen readers), and the messages about fields the form has no control for.

use leptos::prelude::*;

use super::outcome::{Notice, Outcome};

/// The API's (or the form's own) message about one field, under its control.
#[component]
pub fn ErrorLine(id: &'static str, field: &'static str, outcome: Outcome) -> impl IntoView {
    let error = outcome.error_for(field);
    move || {
        error.get().map(|message| {
            view! { <p class="field-error" id=format!("{id}-error") data-testid=format!("error-{field}") role="alert">{message}</p> }
        })
    }
}

/// Saved (with the incident's id, for whoever reads the page) or not saved, and why.
#[component]
pub fn NoticeLine(outcome: Outcome) -> impl IntoView {
    view! {
        <p class="notice" role="status" aria-live="polite" data-testid="intake-notice"
            data-incident-id=move || outcome.notice.with(|n| match n {
                Some(Notice::Saved { incident, .. }) => Some(incident.clone()),
                _ => None,
            })
            class:saved=move || outcome.notice.with(|n| matches!(n, Some(Notice::Saved { .. })))
            class:failed=move || outcome.notice.with(|n| matches!(n, Some(Notice::NotSaved(_))))
        >
            {move || outcome.notice.get().map(|notice| match notice {
                Notice::Saved { text, .. } => text,
                Notice::NotSaved(why) => why,
            })}
        </p>
    }
}

/// Errors about fields the form has no control for.
#[component]
pub fn OtherErrors(outcome: Outcome) -> impl IntoView {
    view! {
        <ul class="other-errors">
            {move || outcome.other_errors().into_iter()
                .map(|e| view! { <li data-testid=format!("error-{}", e.field)>{e.message}</li> })
                .collect_view()}
        </ul>
    }
}
