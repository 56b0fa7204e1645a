//! Every change to an incident is an event: who, when, what. Events are appended, never rewritten;
//! an incident's state is the fold of its events (see [`crate::Incident::replay`]).

#[macro_use]
mod changes;
#[cfg(any(target_arch = "wasm32", test))]
mod tag_first;

use serde::{Deserialize, Serialize};

use crate::assignment::{AssignmentStatus, DelayReason};
use crate::citizen::{Channel, Stars, TicketCode};
use crate::incident::{Closure, IncidentId, Location, VerificationMethod};
use crate::photo::PhotoId;
use crate::sla::{Escalation, SlaClock, SlaOutcome};
use crate::{
    AgencyCode, Caller, CategoryCode, DispatchTarget, Priority, Reason, Role, Target, Text, Timestamp, Username,
};

/// Who caused a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Actor {
    /// A signed-in user, with the role they acted in.
    User { username: Username, role: Role },
    /// A citizen through the public pages.
    Public,
    /// The system itself (sweeper, automatic resolution).
    System,
    /// A request that carried no identity. Only possible until accounts exist; kept explicit so that
    /// such events stay recognisable in the history.
    Anonymous,
}

impl Actor {
    /// The signed-in user who acted, if one did.
    pub fn username(&self) -> Option<&Username> {
        match self {
            Self::User { username, .. } => Some(username),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    /// 1 for the report that opened the incident, then +1 per event: the incident's version after it.
    pub seq: u64,
    pub at: Timestamp,
    pub actor: Actor,
    // The browser reads a change without serde's buffering of internally tagged enums (see `tag_first`).
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "tag_first::change"))]
    pub change: Change,
}

// Declared through `changes!`, which also gives the browser its reader of a change (`tag_first`).
changes! {
    /// What an event changed, with its facts.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(tag = "type", rename_all = "snake_case")]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum Change {
        /// The report that opened the incident, with every fact as first given.
        Received {
            id: IncidentId,
            category: CategoryCode,
            priority: Priority,
            dispatch_target: Option<DispatchTarget>,
            caller: Caller,
            location: Location,
            description: Option<Text>,
            people_affected: Option<u32>,
            /// Why the operator chose a priority other than the category's.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            priority_reason: Option<Reason>,
            /// The number was blocked (for prank calls) when it called: taken anyway, but flagged.
            #[serde(default, skip_serializing_if = "std::ops::Not::not")]
            caller_blocked: bool,
            /// The category's arrival and completion targets when the report came (see [`crate::sla`]).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            arrival_target: Option<Target>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            completion_target: Option<Target>,
            /// A call unless said otherwise.
            #[serde(default, skip_serializing_if = "Channel::is_call")]
            channel: Channel,
            /// Seconds from opening the intake form to taking the report, as the form measured them:
            /// the operator's handling time.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            intake_seconds: Option<u32>,
        },
        Verified {
            method: VerificationMethod,
            note: Option<Text>,
        },
        Dispatched {
            agencies: Vec<AgencyCode>,
        },
        AssignmentUpdated {
            agency: AgencyCode,
            status: AssignmentStatus,
            reason: Option<Reason>,
            delay: Option<DelayReason>,
            report: Option<Text>,
            /// For a step with a target: on time or how late, for the dashboard to count.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            outcome: Option<SlaOutcome>,
        },
        /// Every assignment ended with at least one completed.
        Resolved,
        /// Every assignment was declined or cancelled: the incident waits for a new dispatch.
        DispatchWithdrawn,
        Closed {
            closure: Closure,
            reason: Option<Reason>,
        },
        Cancelled {
            reason: Reason,
        },
        MergedInto {
            target: IncidentId,
        },
        /// Facts corrected or learned later; only the fields that changed are present.
        Edited {
            #[serde(default, skip_serializing_if = "Option::is_none")]
            priority: Option<Priority>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            priority_reason: Option<Reason>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            location: Option<Location>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            description: Option<Text>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            people_affected: Option<u32>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            caller_name: Option<Text>,
        },
        NoteAdded {
            text: Text,
        },
        /// Another call about the same event, linked instead of opening a second incident.
        ReportLinked {
            caller: Caller,
            description: Option<Text>,
        },
        /// An agency in the field asks for another (Damkar needs water: PDAM).
        SupportRequested {
            from: AgencyCode,
            agency: AgencyCode,
            note: Option<Text>,
        },
        /// The operator will not dispatch a requested agency, with why.
        SupportDeclined {
            agency: AgencyCode,
            reason: Reason,
        },
        /// A clock ran past its target with its step not reached (recorded by the sweeper, once).
        SlaBreached {
            agency: AgencyCode,
            clock: SlaClock,
            due: Timestamp,
        },
        /// A breach was made known to the next level up.
        Escalated {
            agency: AgencyCode,
            clock: SlaClock,
            due: Timestamp,
            to: Escalation,
        },
        /// A photo from the field (or with a citizen's report), checked and stored.
        PhotoAdded {
            photo: PhotoId,
            agency: Option<AgencyCode>,
            width: u32,
            height: u32,
        },
        /// The reporter was given a ticket to follow the handling: its code, and the SHA-256 of its
        /// link's token (the token itself is never stored).
        TicketIssued {
            code: TicketCode,
            token_hash: String,
        },
        /// The reporter rated the handling.
        Rated {
            stars: Stars,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            comment: Option<Text>,
        },
        /// The reporter says the problem is not solved (within [`crate::citizen::COMPLAINT_DAYS`] of done).
        Complained {
            #[serde(default, skip_serializing_if = "Option::is_none")]
            comment: Option<Text>,
        },
        /// The supervisor answered the reporter's complaint instead of reopening.
        ComplaintAnswered {
            answer: Text,
        },
        /// The supervisor reopened a done incident for the reporter's complaint: it waits for a new dispatch.
        Reopened {
            reason: Reason,
        },
    }
}

/// What kind of change an event is, without its facts: what the history names it by (its words are
/// in [`crate::words`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChangeKind {
    Received,
    Verified,
    Dispatched,
    AssignmentUpdated,
    Resolved,
    DispatchWithdrawn,
    Closed,
    Cancelled,
    MergedInto,
    Edited,
    NoteAdded,
    ReportLinked,
    SupportRequested,
    SupportDeclined,
    SlaBreached,
    Escalated,
    PhotoAdded,
    TicketIssued,
    Rated,
    Complained,
    ComplaintAnswered,
    Reopened,
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 22] = [
        Self::Received,
        Self::Verified,
        Self::Dispatched,
        Self::AssignmentUpdated,
        Self::Resolved,
        Self::DispatchWithdrawn,
        Self::Closed,
        Self::Cancelled,
        Self::MergedInto,
        Self::Edited,
        Self::NoteAdded,
        Self::ReportLinked,
        Self::SupportRequested,
        Self::SupportDeclined,
        Self::SlaBreached,
        Self::Escalated,
        Self::PhotoAdded,
        Self::TicketIssued,
        Self::Rated,
        Self::Complained,
        Self::ComplaintAnswered,
        Self::Reopened,
    ];
}

impl Change {
    pub const fn kind(&self) -> ChangeKind {
        match self {
            Self::Received { .. } => ChangeKind::Received,
            Self::Verified { .. } => ChangeKind::Verified,
            Self::Dispatched { .. } => ChangeKind::Dispatched,
            Self::AssignmentUpdated { .. } => ChangeKind::AssignmentUpdated,
            Self::Resolved => ChangeKind::Resolved,
            Self::DispatchWithdrawn => ChangeKind::DispatchWithdrawn,
            Self::Closed { .. } => ChangeKind::Closed,
            Self::Cancelled { .. } => ChangeKind::Cancelled,
            Self::MergedInto { .. } => ChangeKind::MergedInto,
            Self::Edited { .. } => ChangeKind::Edited,
            Self::NoteAdded { .. } => ChangeKind::NoteAdded,
            Self::ReportLinked { .. } => ChangeKind::ReportLinked,
            Self::SupportRequested { .. } => ChangeKind::SupportRequested,
            Self::SupportDeclined { .. } => ChangeKind::SupportDeclined,
            Self::SlaBreached { .. } => ChangeKind::SlaBreached,
            Self::Escalated { .. } => ChangeKind::Escalated,
            Self::PhotoAdded { .. } => ChangeKind::PhotoAdded,
            Self::TicketIssued { .. } => ChangeKind::TicketIssued,
            Self::Rated { .. } => ChangeKind::Rated,
            Self::Complained { .. } => ChangeKind::Complained,
            Self::ComplaintAnswered { .. } => ChangeKind::ComplaintAnswered,
            Self::Reopened { .. } => ChangeKind::Reopened,
        }
    }
}
