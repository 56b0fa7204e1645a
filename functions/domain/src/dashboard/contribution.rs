//! What one incident adds to the dashboard's counters, and what one change of it adds or takes away.
//!
//! An incident counts on the day it was received (the center's day): its first call, its place in the
//! funnel, its village, and each agency's assignment with the time each clock took. A report linked to
//! it later is a call of its own day and hour, counted where the incident stood when it came. A change
//! adds the incident's counts as they are after it and takes away those from before it, so counts that
//! a change moves (an edited priority, one more agency) move with it, and nothing is counted twice.

use std::collections::BTreeMap;

use super::tally::{AgencyTally, CallOutcome, Cell, CellKey, ClockTally, DayTally};
use crate::assignment::{Assignment, AssignmentStatus};
use crate::event::{Change, Event};
use crate::incident::{Closure, Incident, IncidentStatus};
use crate::sla::{SlaClock, SlaOutcome};
use crate::time::{Day, local};
use crate::{Priority, Timestamp};

/// Counts by day: what a change adds to each day's tally (negative counts take away).
pub type DayTallies = BTreeMap<Day, DayTally>;

/// The counts a change of an incident adds: `after` counted, `before` (None for a new incident) taken
/// away, and each report the change linked counted as a call. Empty when the change moves no count.
pub fn change(before: Option<&Incident>, after: &Incident, events: &[Event], utc_offset_hours: i8) -> DayTallies {
    let mut days = DayTallies::new();
    let mut add = |day: Day, key: CellKey, cell: Cell, sign: i64| {
        days.entry(day).or_default().add_cell(key, &cell, sign);
    };
    if let Some(before) = before {
        let (day, key, cell) = counted(before, utc_offset_hours);
        add(day, key, cell, -1);
    }
    let (day, key, cell) = counted(after, utc_offset_hours);
    add(day, key.clone(), cell, 1);
    for event in events {
        if let Change::ReportLinked { .. } = event.change {
            let (day, cell) = call(event.at, CallOutcome::Duplicate, utc_offset_hours);
            add(day, key.clone(), cell, 1);
        }
    }
    days.retain(|_, tally| !tally.is_empty());
    days
}

/// The counts of an incident as it stands, on the day it was received (reports linked later aside).
pub fn counted(incident: &Incident, utc_offset_hours: i8) -> (Day, CellKey, Cell) {
    let outcome = outcome(incident);
    let (day, mut cell) = call(incident.received_at, outcome.clone(), utc_offset_hours);
    if outcome == CallOutcome::Real {
        let milestones = &incident.milestones;
        cell.incidents = 1;
        cell.verified = i64::from(milestones.verified_at.is_some());
        cell.dispatched = i64::from(milestones.dispatched_at.is_some());
        cell.resolved = i64::from(milestones.resolved_at.is_some());
        cell.closed_false = i64::from(milestones.closure == Some(Closure::FalseReport));
        if let Some(village) = &incident.location.village {
            cell.villages.insert(village.code.clone(), 1);
        }
        for assignment in &incident.assignments {
            cell.agencies.insert(assignment.agency.clone(), agency_counts(assignment));
        }
    }
    let mut agencies: Vec<_> = incident.assignments.iter().map(|a| a.agency.clone()).collect();
    agencies.sort();
    agencies.dedup();
    let key = CellKey {
        category: incident.category.clone(),
        district: incident.location.district.as_ref().map(|d| d.code.clone()),
        priority: incident.priority,
        agencies,
    };
    (day, key, cell)
}

/// How the incident's first call ended.
pub fn outcome(incident: &Incident) -> CallOutcome {
    if incident.status == IncidentStatus::Merged {
        CallOutcome::Duplicate
    } else if incident.priority == Priority::P0 {
        CallOutcome::AtIntake(incident.category.clone())
    } else {
        CallOutcome::Real
    }
}

/// One call at `at`: its day, and a cell that counts it by outcome and hour.
fn call(at: Timestamp, outcome: CallOutcome, utc_offset_hours: i8) -> (Day, Cell) {
    let mut cell = Cell::default();
    cell.calls.insert(outcome, 1);
    cell.hours.insert(local(at, utc_offset_hours).hour(), 1);
    (Day::of(at, utc_offset_hours), cell)
}

/// One assignment: declined or not, each clock's time to its step and whether it was on time, and the
/// kinds of delay reported.
fn agency_counts(assignment: &Assignment) -> AgencyTally {
    let mut tally = AgencyTally {
        assignments: 1,
        declined: i64::from(assignment.status == AssignmentStatus::Declined),
        ..AgencyTally::default()
    };
    let start = assignment.clock_start();
    for clock in SlaClock::ALL {
        let Some(step) = assignment.steps.iter().find(|s| s.status == clock.step()) else { continue };
        let mut counts = ClockTally::default();
        counts.durations.record(step.at.seconds_since(start));
        match step.outcome {
            Some(SlaOutcome::Met) => counts.met = 1,
            Some(SlaOutcome::Missed { .. }) => counts.missed = 1,
            None => {}
        }
        tally.clocks.insert(clock, counts);
    }
    for delay in assignment.steps.iter().filter_map(|s| s.delay.as_ref()) {
        *tally.delays.entry(delay.kind()).or_default() += 1;
    }
    tally
}
