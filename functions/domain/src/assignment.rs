//! One agency's part in an incident, with its own life cycle:
//! `dispatched -> acknowledged -> en_route -> on_scene -> completed`, or `declined` / `cancelled`.

use serde::{Deserialize, Serialize};

use crate::incident::LifecycleError;
use crate::sla::{SlaClock, SlaOutcome};
use crate::{AgencyCode, Reason, Text, Timestamp, Username};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AssignmentStatus {
    Dispatched,
    Acknowledged,
    EnRoute,
    OnScene,
    Completed,
    Declined,
    Cancelled,
}

impl AssignmentStatus {
    /// No command moves an assignment out of these.
    pub fn is_ended(self) -> bool {
        matches!(self, Self::Completed | Self::Declined | Self::Cancelled)
    }

    /// The transitions the life cycle allows, and no others.
    pub fn can_become(self, next: AssignmentStatus) -> bool {
        use AssignmentStatus::*;
        matches!(
            (self, next),
            (Dispatched, Acknowledged)
                | (Acknowledged, EnRoute)
                | (EnRoute, OnScene)
                | (OnScene, Completed)
                | (Dispatched | Acknowledged, Declined)
                | (Dispatched | Acknowledged | EnRoute | OnScene, Cancelled)
        )
    }
}

/// What an officer (or the operator, for an agency without accounts) reports about an assignment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AssignmentCommand {
    Acknowledge,
    EnRoute,
    OnScene,
    /// The field work is done, with the field report.
    Complete {
        report: Option<Text>,
    },
    /// The agency will not take it (not its authority, no capacity), with why.
    Decline {
        reason: Reason,
    },
    /// The operator withdraws the assignment, with why.
    Cancel {
        reason: Reason,
    },
}

impl AssignmentCommand {
    pub fn target_status(&self) -> AssignmentStatus {
        match self {
            Self::Acknowledge => AssignmentStatus::Acknowledged,
            Self::EnRoute => AssignmentStatus::EnRoute,
            Self::OnScene => AssignmentStatus::OnScene,
            Self::Complete { .. } => AssignmentStatus::Completed,
            Self::Decline { .. } => AssignmentStatus::Declined,
            Self::Cancel { .. } => AssignmentStatus::Cancelled,
        }
    }
}

/// Why a step came later than its target: what the regent asks about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DelayReason {
    VehicleBroken,
    NoFuel,
    NoPersonnel,
    AccessBlocked,
    Other { text: Reason },
}

impl DelayReason {
    pub const fn kind(&self) -> DelayKind {
        match self {
            Self::VehicleBroken => DelayKind::VehicleBroken,
            Self::NoFuel => DelayKind::NoFuel,
            Self::NoPersonnel => DelayKind::NoPersonnel,
            Self::AccessBlocked => DelayKind::AccessBlocked,
            Self::Other { .. } => DelayKind::Other,
        }
    }

    /// The reason in a few words: its kind's word, and for another reason what was typed
    /// ("akses terhalang", "lainnya: jalan banjir").
    pub fn label(&self, lang: crate::Lang) -> String {
        match self {
            Self::Other { text } => format!("{}: {text}", self.kind().label(lang)),
            _ => self.kind().label(lang).to_owned(),
        }
    }
}

/// The kinds of [`DelayReason`] a form offers, the last one with a text of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DelayKind {
    VehicleBroken,
    NoFuel,
    NoPersonnel,
    AccessBlocked,
    Other,
}

impl DelayKind {
    pub const ALL: [DelayKind; 5] =
        [Self::VehicleBroken, Self::NoFuel, Self::NoPersonnel, Self::AccessBlocked, Self::Other];

    /// The API's name of the kind (`delay.kind`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::VehicleBroken => "vehicle_broken",
            Self::NoFuel => "no_fuel",
            Self::NoPersonnel => "no_personnel",
            Self::AccessBlocked => "access_blocked",
            Self::Other => "other",
        }
    }

    /// The reason of this kind; `text` says what it was for [`DelayKind::Other`] and is ignored otherwise.
    pub fn reason(self, text: &str) -> Result<DelayReason, crate::text::TextError> {
        Ok(match self {
            Self::VehicleBroken => DelayReason::VehicleBroken,
            Self::NoFuel => DelayReason::NoFuel,
            Self::NoPersonnel => DelayReason::NoPersonnel,
            Self::AccessBlocked => DelayReason::AccessBlocked,
            Self::Other => DelayReason::Other { text: Reason::parse(text)? },
        })
    }
}

/// When an assignment reached a status, who reported it, and for a step that has an SLA clock, whether
/// it was on time and why not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Step {
    pub status: AssignmentStatus,
    pub at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<Username>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay: Option<DelayReason>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<SlaOutcome>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Assignment {
    pub agency: AgencyCode,
    pub status: AssignmentStatus,
    /// Every status reached, in order, starting with `dispatched`.
    pub steps: Vec<Step>,
    /// Where its SLA clocks start: the report, for the agencies of the first dispatch (the center is
    /// judged from report to acknowledgement); its own dispatch, for agencies asked later.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock_from: Option<Timestamp>,
    /// The agency that asked for this one from the field, if one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_by: Option<AgencyCode>,
    /// The field report given on completion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<Text>,
}

impl Assignment {
    pub fn dispatched(agency: AgencyCode, at: Timestamp) -> Self {
        Self {
            agency,
            status: AssignmentStatus::Dispatched,
            steps: vec![Step { status: AssignmentStatus::Dispatched, at, by: None, delay: None, outcome: None }],
            clock_from: Some(at),
            requested_by: None,
            report: None,
        }
    }

    /// Where the SLA clocks of this assignment start.
    pub fn clock_start(&self) -> Timestamp {
        self.clock_from.unwrap_or_else(|| self.steps[0].at)
    }

    /// The step a clock waits for has been reached.
    pub fn has_reached(&self, clock: SlaClock) -> Option<&Step> {
        self.steps.iter().find(|s| s.status == clock.step())
    }

    /// Checks a command against the life cycle; on success, the status it leads to.
    pub fn check(&self, command: &AssignmentCommand) -> Result<AssignmentStatus, LifecycleError> {
        let next = command.target_status();
        if self.status.can_become(next) {
            Ok(next)
        } else {
            Err(LifecycleError::AssignmentTransition { agency: self.agency.clone(), from: self.status, to: next })
        }
    }

    pub(crate) fn advance(&mut self, step: Step) {
        self.status = step.status;
        self.steps.push(step);
    }

    /// When the assignment reached `status`, if it did.
    pub fn reached(&self, status: AssignmentStatus) -> Option<Timestamp> {
        self.steps.iter().find(|s| s.status == status).map(|s| s.at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::TextError;

    #[test]
    fn a_delay_kind_gives_its_reason_and_only_another_reason_needs_a_text() {
        for kind in DelayKind::ALL {
            match kind.reason("jalan banjir") {
                Ok(reason) => assert_eq!(reason.kind(), kind),
                Err(error) => panic!("{kind:?}: {error}"),
            }
        }
        assert_eq!(DelayKind::NoFuel.reason(""), Ok(DelayReason::NoFuel));
        assert_eq!(DelayKind::Other.reason("  "), Err(TextError::Empty));
        let other = DelayKind::Other.reason("jalan banjir").unwrap();
        assert_eq!(other.label(crate::Lang::Id), "lainnya: jalan banjir");
        assert_eq!(DelayReason::AccessBlocked.label(crate::Lang::En), "access blocked");
    }
}
