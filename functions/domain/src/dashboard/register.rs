//! The register of incidents: one entry per real incident, on the day it was received, with what the
//! dashboard shows of a single incident (its pin on the map) and what an export lists of it (every
//! life-cycle time, each agency's steps, delay reasons and SLA outcomes). Written by a projection of
//! each change, so that a range's incidents are read day by day, never by scanning incidents.

use serde::{Deserialize, Serialize};

use super::contribution::outcome;
use super::tally::CallOutcome;
use crate::assignment::{AssignmentStatus, Step};
use crate::dto::DashboardFilter;
use crate::incident::{IncidentStatus, Milestones};
use crate::sla::SlaClock;
use crate::{AgencyCode, CategoryCode, Coordinates, Incident, IncidentId, KodeWilayah, Priority, Timestamp};

/// One real incident as the register keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegisterEntry {
    pub incident: IncidentId,
    pub received_at: Timestamp,
    pub category: CategoryCode,
    pub priority: Priority,
    pub status: IncidentStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<KodeWilayah>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub village: Option<KodeWilayah>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coordinates: Option<Coordinates>,
    #[serde(default)]
    pub milestones: Milestones,
    #[serde(default)]
    pub extra_reports: u32,
    #[serde(default)]
    pub assignments: Vec<RegisterAssignment>,
}

/// One agency's part: its steps with their times, delay reasons and SLA outcomes (who tapped them
/// left out), and the clocks the sweeper found past their target before the step came.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegisterAssignment {
    pub agency: AgencyCode,
    pub status: AssignmentStatus,
    pub clock_from: Timestamp,
    pub steps: Vec<Step>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breached: Vec<SlaClock>,
}

impl RegisterEntry {
    /// The incident's entry, when it is a real report (what the funnel counts as an incident): calls
    /// closed at intake and duplicates merged into another have none.
    pub fn of(incident: &Incident) -> Option<Self> {
        if outcome(incident) != CallOutcome::Real {
            return None;
        }
        let assignments = incident
            .assignments
            .iter()
            .map(|a| RegisterAssignment {
                agency: a.agency.clone(),
                status: a.status,
                clock_from: a.clock_start(),
                steps: a.steps.iter().map(|s| Step { by: None, ..s.clone() }).collect(),
                breached: incident.breaches.iter().filter(|b| b.agency == a.agency).map(|b| b.clock).collect(),
            })
            .collect();
        Some(Self {
            incident: incident.id.clone(),
            received_at: incident.received_at,
            category: incident.category.clone(),
            priority: incident.priority,
            status: incident.status,
            district: incident.location.district.as_ref().map(|d| d.code.clone()),
            village: incident.location.village.as_ref().map(|v| v.code.clone()),
            coordinates: incident.location.coordinates,
            milestones: incident.milestones.clone(),
            extra_reports: incident.extra_reports,
            assignments,
        })
    }

    /// Whether the dashboard's filters keep this incident, as they keep its counts.
    pub fn matches(&self, filter: &DashboardFilter) -> bool {
        filter.keeps_incident(&self.category, self.district.as_ref(), self.priority, |a| self.involves(a))
    }

    /// Whether the agency was dispatched to it.
    pub fn involves(&self, agency: &AgencyCode) -> bool {
        self.assignments.iter().any(|a| a.agency == *agency)
    }
}
