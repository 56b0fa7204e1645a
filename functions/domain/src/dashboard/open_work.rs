//! Each open incident's open assignments, kept beside it by a projection of every change: the
//! scorecard's backlog (how much each agency has open now, and since when the oldest) reads these
//! small items, not the incidents themselves (2,571 of them in the generated Bogor year).

use serde::{Deserialize, Serialize};

use crate::{AgencyCode, Incident, IncidentId, Timestamp};

/// An open incident's assignments not ended yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenWork {
    pub incident: IncidentId,
    pub assignments: Vec<OpenAssignment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenAssignment {
    pub agency: AgencyCode,
    /// When its clocks started.
    pub since: Timestamp,
}

impl OpenWork {
    /// The incident's open work; None when it is closed or no agency has anything open on it.
    pub fn of(incident: &Incident) -> Option<Self> {
        if !incident.status.is_open() {
            return None;
        }
        let assignments: Vec<OpenAssignment> = incident
            .assignments
            .iter()
            .filter(|a| !a.status.is_ended())
            .map(|a| OpenAssignment { agency: a.agency.clone(), since: a.clock_start() })
            .collect();
        (!assignments.is_empty()).then(|| Self { incident: incident.id.clone(), assignments })
    }
}
