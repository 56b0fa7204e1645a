//! Agencies in the field asking for another (Damkar needs water: PDAM), waiting for the operator: one
//! click dispatches the agency asked for, or the request is declined with a reason.

use leptos::prelude::*;
use tanggap_domain::incident::SupportRequest;
use tanggap_domain::{IncidentCommand, IncidentStatus, Reason};

use super::page::{Page, key};
use super::words::text_error;
use crate::clock;
use crate::components::form::{Outcome, OutcomeLine, submit};
use crate::i18n::texts;

#[component]
pub(super) fn SupportRequests(page: Page, acts: bool) -> impl IntoView {
    let d = texts().dispatch();
    // Drawn again only when the requests change: a reason being typed stays through other news.
    let asked = key(page, |i| i.support_requests.iter().map(|r| format!("{} ", r.agency)).collect());
    move || {
        asked.with(|_| ());
        let incident = page.incident()?;
        let answers = acts && incident.status == IncidentStatus::Dispatched;
        let rows = incident.support_requests.into_iter().map(|request| view! { <SupportRow page request answers /> });
        let rows = rows.collect::<Vec<_>>();
        (!rows.is_empty()).then(|| {
            view! {
                <section class="panel attention" data-testid="support-requests">
                    <h2>{d.support_requests}</h2>
                    <ul class="support-requests">{rows}</ul>
                </section>
            }
        })
    }
}

#[component]
fn SupportRow(page: Page, request: SupportRequest, answers: bool) -> impl IntoView {
    let t = texts();
    let d = t.dispatch();
    let reason = RwSignal::new(String::new());
    let outcome: Outcome = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let code = request.agency.to_string();
    let agency = request.agency.clone();
    let answer = move |dispatch: bool| {
        let agency = agency.clone();
        let command = if dispatch {
            IncidentCommand::Dispatch { agencies: vec![agency] }
        } else {
            match Reason::parse(&reason.get_untracked()) {
                Ok(reason) => IncidentCommand::DeclineSupport { agency, reason },
                Err(error) => return outcome.set(Some(Err(text_error("reason", error, t.lang).message))),
            }
        };
        outcome.set(None);
        let version = page.version();
        // On success the request leaves the list.
        submit(busy, async move {
            if let Err(error) = page.send(version, command).await {
                let message =
                    if error.conflict().is_some() { t.status_conflict.to_owned() } else { t.api_error(&error) };
                outcome.try_set(Some(Err(message)));
            }
        });
    };
    let dispatch = answer.clone();
    let controls = answers.then(|| {
        view! {
            <div class="form-actions">
                <button type="button" data-testid=format!("support-dispatch-{code}") disabled=busy on:click=move |_| dispatch(true)>
                    {d.dispatch}
                </button>
                <input
                    data-testid=format!("support-reason-{code}")
                    placeholder=t.reason
                    aria-label=t.reason
                    prop:value=reason
                    on:input=move |ev| reason.set(event_target_value(&ev))
                />
                <button type="button" class="secondary" data-testid=format!("support-decline-{code}") disabled=busy on:click=move |_| answer(false)>
                    {d.decline}
                </button>
                <OutcomeLine outcome testid="support-notice" />
            </div>
        }
    });
    let mut line = format!("{} {} {}", request.from, d.asks_for, request.agency);
    if let Some(note) = &request.note {
        line = format!("{line} · {note}");
    }
    let line = format!("{line} · {}", clock::local_date_time(request.at, t.lang));
    view! {
        <li data-testid=format!("support-request-{}", request.agency)>
            <p>{line}</p>
            {controls}
        </li>
    }
}
