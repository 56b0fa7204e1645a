//! What every handler shares: the repositories, the regency this deployment serves, and the clock;
//! and the configuration they are built from, read once at start.

use std::sync::{Arc, Mutex, PoisonError};

use tanggap_domain::{KodeWilayah, RegionLevel, Timestamp};
use tanggap_store::Table;
use tanggap_store::repo::{CatalogRepo, IncidentRepo};

/// The application state handed to every handler. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub incidents: IncidentRepo,
    pub catalog: CatalogRepo,
    /// The regency this deployment serves: reports must lie inside it.
    pub regency: KodeWilayah,
    pub clock: Arc<dyn Clock>,
}

impl AppState {
    pub fn new(table: Arc<dyn Table>, regency: KodeWilayah, clock: Arc<dyn Clock>) -> Self {
        Self { incidents: IncidentRepo::new(table.clone()), catalog: CatalogRepo::new(table), regency, clock }
    }
}

/// Where "now" comes from, so that tests can fix it.
pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> Timestamp;
}

/// The real time.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::from(time::OffsetDateTime::now_utc())
    }
}

/// A clock that stands still until told otherwise.
#[derive(Debug)]
pub struct ManualClock {
    now: Mutex<Timestamp>,
}

impl ManualClock {
    pub fn new(now: Timestamp) -> Self {
        Self { now: Mutex::new(now) }
    }

    pub fn set(&self, now: Timestamp) {
        *self.now.lock().unwrap_or_else(PoisonError::into_inner) = now;
    }

    pub fn advance(&self, seconds: i64) {
        let mut now = self.now.lock().unwrap_or_else(PoisonError::into_inner);
        *now = now.plus_seconds(seconds);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        *self.now.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The functions' configuration, from environment variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// `TANGGAP_REGENCY`, default `64.09`.
    pub regency: KodeWilayah,
    /// `TANGGAP_TABLE`, default `tanggap`: the DynamoDB table's name.
    pub table: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{}={value:?} is not the kode wilayah of a regency, like 64.09", Config::REGENCY)]
    Regency { value: String },
    #[error("{} must not be empty", Config::TABLE)]
    EmptyTable,
}

impl Config {
    pub const REGENCY: &str = "TANGGAP_REGENCY";
    pub const TABLE: &str = "TANGGAP_TABLE";

    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the configuration through `lookup` (the environment, or a map in tests).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let value = lookup(Self::REGENCY).unwrap_or_else(|| "64.09".into());
        let regency = KodeWilayah::parse(&value)
            .ok()
            .filter(|code| code.level() == RegionLevel::Regency)
            .ok_or(ConfigError::Regency { value })?;
        let table = lookup(Self::TABLE).unwrap_or_else(|| "tanggap".into());
        if table.trim().is_empty() {
            return Err(ConfigError::EmptyTable);
        }
        Ok(Self { regency, table })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_serve_penajam_paser_utara_from_the_tanggap_table() {
        let config = Config::from_lookup(|_| None).unwrap();
        assert_eq!(config.regency.as_str(), "64.09");
        assert_eq!(config.table, "tanggap");
    }

    #[test]
    fn a_district_or_garbage_is_not_a_regency() {
        for value in ["64.09.01", "64", "nope"] {
            let result = Config::from_lookup(|name| (name == Config::REGENCY).then(|| value.to_owned()));
            assert!(matches!(result, Err(ConfigError::Regency { .. })), "{value}");
        }
    }

    #[test]
    fn a_manual_clock_moves_only_when_told() {
        let start = Timestamp::from_unix_millis(1_795_000_000_000).unwrap();
        let clock = ManualClock::new(start);
        assert_eq!(clock.now(), start);
        clock.advance(90);
        assert_eq!(clock.now(), start.plus_seconds(90));
        clock.set(start);
        assert_eq!(clock.now(), start);
    }
}
