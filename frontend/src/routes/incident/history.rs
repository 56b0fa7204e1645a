//! What happened to the incident, newest first: its notes, the further reports linked to it, and its
//! whole history, each event with when, who, and what it changed.

use leptos::prelude::*;
use tanggap_domain::dto::IncidentDetail;
use tanggap_domain::incident::Closure;
use tanggap_domain::{Actor, Change, DelayReason, Event, Reason, Text};

use super::words::{assignment_status, join, method_label};
use crate::clock;
use crate::components::incident_board::place;
use crate::i18n::{Texts, texts};
use crate::reference::Reference;

/// The three lists, each a panel: notes, linked reports, history.
pub(super) fn lists(d: &IncidentDetail, reference: &Reference) -> impl IntoView + use<> {
    let t = texts();
    let notes = d.events.iter().rev().filter_map(|e| match &e.change {
        Change::NoteAdded { text } => Some((e, text.as_str().to_owned())),
        _ => None,
    });
    let reports = d.events.iter().rev().filter_map(|e| match &e.change {
        Change::ReportLinked { caller, description } => {
            let who = [caller.phone_for_display(), caller.name.as_deref()];
            Some((e, join(who.into_iter().chain([description.as_ref().map(Text::as_str)]))))
        }
        _ => None,
    });
    let history = d.events.iter().rev().map(|e| (e, describe(&e.change, t, reference)));
    [
        (t.notes, "notes", events(notes.collect())),
        (t.linked_reports, "linked-reports", events(reports.collect())),
        (t.history, "history", events(history.collect())),
    ]
    .map(|(title, testid, list)| {
        view! {
            <section class="panel" data-testid=testid>
                <h2>{title}</h2>
                {list}
            </section>
        }
    })
}

/// A list of events, newest first, each with when, who, and what.
fn events(entries: Vec<(&Event, String)>) -> AnyView {
    let t = texts();
    if entries.is_empty() {
        return view! { <p class="muted">{t.none_yet}</p> }.into_any();
    }
    let items = entries
        .into_iter()
        .map(|(event, text)| {
            view! {
                <li data-testid="event" data-seq=event.seq.to_string()>
                    <span class="event-meta">
                        <time datetime=event.at.to_string()>{clock::local_date_time(event.at, t.lang)}</time>
                        " · "
                        {actor(&event.actor, t)}
                    </span>
                    <span class="event-text">{text}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ol class="events" reversed>{items}</ol> }.into_any()
}

/// Who made a change, as people read it: the user with the role they acted in.
fn actor(actor: &Actor, t: &Texts) -> String {
    match actor {
        Actor::User { username, role } => format!("{username} ({})", role.label(t.lang)),
        Actor::System => t.actors[0].to_owned(),
        Actor::Public => t.actors[1].to_owned(),
        Actor::Anonymous => t.actors[2].to_owned(),
    }
}

/// What one event changed, in a line: "Diverifikasi: Telepon balik · sudah dicek".
fn describe(change: &Change, t: &Texts, reference: &Reference) -> String {
    fn some(value: &Option<Reason>) -> Option<&str> {
        value.as_ref().map(Reason::as_str)
    }
    let (index, detail) = match change {
        Change::Received { category, priority, .. } => {
            let name = reference.category(category).map_or(category.as_str(), |c| c.name(t.lang));
            (0, format!("{name} · {priority}"))
        }
        Change::Verified { method, note } => {
            (1, join([Some(method_label(*method, t)), note.as_ref().map(Text::as_str)].into_iter()))
        }
        Change::Dispatched { agencies } => (2, agencies.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(", ")),
        Change::AssignmentUpdated { agency, status, reason, delay, report, .. } => {
            let delay = delay.as_ref().map(|d| match d {
                DelayReason::VehicleBroken => t.delay_reasons[0],
                DelayReason::NoFuel => t.delay_reasons[1],
                DelayReason::NoPersonnel => t.delay_reasons[2],
                DelayReason::AccessBlocked => t.delay_reasons[3],
                DelayReason::Other { text } => text.as_str(),
            });
            let parts = [Some(agency.as_str()), Some(assignment_status(*status, t)), some(reason), delay];
            (3, join(parts.into_iter().chain([report.as_ref().map(Text::as_str)])))
        }
        Change::Resolved => (4, String::new()),
        Change::DispatchWithdrawn => (5, String::new()),
        Change::Closed { closure, reason } => {
            let closure = match closure {
                Closure::AtIntake => t.closures[0],
                Closure::FalseReport => t.closures[1],
                Closure::AfterResolution => t.closures[2],
            };
            (6, join([Some(closure), some(reason)].into_iter()))
        }
        Change::Cancelled { reason } => (7, reason.as_str().to_owned()),
        Change::MergedInto { target } => (8, target.to_string()),
        Change::Edited { priority, priority_reason, location, description, people_affected, caller_name } => {
            let priority = priority.map(|p| match priority_reason {
                Some(reason) => format!("{} {p} ({reason})", t.column_priority),
                None => format!("{} {p}", t.column_priority),
            });
            let labelled = |label: &str, value: Option<&Text>| value.map(|v| format!("{label} {v}"));
            let place = location.as_ref().and_then(place).map(|p| format!("{} {p}", t.column_place));
            let landmark = location.as_ref().and_then(|l| labelled(t.landmark, l.landmark.as_ref()));
            let parts = [
                priority,
                place,
                landmark,
                labelled(t.description, description.as_ref()),
                people_affected.map(|n| format!("{} {n}", t.people_affected)),
                labelled(t.caller_name, caller_name.as_ref()),
            ];
            (9, parts.into_iter().flatten().collect::<Vec<_>>().join(" · "))
        }
        Change::NoteAdded { text } => (10, text.as_str().to_owned()),
        Change::ReportLinked { caller, description } => {
            let parts = [caller.phone_for_display(), caller.name.as_deref(), description.as_ref().map(Text::as_str)];
            (11, join(parts.into_iter()))
        }
        Change::SupportRequested { from, agency, note } => (
            12,
            join([Some(from.as_str()), Some("→"), Some(agency.as_str()), note.as_ref().map(Text::as_str)].into_iter()),
        ),
        Change::SupportDeclined { agency, reason } => {
            (13, join([Some(agency.as_str()), Some(reason.as_str())].into_iter()))
        }
        Change::SlaBreached { agency, clock, .. } => (14, format!("{agency} · {}", clock.label(t.lang))),
        Change::Escalated { agency, clock, to, .. } => {
            let to = match to {
                tanggap_domain::Escalation::AgencyHead => tanggap_domain::Role::AgencyHead.label(t.lang),
                tanggap_domain::Escalation::Supervisor => tanggap_domain::Role::Supervisor.label(t.lang),
            };
            (15, format!("{agency} · {} → {to}", clock.label(t.lang)))
        }
        Change::PhotoAdded { agency, width, height, .. } => {
            (16, join([agency.as_ref().map(|a| a.as_str()), Some(&format!("{width}×{height}"))].into_iter()))
        }
    };
    if detail.is_empty() { t.changes[index].to_owned() } else { format!("{}: {detail}", t.changes[index]) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tanggap_domain::Caller;
    use tanggap_domain::incident::VerificationMethod;

    #[test]
    fn every_change_reads_as_a_line_in_both_languages() {
        let reference = Reference::new(&[], &[]);
        let change = Change::Verified { method: VerificationMethod::Callback, note: Some(Text::parse("ok").unwrap()) };
        assert_eq!(describe(&change, &crate::i18n::ID, &reference), "Diverifikasi: Telepon balik · ok");
        assert_eq!(describe(&Change::Resolved, &crate::i18n::EN, &reference), "Resolved");
        let linked =
            Change::ReportLinked { caller: Caller::default(), description: Some(Text::parse("asap").unwrap()) };
        assert_eq!(describe(&linked, &crate::i18n::EN, &reference), "Further report: asap");
    }
}
