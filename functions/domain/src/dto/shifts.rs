//! Shifts: the shift under way and who is on duty, the month's roster, and the calls the staffing
//! planner plans for.

use serde::{Deserialize, Serialize};

use super::DayRange;
use crate::dashboard::CallOutcome;
use crate::shift::{ClockTime, Duty, Handover, HandoverMaterial, Roster, Shift, ShiftPattern, SignOn};
use crate::{Day, Role, Username};

/// `GET /api/shifts/now`: the shift under way, the next, who is on duty, and the caller's own sign-on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShiftNow {
    pub pattern: ShiftPattern,
    /// The center's offset from UTC (WIB 7, WITA 8, WIT 9): where its shifts begin.
    pub utc_offset_hours: i8,
    pub current: Shift,
    pub next: Shift,
    /// Operators and supervisors on duty now, signed on first.
    pub on_duty: Vec<OnDuty>,
    /// The caller's latest sign-on (open or closed), if they ever signed on.
    pub me: Option<SignOn>,
}

/// One person on duty now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OnDuty {
    pub username: Username,
    pub display_name: String,
    pub role: Role,
    /// `signed_on`, or `rostered` (on the roster for this shift, not signed on yet).
    pub duty: Duty,
    /// When they signed on.
    pub on_at: Option<crate::Timestamp>,
}

/// `GET /api/shifts/roster?month=2026-12`: the month's roster, the pattern it is cut by, and the
/// people who may be put on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RosterView {
    pub pattern: ShiftPattern,
    pub utc_offset_hours: i8,
    pub roster: Roster,
    /// Active operators and supervisors, by name.
    pub people: Vec<ShiftWorker>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShiftWorker {
    pub username: Username,
    pub display_name: String,
    pub role: Role,
}

/// `PUT /api/shifts/roster/{day}/{index}`: who works that shift, in place of whoever did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RosterShiftEdit {
    pub people: Vec<Username>,
}

/// `PUT /api/shifts/pattern`: when each shift begins, `HH:MM` in the center's time, in the order of
/// the day (`["07:00", "15:00", "23:00"]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PatternEdit {
    pub starts: Vec<String>,
}

/// `GET /api/shifts/demand?from&to`: the calls the center measured, by weekday and hour, for the
/// staffing planner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffingDemand {
    pub from: Day,
    pub to: Day,
    /// Calls in each hour (24) of each weekday (7, Monday first), averaged over the range's days of
    /// that weekday.
    pub calls: Vec<Vec<f64>>,
    /// Calls in the range.
    pub total_calls: i64,
    /// The operators' average handling time over the range (the intake form's first keystroke to the
    /// report taken), in seconds, read from the counters' histograms (within 4.4 %); none when no call
    /// of the range was measured.
    pub handling_seconds: Option<f64>,
}

/// `GET /api/shifts/{day}/{index}`: one shift's history (who signed on, its handover) and, while it
/// may still be handed over, what it would hand over now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShiftRecord {
    pub shift: Shift,
    pub sign_ons: Vec<SignOn>,
    pub handover: Option<Handover>,
    /// The open incidents, the shift's breaches so far and the blocked numbers as they are now: for a
    /// supervisor, while the shift is under way or may be handed over and no handover is acknowledged.
    pub material: Option<HandoverMaterial>,
}

/// `PUT /api/shifts/{day}/{index}/handover`: the outgoing supervisor's note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandoverNote {
    pub note: String,
}

/// `POST /api/shifts/{day}/{index}/handover/acknowledge`: the incoming supervisor's, with a remark
/// if any.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandoverAcknowledgement {
    #[serde(default)]
    pub note: Option<String>,
}

/// `GET /api/shifts/operators?from&to`: what each operator, and each shift, handled in a range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OperatorFigures {
    pub range: DayRange,
    /// Every operator who took a call in the range, the busiest first.
    pub operators: Vec<OperatorRow>,
    /// The pattern's shifts, in the order of the day (calls counted by the hour they came in).
    pub shifts: Vec<ShiftRow>,
    pub total: HandledFigures,
    /// How many stored items the answer read.
    pub items_read: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OperatorRow {
    pub username: Username,
    /// As the account names them (absent for an account since removed).
    pub display_name: Option<String>,
    pub figures: HandledFigures,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShiftRow {
    pub index: u8,
    pub starts: ClockTime,
    pub ends: ClockTime,
    pub figures: HandledFigures,
}

/// Calls handled, by how they ended, and how long the handling took.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandledFigures {
    pub calls: i64,
    /// The most frequent first.
    pub outcomes: Vec<OutcomeCalls>,
    /// The intake form's first keystroke to the report taken.
    pub handling: Durations,
    /// The report to its verification.
    pub to_verify: Durations,
    /// The report to its first dispatch.
    pub to_dispatch: Durations,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutcomeCalls {
    pub outcome: CallOutcome,
    pub calls: i64,
}

/// Durations read from a histogram: how many, the median and the 90th percentile in seconds (within
/// 4.4 % of the exact figures).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Durations {
    pub count: i64,
    pub median_seconds: Option<i64>,
    pub p90_seconds: Option<i64>,
}
