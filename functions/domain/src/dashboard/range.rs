//! The days a dashboard shows: a range chosen by name (today, the last 7 days, last month …) or by
//! its first and last day, always compared with the period of the same length just before it.

use serde::{Deserialize, Serialize};

use crate::Day;
use crate::dto::DayRange;

/// The longest range the dashboard answers: a year, leap or not.
pub const MAX_DAYS: i64 = 366;

/// The ranges the dashboard offers by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Preset {
    Today,
    Yesterday,
    /// Today and the six days before.
    #[serde(rename = "last_7_days")]
    Last7Days,
    /// From the first of this month to today.
    ThisMonth,
    LastMonth,
}

impl Preset {
    pub const ALL: [Preset; 5] = [Self::Today, Self::Yesterday, Self::Last7Days, Self::ThisMonth, Self::LastMonth];

    pub fn range(self, today: Day) -> DayRange {
        let (from, to) = match self {
            Self::Today => (today, today),
            Self::Yesterday => (today.previous(), today.previous()),
            Self::Last7Days => (today.plus_days(-6), today),
            Self::ThisMonth => (today.first_of_month(), today),
            Self::LastMonth => {
                let last = today.first_of_month().previous();
                (last.first_of_month(), last)
            }
        };
        DayRange { from, to }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RangeError {
    #[error("the range ends before it starts")]
    Reversed,
    #[error("a range is at most {MAX_DAYS} days")]
    TooLong,
}

impl DayRange {
    pub fn new(from: Day, to: Day) -> Result<Self, RangeError> {
        let range = DayRange { from, to };
        if to < from {
            Err(RangeError::Reversed)
        } else if range.len() > MAX_DAYS {
            Err(RangeError::TooLong)
        } else {
            Ok(range)
        }
    }

    /// How many days, both ends included.
    pub fn len(&self) -> i64 {
        self.to.days_since(self.from) + 1
    }

    pub fn is_empty(&self) -> bool {
        self.to < self.from
    }

    /// The period of the same length that ends the day before this one starts.
    pub fn previous(&self) -> DayRange {
        let to = self.from.previous();
        DayRange { from: to.plus_days(1 - self.len()), to }
    }

    pub fn contains(&self, day: Day) -> bool {
        self.from <= day && day <= self.to
    }

    /// Every day of the range, in order.
    pub fn days(&self) -> impl Iterator<Item = Day> + use<> {
        let from = self.from;
        (0..self.len().max(0)).map(move |i| from.plus_days(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Day {
        Day::parse(text).unwrap()
    }

    #[test]
    fn a_preset_is_named_alike_in_the_address_and_in_json() {
        for preset in Preset::ALL {
            assert_eq!(serde_json::to_value(preset).unwrap(), preset.as_str());
        }
    }

    #[test]
    fn presets_name_the_days_they_cover() {
        let today = day("2026-03-10");
        let range = |preset: Preset| {
            let r = preset.range(today);
            (r.from.to_string(), r.to.to_string())
        };
        assert_eq!(range(Preset::Today), ("2026-03-10".into(), "2026-03-10".into()));
        assert_eq!(range(Preset::Yesterday), ("2026-03-09".into(), "2026-03-09".into()));
        assert_eq!(range(Preset::Last7Days), ("2026-03-04".into(), "2026-03-10".into()));
        assert_eq!(range(Preset::ThisMonth), ("2026-03-01".into(), "2026-03-10".into()));
        assert_eq!(range(Preset::LastMonth), ("2026-02-01".into(), "2026-02-28".into()));
    }

    #[test]
    fn the_previous_period_has_the_same_length_and_ends_the_day_before() {
        let february = Preset::LastMonth.range(day("2026-03-10"));
        let before = february.previous();
        assert_eq!((before.from.to_string(), before.to.to_string()), ("2026-01-04".into(), "2026-01-31".into()));
        assert_eq!(before.len(), february.len());
        assert_eq!(february.days().count(), 28);
    }

    #[test]
    fn a_range_is_at_most_a_year_and_never_reversed() {
        assert_eq!(DayRange::new(day("2026-01-02"), day("2026-01-01")), Err(RangeError::Reversed));
        assert!(DayRange::new(day("2025-01-01"), day("2025-12-31")).is_ok());
        assert!(DayRange::new(day("2024-01-01"), day("2024-12-31")).is_ok(), "a leap year is 366 days");
        assert_eq!(DayRange::new(day("2025-01-01"), day("2026-01-02")), Err(RangeError::TooLong));
    }
}
