//! A ticket for a caller, when the operator chooses (an online report has its own from the start): its
//! code and link are shown once, as the answer gives them, and sent by message when the operator says.

use leptos::prelude::*;
use tanggap_domain::dto::TicketRequest;

use super::page::Page;
use crate::api;
use crate::components::form::{Outcome, OutcomeLine, submit};
use crate::i18n::texts;

#[component]
pub(super) fn TicketForm(page: Page, issued: RwSignal<Option<String>>) -> impl IntoView {
    let t = texts();
    let r = t.reporter();
    let phone = page.incident().is_some_and(|i| i.caller.phone.is_some());
    let send = RwSignal::new(phone);
    let outcome: Outcome = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = TicketRequest { send: send.get_untracked(), lang: None };
        let id = page.id.get_value();
        outcome.set(None);
        submit(busy, async move {
            match api::issue_ticket(&id, &request).await {
                Ok(ticket) => {
                    let sent = if ticket.sent { r.ticket_sent } else { "" };
                    issued.try_set(Some(format!(
                        "{} {} · {} {} {sent}",
                        r.ticket_title, ticket.code, r.ticket_link, ticket.link
                    )));
                    if let Ok(fresh) = api::incident_again(&id).await {
                        page.detail.try_set(Some(fresh));
                    }
                }
                Err(error) => {
                    outcome.try_set(Some(Err(t.api_error(&error))));
                }
            }
        });
    };
    view! {
        <form class="panel action-form" id="ticket-form" on:submit=on_submit novalidate>
            <h2>{r.ticket_title}</h2>
            <p class="hint">{r.ticket_hint}</p>
            {phone.then(|| view! {
                <div class="field toggle">
                    <label>
                        <input type="checkbox" id="ticket-send" prop:checked=send on:change=move |ev| send.set(event_target_checked(&ev)) />
                        " "
                        {r.send_by_message}
                    </label>
                </div>
            })}
            <div class="form-actions">
                <button id="ticket-submit" type="submit" disabled=busy>{r.give_ticket}</button>
                <OutcomeLine outcome testid="ticket-notice" />
            </div>
        </form>
    }
}
