//! `/notifikasi`: how the signed-in user is reached besides the bell: whether they are on duty (routine
//! work reaches their phone too), Web Push in this browser, and the regency's webhook (a WhatsApp or
//! Telegram gateway) with the number or chat id it sends to, and, for executives, agency heads and
//! supervisors, yesterday's brief every morning. Every console has this page.

mod push;

use leptos::prelude::*;
use tanggap_domain::dashboard::brief::BRIEF_ROLES;
use tanggap_domain::dto::FieldProblem;
use tanggap_domain::notification::NotificationSettings;

use crate::api;
use crate::components::field::{Field, FieldErrors};
use crate::components::form::{Outcome, OutcomeLine, TextInput, load, refused, submit};
use crate::i18n::texts;

#[component]
pub fn NotificationSettingsPage() -> impl IntoView {
    let t = texts();
    let n = t.notify();
    let [on_duty, push, webhook, morning_brief] = [(); 4].map(|_| RwSignal::new(false));
    // The brief is for those who answer for the center's work.
    let briefed = untrack(crate::session::user).is_some_and(|user| BRIEF_ROLES.contains(&user.role));
    let contact = RwSignal::new(String::new());
    let errors = FieldErrors::new();
    let outcome: Outcome = RwSignal::new(Some(Ok(t.loading.to_owned())));
    let busy = RwSignal::new(false);
    load(async move {
        match api::notification_settings().await {
            Ok(settings) => {
                on_duty.set(settings.on_duty);
                push.set(settings.push);
                webhook.set(settings.webhook);
                morning_brief.set(settings.morning_brief);
                contact.set(settings.contact.unwrap_or_default());
                outcome.set(None);
            }
            Err(error) => outcome.set(Some(Err(t.api_error(&error)))),
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        outcome.set(None);
        let typed = contact.get_untracked().trim().to_owned();
        let settings = NotificationSettings {
            on_duty: on_duty.get_untracked(),
            push: push.get_untracked(),
            webhook: webhook.get_untracked(),
            contact: (!typed.is_empty()).then_some(typed),
            morning_brief: briefed && morning_brief.get_untracked(),
        };
        let problem = match &settings.contact {
            None if settings.webhook => Some(FieldProblem::Required),
            Some(c) if c.chars().count() > NotificationSettings::MAX_CONTACT_CHARS => {
                Some(FieldProblem::TooLong(NotificationSettings::MAX_CONTACT_CHARS))
            }
            _ => None,
        };
        if let Some(problem) = problem {
            return errors.set_one("contact", problem.message(t.lang));
        }
        submit(busy, async move {
            // This browser first: a push that cannot be turned on is not saved as on.
            if let Err(message) = push::follow(settings.push).await {
                outcome.try_set(Some(Err(message)));
                return;
            }
            match api::save_notification_settings(&settings).await {
                Ok(_) => {
                    errors.set(Vec::new());
                    outcome.try_set(Some(Ok(n.saved.to_owned())));
                }
                Err(error) => refused(errors, outcome, &error, |e| t.api_error(e)),
            }
        });
    };

    view! {
        <section class="panel narrow" aria-labelledby="settings-title">
            <h1 id="settings-title">{n.settings_title}</h1>
            <form id="notification-settings" on:submit=on_submit novalidate>
                <Toggle id="on-duty" value=on_duty label=n.on_duty hint=n.on_duty_hint />
                <Toggle id="push" value=push label=n.push hint=n.push_hint />
                <Toggle id="webhook" value=webhook label=n.webhook />
                <Field id="contact" field="contact" label=n.contact error=errors.error_for("contact")>
                    <TextInput id="contact" value=contact field="contact" errors hint="contact-hint" verbatim=true />
                </Field>
                <p class="hint" id="contact-hint">{n.contact_hint}</p>
                {briefed.then(|| view! { <Toggle id="morning-brief" value=morning_brief label=n.morning_brief hint=n.morning_brief_hint /> })}
                <div class="form-actions">
                    <button id="settings-save" type="submit" disabled=busy>
                        {move || if busy.get() { t.saving } else { t.save }}
                    </button>
                    <OutcomeLine outcome testid="settings-notice" />
                </div>
            </form>
        </section>
    }
}

/// A checkbox with its label and what it means.
#[component]
fn Toggle(
    id: &'static str,
    value: RwSignal<bool>,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    view! {
        <div class="field toggle">
            <label>
                <input type="checkbox" id=id prop:checked=value on:change=move |ev| value.set(event_target_checked(&ev)) />
                " "
                {label}
            </label>
            {hint.map(|hint| view! { <p class="hint">{hint}</p> })}
        </div>
    }
}
