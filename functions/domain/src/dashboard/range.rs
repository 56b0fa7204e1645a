//! The days a dashboard shows: a range chosen by name (today, the last 7 days, last month …) or by
//! its first and last day, always compared with the period of the same length just before it.

use serde::{Deserialize, Serialize};

use crate::Day;
use crate::dto::DayRange;

/// The longest range the dashboard answers: a year, leap or not.
pub const MAX_DAYS: i64 = 366;

/// The longest range whose charts go day by day; a longer one goes month by month (a year's 365 bars
/// would not fit a phone) and reads its whole months from the months' counters.
pub const DAILY_UP_TO_DAYS: i64 = 62;

/// The step of a range's charts over time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Period {
    Day,
    Month,
}

/// A piece of a range read from one stored tally: a day's, or a whole month's (named by its first day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Block {
    Day(Day),
    Month(Day),
}

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

    /// Day by day up to [`DAILY_UP_TO_DAYS`], month by month beyond.
    pub fn period(&self) -> Period {
        if self.len() <= DAILY_UP_TO_DAYS { Period::Day } else { Period::Month }
    }

    /// The first day of the period of the charts a block is counted in: the block's day, or the first
    /// of its month (or of the range, for the month the range starts inside).
    pub fn period_start(&self, block: Block) -> Day {
        let start = match (block, self.period()) {
            (Block::Day(day), Period::Day) => day,
            (Block::Day(day) | Block::Month(day), Period::Month) => day.first_of_month(),
            // A daily range never reads whole months (see `blocks`).
            (Block::Month(first), Period::Day) => first,
        };
        start.max(self.from)
    }

    /// The first day of each period of the charts, in order.
    pub fn period_starts(&self) -> Vec<Day> {
        let mut starts: Vec<Day> = self.days().map(|day| self.period_start(Block::Day(day))).collect();
        starts.dedup();
        starts
    }

    /// The stored tallies that add up to the range, in order: every day of a daily range; the whole
    /// months of a monthly one, and the days of the months it covers only in part.
    pub fn blocks(&self) -> Vec<Block> {
        let mut blocks = Vec::new();
        let mut day = self.from;
        while day <= self.to {
            let month_end = day.first_of_next_month().previous();
            if self.period() == Period::Month && day == day.first_of_month() && month_end <= self.to {
                blocks.push(Block::Month(day));
                day = month_end.next();
            } else {
                blocks.push(Block::Day(day));
                day = day.next();
            }
        }
        blocks
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
    fn a_long_range_reads_its_whole_months_and_the_days_at_its_ends() {
        let range = DayRange::new(day("2025-01-15"), day("2025-04-02")).unwrap();
        assert_eq!(range.period(), Period::Month);
        let blocks = range.blocks();
        assert_eq!(blocks.first(), Some(&Block::Day(day("2025-01-15"))));
        assert_eq!(blocks.iter().filter(|b| matches!(b, Block::Day(_))).count(), 17 + 2);
        let months: Vec<_> =
            blocks.iter().filter_map(|b| if let Block::Month(m) = b { Some(*m) } else { None }).collect();
        assert_eq!(months, [day("2025-02-01"), day("2025-03-01")]);
        assert_eq!(range.period_starts(), [day("2025-01-15"), day("2025-02-01"), day("2025-03-01"), day("2025-04-01")]);

        let year = DayRange::new(day("2024-01-01"), day("2024-12-31")).unwrap();
        assert_eq!(year.blocks().len(), 12, "a leap year's February is whole too");

        let two_months = DayRange::new(day("2025-01-01"), day("2025-02-28")).unwrap();
        assert_eq!(two_months.period(), Period::Day);
        assert_eq!(two_months.blocks().len(), 59, "a daily range reads every day");
        assert_eq!(two_months.period_starts().len(), 59);
    }

    #[test]
    fn a_range_is_at_most_a_year_and_never_reversed() {
        assert_eq!(DayRange::new(day("2026-01-02"), day("2026-01-01")), Err(RangeError::Reversed));
        assert!(DayRange::new(day("2025-01-01"), day("2025-12-31")).is_ok());
        assert!(DayRange::new(day("2024-01-01"), day("2024-12-31")).is_ok(), "a leap year is 366 days");
        assert_eq!(DayRange::new(day("2025-01-01"), day("2026-01-02")), Err(RangeError::TooLong));
    }
}
