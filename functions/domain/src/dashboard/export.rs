//! What an export of the dashboard holds, whatever its file format: the incidents of the range that the
//! filters keep, one row per incident and agency sent, with every life-cycle time, the delay reasons
//! and each clock's SLA outcome (from the register); the agency scorecard; the funnel and the calls
//! by outcome beside the previous period (from the dashboard's answer). Headings and values are in the
//! reader's language; names of categories, areas and agencies are the catalog's.

use std::collections::BTreeMap;

use super::register::{RegisterAssignment, RegisterEntry};
use crate::assignment::AssignmentStatus;
use crate::dto::{AgencyRow, ClockFigures, Compared, Dashboard};
use crate::sla::{SlaClock, SlaOutcome};
use crate::{AgencyCode, CategoryCode, KodeWilayah, Lang, Timestamp};

/// One value of a sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Count(i64),
    /// A coordinate, or an average.
    Number(f64),
    /// A share, 0 to 1.
    Share(f64),
    /// A moment, written in the center's time.
    Time(Timestamp),
}

impl Cell {
    fn text(text: impl Into<String>) -> Self {
        Self::Text(text.into())
    }

    fn time(at: Option<Timestamp>) -> Self {
        at.map_or(Self::Empty, Self::Time)
    }
}

/// The sheets of an export, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sheet {
    Incidents,
    Scorecard,
    Funnel,
}

impl Sheet {
    pub const ALL: [Sheet; 3] = [Sheet::Incidents, Sheet::Scorecard, Sheet::Funnel];
}

/// The columns of the incidents sheet (and of the CSV).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncidentColumn {
    Incident,
    Received,
    Category,
    Priority,
    Status,
    District,
    Village,
    Latitude,
    Longitude,
    ExtraReports,
    Verified,
    Dispatched,
    Resolved,
    Closed,
    Closure,
    Agency,
    AgencyStatus,
    AgencyDispatched,
    Acknowledged,
    EnRoute,
    OnScene,
    Completed,
    /// The SLA outcome of each clock of the agency, and how late its step came.
    Outcome(SlaClock),
    LateSeconds(SlaClock),
    DelayReasons,
}

impl IncidentColumn {
    pub const ALL: [IncidentColumn; 29] = [
        Self::Incident,
        Self::Received,
        Self::Category,
        Self::Priority,
        Self::Status,
        Self::District,
        Self::Village,
        Self::Latitude,
        Self::Longitude,
        Self::ExtraReports,
        Self::Verified,
        Self::Dispatched,
        Self::Resolved,
        Self::Closed,
        Self::Closure,
        Self::Agency,
        Self::AgencyStatus,
        Self::AgencyDispatched,
        Self::Acknowledged,
        Self::EnRoute,
        Self::OnScene,
        Self::Completed,
        Self::Outcome(SlaClock::Acknowledgement),
        Self::LateSeconds(SlaClock::Acknowledgement),
        Self::Outcome(SlaClock::Arrival),
        Self::LateSeconds(SlaClock::Arrival),
        Self::Outcome(SlaClock::Completion),
        Self::LateSeconds(SlaClock::Completion),
        Self::DelayReasons,
    ];
}

/// The columns of the scorecard sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScorecardColumn {
    Agency,
    Assignments,
    Declined,
    Median(SlaClock),
    P90(SlaClock),
    OnTime(SlaClock),
    Late(SlaClock),
    ShareOnTime(SlaClock),
    Backlog,
    OldestOpen,
    DelayReasons,
    /// Completed assignments the reporter rated, and their average stars.
    Rated,
    AverageRating,
}

impl ScorecardColumn {
    pub fn all() -> Vec<ScorecardColumn> {
        let mut columns = vec![Self::Agency, Self::Assignments, Self::Declined];
        for clock in SlaClock::ALL {
            columns.extend([
                Self::Median(clock),
                Self::P90(clock),
                Self::OnTime(clock),
                Self::Late(clock),
                Self::ShareOnTime(clock),
            ]);
        }
        columns.extend([Self::Backlog, Self::OldestOpen, Self::DelayReasons, Self::Rated, Self::AverageRating]);
        columns
    }
}

/// The columns of the funnel sheet: what is counted, in the range and in the period before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FunnelColumn {
    Counted,
    Range,
    Previous,
}

/// What a row of the funnel sheet counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FunnelStage {
    Calls,
    Incidents,
    Verified,
    Dispatched,
    Resolved,
    ClosedFalse,
}

impl FunnelStage {
    pub const ALL: [FunnelStage; 6] =
        [Self::Calls, Self::Incidents, Self::Verified, Self::Dispatched, Self::Resolved, Self::ClosedFalse];
}

/// The catalog's names, for the codes an export names.
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub categories: BTreeMap<CategoryCode, String>,
    pub regions: BTreeMap<KodeWilayah, String>,
    pub agencies: BTreeMap<AgencyCode, String>,
}

impl Names {
    fn category(&self, code: &CategoryCode) -> String {
        self.categories.get(code).cloned().unwrap_or_else(|| code.to_string())
    }

    fn region(&self, code: Option<&KodeWilayah>) -> Cell {
        code.map_or(Cell::Empty, |code| Cell::text(self.regions.get(code).cloned().unwrap_or_else(|| code.to_string())))
    }

    fn agency(&self, code: &AgencyCode) -> String {
        self.agencies.get(code).cloned().unwrap_or_else(|| code.to_string())
    }
}

/// The headings of a sheet, in the reader's language.
pub fn headings(sheet: Sheet, lang: Lang) -> Vec<&'static str> {
    match sheet {
        Sheet::Incidents => IncidentColumn::ALL.iter().map(|c| c.label(lang)).collect(),
        Sheet::Scorecard => ScorecardColumn::all().iter().map(|c| c.label(lang)).collect(),
        Sheet::Funnel => {
            [FunnelColumn::Counted, FunnelColumn::Range, FunnelColumn::Previous].iter().map(|c| c.label(lang)).collect()
        }
    }
}

/// An incident's rows of the incidents sheet: one per agency sent, or one with no agency.
pub fn incident_rows(entry: &RegisterEntry, names: &Names, lang: Lang) -> Vec<Vec<Cell>> {
    let assignments: Vec<Option<&RegisterAssignment>> =
        if entry.assignments.is_empty() { vec![None] } else { entry.assignments.iter().map(Some).collect() };
    assignments
        .into_iter()
        .map(|assignment| {
            IncidentColumn::ALL.iter().map(|column| incident_cell(*column, entry, assignment, names, lang)).collect()
        })
        .collect()
}

fn incident_cell(
    column: IncidentColumn,
    entry: &RegisterEntry,
    assignment: Option<&RegisterAssignment>,
    names: &Names,
    lang: Lang,
) -> Cell {
    let m = &entry.milestones;
    let step = |status: AssignmentStatus| {
        Cell::time(assignment.and_then(|a| a.steps.iter().find(|s| s.status == status)).map(|s| s.at))
    };
    match column {
        IncidentColumn::Incident => Cell::text(entry.incident.to_string()),
        IncidentColumn::Received => Cell::Time(entry.received_at),
        IncidentColumn::Category => Cell::text(names.category(&entry.category)),
        IncidentColumn::Priority => Cell::text(entry.priority.as_str()),
        IncidentColumn::Status => Cell::text(entry.status.label(lang)),
        IncidentColumn::District => names.region(entry.district.as_ref()),
        IncidentColumn::Village => names.region(entry.village.as_ref()),
        IncidentColumn::Latitude => entry.coordinates.map_or(Cell::Empty, |c| Cell::Number(c.lat())),
        IncidentColumn::Longitude => entry.coordinates.map_or(Cell::Empty, |c| Cell::Number(c.lon())),
        IncidentColumn::ExtraReports => Cell::Count(i64::from(entry.extra_reports)),
        IncidentColumn::Verified => Cell::time(m.verified_at),
        IncidentColumn::Dispatched => Cell::time(m.dispatched_at),
        IncidentColumn::Resolved => Cell::time(m.resolved_at),
        IncidentColumn::Closed => Cell::time(m.closed_at),
        IncidentColumn::Closure => m.closure.map_or(Cell::Empty, |c| Cell::text(c.label(lang))),
        IncidentColumn::Agency => assignment.map_or(Cell::Empty, |a| Cell::text(names.agency(&a.agency))),
        IncidentColumn::AgencyStatus => assignment.map_or(Cell::Empty, |a| Cell::text(a.status.label(lang))),
        IncidentColumn::AgencyDispatched => step(AssignmentStatus::Dispatched),
        IncidentColumn::Acknowledged => step(AssignmentStatus::Acknowledged),
        IncidentColumn::EnRoute => step(AssignmentStatus::EnRoute),
        IncidentColumn::OnScene => step(AssignmentStatus::OnScene),
        IncidentColumn::Completed => step(AssignmentStatus::Completed),
        IncidentColumn::Outcome(clock) => assignment.map_or(Cell::Empty, |a| outcome(a, clock, lang)),
        IncidentColumn::LateSeconds(clock) => {
            match assignment.and_then(|a| a.steps.iter().find(|s| s.status == clock.step())).and_then(|s| s.outcome) {
                Some(SlaOutcome::Missed { late_seconds }) => Cell::Count(late_seconds),
                _ => Cell::Empty,
            }
        }
        IncidentColumn::DelayReasons => {
            let reasons: Vec<String> = assignment
                .map(|a| a.steps.iter().filter_map(|s| s.delay.as_ref()).map(|d| d.label(lang)).collect())
                .unwrap_or_default();
            if reasons.is_empty() { Cell::Empty } else { Cell::text(reasons.join("; ")) }
        }
    }
}

/// How the agency did on one clock: on time, late, or past its target with the step not come (the
/// sweeper's breach); empty where the clock had no target and no step.
fn outcome(assignment: &RegisterAssignment, clock: SlaClock, lang: Lang) -> Cell {
    let step = assignment.steps.iter().find(|s| s.status == clock.step());
    match step.and_then(|s| s.outcome) {
        Some(outcome) => Cell::text(outcome.label(lang)),
        None if assignment.breached.contains(&clock) => Cell::text(SlaOutcome::Missed { late_seconds: 0 }.label(lang)),
        None => Cell::Empty,
    }
}

/// The scorecard sheet's rows, in the dashboard's order (least often on time first).
pub fn scorecard_rows(dashboard: &Dashboard, names: &Names, lang: Lang) -> Vec<Vec<Cell>> {
    dashboard
        .agencies
        .iter()
        .map(|row| ScorecardColumn::all().iter().map(|c| scorecard_cell(*c, row, names, lang)).collect())
        .collect()
}

fn scorecard_cell(column: ScorecardColumn, row: &AgencyRow, names: &Names, lang: Lang) -> Cell {
    let clock = |clock: SlaClock| -> &ClockFigures {
        match clock {
            SlaClock::Acknowledgement => &row.acknowledgement,
            SlaClock::Arrival => &row.arrival,
            SlaClock::Completion => &row.completion,
        }
    };
    let seconds = |s: Option<i64>| s.map_or(Cell::Empty, Cell::Count);
    match column {
        ScorecardColumn::Agency => Cell::text(names.agency(&row.agency)),
        ScorecardColumn::Assignments => Cell::Count(row.assignments),
        ScorecardColumn::Declined => Cell::Count(row.declined),
        ScorecardColumn::Median(c) => seconds(clock(c).median_seconds),
        ScorecardColumn::P90(c) => seconds(clock(c).p90_seconds),
        ScorecardColumn::OnTime(c) => Cell::Count(clock(c).met),
        ScorecardColumn::Late(c) => Cell::Count(clock(c).missed),
        ScorecardColumn::ShareOnTime(c) => clock(c).share_met.map_or(Cell::Empty, Cell::Share),
        ScorecardColumn::Backlog => Cell::Count(row.backlog),
        ScorecardColumn::OldestOpen => Cell::time(row.oldest_open.as_ref().map(|o| o.since)),
        ScorecardColumn::DelayReasons => {
            let delays: Vec<String> = row.delays.iter().map(|d| format!("{}: {}", d.of.label(lang), d.count)).collect();
            if delays.is_empty() { Cell::Empty } else { Cell::text(delays.join("; ")) }
        }
        ScorecardColumn::Rated => Cell::Count(row.rated),
        // Two decimals, as the scorecard shows one: enough to tell 4.25 from 4.3.
        ScorecardColumn::AverageRating => {
            row.average_rating.map_or(Cell::Empty, |a| Cell::Number((a * 100.0).round() / 100.0))
        }
    }
}

/// The funnel sheet's rows: each stage of the funnel, then each outcome of the calls, with the count in
/// the range and in the period before it. Calls closed at intake are named by their category.
pub fn funnel_rows(dashboard: &Dashboard, names: &Names, lang: Lang) -> Vec<Vec<Cell>> {
    let f = &dashboard.funnel;
    let stages = FunnelStage::ALL.iter().map(|stage| {
        let counted = match stage {
            FunnelStage::Calls => f.calls,
            FunnelStage::Incidents => f.incidents,
            FunnelStage::Verified => f.verified,
            FunnelStage::Dispatched => f.dispatched,
            FunnelStage::Resolved => f.resolved,
            FunnelStage::ClosedFalse => f.closed_false,
        };
        (stage.label(lang).to_owned(), counted)
    });
    let outcomes = dashboard.outcomes.iter().map(|o| {
        let name = match (&o.outcome, o.outcome.label(lang)) {
            (_, Some(words)) => words.to_owned(),
            (super::CallOutcome::AtIntake(category), None) => names.category(category),
            (_, None) => String::new(),
        };
        (name, o.count)
    });
    stages
        .chain(outcomes)
        .map(|(name, Compared { count, previous })| vec![Cell::Text(name), Cell::Count(count), Cell::Count(previous)])
        .collect()
}
