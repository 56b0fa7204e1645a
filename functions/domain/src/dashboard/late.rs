//! Which of an incident's assignments missed a target, and why: the list behind each row of the
//! scorecard. A step reported late carries how late it was and the officer's reason; a clock the
//! sweeper found past its target with the step not yet reached is late too, by an amount not yet known.

use crate::Incident;
use crate::dto::{LateAssignment, LateClock};
use crate::sla::{SlaClock, SlaOutcome};

/// The incident's late assignments, one per agency that missed any target, in the order dispatched.
pub fn late_assignments(incident: &Incident) -> Vec<LateAssignment> {
    incident
        .assignments
        .iter()
        .filter_map(|assignment| {
            let late: Vec<LateClock> = SlaClock::ALL
                .into_iter()
                .filter_map(|clock| {
                    let step = assignment.steps.iter().find(|s| s.status == clock.step());
                    match step.and_then(|s| s.outcome) {
                        Some(SlaOutcome::Missed { late_seconds }) => {
                            Some(LateClock { clock, late_seconds: Some(late_seconds) })
                        }
                        Some(SlaOutcome::Met) => None,
                        None => incident
                            .breaches
                            .iter()
                            .any(|b| b.agency == assignment.agency && b.clock == clock)
                            .then_some(LateClock { clock, late_seconds: None }),
                    }
                })
                .collect();
            (!late.is_empty()).then(|| LateAssignment {
                incident: incident.id.clone(),
                category: incident.category.clone(),
                district: incident.location.district.as_ref().map(|d| d.code.clone()),
                received_at: incident.received_at,
                agency: assignment.agency.clone(),
                status: assignment.status,
                late,
                delays: assignment.steps.iter().filter_map(|s| s.delay.clone()).collect(),
            })
        })
        .collect()
}
