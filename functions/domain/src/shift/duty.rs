//! Signing on and off, and who is on duty: the people notifications for "whoever is on duty" go to.
//!
//! Operators and supervisors sign on when they take their seat and off when they leave it. One may sign
//! on a little before one's shift begins (then one is on that shift), and may stay on past its end (a
//! handover that runs late); a sign-on nobody closed stops counting [`OVERRUN_MINUTES`] after its shift
//! ended, so that a forgotten sign-off does not keep waking someone who went home.

use serde::{Deserialize, Serialize};

use super::pattern::{Shift, ShiftPattern, ShiftRef};
use super::roster::Roster;
use crate::{Role, Timestamp, User, Username};

/// How long before a shift begins one may sign on to it.
pub const EARLY_MINUTES: i64 = 30;
/// How long after its shift's end a sign-on nobody closed still counts.
pub const OVERRUN_MINUTES: i64 = 120;

/// One person's time on one shift, from signing on to signing off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignOn {
    pub username: Username,
    pub role: Role,
    pub shift: ShiftRef,
    pub on_at: Timestamp,
    /// Whether the roster had them on the shift (or they stood in for someone).
    pub rostered: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub off_at: Option<Timestamp>,
}

impl SignOn {
    /// Whether it counts at `now`: not signed off, and its shift not over by more than the overrun.
    pub fn counts_at(&self, pattern: &ShiftPattern, utc_offset_hours: i8, now: Timestamp) -> bool {
        self.off_at.is_none()
            && self.on_at <= now
            && pattern
                .shift(self.shift, utc_offset_hours)
                .is_some_and(|shift| now < shift.ends_at.plus_seconds(OVERRUN_MINUTES * 60))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DutyError {
    #[error("only operators and supervisors work shifts at the center")]
    NotShiftWork,
    #[error("signed on to {shift} already")]
    AlreadySignedOn { shift: ShiftRef },
    #[error("not signed on")]
    NotSignedOn,
}

/// The shift someone signing on at `now` joins: the one under way, or the next when it begins within
/// [`EARLY_MINUTES`].
pub fn shift_to_join(pattern: &ShiftPattern, utc_offset_hours: i8, now: Timestamp) -> Shift {
    let current = pattern.at(now, utc_offset_hours);
    let next = pattern.shift(pattern.next(current.id), utc_offset_hours).unwrap_or(current);
    if next.begins_at.seconds_since(now) <= EARLY_MINUTES * 60 { next } else { current }
}

/// What signing on changes: the new sign-on, and the one before closed, if it was still open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedOn {
    pub sign_on: SignOn,
    pub closed: Option<SignOn>,
}

/// `user` signs on at `now`; `last` is their latest sign-on, `roster` the month of the shift joined.
/// Staying on for the next shift (a double) signs on to it and closes the one before at `now`.
pub fn sign_on(
    user: &User,
    last: Option<&SignOn>,
    pattern: &ShiftPattern,
    utc_offset_hours: i8,
    roster: &Roster,
    now: Timestamp,
) -> Result<SignedOn, DutyError> {
    if !Roster::ROLES.contains(&user.role) {
        return Err(DutyError::NotShiftWork);
    }
    let shift = shift_to_join(pattern, utc_offset_hours, now);
    let open = last.filter(|last| last.off_at.is_none());
    if let Some(open) = open.filter(|open| open.shift == shift.id) {
        return Err(DutyError::AlreadySignedOn { shift: open.shift });
    }
    let closed = open.map(|open| {
        // One that stopped counting ends where it stopped; one still counting ends now.
        let stopped = pattern
            .shift(open.shift, utc_offset_hours)
            .map_or(now, |shift| shift.ends_at.plus_seconds(OVERRUN_MINUTES * 60));
        SignOn { off_at: Some(now.min(stopped).max(open.on_at)), ..open.clone() }
    });
    let sign_on = SignOn {
        username: user.username.clone(),
        role: user.role,
        shift: shift.id,
        on_at: now,
        rostered: roster.is_on(shift.id, &user.username),
        off_at: None,
    };
    Ok(SignedOn { sign_on, closed })
}

/// Signs `last` off at `now`, if it is still open.
pub fn sign_off(last: Option<&SignOn>, now: Timestamp) -> Result<SignOn, DutyError> {
    match last {
        Some(open) if open.off_at.is_none() => Ok(SignOn { off_at: Some(now.max(open.on_at)), ..open.clone() }),
        _ => Err(DutyError::NotSignedOn),
    }
}

/// How firmly someone is known to be on duty now, weakest first. "Whoever is on duty" is, of a role,
/// those at the strongest level anyone of the role is at: signed on, else on the roster for the shift
/// under way, else those who marked themselves on duty in their settings, else all of them (nobody
/// told is worse than too many told).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Duty {
    #[default]
    Off,
    /// "On duty" is ticked in their notification settings (agency officers keep it this way).
    Marked,
    /// On the roster for the shift under way, and not signed off from it.
    Rostered,
    SignedOn,
}

impl Duty {
    /// Where `username` stands at `now`, with `last` their latest sign-on, `roster` the month of the
    /// shift under way, and `marked` their settings' flag.
    pub fn of(
        username: &Username,
        last: Option<&SignOn>,
        roster: &Roster,
        pattern: &ShiftPattern,
        utc_offset_hours: i8,
        marked: bool,
        now: Timestamp,
    ) -> Self {
        let current = pattern.at(now, utc_offset_hours);
        if last.is_some_and(|last| last.counts_at(pattern, utc_offset_hours, now)) {
            Duty::SignedOn
        } else if roster.is_on(current.id, username) && !last.is_some_and(|last| last.shift == current.id) {
            // Rostered, and neither signed on nor gone home from this shift.
            Duty::Rostered
        } else if marked {
            Duty::Marked
        } else {
            Duty::Off
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shift::fixtures::{WIB, day, name, user};

    /// `hour:minute` WIB on 8 December 2026 (hours past 23 run into the 9th).
    fn wib(hour: i64, minute: i64) -> Timestamp {
        day("2026-12-08").start(WIB).plus_seconds(hour * 3600 + minute * 60)
    }

    fn morning() -> ShiftRef {
        ShiftRef { day: day("2026-12-08"), index: 0 }
    }

    fn afternoon() -> ShiftRef {
        ShiftRef { day: day("2026-12-08"), index: 1 }
    }

    fn rostered(shift: ShiftRef, who: &str) -> Roster {
        let mut roster = Roster::empty(day("2026-12-01"));
        roster.shifts.insert(shift, vec![name(who)]);
        roster
    }

    #[test]
    fn an_operator_signs_on_to_the_shift_under_way_or_to_the_next_within_half_an_hour() {
        let pattern = ShiftPattern::default();
        let ani = user("ani", Role::Operator);
        let roster = rostered(afternoon(), "ani");
        let at_nine = sign_on(&ani, None, &pattern, WIB, &roster, wib(9, 0)).unwrap().sign_on;
        assert_eq!((at_nine.shift, at_nine.rostered), (morning(), false), "a stand-in on the morning shift");
        let early = sign_on(&ani, None, &pattern, WIB, &roster, wib(14, 30)).unwrap().sign_on;
        assert_eq!((early.shift, early.rostered), (afternoon(), true));
        let too_early = sign_on(&ani, None, &pattern, WIB, &roster, wib(14, 29)).unwrap().sign_on;
        assert_eq!(too_early.shift, morning());
    }

    #[test]
    fn only_operators_and_supervisors_sign_on() {
        let pattern = ShiftPattern::default();
        let roster = Roster::empty(day("2026-12-01"));
        for role in [Role::AgencyOfficer, Role::AgencyHead, Role::Executive, Role::Admin] {
            let result = sign_on(&user("x1", role), None, &pattern, WIB, &roster, wib(9, 0));
            assert_eq!(result, Err(DutyError::NotShiftWork), "{role:?}");
        }
        assert!(sign_on(&user("sri", Role::Supervisor), None, &pattern, WIB, &roster, wib(9, 0)).is_ok());
    }

    #[test]
    fn signing_on_twice_to_a_shift_is_refused_but_staying_for_the_next_closes_the_first() {
        let pattern = ShiftPattern::default();
        let ani = user("ani", Role::Operator);
        let roster = Roster::empty(day("2026-12-01"));
        let first = sign_on(&ani, None, &pattern, WIB, &roster, wib(7, 5)).unwrap().sign_on;
        assert_eq!(
            sign_on(&ani, Some(&first), &pattern, WIB, &roster, wib(12, 0)),
            Err(DutyError::AlreadySignedOn { shift: morning() })
        );
        let double = sign_on(&ani, Some(&first), &pattern, WIB, &roster, wib(14, 50)).unwrap();
        assert_eq!(double.sign_on.shift, afternoon());
        assert_eq!(double.closed.unwrap().off_at, Some(wib(14, 50)));
    }

    #[test]
    fn a_forgotten_sign_off_ends_where_it_stopped_counting() {
        let pattern = ShiftPattern::default();
        let ani = user("ani", Role::Operator);
        let roster = Roster::empty(day("2026-12-01"));
        let first = sign_on(&ani, None, &pattern, WIB, &roster, wib(7, 0)).unwrap().sign_on;
        assert!(first.counts_at(&pattern, WIB, wib(16, 59)), "two hours past the shift's end it still counts");
        assert!(!first.counts_at(&pattern, WIB, wib(17, 0)));
        // The next morning she signs on again.
        let next_day = sign_on(&ani, Some(&first), &pattern, WIB, &roster, wib(24 + 7, 0)).unwrap();
        assert_eq!(next_day.closed.unwrap().off_at, Some(wib(17, 0)));
    }

    #[test]
    fn signing_off_needs_an_open_sign_on() {
        let pattern = ShiftPattern::default();
        let roster = Roster::empty(day("2026-12-01"));
        assert_eq!(sign_off(None, wib(9, 0)), Err(DutyError::NotSignedOn));
        let on = sign_on(&user("ani", Role::Operator), None, &pattern, WIB, &roster, wib(7, 0)).unwrap().sign_on;
        let off = sign_off(Some(&on), wib(15, 10)).unwrap();
        assert_eq!(off.off_at, Some(wib(15, 10)));
        assert_eq!(sign_off(Some(&off), wib(15, 11)), Err(DutyError::NotSignedOn));
    }

    #[test]
    fn duty_is_signed_on_then_rostered_then_marked() {
        let pattern = ShiftPattern::default();
        let sri = name("sri");
        let roster = rostered(morning(), "sri");
        let now = wib(9, 0);
        let duty = |last: Option<&SignOn>, marked| Duty::of(&sri, last, &roster, &pattern, WIB, marked, now);
        assert_eq!(duty(None, false), Duty::Rostered);
        let on = sign_on(&user("sri", Role::Supervisor), None, &pattern, WIB, &roster, wib(7, 0)).unwrap().sign_on;
        assert_eq!(duty(Some(&on), false), Duty::SignedOn);
        // Gone home early: no longer on duty, though rostered.
        let off = sign_off(Some(&on), wib(8, 0)).unwrap();
        assert_eq!(duty(Some(&off), false), Duty::Off);
        assert_eq!(duty(Some(&off), true), Duty::Marked);
        // Not rostered for the afternoon.
        assert_eq!(Duty::of(&sri, None, &roster, &pattern, WIB, false, wib(16, 0)), Duty::Off);
        assert!(Duty::SignedOn > Duty::Rostered && Duty::Rostered > Duty::Marked && Duty::Marked > Duty::Off);
    }
}
