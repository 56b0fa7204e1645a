//! Who is on duty now: the shift under way, its month's roster, and everyone's latest sign-on, read
//! together for a notification's fan-out or the shift page (`tanggap_domain::shift::duty` decides).

use std::collections::HashMap;

use anyhow::Context as _;
use tanggap_domain::shift::{Duty, Roster, Shift, ShiftPattern, SignOn};
use tanggap_domain::{Timestamp, Username};

use crate::state::AppState;

/// What deciding anyone's duty at one moment needs.
#[derive(Debug, Clone)]
pub struct DutyNow {
    pub pattern: ShiftPattern,
    pub utc_offset_hours: i8,
    pub now: Timestamp,
    /// The shift under way.
    pub current: Shift,
    /// The roster of the month the current shift began in.
    pub roster: Roster,
    /// Everyone's latest sign-on, by username.
    pub latest: HashMap<Username, SignOn>,
}

impl DutyNow {
    /// Reads the pattern, the current shift's roster and everyone's latest sign-on: three reads.
    pub async fn read(state: &AppState) -> anyhow::Result<Self> {
        let now = state.clock.now();
        let utc_offset_hours = state.intake.utc_offset_hours;
        let pattern = state.shifts.pattern().await.context("reading the shift pattern")?;
        let current = pattern.at(now, utc_offset_hours);
        let roster = state.shifts.roster(current.id.day).await.context("reading the shift's roster")?.roster;
        let latest = state.shifts.latest_sign_ons().await.context("reading the sign-ons")?;
        let latest = latest.into_iter().map(|sign_on| (sign_on.username.clone(), sign_on)).collect();
        Ok(Self { pattern, utc_offset_hours, now, current, roster, latest })
    }

    /// How firmly `username` is on duty; `marked` is their settings' "on duty".
    pub fn duty(&self, username: &Username, marked: bool) -> Duty {
        Duty::of(
            username,
            self.latest.get(username),
            &self.roster,
            &self.pattern,
            self.utc_offset_hours,
            marked,
            self.now,
        )
    }
}
