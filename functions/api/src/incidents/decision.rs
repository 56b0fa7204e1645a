//! What a change is, and how the domain aggregate decides it: each [`Decision`] names the incident it is
//! about and turns the incident as it is now into the incident after it and the events that make it.

use anyhow::Context as _;
use tanggap_domain::citizen::Stars;
use tanggap_domain::incident::Report;
use tanggap_domain::sla::EscalationRules;
use tanggap_domain::{
    AgencyCode, AssignmentCommand, Caller, Category, Change, Event, Incident, IncidentCommand, IncidentId, Photo, Role,
    Text, Timestamp,
};
use tanggap_store::repo::ReporterContact;

use super::{Acting, ChangeError, MAX_EVENTS};
use crate::state::AppState;

/// One change of an incident, before it is decided.
#[derive(Debug, Clone)]
pub enum Decision {
    /// A call taken, or a citizen's report: opens the incident `id` (closed at once for a P0 category).
    /// The caller's number is looked up among the blocked ones when it is decided. A citizen's report
    /// gets its ticket (the SHA-256 of its token) and its checked photo in the same change.
    Receive {
        id: IncidentId,
        category: Box<Category>,
        report: Box<Report>,
        ticket: Option<NewTicket>,
        photo: Option<Photo>,
    },
    /// A life-cycle command, given on the version the user saw.
    Command { id: IncidentId, command: IncidentCommand, expected_version: u64 },
    /// Another call about the same event, linked to the incident as it is now.
    LinkReport { id: IncidentId, caller: Caller, description: Option<Text> },
    /// A photo the functions have checked and stored, attached to the incident as it is now.
    AddPhoto { id: IncidentId, photo: Photo },
    /// The sweeper's breaches and escalations due at `now`.
    Sweep { id: IncidentId, now: Timestamp, rules: EscalationRules },
    /// The reporter's rating of the handling, through their ticket.
    Rate { id: IncidentId, stars: Stars, comment: Option<Text> },
    /// The reporter's word, through their ticket, that the problem is not solved.
    Complain { id: IncidentId, comment: Option<Text> },
    /// A ticket for a phoned-in incident, given when the operator chooses.
    IssueTicket { id: IncidentId, ticket: NewTicket },
}

/// A ticket to give: the SHA-256 of its link's token, and where to message the reporter its link (and
/// the link to rate once the handling is done), when they are to be messaged.
#[derive(Debug, Clone)]
pub struct NewTicket {
    pub token_hash: String,
    pub message: Option<ReporterContact>,
}

impl Decision {
    /// The ticket the decision gives, if it gives one.
    pub fn new_ticket(&self) -> Option<&NewTicket> {
        match self {
            Self::Receive { ticket, .. } => ticket.as_ref(),
            Self::IssueTicket { ticket, .. } => Some(ticket),
            _ => None,
        }
    }
}

impl Decision {
    pub fn incident_id(&self) -> &IncidentId {
        match self {
            Self::Receive { id, .. }
            | Self::Command { id, .. }
            | Self::LinkReport { id, .. }
            | Self::AddPhoto { id, .. }
            | Self::Sweep { id, .. }
            | Self::Rate { id, .. }
            | Self::Complain { id, .. }
            | Self::IssueTicket { id, .. } => id,
        }
    }

    /// A short name for logs.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Receive { .. } => "receive",
            Self::Command { command, .. } => command.name(),
            Self::LinkReport { .. } => "link_report",
            Self::AddPhoto { .. } => "add_photo",
            Self::Sweep { .. } => "sweep",
            Self::Rate { .. } => "rate",
            Self::Complain { .. } => "complain",
            Self::IssueTicket { .. } => "issue_ticket",
        }
    }

    /// Whether it opens a new incident (nothing to read first).
    pub(super) fn creates(&self) -> bool {
        matches!(self, Self::Receive { .. })
    }

    /// The version the user made it on, for a decision that may not hold on a newer one; `None` for
    /// those that apply to the newest version whatever it is.
    pub(super) fn made_on(&self) -> Option<u64> {
        match self {
            Self::Command { expected_version, .. } => Some(*expected_version),
            _ => None,
        }
    }

    /// Whether it means the same on any version (a note, a linked report).
    pub(super) fn commutes(&self) -> bool {
        match self {
            Self::Command { command, .. } => command.commutes(),
            _ => true,
        }
    }

    /// Whether it still means what its giver meant after `since`, the changes made after the version
    /// it was made on (see [`IncidentCommand::holds_after`]).
    pub(super) fn holds_after(&self, since: &[Change]) -> bool {
        match self {
            Self::Command { command, .. } => command.holds_after(since),
            _ => true,
        }
    }

    /// Refuses what the actor's role may not give (see [`Self::permits`]).
    pub(super) fn check_permitted(&self, acting: Acting<'_>) -> Result<(), ChangeError> {
        match self {
            Self::Command { command, .. } => Self::permits(command, acting),
            _ => Ok(()),
        }
    }

    /// Refuses a command the actor's role may not give: an agency's people only move their own
    /// agency's assignment, never cancel it, and ask for support only in their own agency's name; a
    /// reporter's complaint is the supervisor's to reopen or answer.
    pub fn permits(command: &IncidentCommand, acting: Acting<'_>) -> Result<(), ChangeError> {
        let Acting::User(principal) = acting else { return Ok(()) };
        if matches!(command, IncidentCommand::Reopen { .. } | IncidentCommand::AnswerComplaint { .. }) {
            return if principal.role == Role::Supervisor { Ok(()) } else { Err(ChangeError::Forbidden) };
        }
        let Some(own) = principal.agency_scope().map_err(|_| ChangeError::Forbidden)? else { return Ok(()) };
        let permitted = match command {
            IncidentCommand::UpdateAssignment { agency, update, .. } => {
                agency == own && !matches!(update, AssignmentCommand::Cancel { .. })
            }
            IncidentCommand::RequestSupport { from, .. } => from == own,
            _ => false,
        };
        if permitted { Ok(()) } else { Err(ChangeError::Forbidden) }
    }

    /// The incident after the change and the events that make it, decided on `current` (`None` for a
    /// new incident); `None` when there is nothing to do.
    pub(super) async fn decide(
        &self,
        state: &AppState,
        acting: &Acting<'_>,
        current: Option<&Incident>,
    ) -> Result<Option<(Incident, Vec<Event>)>, ChangeError> {
        let actor = acting.actor();
        let now = state.clock.now();
        let decided = match (self, current) {
            (Self::Receive { id, category, report, ticket, photo }, _) => {
                let mut report = Report::clone(report);
                // A blocked number's call is taken all the same (a prankster can have a real emergency),
                // but flagged.
                if let Some(phone) = &report.caller.phone {
                    let block = state.callers.block(phone).await.context("reading the caller's block")?;
                    report.caller_blocked = block.is_some_and(|block| block.is_active(now));
                }
                let (mut incident, mut events) = Incident::receive(id.clone(), category, report, actor.clone(), now);
                if let Some(ticket) = ticket {
                    let (next, more) =
                        incident.issue_ticket(ticket.token_hash.clone(), &actor, now).map_err(ChangeError::Citizen)?;
                    (incident, events) = (next, [events, more].concat());
                }
                if let Some(photo) = photo {
                    let (next, more) = incident.add_photo(photo.clone(), &actor).map_err(ChangeError::Refused)?;
                    (incident, events) = (next, [events, more].concat());
                }
                Some((incident, events))
            }
            (_, None) => return Err(ChangeError::NotFound),
            (Self::Command { command, .. }, Some(current)) => {
                let (mut next, mut events) = current.execute(command, &actor, now).map_err(ChangeError::Refused)?;
                // The category's rule may let the field's request go out at once, in the same write.
                if let Some(agency) = direct_support(state, current, command).await? {
                    let dispatch = IncidentCommand::Dispatch { agencies: vec![agency] };
                    let (dispatched, more) = next.execute(&dispatch, &actor, now).map_err(ChangeError::Refused)?;
                    next = dispatched;
                    events.extend(more);
                }
                Some((next, events))
            }
            (Self::LinkReport { caller, description, .. }, Some(current)) => {
                let command = IncidentCommand::AddReport { caller: caller.clone(), description: description.clone() };
                Some(current.execute(&command, &actor, now).map_err(ChangeError::StateMoved)?)
            }
            (Self::AddPhoto { photo, .. }, Some(current)) if current.photos.iter().any(|p| p.id == photo.id) => None,
            (Self::AddPhoto { photo, .. }, Some(current)) => {
                Some(current.add_photo(photo.clone(), &actor).map_err(ChangeError::Refused)?)
            }
            (Self::Sweep { now, rules, .. }, Some(current)) => {
                current.record_sweep(*now, *rules).map(|decided| first_events(current, decided))
            }
            (Self::Rate { stars, comment, .. }, Some(current)) => {
                Some(current.rate(*stars, comment.clone(), now).map_err(ChangeError::Citizen)?)
            }
            (Self::Complain { comment, .. }, Some(current)) => {
                Some(current.complain(comment.clone(), now).map_err(ChangeError::Citizen)?)
            }
            (Self::IssueTicket { ticket, .. }, Some(current)) => {
                Some(current.issue_ticket(ticket.token_hash.clone(), &actor, now).map_err(ChangeError::Citizen)?)
            }
        };
        Ok(decided)
    }
}

/// The agency a support request names, when the incident's category lets such a request be
/// dispatched without the operator.
async fn direct_support(
    state: &AppState,
    incident: &Incident,
    command: &IncidentCommand,
) -> Result<Option<AgencyCode>, ChangeError> {
    let IncidentCommand::RequestSupport { agency, .. } = command else { return Ok(None) };
    let category = state.catalog.category(&incident.category).await.context("reading the incident's category")?;
    Ok(category.filter(|rule| rule.dispatches_support_directly(agency)).map(|_| agency.clone()))
}

/// A sweep's decision cut to [`MAX_EVENTS`]: the first events, folded onto the incident; the next
/// sweep finds the rest still due.
fn first_events(current: &Incident, (next, mut events): (Incident, Vec<Event>)) -> (Incident, Vec<Event>) {
    if events.len() <= MAX_EVENTS {
        return (next, events);
    }
    events.truncate(MAX_EVENTS);
    let mut cut = current.clone();
    for event in &events {
        // Each event was decided on the one before it, so the prefix applies as it did whole.
        cut.apply(event).expect("decided events always apply");
    }
    (cut, events)
}
