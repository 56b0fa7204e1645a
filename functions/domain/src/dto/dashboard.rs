//! The regent's dashboard (`GET /api/dashboard`): the figures of a range of days, each beside those of
//! the period of the same length just before it, for the filters given.

use serde::{Deserialize, Serialize};

use crate::dashboard::{CallOutcome, Period};
use crate::sla::SlaClock;
use crate::{
    AgencyCode, AssignmentStatus, CategoryCode, Day, DelayKind, DelayReason, IncidentId, KodeWilayah, Priority,
    Timestamp,
};

/// The days asked for, both included, and the period of the same length just before them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayRange {
    pub from: Day,
    pub to: Day,
}

/// A count in the range, and the same count in the previous period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Compared {
    pub count: i64,
    pub previous: i64,
}

/// From calls to incidents closed: how far the real reports came.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Funnel {
    pub calls: Compared,
    /// Real reports: calls that opened an incident of a dispatched category (not duplicates).
    pub incidents: Compared,
    pub verified: Compared,
    pub dispatched: Compared,
    pub resolved: Compared,
    /// Checked and found not real.
    pub closed_false: Compared,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutcomeCount {
    pub outcome: CallOutcome,
    #[serde(flatten)]
    pub count: Compared,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoryCount {
    pub category: CategoryCode,
    #[serde(flatten)]
    pub count: Compared,
}

/// Incidents in a district (or, with `district` absent, where no district was given).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DistrictCount {
    pub district: Option<KodeWilayah>,
    #[serde(flatten)]
    pub count: Compared,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VillageCount {
    pub village: KodeWilayah,
    pub count: i64,
}

/// One period's calls by outcome (a day's, or a month's: see [`Dashboard::period`]), for the chart of
/// calls over time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeriodCalls {
    /// The period's first day (of the range, for a month the range starts or ends inside).
    pub from: Day,
    pub outcomes: Vec<Counted<CallOutcome>>,
}

/// A count of one value (an outcome, a kind of delay).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Counted<T> {
    pub of: T,
    pub count: i64,
}

/// How one agency did on one clock: the time to the step (median and 90th percentile, in seconds,
/// read from histograms: within 4.4% of the exact figure) and the steps on time and late where the
/// category set a target.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClockFigures {
    /// Assignments that reached the step.
    pub reached: i64,
    pub median_seconds: Option<i64>,
    pub p90_seconds: Option<i64>,
    pub met: i64,
    pub missed: i64,
    /// `met / (met + missed)`, when any step had a target.
    pub share_met: Option<f64>,
}

/// The oldest assignment an agency still has open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenItem {
    pub incident: IncidentId,
    /// When its clocks started.
    pub since: Timestamp,
}

/// One row of the agency scorecard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgencyRow {
    pub agency: AgencyCode,
    pub assignments: i64,
    pub declined: i64,
    pub acknowledgement: ClockFigures,
    pub arrival: ClockFigures,
    pub completion: ClockFigures,
    /// Late steps by the kind of reason given, most frequent first.
    pub delays: Vec<Counted<DelayKind>>,
    /// Assignments open now (whatever the range), and the oldest of them.
    pub backlog: i64,
    pub oldest_open: Option<OpenItem>,
    /// Completed assignments whose reporter rated the handling, and the average of their stars (1 to 5).
    #[serde(default)]
    pub rated: i64,
    #[serde(default)]
    pub average_rating: Option<f64>,
}

/// One agency's steps on time and late in one period, for the chart of SLA compliance over time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgencyPeriod {
    /// As in [`PeriodCalls::from`].
    pub from: Day,
    pub agency: AgencyCode,
    pub met: i64,
    pub missed: i64,
}

/// `GET /api/dashboard`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dashboard {
    pub range: DayRange,
    pub previous: DayRange,
    pub filter: DashboardFilter,
    pub funnel: Funnel,
    /// Calls by how they ended, most first.
    pub outcomes: Vec<OutcomeCount>,
    /// Incidents (real reports) by category and by district, most first.
    pub categories: Vec<CategoryCount>,
    pub districts: Vec<DistrictCount>,
    pub villages: Vec<VillageCount>,
    /// The step of the charts over time: a day, or for a range longer than two months a month.
    pub period: Period,
    /// Every period of the range, in order, with its calls by outcome.
    pub calls_over_time: Vec<PeriodCalls>,
    /// Calls by weekday (0 Monday .. 6 Sunday) and hour of the day (0..23, the center's time).
    pub heatmap: Vec<Vec<i64>>,
    /// The scorecard, worst share of acknowledgements on time first.
    pub agencies: Vec<AgencyRow>,
    /// Each agency's steps on time and late, period by period.
    pub sla_over_time: Vec<AgencyPeriod>,
    /// How many stored items of counters were read to answer: each day's or whole month's, and the
    /// changes not yet folded into them (the incidents open now, read for the backlog, aside).
    pub items_read: usize,
}

/// The filters the figures are for; absent ones keep everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DashboardFilter {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<CategoryCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<KodeWilayah>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<AgencyCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
}

/// A clock that ran past its target: how late the step came, or, for a step still not reached when the
/// sweeper found the clock past its target, none yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LateClock {
    pub clock: SlaClock,
    pub late_seconds: Option<i64>,
}

/// One agency's assignment that missed a target, with the reasons it gave: what the regent asks about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LateAssignment {
    pub incident: IncidentId,
    pub category: CategoryCode,
    pub district: Option<KodeWilayah>,
    pub received_at: Timestamp,
    pub agency: AgencyCode,
    pub status: AssignmentStatus,
    pub late: Vec<LateClock>,
    pub delays: Vec<DelayReason>,
}

/// `GET /api/dashboard/late`: an agency's late assignments of the range, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LateAssignments {
    pub range: DayRange,
    pub agency: AgencyCode,
    pub assignments: Vec<LateAssignment>,
    /// More were late than the answer holds (it keeps the newest).
    pub truncated: bool,
}
