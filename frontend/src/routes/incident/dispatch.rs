//! The dispatch panel: the category's proposed agencies (leads, then supports), any other agency, the
//! category's SOP as a checklist beside them, and one button that dispatches the ticked ones.

use leptos::prelude::*;
use tanggap_domain::{Agency, AgencyCode, Category, Incident, IncidentCommand};

use super::page::Page;
use crate::components::form::{Outcome, OutcomeLine, submit};
use crate::i18n::texts;

/// One agency the panel offers.
#[derive(Debug, Clone, PartialEq)]
struct Offer {
    code: AgencyCode,
    name: String,
    /// "utama" or "pendukung" for the category's proposals.
    tag: Option<&'static str>,
    outside_regency: bool,
}

/// What the panel offers: the category's proposals, then every other agency, leaving out those already
/// working on the incident (an agency that declined or was cancelled may be asked again). Proposals are
/// ticked for a first dispatch only: once agencies are working, adding one is a choice of its own.
fn offers(incident: &Incident, category: Option<&Category>, agencies: &[Agency]) -> (Vec<Offer>, Vec<Offer>, bool) {
    let d = texts().dispatch();
    let working = |code: &AgencyCode| incident.assignment(code).is_some_and(|a| !a.status.is_ended());
    let offer = |code: &AgencyCode, tag| {
        let agency = agencies.iter().find(|a| a.code == *code);
        Offer {
            code: code.clone(),
            name: agency.map_or_else(|| code.to_string(), |a| a.name.clone()),
            tag,
            outside_regency: agency.is_some_and(|a| a.outside_regency),
        }
    };
    let proposed: Vec<Offer> = category
        .map(|c| {
            let leads = c.lead_agencies.iter().map(|code| offer(code, Some(d.lead)));
            leads.chain(c.support_agencies.iter().map(|code| offer(code, Some(d.support)))).collect()
        })
        .unwrap_or_default();
    let proposed: Vec<Offer> = proposed.into_iter().filter(|o| !working(&o.code)).collect();
    let others = agencies
        .iter()
        .filter(|a| !working(&a.code) && !proposed.iter().any(|o| o.code == a.code))
        .map(|a| offer(&a.code, None))
        .collect();
    let first = !incident.assignments.iter().any(|a| !a.status.is_ended());
    (proposed, others, first)
}

/// Drawn anew (ticks reset) whenever the agencies at work change.
#[component]
pub(super) fn DispatchPanel(
    page: Page,
    incident: Incident,
    category: Option<Category>,
    agencies: Vec<Agency>,
) -> impl IntoView {
    let t = texts();
    let d = t.dispatch();
    let (proposed, others, first) = offers(&incident, category.as_ref(), &agencies);
    // One tick per agency offered (proposals ticked for a first dispatch), in the order shown.
    let ticks: Vec<(AgencyCode, RwSignal<bool>)> = proposed
        .iter()
        .map(|o| (o.code.clone(), RwSignal::new(first)))
        .chain(others.iter().map(|o| (o.code.clone(), RwSignal::new(false))))
        .collect();
    let outcome: Outcome = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let list = |offers: Vec<Offer>, ticks: &[(AgencyCode, RwSignal<bool>)]| {
        let items = offers
            .into_iter()
            .zip(ticks.iter().map(|(_, tick)| *tick))
            .map(|(offer, ticked)| view! { <AgencyChoice offer ticked /> })
            .collect_view();
        view! { <ul class="choices">{items}</ul> }
    };
    let (first_ticks, other_ticks) = ticks.split_at(proposed.len());
    let (proposed, others) = (list(proposed, first_ticks), list(others, other_ticks));
    let sop = category.map(|c| c.sop).unwrap_or_default();
    let sop = if sop.is_empty() {
        view! { <p class="muted">{d.no_sop}</p> }.into_any()
    } else {
        let steps = sop.into_iter().map(|line| view! { <li><label><input type="checkbox" />" "{line}</label></li> });
        view! { <ol class="sop" data-testid="sop">{steps.collect_view()}</ol> }.into_any()
    };
    let on_click = move |_| {
        let agencies: Vec<AgencyCode> =
            ticks.iter().filter(|(_, tick)| tick.get_untracked()).map(|(code, _)| code.clone()).collect();
        if agencies.is_empty() {
            return outcome.set(Some(Err(d.none_ticked.to_owned())));
        }
        outcome.set(None);
        let version = page.version();
        // On success the panel is drawn anew, without the agencies now at work.
        submit(busy, async move {
            if let Err(error) = page.send(version, IncidentCommand::Dispatch { agencies }).await {
                let message =
                    if error.conflict().is_some() { t.status_conflict.to_owned() } else { t.api_error(&error) };
                outcome.try_set(Some(Err(message)));
            }
        });
    };

    view! {
        <section class="panel dispatch" data-testid="dispatch-panel">
            <h2>{d.title}</h2>
            <div class="dispatch-grid">
                <div>
                    {proposed}
                    <details>
                        <summary>{d.other_agencies}</summary>
                        {others}
                    </details>
                </div>
                <div>
                    <h3>{d.sop}</h3>
                    {sop}
                </div>
            </div>
            <div class="form-actions">
                <button id="dispatch-submit" data-testid="dispatch-submit" type="button" disabled=busy on:click=on_click>
                    {d.dispatch}
                </button>
                <OutcomeLine outcome testid="dispatch-notice" />
            </div>
        </section>
    }
}

/// One agency's checkbox.
#[component]
fn AgencyChoice(offer: Offer, ticked: RwSignal<bool>) -> impl IntoView {
    let d = texts().dispatch();
    let testid = format!("dispatch-agency-{}", offer.code);
    let mut label = format!("{} · {}", offer.code, offer.name);
    for extra in [offer.tag, offer.outside_regency.then_some(d.by_phone)].into_iter().flatten() {
        label = format!("{label} · {extra}");
    }
    view! {
        <li>
            <label>
                <input
                    type="checkbox"
                    data-testid=testid
                    prop:checked=ticked
                    on:change=move |ev| ticked.set(event_target_checked(&ev))
                />
                " "
                {label}
            </label>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tanggap_domain::{Assignment, AssignmentStatus, Timestamp};

    fn code(code: &str) -> AgencyCode {
        AgencyCode::parse(code).unwrap()
    }

    fn agency(c: &str, outside_regency: bool) -> Agency {
        Agency { code: code(c), name: format!("Dinas {c}"), outside_regency }
    }

    fn fire() -> Category {
        let mut category = super::super::fixtures::category();
        category.lead_agencies = vec![code("DAMKAR")];
        category.support_agencies = vec![code("PDAM"), code("POLRES")];
        category
    }

    #[test]
    fn a_first_dispatch_offers_leads_then_supports_ticked_and_every_other_agency_after_them() {
        let agencies = [agency("BPBD", false), agency("POLRES", true), agency("DAMKAR", false), agency("PDAM", false)];
        let (proposed, others, first) = offers(&super::super::fixtures::incident(), Some(&fire()), &agencies);
        let codes: Vec<&str> = proposed.iter().map(|o| o.code.as_str()).collect();
        assert_eq!(codes, ["DAMKAR", "PDAM", "POLRES"]);
        assert_eq!(proposed[0].tag, Some("utama"));
        assert!(proposed[2].outside_regency && !proposed[1].outside_regency);
        assert_eq!(others.iter().map(|o| o.code.as_str()).collect::<Vec<_>>(), ["BPBD"]);
        assert!(first);
    }

    #[test]
    fn agencies_at_work_are_not_offered_again_and_nothing_is_ticked_for_an_addition() {
        let at = Timestamp::from_unix_millis(0).unwrap();
        let mut incident = super::super::fixtures::incident();
        let mut declined = Assignment::dispatched(code("PDAM"), at);
        declined.status = AssignmentStatus::Declined;
        incident.assignments = vec![Assignment::dispatched(code("DAMKAR"), at), declined];
        let (proposed, others, first) = offers(&incident, Some(&fire()), &[agency("BPBD", false)]);
        let codes: Vec<&str> = proposed.iter().map(|o| o.code.as_str()).collect();
        assert_eq!(codes, ["PDAM", "POLRES"], "a declined agency may be asked again");
        assert_eq!(proposed[1].name, "POLRES", "an agency missing from the list goes by its code");
        assert_eq!(others.len(), 1);
        assert!(!first);
    }
}
