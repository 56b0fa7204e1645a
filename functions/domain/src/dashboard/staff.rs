//! What the center's operators did, counted by day like the dashboard (and folded the same way): for
//! each operator who took calls, and for each hour of the day (added up into the shifts of the pattern
//! when read, so a changed pattern still reads right), the calls by how they ended, the handling time
//! (the intake form's first keystroke to the report taken), and the times to verify and to dispatch.
//!
//! A call counts for the operator who took it, on the day and hour it came in; a report linked to an
//! open incident counts as a duplicate call for the operator who linked it. A change adds the
//! incident's counts as they are after it and takes away those from before it, like the dashboard's.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::contribution::outcome;
use super::histogram::Histogram;
use super::tally::CallOutcome;
use crate::dto::{DayRange, Durations, HandledFigures, OutcomeCalls};
use crate::event::{Change, Event};
use crate::shift::ShiftPattern;
use crate::time::local;
use crate::{Day, Incident, Timestamp, Username};

/// One operator's (or one hour's) calls.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperatorTally {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub calls: BTreeMap<CallOutcome, i64>,
    /// Seconds from the intake form's first keystroke to the report taken.
    #[serde(default, skip_serializing_if = "Histogram::is_empty")]
    pub handling: Histogram,
    /// Seconds from the report to its verification.
    #[serde(default, skip_serializing_if = "Histogram::is_empty")]
    pub to_verify: Histogram,
    /// Seconds from the report to its first dispatch.
    #[serde(default, skip_serializing_if = "Histogram::is_empty")]
    pub to_dispatch: Histogram,
}

impl OperatorTally {
    pub fn add(&mut self, other: &OperatorTally, sign: i64) {
        for (outcome, count) in &other.calls {
            let entry = self.calls.entry(outcome.clone()).or_default();
            *entry += sign * count;
            if *entry == 0 {
                self.calls.remove(outcome);
            }
        }
        self.handling.add(&other.handling, sign);
        self.to_verify.add(&other.to_verify, sign);
        self.to_dispatch.add(&other.to_dispatch, sign);
    }

    pub fn is_empty(&self) -> bool {
        *self == OperatorTally::default()
    }
}

/// One day's counts of the operators.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffTally {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub operators: BTreeMap<Username, OperatorTally>,
    /// By the hour of the center's day the call came in, 0 to 23.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub hours: BTreeMap<u8, OperatorTally>,
}

impl StaffTally {
    /// Adds `sign` times `other` (1 to add, -1 to take away), dropping what comes to nothing.
    pub fn add(&mut self, other: &StaffTally, sign: i64) {
        for (operator, tally) in &other.operators {
            let entry = self.operators.entry(operator.clone()).or_default();
            entry.add(tally, sign);
            if entry.is_empty() {
                self.operators.remove(operator);
            }
        }
        for (hour, tally) in &other.hours {
            let entry = self.hours.entry(*hour).or_default();
            entry.add(tally, sign);
            if entry.is_empty() {
                self.hours.remove(hour);
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.operators.is_empty() && self.hours.is_empty()
    }

    /// Every call's handling time, whoever took it.
    pub fn handling(&self) -> Histogram {
        let mut all = Histogram::default();
        for tally in self.hours.values() {
            all.add(&tally.handling, 1);
        }
        all
    }

    fn count(&mut self, operator: &Username, hour: u8, tally: &OperatorTally, sign: i64) {
        let one = StaffTally {
            operators: BTreeMap::from([(operator.clone(), tally.clone())]),
            hours: BTreeMap::from([(hour, tally.clone())]),
        };
        self.add(&one, sign);
    }
}

/// Counts by day.
pub type StaffDays = BTreeMap<Day, StaffTally>;

/// What a change of an incident adds to the operators' counts: `after` counted, `before` (None for a
/// new incident) taken away, and each report the change linked counted as a call of whoever linked it.
pub fn change(before: Option<&Incident>, after: &Incident, events: &[Event], utc_offset_hours: i8) -> StaffDays {
    let mut days = StaffDays::new();
    let mut add = |day: Day, operator: &Username, hour: u8, tally: &OperatorTally, sign: i64| {
        days.entry(day).or_default().count(operator, hour, tally, sign);
    };
    if let Some((day, operator, hour, tally)) = before.and_then(|before| counted(before, utc_offset_hours)) {
        add(day, &operator, hour, &tally, -1);
    }
    if let Some((day, operator, hour, tally)) = counted(after, utc_offset_hours) {
        add(day, &operator, hour, &tally, 1);
    }
    for event in events {
        if let (Change::ReportLinked { .. }, Some(operator)) = (&event.change, event.actor.username()) {
            let (day, hour) = day_and_hour(event.at, utc_offset_hours);
            let tally = OperatorTally { calls: BTreeMap::from([(CallOutcome::Duplicate, 1)]), ..Default::default() };
            add(day, operator, hour, &tally, 1);
        }
    }
    days.retain(|_, tally| !tally.is_empty());
    days
}

/// The counts of an incident as it stands: for the operator who took its call, on the day and hour it
/// came in. None for a report nobody at the center took (the public's).
fn counted(incident: &Incident, utc_offset_hours: i8) -> Option<(Day, Username, u8, OperatorTally)> {
    let operator = incident.milestones.taken_by.clone()?;
    let since_received = |at: Option<Timestamp>| at.map(|at| at.seconds_since(incident.received_at));
    let milestones = &incident.milestones;
    let mut tally = OperatorTally { calls: BTreeMap::from([(outcome(incident), 1)]), ..Default::default() };
    let durations = [
        (&mut tally.handling, milestones.intake_seconds.map(i64::from)),
        (&mut tally.to_verify, since_received(milestones.verified_at)),
        (&mut tally.to_dispatch, since_received(milestones.dispatched_at)),
    ];
    for (histogram, seconds) in durations {
        if let Some(seconds) = seconds {
            histogram.record(seconds);
        }
    }
    let (day, hour) = day_and_hour(incident.received_at, utc_offset_hours);
    Some((day, operator, hour, tally))
}

fn day_and_hour(at: Timestamp, utc_offset_hours: i8) -> (Day, u8) {
    (Day::of(at, utc_offset_hours), local(at, utc_offset_hours).hour())
}

/// The stored counts a range is added up from: its days' and whole months' (keyed by their first day),
/// as [`super::Counters`] for the dashboard.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StaffCounters {
    pub days: StaffDays,
    pub months: StaffDays,
}

impl StaffCounters {
    /// Everything counted in the blocks of `blocks`, added up.
    pub fn total(&self, blocks: &[super::Block]) -> StaffTally {
        let mut total = StaffTally::default();
        for block in blocks {
            let tally = match block {
                super::Block::Day(day) => self.days.get(day),
                super::Block::Month(first) => self.months.get(first),
            };
            if let Some(tally) = tally {
                total.add(tally, 1);
            }
        }
        total
    }
}

/// The hours' counts added up into the pattern's shifts, in the order of the day.
pub fn by_shift(hours: &BTreeMap<u8, OperatorTally>, pattern: &ShiftPattern) -> Vec<OperatorTally> {
    let mut shifts = vec![OperatorTally::default(); usize::from(pattern.len())];
    for (hour, tally) in hours {
        if let Some(shift) = shifts.get_mut(usize::from(pattern.shift_of_hour(*hour))) {
            shift.add(tally, 1);
        }
    }
    shifts
}

/// The figures of what `tally` counted.
pub fn handled(tally: &OperatorTally) -> HandledFigures {
    let mut outcomes: Vec<OutcomeCalls> =
        tally.calls.iter().map(|(outcome, calls)| OutcomeCalls { outcome: outcome.clone(), calls: *calls }).collect();
    outcomes.sort_by(|a, b| b.calls.cmp(&a.calls).then_with(|| a.outcome.cmp(&b.outcome)));
    let durations = |histogram: &Histogram| Durations {
        count: histogram.count(),
        median_seconds: histogram.percentile(0.5),
        p90_seconds: histogram.percentile(0.9),
    };
    HandledFigures {
        calls: tally.calls.values().sum(),
        outcomes,
        handling: durations(&tally.handling),
        to_verify: durations(&tally.to_verify),
        to_dispatch: durations(&tally.to_dispatch),
    }
}

/// Everything the operators handled in `range`: each operator (the busiest first), each shift of
/// `pattern`, and all of them.
pub fn figures(
    range: DayRange,
    counters: &StaffCounters,
    pattern: &ShiftPattern,
) -> (Vec<(Username, HandledFigures)>, Vec<HandledFigures>, HandledFigures) {
    let total = counters.total(&range.blocks());
    let mut operators: Vec<(Username, HandledFigures)> =
        total.operators.iter().map(|(operator, tally)| (operator.clone(), handled(tally))).collect();
    operators.sort_by(|a, b| b.1.calls.cmp(&a.1.calls).then_with(|| a.0.cmp(&b.0)));
    let shifts = by_shift(&total.hours, pattern);
    let mut all = OperatorTally::default();
    for tally in &shifts {
        all.add(tally, 1);
    }
    (operators, shifts.iter().map(handled).collect(), handled(&all))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incident::{IncidentCommand, Report, VerificationMethod};
    use crate::{Actor, Caller, Category, CategoryCode, DispatchTarget, IncidentId, Location, Priority, Role};

    const WIB: i8 = 7;

    /// 02:00 WIB on Monday 16 November 2026, plus `seconds`.
    fn at(seconds: i64) -> Timestamp {
        Timestamp::parse_rfc3339("2026-11-15T19:00:00Z").unwrap().plus_seconds(seconds)
    }

    fn operator(name: &str) -> Actor {
        Actor::User { username: Username::parse(name).unwrap(), role: Role::Operator }
    }

    fn report(intake_seconds: Option<u32>) -> Report {
        Report {
            caller: Caller { phone: None, name: None, masked_phone: None },
            location: Location::default(),
            description: None,
            people_affected: None,
            priority: None,
            priority_reason: None,
            caller_blocked: false,
            channel: Default::default(),
            intake_seconds,
        }
    }

    fn fire() -> Category {
        Category {
            dispatch_target: Some(DispatchTarget::minutes(5)),
            ..Category::new(CategoryCode::parse("FIRE").unwrap(), "Kebakaran", "Fire", Priority::P1)
        }
    }

    fn ani() -> Username {
        Username::parse("ani").unwrap()
    }

    #[test]
    fn a_call_counts_for_its_operator_and_hour_and_a_verification_moves_no_call() {
        let id = IncidentId::parse("01JDGZ6Q8X4T3N2M1K0H9G8F7E").unwrap();
        let (received, events) = Incident::receive(id, &fire(), report(Some(9)), operator("ani"), at(0));
        let new = change(None, &received, &events, WIB);
        let day = Day::parse("2026-11-16").unwrap();
        let counted = &new[&day];
        assert_eq!(counted.operators[&ani()].calls, BTreeMap::from([(CallOutcome::Real, 1)]));
        assert_eq!(counted.operators[&ani()].handling.percentile(0.5), Some(9), "exact under 12 s");
        assert_eq!(counted.hours[&2], counted.operators[&ani()], "02:00 WIB");

        let verify = IncidentCommand::Verify { method: VerificationMethod::Callback, note: None };
        let (verified, events) = received.execute(&verify, &operator("budi"), at(90)).unwrap();
        let moved = change(Some(&received), &verified, &events, WIB);
        let tally = &moved[&day].operators[&ani()];
        assert!(tally.calls.is_empty(), "the call was counted already: {tally:?}");
        let to_verify = tally.to_verify.percentile(0.5).unwrap();
        assert!((to_verify - 90).abs() <= 4, "verified in 90 s, read as {to_verify} (within 4.4 %)");
        assert!(!moved[&day].operators.contains_key(&Username::parse("budi").unwrap()));
    }

    #[test]
    fn a_public_report_counts_for_no_operator() {
        let id = IncidentId::parse("01JDGZ6Q8X4T3N2M1K0H9G8F7E").unwrap();
        let (received, events) = Incident::receive(id, &fire(), report(None), Actor::Anonymous, at(0));
        assert!(change(None, &received, &events, WIB).is_empty());
    }

    #[test]
    fn the_hours_add_up_into_the_shifts_of_the_pattern() {
        let one = |n| OperatorTally { calls: BTreeMap::from([(CallOutcome::Real, n)]), ..Default::default() };
        let hours = BTreeMap::from([(2, one(1)), (6, one(2)), (7, one(4)), (22, one(8)), (23, one(16))]);
        let shifts = by_shift(&hours, &ShiftPattern::default());
        let calls: Vec<i64> = shifts.iter().map(|s| s.calls.values().sum()).collect();
        assert_eq!(calls, [4, 8, 1 + 2 + 16], "07-15, 15-23, and the night 23-07");
    }
}
