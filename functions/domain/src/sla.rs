//! SLA clocks: how long each agency may take to acknowledge, arrive and complete, computed from the
//! incident's events alone, so that the board, the dashboard and the sweeper always agree.
//!
//! Every assignment runs three clocks from [`Assignment::clock_start`], each against a target the
//! incident copied from its category when it was received. A step reached after its clock's target
//! needs a delay reason and is stored with its outcome; a clock that runs past its target with the
//! step not reached is a breach, which the sweeper records once and escalates: at once to the agency's
//! head, and after [`EscalationRules::supervisor_after_minutes`] more to the supervisor on duty.

use serde::{Deserialize, Serialize};

use crate::assignment::{Assignment, AssignmentStatus};
use crate::event::{Actor, Change, Event};
use crate::incident::{Incident, IncidentStatus};
use crate::{AgencyCode, Target, Timestamp};

/// A step of an assignment that has a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum SlaClock {
    /// From dispatch (the report, for the first dispatch) to acknowledgement: the dispatch target.
    Acknowledgement,
    /// To arrival on scene.
    Arrival,
    /// To the field work completed.
    Completion,
}

impl SlaClock {
    pub const ALL: [SlaClock; 3] = [SlaClock::Acknowledgement, SlaClock::Arrival, SlaClock::Completion];

    /// The status that stops this clock.
    pub fn step(self) -> AssignmentStatus {
        match self {
            Self::Acknowledgement => AssignmentStatus::Acknowledged,
            Self::Arrival => AssignmentStatus::OnScene,
            Self::Completion => AssignmentStatus::Completed,
        }
    }

    /// The clock that `status` stops, if any.
    pub fn stopped_by(status: AssignmentStatus) -> Option<SlaClock> {
        Self::ALL.into_iter().find(|clock| clock.step() == status)
    }
}

/// How a step with a target went, stored with the step so that the dashboard can count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum SlaOutcome {
    Met,
    Missed { late_seconds: i64 },
}

/// Who a breach is escalated to, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Escalation {
    /// The late agency's head (Kadis, Kabid): at once.
    AgencyHead,
    /// The supervisor on duty: when the step is still not reached some minutes later.
    Supervisor,
}

/// A clock that ran past its target, as the sweeper recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Breach {
    pub agency: AgencyCode,
    pub clock: SlaClock,
    pub due: Timestamp,
    /// When the sweeper found it.
    pub recorded_at: Timestamp,
    /// Who it has been escalated to so far.
    #[serde(default)]
    pub escalated: Vec<Escalation>,
}

/// Where a clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ClockState {
    /// The category sets no target for this step.
    NoTarget,
    /// Running, and not yet late.
    Running { due: Timestamp },
    /// Running past its target.
    Overdue { due: Timestamp },
    /// The step was reached in time.
    Met { at: Timestamp },
    /// The step was reached late.
    Missed { at: Timestamp, late_seconds: i64 },
    /// The assignment ended (declined, cancelled, or completed) without this step: no longer counted.
    Stopped,
}

/// When the sweeper escalates further.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EscalationRules {
    /// Minutes after a breach, with the step still not reached, before the supervisor is told.
    pub supervisor_after_minutes: u32,
}

impl Default for EscalationRules {
    fn default() -> Self {
        Self { supervisor_after_minutes: 10 }
    }
}

impl Incident {
    /// The target of `clock`, as copied from the category when the incident was received.
    pub fn target(&self, clock: SlaClock) -> Option<Target> {
        match clock {
            SlaClock::Acknowledgement => self.dispatch_target,
            SlaClock::Arrival => self.arrival_target,
            SlaClock::Completion => self.completion_target,
        }
    }

    /// When `assignment` must have reached `clock`'s step.
    pub fn due(&self, assignment: &Assignment, clock: SlaClock) -> Option<Timestamp> {
        let target = self.target(clock)?;
        Some(assignment.clock_start().plus_seconds(target.as_seconds()))
    }

    /// How a step reached at `at` fares against its clock; `None` for a step without a target.
    pub fn outcome(&self, assignment: &Assignment, status: AssignmentStatus, at: Timestamp) -> Option<SlaOutcome> {
        let due = self.due(assignment, SlaClock::stopped_by(status)?)?;
        let late = at.seconds_since(due);
        Some(if late > 0 { SlaOutcome::Missed { late_seconds: late } } else { SlaOutcome::Met })
    }

    /// Where `clock` of `assignment` stands at `now`.
    pub fn clock_state(&self, assignment: &Assignment, clock: SlaClock, now: Timestamp) -> ClockState {
        let Some(due) = self.due(assignment, clock) else { return ClockState::NoTarget };
        if let Some(step) = assignment.has_reached(clock) {
            let late = step.at.seconds_since(due);
            return if late > 0 {
                ClockState::Missed { at: step.at, late_seconds: late }
            } else {
                ClockState::Met { at: step.at }
            };
        }
        if assignment.status.is_ended() || !self.status.is_open() {
            ClockState::Stopped
        } else if now > due {
            ClockState::Overdue { due }
        } else {
            ClockState::Running { due }
        }
    }

    /// The breach recorded for this clock of this assignment (its due time tells a re-dispatch apart).
    pub fn breach(&self, agency: &AgencyCode, clock: SlaClock, due: Timestamp) -> Option<&Breach> {
        self.breaches.iter().find(|b| b.agency == *agency && b.clock == clock && b.due == due)
    }

    /// What the sweeper must record at `now`: new breaches (each escalated to the agency head at once),
    /// and escalations to the supervisor of breaches still open long enough. Empty when nothing is due,
    /// so that running the sweeper again records nothing twice.
    pub fn sweep(&self, now: Timestamp, rules: EscalationRules) -> Vec<Change> {
        if self.status != IncidentStatus::Dispatched {
            return Vec::new();
        }
        let mut changes = Vec::new();
        for assignment in self.assignments.iter().filter(|a| !a.status.is_ended()) {
            for clock in SlaClock::ALL {
                let ClockState::Overdue { due } = self.clock_state(assignment, clock, now) else { continue };
                let agency = assignment.agency.clone();
                match self.breach(&agency, clock, due) {
                    None => {
                        changes.push(Change::SlaBreached { agency: agency.clone(), clock, due });
                        changes.push(Change::Escalated { agency, clock, due, to: Escalation::AgencyHead });
                    }
                    Some(breach) => {
                        let supervisor_at = due.plus_seconds(i64::from(rules.supervisor_after_minutes) * 60);
                        if now >= supervisor_at && !breach.escalated.contains(&Escalation::Supervisor) {
                            changes.push(Change::Escalated { agency, clock, due, to: Escalation::Supervisor });
                        }
                    }
                }
            }
        }
        changes
    }

    /// The sweep as the system's events on this incident, with the state they lead to; `None` when
    /// there is nothing to record.
    pub fn record_sweep(&self, now: Timestamp, rules: EscalationRules) -> Option<(Incident, Vec<Event>)> {
        let changes = self.sweep(now, rules);
        if changes.is_empty() {
            return None;
        }
        let mut next = self.clone();
        let mut events = Vec::with_capacity(changes.len());
        for change in changes {
            let event = Event { seq: next.version + 1, at: now, actor: Actor::System, change };
            next.apply(&event).expect("the sweep's events follow the current version");
            events.push(event);
        }
        Some((next, events))
    }
}
