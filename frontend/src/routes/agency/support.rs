//! Asking for another agency from the field ("Minta bantuan"), and declining the task with a reason
//! (only before setting out). Each form keeps what was typed until it is sent.

use leptos::prelude::*;
use tanggap_domain::{Agency, AgencyCode, IncidentCommand, Reason, Text};

use super::task::{Task, failure, text_error};
use super::words::words;
use super::work;
use crate::api::{self, ApiError};
use crate::components::field::{Field, FieldErrors};
use crate::components::form::{Outcome, OutcomeLine, load, refused, submit};
use crate::i18n::texts;

#[component]
pub(super) fn SupportForm(task: Task) -> impl IntoView {
    let w = words();
    let open = RwSignal::new(false);
    view! {
        <button
            type="button"
            class="secondary wide"
            data-testid="request-support"
            aria-expanded=move || open.get().to_string()
            on:click=move |_| open.update(|o| *o = !*o)
        >
            {w.request_support}
        </button>
        <Show when=move || open.get()>
            <SupportRequest task />
        </Show>
    }
}

#[component]
fn SupportRequest(task: Task) -> impl IntoView {
    let (t, w) = (texts(), words());
    let agencies = RwSignal::new(None::<Result<Vec<Agency>, ApiError>>);
    load(async move {
        agencies.try_set(Some(api::agencies().await));
    });
    let chosen = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let errors = FieldErrors::new();
    let outcome: Outcome = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let own = task.agency.get_value();

    let options = move || {
        let own = task.agency.get_value();
        let loaded = agencies.get();
        let list = match &loaded {
            None => return view! { <option value="" disabled=true>{t.loading}</option> }.into_any(),
            Some(Err(error)) => {
                return view! { <option value="" disabled=true>{t.api_error(error)}</option> }.into_any();
            }
            Some(Ok(list)) => list,
        };
        let candidates: Vec<(String, String)> = task
            .incident
            .with(|i| i.as_ref().map(|i| work::support_candidates(i, list, &own)))
            .unwrap_or_default()
            .into_iter()
            .map(|a| (a.code.to_string(), a.name.clone()))
            .collect();
        if candidates.is_empty() {
            return view! { <option value="" disabled=true>{w.support_none_left}</option> }.into_any();
        }
        let options = candidates
            .into_iter()
            .map(|(code, name)| {
                let value = code.clone();
                let selected = move || chosen.with(|c| *c == value);
                view! { <option value=code prop:selected=selected>{name}</option> }
            })
            .collect_view();
        view! {
            <option value="" prop:selected=move || chosen.with(String::is_empty)>{t.choose_agency}</option>
            {options}
        }
        .into_any()
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        outcome.set(None);
        let lang = t.lang;
        let agency = match AgencyCode::parse(&chosen.get_untracked()) {
            Ok(agency) => agency,
            Err(_) => {
                let problem = tanggap_domain::dto::FieldProblem::Required;
                return errors.set(vec![tanggap_domain::dto::FieldError::new("agency", problem, lang)]);
            }
        };
        let note_text = match Text::parse_optional(Some(&note.get_untracked())) {
            Ok(text) => text,
            Err(error) => return errors.set(vec![text_error("note", error)]),
        };
        let command = IncidentCommand::RequestSupport { from: own.clone(), agency, note: note_text };
        submit(busy, async move {
            match task.send(command).await {
                Ok(()) => {
                    chosen.try_set(String::new());
                    note.try_set(String::new());
                    errors.set(Vec::new());
                    outcome.try_set(Some(Ok(words().support_sent.to_owned())));
                }
                Err(error) if error.conflict().is_some() || matches!(error, ApiError::Network) => {
                    outcome.try_set(Some(Err(failure(&error))));
                }
                Err(error) => refused(errors, outcome, &error, |e| texts().api_error(e)),
            }
        });
    };

    view! {
        <form class="support-form" data-testid="support-form" novalidate on:submit=on_submit>
            <Field id="support-agency" field="agency" label=w.support_agency error=errors.error_for("agency")>
                <select
                    id="support-agency"
                    data-testid="support-agency"
                    aria-describedby="support-agency-error"
                    on:change=move |ev| {
                        chosen.set(event_target_value(&ev));
                        errors.clear("agency");
                    }
                >
                    {options}
                </select>
            </Field>
            <Field id="support-note" field="note" label=w.support_note error=errors.error_for("note")>
                <textarea
                    id="support-note"
                    data-testid="support-note"
                    rows="2"
                    prop:value=note
                    aria-describedby="support-note-error"
                    on:input=move |ev| {
                        note.set(event_target_value(&ev));
                        errors.clear("note");
                    }
                ></textarea>
            </Field>
            <div class="form-actions">
                <button type="submit" id="support-submit" data-testid="support-submit" disabled=busy>
                    {move || if busy.get() { t.saving } else { w.support_send }}
                </button>
                <OutcomeLine outcome testid="support-notice" />
            </div>
            <ul class="other-errors">
                {move || errors.others(&["agency", "note"]).into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
            </ul>
        </form>
    }
}

#[component]
pub(super) fn DeclineForm(task: Task) -> impl IntoView {
    let (t, w) = (texts(), words());
    let open = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let errors = FieldErrors::new();
    let outcome: Outcome = RwSignal::new(None);
    let busy = RwSignal::new(false);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        outcome.set(None);
        let reason = match Reason::parse(&reason.get_untracked()) {
            Ok(reason) => reason,
            Err(error) => return errors.set(vec![text_error("reason", error)]),
        };
        let update = tanggap_domain::AssignmentCommand::Decline { reason };
        let command = IncidentCommand::UpdateAssignment { agency: task.agency.get_value(), update, delay: None };
        submit(busy, async move {
            match task.send(command).await {
                // The task ends: the page says so where the step buttons were.
                Ok(()) => {
                    task.notice.try_set(Some(Ok(words().declined.to_owned())));
                }
                Err(error) if error.conflict().is_some() || matches!(error, ApiError::Network) => {
                    outcome.try_set(Some(Err(failure(&error))));
                }
                Err(error) => refused(errors, outcome, &error, |e| texts().api_error(e)),
            }
        });
    };

    view! {
        <button
            type="button"
            class="secondary wide"
            data-testid="decline"
            aria-expanded=move || open.get().to_string()
            on:click=move |_| open.update(|o| *o = !*o)
        >
            {w.decline}
        </button>
        <Show when=move || open.get()>
            <form class="decline-form" data-testid="decline-form" novalidate on:submit=on_submit>
                <Field id="decline-reason" field="reason" label=t.reason error=errors.error_for("reason")>
                    <textarea
                        id="decline-reason"
                        data-testid="decline-reason"
                        rows="2"
                        prop:value=reason
                        aria-describedby="decline-reason-error"
                        on:input=move |ev| {
                            reason.set(event_target_value(&ev));
                            errors.clear("reason");
                        }
                    ></textarea>
                </Field>
                <div class="form-actions">
                    <button type="submit" id="decline-submit" data-testid="decline-submit" class="danger" disabled=busy>
                        {move || if busy.get() { t.saving } else { w.decline_send }}
                    </button>
                    <OutcomeLine outcome testid="decline-notice" />
                </div>
            </form>
        </Show>
    }
}
