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
}
