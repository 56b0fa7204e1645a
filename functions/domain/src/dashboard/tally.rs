//! What the dashboard counts for one day: a [`DayTally`] of cells, one per combination of the
//! dashboard's filters (category, district, priority, and the agencies dispatched), so that any filter
//! is answered by adding up the cells it keeps. Every count can be added and taken away, so that a
//! change that moves an incident (its priority edited, another agency dispatched) moves its counts.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::contribution::DayTallies;
use super::histogram::Histogram;
use super::range::Block;
use crate::sla::SlaClock;
use crate::{AgencyCode, CategoryCode, DelayKind, KodeWilayah, Priority};

/// How a call ended, as the dashboard counts it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum CallOutcome {
    /// A report of something that needed handling: it opened an incident of a dispatched category.
    Real,
    /// Another report of an incident already open: linked to it, or merged into it later.
    Duplicate,
    /// Closed at intake in this P0 category (prank, silent or dropped, wrong number, information).
    AtIntake(CategoryCode),
}

impl TryFrom<String> for CallOutcome {
    type Error = crate::category::CategoryCodeError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        match value.as_str() {
            "real" => Ok(Self::Real),
            "duplicate" => Ok(Self::Duplicate),
            code => CategoryCode::parse(code).map(Self::AtIntake),
        }
    }
}

impl From<CallOutcome> for String {
    fn from(outcome: CallOutcome) -> Self {
        match outcome {
            CallOutcome::Real => "real".into(),
            CallOutcome::Duplicate => "duplicate".into(),
            // Codes are capitals, so they never read as the two words above.
            CallOutcome::AtIntake(code) => code.into(),
        }
    }
}

/// On the wire a plain string, which the derive cannot say of an enum with a value.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for CallOutcome {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some(
                "`real`, `duplicate`, or the code of the P0 category the call was closed at intake in (`PRANK`, `SILENT` …)",
            ))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for CallOutcome {}

/// The filters' values one incident has: the cell its counts go to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CellKey {
    pub category: CategoryCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<KodeWilayah>,
    pub priority: Priority,
    /// Every agency dispatched to it, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agencies: Vec<AgencyCode>,
}

/// One clock of one agency: how long the step took, and whether it was on time where there was a target.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockTally {
    /// Seconds from the clock's start to the step.
    #[serde(default, skip_serializing_if = "Histogram::is_empty")]
    pub durations: Histogram,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub met: i64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub missed: i64,
}

/// One agency's assignments in a cell.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyTally {
    #[serde(default, skip_serializing_if = "is_zero")]
    pub assignments: i64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub declined: i64,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub clocks: BTreeMap<SlaClock, ClockTally>,
    /// Steps reported late, by the kind of reason given.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub delays: BTreeMap<DelayKind, i64>,
    /// Completed assignments whose incident the reporter rated, and their stars added up.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub rated: i64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub stars: i64,
}

/// Everything counted in one cell of one day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    /// Calls taken, by how they ended.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub calls: BTreeMap<CallOutcome, i64>,
    /// Calls taken, by the hour of the week, the center's time: `weekday * 24 + hour`, Monday 0, so
    /// that a month's cells still tell the heatmap which weekday each call came on.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub week_hours: BTreeMap<u8, i64>,
    /// The funnel: real reports, and how far they came.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub incidents: i64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub verified: i64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub dispatched: i64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub resolved: i64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub closed_false: i64,
    /// Incidents by village, for the map.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub villages: BTreeMap<KodeWilayah, i64>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub agencies: BTreeMap<AgencyCode, AgencyTally>,
}

/// A day's cells. Stored as a list of `[key, cell]` pairs (a JSON object's keys are only strings).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Vec<(CellKey, Cell)>", into = "Vec<(CellKey, Cell)>")]
pub struct DayTally {
    pub cells: BTreeMap<CellKey, Cell>,
}

impl From<Vec<(CellKey, Cell)>> for DayTally {
    fn from(pairs: Vec<(CellKey, Cell)>) -> Self {
        let mut tally = DayTally::default();
        for (key, cell) in pairs {
            tally.add_cell(key, &cell, 1);
        }
        tally
    }
}

impl From<DayTally> for Vec<(CellKey, Cell)> {
    fn from(tally: DayTally) -> Self {
        tally.cells.into_iter().collect()
    }
}

/// The stored tallies a range is added up from: days', and whole months' (keyed by their first day).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counters {
    pub days: DayTallies,
    pub months: DayTallies,
}

impl Counters {
    pub fn of(&self, block: Block) -> Option<&DayTally> {
        match block {
            Block::Day(day) => self.days.get(&day),
            Block::Month(first) => self.months.get(&first),
        }
    }
}

impl DayTally {
    /// Adds `sign` times `other` (1 to add, -1 to take away).
    pub fn add(&mut self, other: &DayTally, sign: i64) {
        for (key, cell) in &other.cells {
            self.add_cell(key.clone(), cell, sign);
        }
    }

    /// Adds `sign` times one cell, dropping it when nothing is left in it.
    pub fn add_cell(&mut self, key: CellKey, cell: &Cell, sign: i64) {
        let entry = self.cells.entry(key.clone()).or_default();
        entry.add(cell, sign);
        if entry.is_empty() {
            self.cells.remove(&key);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }
}

impl Cell {
    pub fn add(&mut self, other: &Cell, sign: i64) {
        add_counts(&mut self.calls, &other.calls, sign);
        add_counts(&mut self.week_hours, &other.week_hours, sign);
        self.incidents += sign * other.incidents;
        self.verified += sign * other.verified;
        self.dispatched += sign * other.dispatched;
        self.resolved += sign * other.resolved;
        self.closed_false += sign * other.closed_false;
        add_counts(&mut self.villages, &other.villages, sign);
        for (agency, tally) in &other.agencies {
            let entry = self.agencies.entry(agency.clone()).or_default();
            entry.add(tally, sign);
            if entry.is_empty() {
                self.agencies.remove(agency);
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == Cell::default()
    }

    /// All calls in the cell, whatever their outcome.
    pub fn call_count(&self) -> i64 {
        self.calls.values().sum()
    }
}

impl AgencyTally {
    pub fn add(&mut self, other: &AgencyTally, sign: i64) {
        self.assignments += sign * other.assignments;
        self.declined += sign * other.declined;
        for (clock, tally) in &other.clocks {
            let entry = self.clocks.entry(*clock).or_default();
            entry.add(tally, sign);
            if *entry == ClockTally::default() {
                self.clocks.remove(clock);
            }
        }
        add_counts(&mut self.delays, &other.delays, sign);
        self.rated += sign * other.rated;
        self.stars += sign * other.stars;
    }

    pub fn is_empty(&self) -> bool {
        *self == AgencyTally::default()
    }
}

impl ClockTally {
    pub fn add(&mut self, other: &ClockTally, sign: i64) {
        self.durations.add(&other.durations, sign);
        self.met += sign * other.met;
        self.missed += sign * other.missed;
    }
}

fn add_counts<K: Ord + Clone>(into: &mut BTreeMap<K, i64>, from: &BTreeMap<K, i64>, sign: i64) {
    for (key, count) in from {
        let entry = into.entry(key.clone()).or_default();
        *entry += sign * count;
        if *entry == 0 {
            into.remove(key);
        }
    }
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}
