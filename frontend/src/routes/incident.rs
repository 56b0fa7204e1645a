//! `/kejadian/{id}`: one incident, everything known about it and its history, and what operators and
//! supervisors do about it here: verify it, close it as a false report, correct its facts, add notes,
//! give a caller a ticket; and a supervisor reopens or answers a reporter's complaint.
//!
//! Every command names the version it was made on. When someone else changed the incident first, the
//! API refuses (409) with the newest incident: the page shows it, puts the user's edit beside the newer
//! values, and applies it again only when the user says so. Nothing is overwritten silently.
//!
//! This module lays the page out; each part is a module beside it: `facts`, `history`, the forms
//! (`actions`, `edit` with its `conflict`), and the dispatching part (`operator` and the modules it
//! draws). `page` is what they share, `words` how they word an incident's values.

mod actions;
mod assignments;
mod conflict;
mod dispatch;
mod edit;
mod editable;
mod facts;
#[cfg(test)]
mod fixtures;
mod history;
mod operator;
mod page;
mod photos;
mod reporter;
mod step;
mod support;
mod words;

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use tanggap_domain::{IncidentId, IncidentStatus, Role};

use self::actions::{Action, ActionForm};
use self::edit::EditForm;
use self::facts::facts;
use self::history::lists;
use self::page::Page;
use self::reporter::TicketForm;
use crate::access;
use crate::api;
use crate::components::form::{Outcome, OutcomeLine, load};
use crate::i18n::texts;
use crate::reference::Reference;
use crate::reference::with_reference;
use crate::session;

#[component]
pub fn IncidentPage() -> impl IntoView {
    let location = use_location();
    // A memo: the page is drawn again only for another incident, not for a new query string.
    let id = Memo::new(move |_| location.pathname.with(|path| access::incident_id(path)));
    with_reference(move |reference| {
        let t = texts();
        let page = move || match id.get() {
            Some(id) => view! { <IncidentView id reference=reference.clone() /> }.into_any(),
            None => view! { <p class="notice failed">{t.not_found_body}</p> }.into_any(),
        };
        page.into_any()
    })
}

#[component]
fn IncidentView(id: IncidentId, reference: Reference) -> impl IntoView {
    let t = texts();
    let page = Page { id: StoredValue::new(id.clone()), detail: RwSignal::new(None) };
    let failure: Outcome = RwSignal::new(Some(Ok(t.loading.to_owned())));
    load(async move {
        match api::incident(&id).await {
            Ok(detail) => {
                page.detail.set(Some(detail));
                failure.set(None);
            }
            Err(error) => failure.set(Some(Err(t.api_error(&error)))),
        }
    });
    let role = untrack(session::user).map(|user| user.role);
    let acts = role.is_some_and(access::takes_calls);
    // A reporter's complaint is the supervisor's to reopen or answer.
    let supervises = role == Some(Role::Supervisor);
    // A memo of what decides which forms show (the status, no ticket yet, a complaint waiting): they are
    // drawn again only when it changes, so that nothing typed is lost when a note lands.
    // `try_` here and below: a command's answer may land just as the page is left.
    let shape = Memo::new(move |_| {
        page.detail
            .try_with(|d| {
                d.as_ref().map(|d| {
                    let i = &d.incident;
                    (i.status, i.ticket.is_none(), i.complaint.as_ref().is_some_and(|c| c.is_open()))
                })
            })
            .flatten()
    });
    // A ticket's code and link, shown once as the answer gave them.
    let issued = RwSignal::new(None::<String>);
    let reference_for_history = reference.clone();
    let operator = view! { <operator::OperatorParts page reference=reference.clone() acts /> };
    let facts = move || page.detail.try_with(|d| d.as_ref().map(|d| facts(d, &reference))).flatten();
    let lists = move || page.detail.try_with(|d| d.as_ref().map(|d| lists(d, &reference_for_history))).flatten();
    let forms = move || {
        let (status, no_ticket, complaint) = shape.get()?;
        acts.then(|| {
            view! {
                {(complaint && supervises).then(|| view! {
                    <ActionForm page action=Action::Reopen />
                    <ActionForm page action=Action::Answer />
                })}
                {(status == IncidentStatus::Received).then(|| view! { <ActionForm page action=Action::Verify /> })}
                {matches!(status, IncidentStatus::Received | IncidentStatus::Verified)
                    .then(|| view! { <ActionForm page action=Action::CloseFalse /> })}
                {status.is_open().then(|| view! { <EditForm page /> })}
                {(no_ticket && !status.is_final()).then(|| view! { <TicketForm page issued /> })}
                <ActionForm page action=Action::Note />
            }
        })
    };

    view! {
        <div class="incident-page">
            <div class="incident-main">
                <section class="panel" aria-labelledby="incident-title">
                    <h1 id="incident-title">{t.incident_title}</h1>
                    <OutcomeLine outcome=failure testid="incident-notice" />
                    {move || issued.get().map(|text| view! { <p class="notice saved" data-testid="ticket-issued">{text}</p> })}
                    {facts}
                </section>
                {operator}
                {lists}
            </div>
            <div class="incident-side">{forms}</div>
        </div>
    }
}
