//! What happened to the incident, newest first: its notes, the further reports linked to it, and its
//! whole history, each event with when, who, and what it changed.

use leptos::prelude::*;
use tanggap_domain::dto::IncidentDetail;
use tanggap_domain::{Actor, Change, DelayReason, Event, Reason, Text};

use super::words::join;
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
        Actor::System | Actor::Public | Actor::Anonymous => actor.label(t.lang).to_owned(),
    }
}

/// What one event changed, in a line: "Diverifikasi: Telepon balik · sudah dicek".
fn describe(change: &Change, t: &Texts, reference: &Reference) -> String {
    fn some(value: &Option<Reason>) -> Option<&str> {
        value.as_ref().map(Reason::as_str)
    }
    let detail = match change {
        Change::Received { category, priority, .. } => {
            let name = reference.category(category).map_or(category.as_str(), |c| c.name(t.lang));
            format!("{name} · {priority}")
        }
        Change::Verified { method, note } => {
            join([Some(method.label(t.lang)), note.as_ref().map(Text::as_str)].into_iter())
        }
        Change::Dispatched { agencies } => agencies.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(", "),
        Change::AssignmentUpdated { agency, status, reason, delay, report, .. } => {
            // Another reason is shown as it was typed; the others by their kind's word.
            let delay = delay.as_ref().map(|d| match d {
                DelayReason::Other { text } => text.as_str(),
                _ => d.kind().label(t.lang),
            });
            let parts = [Some(agency.as_str()), Some(status.label(t.lang)), some(reason), delay];
            join(parts.into_iter().chain([report.as_ref().map(Text::as_str)]))
        }
        Change::Resolved | Change::DispatchWithdrawn => String::new(),
        Change::Closed { closure, reason } => join([Some(closure.label(t.lang)), some(reason)].into_iter()),
        Change::Cancelled { reason } => reason.as_str().to_owned(),
        Change::MergedInto { target } => target.to_string(),
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
            parts.into_iter().flatten().collect::<Vec<_>>().join(" · ")
        }
        Change::NoteAdded { text } => text.as_str().to_owned(),
        Change::ReportLinked { caller, description } => {
            let parts = [caller.phone_for_display(), caller.name.as_deref(), description.as_ref().map(Text::as_str)];
            join(parts.into_iter())
        }
        Change::SupportRequested { from, agency, note } => {
            join([Some(from.as_str()), Some("→"), Some(agency.as_str()), note.as_ref().map(Text::as_str)].into_iter())
        }
        Change::SupportDeclined { agency, reason } => join([Some(agency.as_str()), Some(reason.as_str())].into_iter()),
        Change::SlaBreached { agency, clock, .. } => format!("{agency} · {}", clock.label(t.lang)),
        Change::Escalated { agency, clock, to, .. } => {
            format!("{agency} · {} → {}", clock.label(t.lang), to.label(t.lang))
        }
        Change::PhotoAdded { agency, width, height, .. } => {
            join([agency.as_ref().map(|a| a.as_str()), Some(&format!("{width}×{height}"))].into_iter())
        }
        Change::TicketIssued { code, .. } => code.as_str().to_owned(),
        Change::Rated { stars, comment } => {
            let stars = "★".repeat(usize::from(stars.get()));
            join([Some(stars.as_str()), comment.as_ref().map(Text::as_str)].into_iter())
        }
        Change::Complained { comment } => comment.as_ref().map_or_else(String::new, |c| c.as_str().to_owned()),
        Change::ComplaintAnswered { answer } => answer.as_str().to_owned(),
        Change::Reopened { reason } => reason.as_str().to_owned(),
    };
    let kind = change.label(t.lang);
    if detail.is_empty() { kind.to_owned() } else { format!("{kind}: {detail}") }
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
