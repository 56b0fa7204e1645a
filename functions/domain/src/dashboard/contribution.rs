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
            let mut counts = agency_counts(assignment);
            // The reporter rates the handling: each agency that completed its part shares the rating.
            if let Some(rating) = incident.rating.as_ref().filter(|_| assignment.status == AssignmentStatus::Completed)
            {
                counts.rated = 1;
                counts.stars = i64::from(rating.stars.get());
            }
            cell.agencies.insert(assignment.agency.clone(), counts);
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

/// One call at `at`: its day, and a cell that counts it by outcome and hour of the week.
fn call(at: Timestamp, outcome: CallOutcome, utc_offset_hours: i8) -> (Day, Cell) {
    let day = Day::of(at, utc_offset_hours);
    let mut cell = Cell::default();
    cell.calls.insert(outcome, 1);
    cell.week_hours.insert(day.weekday_from_monday() * 24 + local(at, utc_offset_hours).hour(), 1);
    (day, cell)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incident::{IncidentCommand, Report};
    use crate::{Actor, Caller, Category, CategoryCode, DispatchTarget, IncidentId, Location, Reason, Text};

    const WIB: i8 = 7;

    fn at(minute: i64) -> Timestamp {
        // 08:00 WIB on Monday 16 November 2026.
        Timestamp::parse_rfc3339("2026-11-16T01:00:00Z").unwrap().plus_seconds(minute * 60)
    }

    fn received(code: &str, priority: Priority) -> (Incident, Vec<Event>) {
        let category = Category {
            dispatch_target: priority.is_dispatchable().then(|| DispatchTarget::minutes(5)),
            ..Category::new(CategoryCode::parse(code).unwrap(), code, code, priority)
        };
        let report = Report {
            caller: Caller { phone: None, name: None, masked_phone: None },
            location: Location::default(),
            description: None,
            people_affected: None,
            priority: None,
            priority_reason: None,
            caller_blocked: false,
            channel: Default::default(),
            intake_seconds: None,
        };
        let id = IncidentId::parse("01JDGZ6Q8X4T3N2M1K0H9G8F00").unwrap();
        Incident::receive(id, &category, report, Actor::System, at(0))
    }

    fn after(incident: &Incident, command: IncidentCommand, minute: i64) -> (Incident, Vec<Event>) {
        incident.execute(&command, &Actor::System, at(minute)).unwrap()
    }

    fn only_cell(days: &DayTallies) -> (CellKey, Cell) {
        assert_eq!(days.len(), 1, "{days:?}");
        let tally = days.values().next().unwrap();
        assert_eq!(tally.cells.len(), 1, "{tally:?}");
        tally.cells.iter().next().map(|(k, c)| (k.clone(), c.clone())).unwrap()
    }

    #[test]
    fn a_new_report_counts_its_call_at_its_hour_and_opens_the_funnel() {
        let (fire, events) = received("FIRE", Priority::P1);
        let counts = change(None, &fire, &events, WIB);
        assert_eq!(counts.keys().next().unwrap().to_string(), "2026-11-16");
        let (key, cell) = only_cell(&counts);
        assert_eq!((key.category.as_str(), key.priority, key.agencies.len()), ("FIRE", Priority::P1, 0));
        assert_eq!(cell.calls, BTreeMap::from([(CallOutcome::Real, 1)]));
        assert_eq!(cell.week_hours, BTreeMap::from([(8, 1)]), "Monday, 08:00");
        assert_eq!((cell.incidents, cell.verified, cell.dispatched), (1, 0, 0));
    }

    #[test]
    fn a_prank_is_a_call_closed_at_intake_and_no_incident() {
        let (prank, events) = received("PRANK", Priority::P0);
        let (_, cell) = only_cell(&change(None, &prank, &events, WIB));
        assert_eq!(cell.calls, BTreeMap::from([(CallOutcome::AtIntake(CategoryCode::parse("PRANK").unwrap()), 1)]));
        assert_eq!(cell.incidents, 0);
    }

    #[test]
    fn a_note_moves_no_count() {
        let (fire, _) = received("FIRE", Priority::P1);
        let text = Text::parse("pemilik rumah sudah dihubungi").unwrap();
        let (noted, events) = after(&fire, IncidentCommand::AddNote { text }, 3);
        assert!(change(Some(&fire), &noted, &events, WIB).is_empty());
    }

    #[test]
    fn a_verification_adds_only_itself_and_an_edited_priority_moves_the_counts() {
        let (fire, _) = received("FIRE", Priority::P1);
        let verify = IncidentCommand::Verify { method: crate::incident::VerificationMethod::Callback, note: None };
        let (verified, events) = after(&fire, verify, 2);
        let (_, cell) = only_cell(&change(Some(&fire), &verified, &events, WIB));
        assert_eq!(cell, Cell { verified: 1, ..Cell::default() }, "only the new stage is added");

        let edit = IncidentCommand::Edit {
            priority: Some(Priority::P2),
            priority_reason: Some(Reason::parse("api sudah padam").unwrap()),
            location: None,
            description: None,
            people_affected: None,
            caller_name: None,
        };
        let (edited, events) = after(&verified, edit, 5);
        let moved = &change(Some(&verified), &edited, &events, WIB)[&Day::of(at(0), WIB)];
        let p1 = moved.cells.iter().find(|(k, _)| k.priority == Priority::P1).unwrap().1;
        let p2 = moved.cells.iter().find(|(k, _)| k.priority == Priority::P2).unwrap().1;
        assert_eq!((p1.incidents, p1.verified, p1.call_count()), (-1, -1, -1), "taken from P1");
        assert_eq!((p2.incidents, p2.verified, p2.call_count()), (1, 1, 1), "added to P2");
    }
}
