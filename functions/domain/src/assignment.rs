//! One agency's part in an incident, with its own life cycle:
//! `dispatched -> acknowledged -> en_route -> on_scene -> completed`, or `declined` / `cancelled`.

use serde::{Deserialize, Serialize};

use crate::incident::LifecycleError;
use crate::{AgencyCode, Reason, Text, Timestamp};

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

/// When an assignment reached a status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Step {
    pub status: AssignmentStatus,
    pub at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Assignment {
    pub agency: AgencyCode,
    pub status: AssignmentStatus,
    /// Every status reached, in order, starting with `dispatched`.
    pub steps: Vec<Step>,
}

impl Assignment {
    pub fn dispatched(agency: AgencyCode, at: Timestamp) -> Self {
        Self {
            agency,
            status: AssignmentStatus::Dispatched,
            steps: vec![Step { status: AssignmentStatus::Dispatched, at }],
        }
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

    pub(crate) fn advance(&mut self, status: AssignmentStatus, at: Timestamp) {
        self.status = status;
        self.steps.push(Step { status, at });
    }

    /// When the assignment reached `status`, if it did.
    pub fn reached(&self, status: AssignmentStatus) -> Option<Timestamp> {
        self.steps.iter().find(|s| s.status == status).map(|s| s.at)
    }
}
