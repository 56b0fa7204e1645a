//! What the caller says happened, in their words; Ctrl+Enter sends the form from here (Enter starts a
//! new line).

use leptos::prelude::*;

use super::fields::IntakeFields;
use super::notice::ErrorLine;
use super::outcome::Outcome;
use crate::i18n::texts;

#[component]
pub fn DescriptionField(fields: IntakeFields, outcome: Outcome, on_send: Callback<()>) -> impl IntoView {
    let t = texts();
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
            ev.prevent_default();
            on_send.run(());
        }
    };
    view! {
        <div class="field">
            <label for="description">{t.description}</label>
            <textarea id="description" rows="3" prop:value=fields.description
                on:input=move |ev| { fields.description.set(event_target_value(&ev)); outcome.clear("description"); }
                on:keydown=on_key aria-invalid=outcome.invalid("description")
                aria-describedby="description-error"></textarea>
            <ErrorLine id="description" field="description" outcome />
        </div>
    }
}
