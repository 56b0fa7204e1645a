//! Instants in UTC, written as RFC 3339 on the wire and ordered as text in storage keys.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, format = DateTime))]
pub struct Timestamp(#[serde(with = "time::serde::rfc3339")] OffsetDateTime);

impl Timestamp {
    /// From milliseconds since the Unix epoch (what clocks and browsers give).
    pub fn from_unix_millis(millis: i64) -> Option<Self> {
        let nanos = i128::from(millis) * 1_000_000;
        OffsetDateTime::from_unix_timestamp_nanos(nanos).ok().map(Self)
    }

    pub fn unix_millis(self) -> i64 {
        (self.0.unix_timestamp_nanos() / 1_000_000) as i64
    }

    /// Whole seconds from `earlier` to `self` (negative when `earlier` is later).
    pub fn seconds_since(self, earlier: Timestamp) -> i64 {
        (self.0 - earlier.0).whole_seconds()
    }

    pub fn plus_seconds(self, seconds: i64) -> Self {
        Self(self.0 + time::Duration::seconds(seconds))
    }

    /// A fixed-width, lexically ordered form for storage keys: `2026-11-22T07:25:12.123Z`.
    pub fn sortable(self) -> String {
        let t = self.0.to_offset(time::UtcOffset::UTC);
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second(),
            t.millisecond()
        )
    }

    /// The moment in the center's time with its offset (ISO 8601), as exports write it:
    /// `2026-11-16T08:03:00+07:00`.
    pub fn local_iso8601(self, utc_offset_hours: i8) -> String {
        let t = local(self, utc_offset_hours);
        let sign = if utc_offset_hours < 0 { '-' } else { '+' };
        let (date, hms) = (t.date(), (t.hour(), t.minute(), t.second()));
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{sign}{:02}:00",
            date.year(),
            u8::from(date.month()),
            date.day(),
            hms.0,
            hms.1,
            hms.2,
            utc_offset_hours.unsigned_abs()
        )
    }

    pub fn parse_rfc3339(text: &str) -> Option<Self> {
        OffsetDateTime::parse(text, &Rfc3339).ok().map(Self)
    }

    pub fn as_offset_date_time(self) -> OffsetDateTime {
        self.0
    }
}

impl From<OffsetDateTime> for Timestamp {
    /// Keeps millisecond precision, the precision of storage keys and of browsers' clocks, so that a
    /// timestamp reads back from JSON exactly as it was written.
    fn from(value: OffsetDateTime) -> Self {
        let utc = value.to_offset(time::UtcOffset::UTC);
        let millis = utc.nanosecond() / 1_000_000 * 1_000_000;
        Self(utc.replace_nanosecond(millis).unwrap_or(utc))
    }
}

impl std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.sortable())
    }
}

/// A calendar day where the center is (`YYYY-MM-DD`), at the deployment's offset from UTC (WIB 7,
/// WITA 8, WIT 9): the unit of the day's calls and of the dashboard's counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, format = Date, example = "2026-12-07"))]
pub struct Day(time::Date);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a day is written YYYY-MM-DD")]
pub struct DayError;

impl Day {
    /// The day `at` falls on at `utc_offset_hours` from UTC.
    pub fn of(at: Timestamp, utc_offset_hours: i8) -> Self {
        Self(local(at, utc_offset_hours).date())
    }

    /// A calendar date as typed, `2026-11-22`. Read by hand: `time`'s parser of format descriptions
    /// would add some 7 KB to every console's wasm, which reads days in each notification.
    pub fn parse(input: &str) -> Result<Self, DayError> {
        let number = |digits: &str, len: usize| {
            (digits.len() == len && digits.bytes().all(|b| b.is_ascii_digit()))
                .then(|| digits.parse::<u16>().ok())
                .flatten()
        };
        let mut parts = input.trim().split('-');
        let (Some(year), Some(month), Some(day), None) = (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(DayError);
        };
        let (year, month, day) = (number(year, 4), number(month, 2), number(day, 2));
        let (Some(year), Some(month), Some(day)) = (year, month, day) else { return Err(DayError) };
        let month = u8::try_from(month).ok().and_then(|m| time::Month::try_from(m).ok()).ok_or(DayError)?;
        let day = u8::try_from(day).map_err(|_| DayError)?;
        time::Date::from_calendar_date(i32::from(year), month, day).map(Self).map_err(|_| DayError)
    }

    pub fn date(self) -> time::Date {
        self.0
    }

    /// The day after, or this one at the end of the calendar.
    pub fn next(self) -> Self {
        self.0.next_day().map_or(self, Self)
    }

    /// The day before, or this one at the start of the calendar.
    pub fn previous(self) -> Self {
        self.0.previous_day().map_or(self, Self)
    }

    /// `days` later (earlier when negative), kept inside the calendar.
    pub fn plus_days(self, days: i64) -> Self {
        self.0.checked_add(time::Duration::days(days)).map_or(self, Self)
    }

    /// Whole days from `earlier` to this one.
    pub fn days_since(self, earlier: Day) -> i64 {
        (self.0 - earlier.0).whole_days()
    }

    /// The first day of its month.
    pub fn first_of_month(self) -> Self {
        self.0.replace_day(1).map_or(self, Self)
    }

    /// The first day of the month after its own.
    pub fn first_of_next_month(self) -> Self {
        // 40 days on from the 1st is always in the next month.
        self.first_of_month().plus_days(40).first_of_month()
    }

    /// The instant this day begins at `utc_offset_hours` from UTC.
    pub fn start(self, utc_offset_hours: i8) -> Timestamp {
        let midnight = self.0.midnight().assume_utc();
        Timestamp::from(midnight).plus_seconds(-i64::from(utc_offset_hours) * 3600)
    }

    /// 0 for Monday to 6 for Sunday.
    pub fn weekday_from_monday(self) -> u8 {
        self.0.weekday().number_days_from_monday()
    }
}

/// `at` as the wall clock reads it at `utc_offset_hours` from UTC.
pub fn local(at: Timestamp, utc_offset_hours: i8) -> time::PrimitiveDateTime {
    let offset = time::UtcOffset::from_hms(utc_offset_hours, 0, 0).unwrap_or(time::UtcOffset::UTC);
    let local = at.as_offset_date_time().to_offset(offset);
    time::PrimitiveDateTime::new(local.date(), local.time())
}

impl TryFrom<String> for Day {
    type Error = DayError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Day> for String {
    fn from(day: Day) -> Self {
        day.to_string()
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let d = self.0;
        write!(f, "{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sortable_form_orders_like_time() {
        let a = Timestamp::from_unix_millis(1_700_000_000_000).unwrap();
        let b = a.plus_seconds(59);
        let c = a.plus_seconds(3600 * 24 * 400);
        assert!(a.sortable() < b.sortable() && b.sortable() < c.sortable());
        assert_eq!(a.sortable().len(), b.sortable().len());
    }

    #[test]
    fn the_system_clock_is_cut_to_milliseconds() {
        let precise = OffsetDateTime::from_unix_timestamp_nanos(1_763_796_312_123_456_789).unwrap();
        assert_eq!(Timestamp::from(precise).unix_millis(), 1_763_796_312_123);
        assert_eq!(Timestamp::from(precise).as_offset_date_time().nanosecond(), 123_000_000);
    }

    #[test]
    fn round_trips_through_json_as_rfc3339() {
        let t = Timestamp::from_unix_millis(1_763_796_312_123).unwrap();
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, "\"2025-11-22T07:25:12.123Z\"");
        assert_eq!(serde_json::from_str::<Timestamp>(&json).unwrap(), t);
    }

    #[test]
    fn a_day_is_the_local_date_at_the_centers_offset() {
        // 23:30 on the 22nd in Jakarta, already 00:30 on the 23rd in Balikpapan.
        let at = Timestamp::parse_rfc3339("2026-11-22T16:30:00Z").unwrap();
        assert_eq!(Day::of(at, 7).to_string(), "2026-11-22");
        assert_eq!(Day::of(at, 8).to_string(), "2026-11-23", "WITA is an hour ahead");
        assert_eq!(Day::of(at, 0).to_string(), "2026-11-22");
    }

    #[test]
    fn a_day_parses_only_as_a_real_calendar_date() {
        assert_eq!(Day::parse(" 2026-02-28 ").unwrap().to_string(), "2026-02-28");
        for bad in ["2026-02-30", "2026-2-3", "22-11-2026", "today", "", "2026-13-01", "2026-01-01-01", "+026-01-01"] {
            assert_eq!(Day::parse(bad), Err(DayError), "{bad}");
        }
    }

    #[test]
    fn a_day_starts_at_local_midnight() {
        let day = Day::parse("2026-11-23").unwrap();
        assert_eq!(day.start(7).to_string(), "2026-11-22T17:00:00.000Z");
        assert_eq!(Day::of(day.start(7), 7), day);
        assert_eq!(Day::of(day.start(7).plus_seconds(-1), 7), day.previous());
    }

    #[test]
    fn a_day_steps_across_months_and_years() {
        assert_eq!(Day::parse("2026-12-31").unwrap().next().to_string(), "2027-01-01");
        assert_eq!(Day::parse("2026-12-31").unwrap().first_of_next_month().to_string(), "2027-01-01");
        assert_eq!(Day::parse("2024-01-31").unwrap().first_of_next_month().to_string(), "2024-02-01");
        assert_eq!(Day::parse("2026-03-01").unwrap().previous().to_string(), "2026-02-28");
        assert_eq!(Day::parse("2026-12-07").unwrap().weekday_from_monday(), 0);
    }
}
