//! The incident page's dispatching part: who is dispatched and how their work goes, and what the
//! center does about it (the agency console shows an incident as a task instead, `/tugas/{id}`).
//!
//! Each part is drawn from the incident once, and drawn again only when its key (`page::key`) changes: what the
//! operator ticks or types in one part survives news about another (a step, a photo, the page's own
//! refresh). Few reactive closures and one type of memo: every one of them costs wasm.

use std::time::Duration;

use leptos::prelude::*;
use tanggap_domain::{IncidentStatus, Lang};

use super::assignments::Assignments;
use super::dispatch::DispatchPanel;
use super::page::{Agencies, Page, key};
use super::photos::Photos;
use super::support::SupportRequests;
use crate::api;
use crate::components::form::load;
use crate::reference::Reference;

/// How often an open incident's page asks for news: agencies report from the field meanwhile.
const REFRESH: Duration = Duration::from_secs(15);

#[component]
pub(super) fn OperatorParts(
    page: Page,
    reference: Reference,
    /// Operators and supervisors: they dispatch and record what agencies report by phone.
    acts: bool,
) -> impl IntoView {
    let agencies: Agencies = RwSignal::new(Vec::new());
    load(async move {
        if let Ok(list) = api::agencies().await {
            agencies.set(list);
        }
    });
    keep_fresh(page);
    // The status, and the agencies at work (once at work, an agency is no longer offered).
    let offer = key(page, |i| {
        let working = i.assignments.iter().filter(|a| !a.status.is_ended()).map(|a| a.agency.as_str());
        format!("{} {}", i.status.label(Lang::En), working.collect::<Vec<_>>().join(","))
    });
    let dispatch = move || {
        offer.with(|_| ());
        agencies.track();
        let incident = page.incident()?;
        let open = acts && matches!(incident.status, IncidentStatus::Verified | IncidentStatus::Dispatched);
        let category = reference.category(&incident.category).cloned();
        open.then(|| {
            agencies.with_untracked(|list| view! { <DispatchPanel page incident category agencies=list.clone() /> })
        })
    };
    view! {
        {dispatch}
        <SupportRequests page acts />
        <Assignments page agencies acts />
        <Photos page />
    }
}

/// Asks for the incident again every little while, as long as the page is open, shown, and the
/// incident may still change; an answer older than what the page has (a command answered meanwhile)
/// is dropped.
fn keep_fresh(page: Page) {
    load(async move {
        loop {
            pause(REFRESH).await;
            let open = page.detail.with_untracked(|d| d.as_ref().is_some_and(|d| !d.incident.status.is_final()));
            if !open || document().hidden() {
                continue;
            }
            if let Ok(fresh) = api::incident_again(&page.id.get_value()).await
                && fresh.incident.version > page.version()
            {
                page.detail.try_set(Some(fresh));
            }
        }
    });
}

/// Resolves after `pause` (a JS timer as a future).
async fn pause(pause: Duration) {
    let millis = i32::try_from(pause.as_millis()).unwrap_or(i32::MAX);
    let timer = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(timer).await;
}
