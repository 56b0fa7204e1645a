//! The priority: the category's own unless the operator chooses another, which then needs a reason.
//! A category closed at intake has P0, shown and never chosen.

use leptos::prelude::*;
use tanggap_domain::Priority;

use super::fields::IntakeFields;
use super::notice::ErrorLine;
use super::outcome::Outcome;
use crate::components::field::{Field, FieldErrors};
use crate::components::form::TextInput;
use crate::i18n::texts;

#[component]
pub fn PriorityField(
    fields: IntakeFields,
    outcome: Outcome,
    /// The chosen category's priority.
    default_priority: Signal<Option<Priority>>,
) -> impl IntoView {
    let t = texts();
    let ti = t.intake();
    let on_priority = move |ev: leptos::ev::Event| {
        let chosen = match event_target_value(&ev).as_str() {
            "P1" => Some(Priority::P1),
            "P2" => Some(Priority::P2),
            "P3" => Some(Priority::P3),
            _ => None,
        };
        fields.priority.set(chosen);
        outcome.clear("priority");
        outcome.clear("priority_reason");
    };
    let priority_shown = move || fields.priority.get().or(default_priority.get());
    let closes_at_intake = move || default_priority.get() == Some(Priority::P0);
    view! {
        <div class="field">
            <label for="priority">{ti.priority}</label>
            <select id="priority" on:change=on_priority disabled=closes_at_intake
                aria-invalid=outcome.invalid("priority") aria-describedby="priority-error">
                {Priority::ALL.into_iter().map(|p| {
                    let label = format!("{p} · {}", p.meaning(t.lang));
                    // P0 belongs to the categories closed at intake only: it is shown, never chosen.
                    view! { <option value=p.as_str() prop:selected=move || priority_shown() == Some(p)
                        disabled=p == Priority::P0>{label}</option> }
                }).collect_view()}
            </select>
            <ErrorLine id="priority" field="priority" outcome />
        </div>
    }
}

/// Why the operator chose another priority than the category's: asked only then.
#[component]
pub fn PriorityReason(
    fields: IntakeFields,
    outcome: Outcome,
    default_priority: Signal<Option<Priority>>,
    errors: FieldErrors,
) -> impl IntoView {
    let t = texts();
    let reason_needed = move || fields.priority.get().is_some_and(|p| Some(p) != default_priority.get());
    view! {
        <div hidden=move || !reason_needed()>
            <Field id="priority-reason" field="priority_reason" label=t.priority_reason error=outcome.error_for("priority_reason")>
                <TextInput id="priority-reason" value=fields.priority_reason field="priority_reason" errors />
            </Field>
        </div>
    }
}
