//! Shifts: the shift under way and who is on duty, the month's roster, and the calls the staffing
//! planner plans for.

use serde::{Deserialize, Serialize};

use crate::shift::{Duty, Handover, HandoverMaterial, Roster, Shift, ShiftPattern, SignOn};
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
    /// The median time from opening the intake form to the incident created or the call closed, in
    /// seconds, once the intake form reports it; none until then.
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
    /// The open incidents, the shift's breaches so far and the blocked numbers as they are now: while
    /// a handover may be written and none has been acknowledged.
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
