//! A change's projections: the items of other partitions that a change of an incident writes in its own
//! transaction, so that every reader of them sees each stored change, and none that was not stored.
//!
//! Each projection is one function from the change (the decision, the incident after it, its events)
//! to the items it adds; [`project`] lists them all. To add one, write its function here (the items'
//! keys belong to a repository in `tanggap_store::repo`) and add a line to [`project`]; count its items
//! in `functions/store/KEYS.md`, where a change's largest transaction is added up.

use tanggap_domain::caller::CallRecord;
use tanggap_domain::dashboard::{contribution, late_assignments, staff};
use tanggap_domain::{Change, Event, Incident};
use tanggap_store::Write;
use tanggap_store::repo::{
    CallTaken, Day, Delivery, PendingNotice, ReporterMessage, ReporterMessageKind, breach_write, feed_write,
    late_write, open_work_write, pending_counts, public_request_write, rating_write, register_write,
    reporter_contact_write, ticket_write,
};

use super::Decision;
use crate::notify::may_notify;
use crate::state::AppState;

/// What a change writes besides its head and events.
pub(super) struct Projected {
    pub writes: Vec<Write>,
    /// The change's notice, also among `writes`: fanned out to users once the change is stored.
    pub notice: Option<PendingNotice>,
    /// Whether `writes` queue a message to the reporter: the local delivery task is woken for it.
    pub messages_reporter: bool,
}

/// Every projection of a change of `before` (None for a new incident) into `incident`.
pub(super) fn project(
    state: &AppState,
    decision: &Decision,
    before: Option<&Incident>,
    incident: &Incident,
    events: &[Event],
) -> Projected {
    let notice = notice(incident, events);
    let mut writes = vec![feed_write(incident)];
    writes.extend(calls(state, decision, incident, events).iter().flat_map(CallTaken::writes));
    writes.extend(notice.as_ref().map(PendingNotice::write));
    writes.extend(counters(state, before, incident, events));
    writes.extend(late(state, before, incident));
    writes.extend(register(state, before, incident));
    writes.extend(open_work_write(before, incident));
    writes.extend(ticket_write(incident, events));
    writes.extend(rating_write(before, incident));
    writes.extend(public_request_write(incident));
    writes.extend(breach_write(incident, events, state.intake.utc_offset_hours));
    let messages = reporter_messages(state, decision, incident, events);
    let messages_reporter = !messages.is_empty();
    writes.extend(messages);
    Projected { writes, notice, messages_reporter }
}

/// The messages to the reporter through the regency's gateway: their contact and the ticket's link when
/// the change gives a ticket they are to be messaged; the link to rate when it resolves a ticketed
/// incident (sent when a contact is kept, and only then).
fn reporter_messages(state: &AppState, decision: &Decision, incident: &Incident, events: &[Event]) -> Vec<Write> {
    let (Some(code), Some(_)) = (&incident.ticket, &state.delivery.webhook) else { return Vec::new() };
    let message = |kind| {
        let message =
            ReporterMessage { incident: incident.id.clone(), kind, code: code.clone(), at: incident.updated_at };
        Delivery::reporter(message, incident.version, incident.updated_at).write()
    };
    let mut writes = Vec::new();
    if let Some(contact) = decision.new_ticket().and_then(|ticket| ticket.message.as_ref()) {
        writes.push(reporter_contact_write(&incident.id, contact, incident.updated_at));
        writes.push(message(ReporterMessageKind::Ticket));
    }
    if events.iter().any(|event| matches!(event.change, Change::Resolved)) {
        writes.push(message(ReporterMessageKind::Rate));
    }
    writes
}

/// The calls a change takes, for callers' histories and the day's intake counts: the call that opened
/// a new incident, and each report linked to one.
fn calls(state: &AppState, decision: &Decision, incident: &Incident, events: &[Event]) -> Vec<CallTaken> {
    let offset = state.intake.utc_offset_hours;
    let opening = matches!(decision, Decision::Receive { .. }).then(|| CallTaken {
        phone: incident.caller.phone.clone(),
        record: CallRecord {
            at: incident.received_at,
            incident: incident.id.clone(),
            category: incident.category.clone(),
            priority: incident.priority,
            status: incident.status,
            linked: false,
        },
        report_seq: None,
        day: Day::of(incident.received_at, offset),
    });
    let linked = events.iter().filter_map(|event| match &event.change {
        Change::ReportLinked { caller, .. } => Some(CallTaken {
            phone: caller.phone.clone(),
            record: CallRecord {
                at: event.at,
                incident: incident.id.clone(),
                category: incident.category.clone(),
                priority: incident.priority,
                status: incident.status,
                linked: true,
            },
            report_seq: Some(event.seq),
            day: Day::of(event.at, offset),
        }),
        _ => None,
    });
    opening.into_iter().chain(linked).collect()
}

/// Whom the change must be told to, when it may concern anyone (a dispatch, a support request, an
/// escalation): one notice, fanned out to users' notifications after the change is stored.
fn notice(incident: &Incident, events: &[Event]) -> Option<PendingNotice> {
    let notifying: Vec<Event> = events.iter().filter(|event| may_notify(&event.change)).cloned().collect();
    (!notifying.is_empty()).then(|| PendingNotice { incident: incident.clone(), events: notifying })
}

/// What the change adds to the dashboard's counters and the operators' (and takes away, when it moves
/// an incident out of a cell): one pending item, which the sweeper folds into its days' counters within the minute (see
/// `tanggap_store::repo::DashboardRepo`), so that changes never contend for a day's counters and a
/// command waits for no fold.
fn counters(state: &AppState, before: Option<&Incident>, incident: &Incident, events: &[Event]) -> Option<Write> {
    let offset = state.intake.utc_offset_hours;
    let counts = contribution::change(before, incident, events, offset);
    let staff = staff::change(before, incident, events, offset);
    pending_counts(&incident.id, incident.version, incident.updated_at, &counts, &staff)
}

/// The incident's late assignments and their reasons, when the change made one late or gave a reason
/// (one item for all its agencies, which the scorecard's rows open).
fn late(state: &AppState, before: Option<&Incident>, incident: &Incident) -> Option<Write> {
    let late = late_assignments(incident);
    let changed = before.is_none_or(|before| late_assignments(before) != late);
    (changed && !late.is_empty())
        .then(|| late_write(incident, Day::of(incident.received_at, state.intake.utc_offset_hours), &late))
}

/// The incident's entry in the register (the dashboard's pins, the exports), as the change leaves it.
fn register(state: &AppState, before: Option<&Incident>, incident: &Incident) -> Option<Write> {
    register_write(before, incident, Day::of(incident.received_at, state.intake.utc_offset_hours))
}
