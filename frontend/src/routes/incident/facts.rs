//! Everything known about the incident now, label beside value.

use leptos::prelude::*;
use tanggap_domain::citizen::Channel;
use tanggap_domain::dto::IncidentDetail;
use tanggap_domain::{Change, ChangeKind, Event};

use super::words::{join, text};
use crate::clock;
use crate::components::incident_board::place;
use crate::components::priority_badge::PriorityBadge;
use crate::i18n::texts;
use crate::reference::Reference;

/// The facts, as a description list; a blocked caller is said first.
pub(super) fn facts(detail: &IncidentDetail, reference: &Reference) -> impl IntoView + use<> {
    let t = texts();
    let i = &detail.incident;
    let category =
        reference.category(&i.category).map_or_else(|| i.category.to_string(), |c| c.name(t.lang).to_owned());
    let caller = join([i.caller.phone_for_display(), i.caller.name.as_deref()].into_iter());
    let agencies: Vec<&str> = i.assignments.iter().map(|a| a.agency.as_str()).collect();
    let rows = [
        ("status", t.column_status, i.status.label(t.lang).to_owned()),
        ("category", t.category, category),
        ("priority-reason", t.priority_reason, priority_reason(&detail.events).unwrap_or_default()),
        ("caller", t.column_caller, caller),
        ("place", t.column_place, place(&i.location).unwrap_or_default()),
        ("landmark", t.landmark, text(&i.location.landmark)),
        ("description", t.description, text(&i.description)),
        ("people", t.people_affected, i.people_affected.map(|n| n.to_string()).unwrap_or_default()),
        ("extra-reports", t.extra_reports, i.extra_reports.to_string()),
        ("agencies", t.column_agencies, agencies.join(", ")),
        ("received", t.received_at, clock::local_date_time(i.received_at, t.lang)),
        ("target", t.dispatch_target, i.dispatch_target.map(|d| t.age(d.as_seconds())).unwrap_or_default()),
    ];
    // A link to the pin on OpenStreetMap; the numbers through JS, which spares the wasm Rust's float formatting.
    let pin = i.location.coordinates.map(|c| {
        let [lat, lon] =
            [c.lat(), c.lon()].map(|x| js_sys::Number::from(x).to_fixed(5).map(String::from).unwrap_or_default());
        let href = format!("https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}");
        view! { <a href=href target="_blank" rel="noopener">{format!("{lat}, {lon}")}</a> }
    });
    view! {
        {i.caller_blocked.then(|| view! { <p class="notice attention" data-testid="caller-blocked">{t.caller_blocked}</p> })}
        // An online report, and the ticket its reporter follows it by.
        {(i.channel == Channel::Online || i.ticket.is_some()).then(|| {
            let ticket = i.ticket.as_ref().map(|code| format!(" · {code}"));
            view! { <p class="notice" data-testid="online-report">{i.channel.label(t.lang)}{ticket}</p> }
        })}
        // The reporter's word that the problem is not solved, while it waits for the supervisor.
        {i.complaint.as_ref().filter(|c| c.is_open()).map(|c| {
            let said = join([c.comment.as_ref().map(|c| c.as_str()), Some(&clock::local_date_time(c.at, t.lang))].into_iter());
            view! { <p class="notice attention" data-testid="complaint">{ChangeKind::Complained.label(t.lang)}": "{said}</p> }
        })}
        <dl class="facts">
            <dt>{t.column_priority}</dt>
            <dd data-testid="fact-priority">
                <PriorityBadge priority=i.priority />
                " "
                {i.priority.meaning(t.lang)}
            </dd>
            {rows
                .into_iter()
                .map(|(key, label, value)| {
                    let value = if value.is_empty() { t.nothing.to_owned() } else { value };
                    view! {
                        <dt>{label}</dt>
                        <dd data-testid=format!("fact-{key}")>{value}</dd>
                    }
                })
                .collect_view()}
            <dt>{t.coordinates}</dt>
            <dd data-testid="fact-pin">{pin.map_or_else(|| t.nothing.into_any(), IntoAny::into_any)}</dd>
        </dl>
    }
}

/// Why the incident has the priority it has now: the reason given with the last change of priority.
fn priority_reason(events: &[Event]) -> Option<String> {
    events
        .iter()
        .filter_map(|e| match &e.change {
            Change::Received { priority_reason, .. } => Some(priority_reason),
            Change::Edited { priority: Some(_), priority_reason, .. } => Some(priority_reason),
            _ => None,
        })
        .next_back()
        .and_then(|reason| reason.as_ref().map(|r| r.as_str().to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tanggap_domain::{Actor, Change, Priority, Reason, Text, Timestamp};

    #[test]
    fn the_priority_reason_is_the_one_given_with_the_last_change_of_priority() {
        let at = Timestamp::from_unix_millis(0).unwrap();
        let event = |seq, change| Event { seq, at, actor: Actor::System, change };
        let edited = |priority, reason: Option<&str>| Change::Edited {
            priority,
            priority_reason: reason.map(|r| Reason::parse(r).unwrap()),
            location: None,
            description: None,
            people_affected: None,
            caller_name: None,
        };
        let events = [
            event(1, Change::NoteAdded { text: Text::parse("x").unwrap() }),
            event(2, edited(Some(Priority::P2), Some("api padam"))),
            event(3, edited(None, None)),
        ];
        assert_eq!(priority_reason(&events).as_deref(), Some("api padam"));
    }
}
