//! What the public sees and does: how a report came in, the ticket that lets its reporter follow it,
//! the steps of its handling as the public may see them, and the rating given once it is done.
//!
//! The public sees no names, numbers, notes or other callers: only the steps below, with their times.

use serde::{Deserialize, Serialize};

use crate::assignment::AssignmentStatus;
use crate::incident::{Closure, Incident, IncidentId, IncidentStatus};
use crate::{AgencyCode, CategoryCode, Text, Timestamp};

/// How a report reached the center.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Channel {
    /// A call to 112, taken by an operator.
    #[default]
    Call,
    /// A citizen's report through the public page (or an app through Open311).
    Online,
}

impl Channel {
    pub fn is_call(&self) -> bool {
        *self == Self::Call
    }
}

/// The ticket's short code, said over the phone or typed: the last eight characters of the incident's
/// id (its random part) as `XXXX-XXXX`. Not a secret: the tracking link's token is, and it is stored
/// nowhere: its SHA-256 is in the ticket's event and its lookup item, so that nobody who reads the
/// table (or the incident) can follow or rate in the reporter's name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, example = "9G8F-7E2K"))]
pub struct TicketCode(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a ticket code is eight letters and digits, as XXXX-XXXX")]
pub struct TicketCodeError;

impl TicketCode {
    pub fn of(id: &IncidentId) -> Self {
        let tail = &id.as_str()[id.as_str().len() - 8..];
        Self(format!("{}-{}", &tail[..4], &tail[4..]))
    }

    pub fn parse(input: &str) -> Result<Self, TicketCodeError> {
        let code: String = input.trim().chars().filter(|c| *c != '-').collect::<String>().to_ascii_uppercase();
        if code.len() == 8 && code.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()) {
            Ok(Self(format!("{}-{}", &code[..4], &code[4..])))
        } else {
            Err(TicketCodeError)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

crate::newtype::string_newtype!(TicketCode, TicketCodeError);

/// One to five stars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = u8, minimum = 1, maximum = 5))]
pub struct Stars(u8);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a rating is 1 to 5 stars")]
pub struct StarsError;

impl Stars {
    pub fn new(stars: u8) -> Result<Self, StarsError> {
        if (1..=5).contains(&stars) { Ok(Self(stars)) } else { Err(StarsError) }
    }

    pub fn get(self) -> u8 {
        self.0
    }

    /// One or two stars: the supervisor on duty is told.
    pub fn is_poor(self) -> bool {
        self.0 <= 2
    }
}

impl TryFrom<u8> for Stars {
    type Error = StarsError;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl From<Stars> for u8 {
    fn from(stars: Stars) -> Self {
        stars.0
    }
}

/// The reporter's rating of the handling.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rating {
    pub stars: Stars,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<Text>,
    pub at: Timestamp,
}

/// How many days after the handling is done its reporter may still say the problem is not solved.
pub const COMPLAINT_DAYS: i64 = 7;

/// The reporter's word that the problem is not solved, and what the center did about it: the
/// supervisor reopens the incident or answers the reporter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Complaint {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<Text>,
    pub at: Timestamp,
    /// The supervisor's answer to the reporter, when they answered instead of reopening.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<Text>,
    /// When the incident was reopened for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reopened_at: Option<Timestamp>,
}

impl Complaint {
    /// Waiting for the supervisor: neither answered nor reopened.
    pub fn is_open(&self) -> bool {
        self.answer.is_none() && self.reopened_at.is_none()
    }
}

/// Why the public's request about an incident was refused. Nothing changes when it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CitizenError {
    #[error("the handling is not done yet: it can be rated once it is")]
    NotYetDone,
    #[error("this ticket has been rated already")]
    AlreadyRated,
    #[error("this incident has a ticket already")]
    AlreadyTicketed,
    #[error("the problem was reported as not solved already")]
    AlreadyComplained,
    #[error("more than 7 days have passed since the handling was done")]
    TooLateToComplain,
    #[error("the caller left no phone number to message")]
    NoPhoneToMessage,
    #[error("this deployment has no gateway (webhook) to message reporters through")]
    NoGateway,
}

/// A step of the handling as the public sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PublicStep {
    Received,
    Verified,
    Dispatched,
    OnTheWay,
    OnScene,
    Done,
}

impl PublicStep {
    pub const ALL: [PublicStep; 6] =
        [Self::Received, Self::Verified, Self::Dispatched, Self::OnTheWay, Self::OnScene, Self::Done];
}

/// How the handling ended, when it ended otherwise than done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PublicEnding {
    /// Checked, and nothing needed handling.
    NotConfirmed,
    Cancelled,
    /// Handled together with another report of the same event.
    Merged,
}

/// A step, and when it was first reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StepReached {
    pub step: PublicStep,
    pub at: Timestamp,
}

/// The handling as the public may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicProgress {
    /// The steps reached, in order, each with when it was first reached.
    pub steps: Vec<StepReached>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ending: Option<PublicEnding>,
}

impl PublicProgress {
    pub fn of(incident: &Incident) -> Self {
        let milestones = &incident.milestones;
        let first_step = |status: AssignmentStatus| {
            incident.assignments.iter().flat_map(|a| a.steps.iter()).filter(|s| s.status == status).map(|s| s.at).min()
        };
        let reached = [
            (PublicStep::Received, Some(incident.received_at)),
            (PublicStep::Verified, milestones.verified_at),
            (PublicStep::Dispatched, milestones.dispatched_at),
            (PublicStep::OnTheWay, first_step(AssignmentStatus::EnRoute)),
            (PublicStep::OnScene, first_step(AssignmentStatus::OnScene)),
            (PublicStep::Done, milestones.resolved_at),
        ];
        let steps = reached.into_iter().filter_map(|(step, at)| at.map(|at| StepReached { step, at })).collect();
        let ending = match (incident.status, milestones.closure) {
            (IncidentStatus::Merged, _) => Some(PublicEnding::Merged),
            (IncidentStatus::Cancelled, _) => Some(PublicEnding::Cancelled),
            (IncidentStatus::Closed, Some(Closure::FalseReport)) => Some(PublicEnding::NotConfirmed),
            _ => None,
        };
        Self { steps, ending }
    }

    pub fn is_done(&self) -> bool {
        self.steps.iter().any(|reached| reached.step == PublicStep::Done)
    }
}

/// An online report as anyone may read it (Open311's `GET requests`): its category, where by name,
/// its progress and who works on it; nothing of the reporter, and neither its description nor its
/// position, which may tell who and where they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicRequest {
    pub incident: IncidentId,
    pub category: CategoryCode,
    pub progress: PublicProgress,
    /// Still being handled (received, verified or dispatched).
    pub open: bool,
    pub received_at: Timestamp,
    pub updated_at: Timestamp,
    pub agencies: Vec<AgencyCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub village: Option<String>,
}

impl PublicRequest {
    /// The public view of an online report; none for a call, which the public never lists.
    pub fn of(incident: &Incident) -> Option<Self> {
        (incident.channel == Channel::Online).then(|| Self {
            incident: incident.id.clone(),
            category: incident.category.clone(),
            progress: PublicProgress::of(incident),
            open: incident.status.is_open(),
            received_at: incident.received_at,
            updated_at: incident.updated_at,
            agencies: incident.assignments.iter().map(|a| a.agency.clone()).collect(),
            district: incident.location.district.as_ref().map(|d| d.name.clone()),
            village: incident.location.village.as_ref().map(|v| v.name.clone()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ticket_code_is_the_ids_random_tail_in_two_groups() {
        let id = IncidentId::parse("01JDGZ6Q8X4T3N2M1K0H9G8F7E").unwrap();
        assert_eq!(TicketCode::of(&id).as_str(), "0H9G-8F7E");
        assert_eq!(TicketCode::parse(" 0h9g8f7e ").unwrap(), TicketCode::of(&id));
        assert!(TicketCode::parse("0H9G-8F7").is_err());
    }

    #[test]
    fn stars_are_one_to_five() {
        assert!(Stars::new(0).is_err());
        assert!(Stars::new(6).is_err());
        assert!(Stars::new(2).unwrap().is_poor());
        assert!(!Stars::new(3).unwrap().is_poor());
    }
}
