//! The caller's number: first on the form, read back as a number while it is typed, and said to be
//! wrong only once the operator leaves the box.

use leptos::html;
use leptos::prelude::*;
use tanggap_domain::PhoneNumber;
use tanggap_domain::dto::{FieldError, FieldProblem};

use super::fields::{IntakeFields, phone_for_reading};
use super::notice::ErrorLine;
use super::outcome::Outcome;
use crate::i18n::texts;

#[component]
pub fn PhoneField(
    fields: IntakeFields,
    outcome: Outcome,
    /// The input, for the form to know when it is on the page.
    input: NodeRef<html::Input>,
) -> impl IntoView {
    let t = texts();
    let ti = t.intake();
    let on_phone = move |ev: leptos::ev::Event| {
        fields.caller_phone.set(event_target_value(&ev));
        outcome.clear("caller_phone");
    };
    // Said once the operator leaves the box, not at every digit of a number still being typed.
    let on_phone_done = move |_| {
        let typed = fields.caller_phone.get_untracked();
        if !typed.trim().is_empty() && PhoneNumber::parse(&typed).is_err() {
            outcome.field_error(FieldError::new("caller_phone", FieldProblem::BadPhone, t.lang));
        }
    };
    view! {
        <div class="field">
            <label for="caller-phone">{t.caller_phone}</label>
            <input id="caller-phone" node_ref=input type="tel" inputmode="tel" autocomplete="off"
                placeholder=t.caller_phone_hint prop:value=fields.caller_phone
                on:input=on_phone on:change=on_phone_done aria-invalid=outcome.invalid("caller_phone")
                aria-describedby="caller-phone-reads caller-phone-error" />
            <p class="hint" id="caller-phone-reads" data-testid="phone-reads-as">
                {move || fields.caller_phone.with(|p| PhoneNumber::parse(p).ok())
                    .map(|p| format!("{} {}", ti.caller_phone_reads_as, phone_for_reading(&p)))}
            </p>
            <ErrorLine id="caller-phone" field="caller_phone" outcome />
        </div>
    }
}
