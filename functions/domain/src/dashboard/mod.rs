//! The regent's dashboard: what each change of an incident adds to the counters of its day
//! ([`contribution`]), the counters themselves ([`tally`], with durations in [`histogram`]s), the
//! days asked for ([`range`]), the figures added up from them ([`figures`]), and which assignments
//! were late and why ([`late`]), each real incident's entry in the register ([`register`]), each open
//! incident's open work for the backlog ([`open_work`]), and what an export holds ([`export`]). Pure: the functions store the counters (`tanggap_store::repo::DashboardRepo`)
//! and answer `GET /api/dashboard`.

pub mod brief;
pub mod contribution;
pub mod export;
pub mod figures;
pub mod histogram;
pub mod late;
pub mod open_work;
pub mod range;
pub mod register;
pub mod staff;
pub mod tally;

pub use contribution::DayTallies;
pub use figures::dashboard;
pub use late::late_assignments;
pub use open_work::{OpenAssignment, OpenWork};
pub use range::{Block, DAILY_UP_TO_DAYS, MAX_DAYS, Period, Preset, RangeError};
pub use register::RegisterEntry;
pub use tally::{CallOutcome, CellKey, Counters, DayTally};
