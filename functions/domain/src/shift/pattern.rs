//! How the center's day is cut into shifts, and where an instant falls in them.
//!
//! A shift belongs to the day it begins on: the night shift that begins at 23:00 on the 8th and ends at
//! 07:00 on the 9th is the 8th's last shift, and 02:00 on the 9th falls in it. Times are the center's
//! wall clock (WIB, WITA or WIT: its offset from UTC in whole hours); Indonesia keeps no summer time.

use serde::{Deserialize, Serialize};

use crate::time::local;
use crate::{Day, Timestamp};

const MINUTES_A_DAY: u16 = 24 * 60;

/// A time of the center's day to the minute, written `HH:MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, example = "07:00"))]
pub struct ClockTime(u16);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a time of day is written HH:MM, 00:00 to 23:59")]
pub struct ClockTimeError;

impl ClockTime {
    /// `hour:minute`, if it is a time of day.
    pub const fn hm(hour: u8, minute: u8) -> Option<Self> {
        if hour < 24 && minute < 60 { Some(Self(hour as u16 * 60 + minute as u16)) } else { None }
    }

    pub fn parse(input: &str) -> Result<Self, ClockTimeError> {
        let (hour, minute) = input.trim().split_once(':').ok_or(ClockTimeError)?;
        let two_digits = |part: &str| {
            (part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit())).then(|| part.parse::<u8>().ok()).flatten()
        };
        let (Some(hour), Some(minute)) = (two_digits(hour), two_digits(minute)) else { return Err(ClockTimeError) };
        Self::hm(hour, minute).ok_or(ClockTimeError)
    }

    /// Minutes after midnight.
    pub const fn minutes(self) -> u16 {
        self.0
    }
}

impl std::fmt::Display for ClockTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

impl TryFrom<String> for ClockTime {
    type Error = ClockTimeError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<ClockTime> for String {
    fn from(time: ClockTime) -> Self {
        time.to_string()
    }
}

/// The shifts of every day: each begins at one of `starts` and lasts until the next begins, the last
/// until the first begins the next day. Between [`ShiftPattern::MIN_SHIFTS`] and `MAX_SHIFTS` of them,
/// each at least [`ShiftPattern::MIN_MINUTES`] long.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "PatternFields")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShiftPattern {
    /// When each shift begins, in the order of the day.
    starts: Vec<ClockTime>,
}

/// The pattern as sent, before it is checked.
#[derive(Deserialize)]
struct PatternFields {
    starts: Vec<ClockTime>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    #[error("a day has 1 to {} shifts", ShiftPattern::MAX_SHIFTS)]
    Count,
    #[error(
        "shifts begin in the order of the day, each at least {} minutes after the one before",
        ShiftPattern::MIN_MINUTES
    )]
    TooShort,
}

impl TryFrom<PatternFields> for ShiftPattern {
    type Error = PatternError;
    fn try_from(fields: PatternFields) -> Result<Self, Self::Error> {
        Self::new(fields.starts)
    }
}

impl Default for ShiftPattern {
    /// 07–15, 15–23 and 23–07: the three shifts most centers keep.
    fn default() -> Self {
        let at = |hour: u16| ClockTime(hour * 60);
        Self { starts: vec![at(7), at(15), at(23)] }
    }
}

impl ShiftPattern {
    pub const MIN_SHIFTS: usize = 1;
    pub const MAX_SHIFTS: usize = 6;
    /// The shortest shift: an hour.
    pub const MIN_MINUTES: u16 = 60;

    pub fn new(starts: Vec<ClockTime>) -> Result<Self, PatternError> {
        if !(Self::MIN_SHIFTS..=Self::MAX_SHIFTS).contains(&starts.len()) {
            return Err(PatternError::Count);
        }
        let pattern = Self { starts };
        if (0..pattern.len()).any(|index| pattern.minutes_long(index) < Self::MIN_MINUTES) {
            return Err(PatternError::TooShort);
        }
        Ok(pattern)
    }

    pub fn starts(&self) -> &[ClockTime] {
        &self.starts
    }

    /// How many shifts a day has.
    pub fn len(&self) -> u8 {
        // At most MAX_SHIFTS.
        self.starts.len() as u8
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// How long shift `index` lasts, in minutes (0 when the starts are out of order, which `new` refuses).
    fn minutes_long(&self, index: u8) -> u16 {
        let index = usize::from(index);
        let start = self.starts[index].0;
        match self.starts.get(index + 1) {
            Some(next) => next.0.saturating_sub(start),
            None if self.starts.len() == 1 => MINUTES_A_DAY,
            None => (MINUTES_A_DAY + self.starts[0].0).saturating_sub(start),
        }
    }

    /// Where shift `index` of `day` falls, at `utc_offset_hours` from UTC; None past the last shift.
    pub fn shift(&self, id: ShiftRef, utc_offset_hours: i8) -> Option<Shift> {
        let start = *self.starts.get(usize::from(id.index))?;
        let midnight = id.day.start(utc_offset_hours);
        let begins_at = midnight.plus_seconds(i64::from(start.0) * 60);
        let ends_at = begins_at.plus_seconds(i64::from(self.minutes_long(id.index)) * 60);
        let (_, ends) = self.clock_hours(id.index)?;
        Some(Shift { id, starts: start, ends, begins_at, ends_at })
    }

    /// Shift `index`'s hours on the wall clock: when it begins, and when the next one does (the
    /// first of the next day, for the last). None past the last shift.
    pub fn clock_hours(&self, index: u8) -> Option<(ClockTime, ClockTime)> {
        let starts = *self.starts.get(usize::from(index))?;
        Some((starts, *self.starts.get(usize::from(index) + 1).unwrap_or(&self.starts[0])))
    }

    /// The shift under way at `at`: the last to begin on its day at or before it, or, before the day's
    /// first shift begins, the previous day's last.
    pub fn at(&self, at: Timestamp, utc_offset_hours: i8) -> Shift {
        let wall = local(at, utc_offset_hours);
        let day = Day::of(at, utc_offset_hours);
        let minute = u16::from(wall.hour()) * 60 + u16::from(wall.minute());
        let id = match self.starts.iter().rposition(|start| start.0 <= minute) {
            // At most MAX_SHIFTS.
            Some(index) => ShiftRef { day, index: index as u8 },
            None => ShiftRef { day: day.previous(), index: self.len() - 1 },
        };
        self.shift(id, utc_offset_hours).expect("the index is the pattern's")
    }

    /// The shift after `id`.
    pub fn next(&self, id: ShiftRef) -> ShiftRef {
        if id.index + 1 < self.len() {
            ShiftRef { day: id.day, index: id.index + 1 }
        } else {
            ShiftRef { day: id.day.next(), index: 0 }
        }
    }

    /// The shift before `id`.
    pub fn previous(&self, id: ShiftRef) -> ShiftRef {
        if id.index > 0 {
            ShiftRef { day: id.day, index: id.index - 1 }
        } else {
            ShiftRef { day: id.day.previous(), index: self.len() - 1 }
        }
    }

    /// The shift that holds most of each hour of the day (the one under way at half past): how the
    /// planner and the roster's cover add hours up into shifts.
    pub fn shift_of_hour(&self, hour: u8) -> u8 {
        let middle = u16::from(hour % 24) * 60 + 30;
        match self.starts.iter().rposition(|start| start.0 <= middle) {
            // At most MAX_SHIFTS.
            Some(index) => index as u8,
            None => self.len() - 1,
        }
    }

    /// The hours of the day shift `index` holds (see [`Self::shift_of_hour`]) in the order it works
    /// them, each with whether it falls on the day after the shift began (a night shift's small hours).
    pub fn hours(&self, index: u8) -> Vec<(bool, u8)> {
        let start = self.starts.get(usize::from(index)).map_or(0, |start| start.0);
        // From the hour it begins in, around the clock: already in the order worked (no sort, which
        // would cost the admin console's wasm a few kilobytes).
        let first = (start / 60) as u8;
        (0..24)
            .map(|h| (first + h) % 24)
            .filter(|hour| self.shift_of_hour(*hour) == index)
            .map(|hour| (u16::from(hour) * 60 + 30 < start, hour))
            .collect()
    }
}

/// One shift of one day: the day it begins on, and its place in the day's pattern (0 the first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShiftRef {
    pub day: Day,
    pub index: u8,
}

impl std::fmt::Display for ShiftRef {
    /// `2026-12-08#1`, as keys and logs write it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}#{}", self.day, self.index)
    }
}

/// A shift as it falls in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Shift {
    pub id: ShiftRef,
    /// Its hours on the wall clock, `07:00` to `15:00`.
    pub starts: ClockTime,
    pub ends: ClockTime,
    pub begins_at: Timestamp,
    pub ends_at: Timestamp,
}

impl Shift {
    pub fn contains(&self, at: Timestamp) -> bool {
        self.begins_at <= at && at < self.ends_at
    }

    pub fn has_ended(&self, now: Timestamp) -> bool {
        self.ends_at <= now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIB: i8 = 7;
    const WITA: i8 = 8;
    const WIT: i8 = 9;

    fn t(rfc3339: &str) -> Timestamp {
        Timestamp::parse_rfc3339(rfc3339).unwrap()
    }

    fn day(text: &str) -> Day {
        Day::parse(text).unwrap()
    }

    fn at_(hour: u8) -> ClockTime {
        ClockTime::hm(hour, 0).unwrap()
    }

    #[test]
    fn the_night_after_midnight_belongs_to_the_shift_that_began_the_evening_before() {
        let pattern = ShiftPattern::default();
        // 02:00 WIB on 9 December is 19:00 UTC on the 8th.
        let night = pattern.at(t("2026-12-08T19:00:00Z"), WIB);
        assert_eq!(night.id, ShiftRef { day: day("2026-12-08"), index: 2 });
        assert_eq!(night.begins_at, t("2026-12-08T16:00:00Z"), "23:00 WIB on the 8th");
        assert_eq!(night.ends_at, t("2026-12-09T00:00:00Z"), "07:00 WIB on the 9th");
        assert_eq!((night.starts.to_string(), night.ends.to_string()), ("23:00".into(), "07:00".into()));
    }

    #[test]
    fn a_shift_begins_on_its_first_minute_and_ends_before_the_next_begins() {
        let pattern = ShiftPattern::default();
        let seven = t("2026-12-09T00:00:00Z"); // 07:00 WIB
        assert_eq!(pattern.at(seven, WIB).id, ShiftRef { day: day("2026-12-09"), index: 0 });
        assert_eq!(pattern.at(seven.plus_seconds(-1), WIB).id, ShiftRef { day: day("2026-12-08"), index: 2 });
        let three = t("2026-12-09T08:00:00Z"); // 15:00 WIB
        assert_eq!(pattern.at(three, WIB).id.index, 1);
        assert_eq!(pattern.at(three.plus_seconds(-1), WIB).id.index, 0);
        // Midnight itself is still the night shift of the day before.
        assert_eq!(pattern.at(t("2026-12-09T17:00:00Z"), WIB).id, ShiftRef { day: day("2026-12-09"), index: 2 });
    }

    #[test]
    fn the_same_instant_is_another_shift_in_another_time_zone() {
        let pattern = ShiftPattern::default();
        // 06:30 WIB, 07:30 WITA, 08:30 WIT.
        let instant = t("2026-12-08T23:30:00Z");
        assert_eq!(pattern.at(instant, WIB).id, ShiftRef { day: day("2026-12-08"), index: 2 });
        assert_eq!(pattern.at(instant, WITA).id, ShiftRef { day: day("2026-12-09"), index: 0 });
        assert_eq!(pattern.at(instant, WIT).id, ShiftRef { day: day("2026-12-09"), index: 0 });
        // The morning shift begins at 07:00 on each center's own clock.
        let morning = ShiftRef { day: day("2026-12-09"), index: 0 };
        assert_eq!(pattern.shift(morning, WIB).unwrap().begins_at, t("2026-12-09T00:00:00Z"));
        assert_eq!(pattern.shift(morning, WITA).unwrap().begins_at, t("2026-12-08T23:00:00Z"));
        assert_eq!(pattern.shift(morning, WIT).unwrap().begins_at, t("2026-12-08T22:00:00Z"));
    }

    #[test]
    fn a_pattern_that_begins_at_midnight_has_no_shift_across_it() {
        let pattern = ShiftPattern::new(vec![at_(0), at_(8), at_(16)]).unwrap();
        let last = pattern.shift(ShiftRef { day: day("2026-12-08"), index: 2 }, WIB).unwrap();
        assert_eq!(last.ends_at, day("2026-12-09").start(WIB));
        assert_eq!(pattern.at(day("2026-12-09").start(WIB), WIB).id, ShiftRef { day: day("2026-12-09"), index: 0 });
    }

    #[test]
    fn one_shift_lasts_the_whole_day() {
        let pattern = ShiftPattern::new(vec![at_(8)]).unwrap();
        let shift = pattern.at(t("2026-12-08T23:00:00Z"), WIB); // 06:00 WIB on the 9th
        assert_eq!(shift.id, ShiftRef { day: day("2026-12-08"), index: 0 });
        assert_eq!(shift.ends_at.seconds_since(shift.begins_at), 24 * 3600);
        assert_eq!(pattern.next(shift.id), ShiftRef { day: day("2026-12-09"), index: 0 });
    }

    #[test]
    fn next_and_previous_cross_midnight() {
        let pattern = ShiftPattern::default();
        let night = ShiftRef { day: day("2026-12-31"), index: 2 };
        let morning = ShiftRef { day: day("2027-01-01"), index: 0 };
        assert_eq!(pattern.next(night), morning);
        assert_eq!(pattern.previous(morning), night);
        assert_eq!(pattern.previous(ShiftRef { day: day("2027-01-01"), index: 2 }).index, 1);
    }

    #[test]
    fn patterns_out_of_order_too_short_or_empty_are_refused() {
        assert_eq!(ShiftPattern::new(vec![]), Err(PatternError::Count));
        assert_eq!(ShiftPattern::new((0..7).map(|h| at_(h * 3)).collect()), Err(PatternError::Count));
        assert_eq!(ShiftPattern::new(vec![at_(15), at_(7)]), Err(PatternError::TooShort));
        assert_eq!(ShiftPattern::new(vec![at_(7), at_(7)]), Err(PatternError::TooShort));
        let half_past = ClockTime::hm(7, 30).unwrap();
        assert_eq!(ShiftPattern::new(vec![at_(7), half_past]), Err(PatternError::TooShort));
        // The last shift runs to the first of the next day: 23:30 to 00:00 is too short too.
        assert_eq!(ShiftPattern::new(vec![at_(0), ClockTime::hm(23, 30).unwrap()]), Err(PatternError::TooShort));
        let json: Result<ShiftPattern, _> = serde_json::from_str(r#"{"starts":["15:00","07:00"]}"#);
        assert!(json.is_err());
    }

    #[test]
    fn clock_times_are_two_digits_each() {
        assert_eq!(ClockTime::parse("07:00").unwrap().minutes(), 420);
        assert_eq!(ClockTime::parse(" 23:59 ").unwrap().to_string(), "23:59");
        for bad in ["7:00", "24:00", "12:60", "0700", "", "ab:cd"] {
            assert_eq!(ClockTime::parse(bad), Err(ClockTimeError), "{bad}");
        }
    }

    #[test]
    fn each_hour_goes_to_the_shift_that_holds_most_of_it() {
        let pattern = ShiftPattern::default();
        let shifts: Vec<u8> = (0..24).map(|hour| pattern.shift_of_hour(hour)).collect();
        let mut expected = vec![2; 7];
        expected.extend([0; 8]);
        expected.extend([1; 8]);
        expected.push(2);
        assert_eq!(shifts, expected);
        let night = pattern.hours(2);
        assert_eq!(night.first(), Some(&(false, 23)));
        assert_eq!(night.last(), Some(&(true, 6)));
        assert_eq!(night.len(), 8);
        let half_past = ShiftPattern::new(vec![ClockTime::hm(7, 30).unwrap(), ClockTime::hm(19, 30).unwrap()]).unwrap();
        let evening = half_past.hours(1);
        assert_eq!((evening.first(), evening.last(), evening.len()), (Some(&(false, 19)), Some(&(true, 6)), 12));
    }
}
