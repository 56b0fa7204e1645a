//! What every handler shares: the repositories, the regency this deployment serves, the clock, and
//! what signs tokens and hashes passwords; and the configuration they are built from, read once at start.

use std::sync::{Arc, Mutex, PoisonError};

use tanggap_domain::dto::MAX_BLOCK_HOURS;
use tanggap_domain::duplicates::DuplicateRules;
use tanggap_domain::sla::EscalationRules;
use tanggap_domain::{KodeWilayah, RegionLevel, Timestamp};
use tanggap_photos::PhotoStore;
use tanggap_store::Table;
use tanggap_store::repo::{
    AuditRepo, CallerRepo, CatalogRepo, CitizenRepo, DashboardRepo, ExportRepo, IncidentRepo, NotificationRepo,
    SessionRepo, ShiftRepo, ThrottleRepo, UserRepo,
};

use crate::auth::{Passwords, SigningKey, Tokens};

/// The application state handed to every handler. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// Incidents as read; every change goes through [`crate::incidents::execute`].
    pub incidents: IncidentRepo,
    /// What [`crate::incidents::execute`] stores changes with, out of every other module's reach.
    pub incident_writes: crate::incidents::Writes,
    /// Callers' histories and blocks, and the calls of each day.
    pub callers: CallerRepo,
    /// The dashboard's counters, and the changes still to be added to them.
    pub dashboard: DashboardRepo,
    /// The dashboard's export jobs, and the wake-up of a runner that takes them up at once (the local
    /// server's; on AWS the `exports` function takes them up every minute).
    pub exports: ExportRepo,
    pub exports_queued: Arc<tokio::sync::Notify>,
    pub catalog: CatalogRepo,
    /// Tickets' tracking links and the public's ratings.
    pub citizens: CitizenRepo,
    pub users: UserRepo,
    /// The shift pattern, rosters and sign-ons: who is on duty.
    pub shifts: ShiftRepo,
    pub sessions: SessionRepo,
    pub audit: AuditRepo,
    pub throttle: ThrottleRepo,
    /// Users' notifications, notification settings and push subscriptions, and the outbox.
    pub notifications: NotificationRepo,
    /// The channels notifications leave by (Web Push, the webhook), as the deployment has them.
    pub delivery: crate::notify::Delivery,
    /// Signs and verifies access tokens.
    pub tokens: Tokens,
    pub passwords: Passwords,
    /// The regency this deployment serves: reports must lie inside it.
    pub regency: KodeWilayah,
    pub clock: Arc<dyn Clock>,
    /// How near and how recent an open incident must be to be proposed as the same event.
    pub duplicate_rules: DuplicateRules,
    /// How long blocks last by default, and where the center's day begins.
    pub intake: IntakeSettings,
    /// When the sweeper tells the supervisor of a breach.
    pub escalation: EscalationRules,
    /// The hour of the center's day (0 to 23) from which yesterday's morning brief goes out.
    pub morning_brief_hour: u8,
    /// Where field photos are kept (S3, or the local data directory); none where a function serves no photos.
    pub photos: Option<Arc<dyn PhotoStore>>,
    /// The largest photo accepted, in bytes.
    pub photo_max_bytes: u64,
}

impl AppState {
    /// The state over `table`, hashing passwords at the production cost, signing tokens with a random
    /// key of this process alone: enough for a router that nobody signs in to (a tool listing routes).
    /// Anything that serves sign-ins sets the deployment's key with [`Self::with_signing_key`], so that
    /// a token one function issues, the others accept.
    pub fn new(table: Arc<dyn Table>, regency: KodeWilayah, clock: Arc<dyn Clock>) -> Self {
        let key = SigningKey::random().expect("the operating system gives random bytes");
        Self {
            incidents: IncidentRepo::new(table.clone()),
            incident_writes: crate::incidents::Writes::new(table.clone()),
            callers: CallerRepo::new(table.clone()),
            dashboard: DashboardRepo::new(table.clone()),
            exports: ExportRepo::new(table.clone()),
            exports_queued: Arc::new(tokio::sync::Notify::new()),
            catalog: CatalogRepo::new(table.clone()),
            citizens: CitizenRepo::new(table.clone()),
            users: UserRepo::new(table.clone()),
            shifts: ShiftRepo::new(table.clone()),
            sessions: SessionRepo::new(table.clone()),
            audit: AuditRepo::new(table.clone()),
            throttle: ThrottleRepo::new(table.clone()),
            notifications: NotificationRepo::new(table),
            delivery: crate::notify::Delivery::none(),
            tokens: Tokens::new(&key),
            passwords: Passwords::default(),
            regency,
            clock,
            duplicate_rules: DuplicateRules::default(),
            intake: IntakeSettings::default(),
            escalation: EscalationRules::default(),
            morning_brief_hour: Config::DEFAULT_MORNING_BRIEF_HOUR,
            photos: None,
            photo_max_bytes: tanggap_photos::DEFAULT_MAX_BYTES,
        }
    }

    /// The same state keeping photos in `store`, up to `max_bytes` each.
    pub fn with_photos(self, store: Arc<dyn PhotoStore>, max_bytes: u64) -> Self {
        Self { photos: Some(store), photo_max_bytes: max_bytes, ..self }
    }

    /// The photo store, which a function that serves photo routes must have been given.
    pub fn photos(&self) -> Result<&Arc<dyn PhotoStore>, crate::ApiError> {
        use anyhow::Context as _;
        Ok(self.photos.as_ref().context("this function has no photo storage configured")?)
    }

    /// The same state sending notifications over `delivery`'s channels (the deployment's, or a test's).
    pub fn with_delivery(self, delivery: crate::notify::Delivery) -> Self {
        Self { delivery, ..self }
    }

    /// The same state blocking callers and counting days by `intake` (the deployment's, or a test's).
    pub fn with_intake(self, intake: IntakeSettings) -> Self {
        Self { intake, ..self }
    }

    /// The same state escalating breaches by `rules` (the deployment's, or a test's).
    pub fn with_escalation(self, rules: EscalationRules) -> Self {
        Self { escalation: rules, ..self }
    }

    pub fn with_morning_brief_hour(self, hour: u8) -> Self {
        Self { morning_brief_hour: hour, ..self }
    }

    /// The same state proposing duplicates by `rules` (the deployment's, or a test's).
    pub fn with_duplicate_rules(self, rules: DuplicateRules) -> Self {
        Self { duplicate_rules: rules, ..self }
    }

    /// The same state signing and verifying tokens with `key` (the deployment's, or a test's).
    pub fn with_signing_key(self, key: &SigningKey) -> Self {
        Self { tokens: Tokens::new(key), ..self }
    }

    /// The same state hashing new passwords with `passwords` (tests use a cheap cost).
    pub fn with_passwords(self, passwords: Passwords) -> Self {
        Self { passwords, ..self }
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
    /// `TANGGAP_SIGNING_KEY_PARAMETER`: the SSM Parameter Store SecureString holding the key that signs
    /// access tokens (at least 32 bytes of text). Required on AWS; the local server uses a key file.
    pub signing_key_parameter: Option<String>,
    /// `TANGGAP_DUPLICATE_RADIUS_M` (default 500) and `TANGGAP_DUPLICATE_WINDOW_MINUTES` (default 120):
    /// which open incidents intake proposes as the same event.
    pub duplicate_rules: DuplicateRules,
    /// `TANGGAP_BLOCK_HOURS` (default 24) and `TANGGAP_UTC_OFFSET_HOURS` (default 7).
    pub intake: IntakeSettings,
    /// `TANGGAP_ESCALATE_SUPERVISOR_MINUTES` (default 10): how long after a breach, with the step still
    /// not reached, the supervisor on duty is told.
    pub escalation: EscalationRules,
    /// `TANGGAP_MORNING_BRIEF_HOUR` (default 6): the hour of the center's day from which yesterday's
    /// brief goes out.
    pub morning_brief_hour: u8,
}

/// What intake needs to know of the deployment beyond its regency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntakeSettings {
    /// How long a caller's block lasts when the supervisor does not say (1 to a month).
    pub block_hours: u32,
    /// The center's offset from UTC, where its day begins for the intake counts: WIB 7, WITA 8, WIT 9.
    pub utc_offset_hours: i8,
}

impl Default for IntakeSettings {
    fn default() -> Self {
        Self { block_hours: 24, utc_offset_hours: 7 }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{}={value:?} is not the kode wilayah of a regency, like 64.09", Config::REGENCY)]
    Regency { value: String },
    #[error("{} must not be empty", Config::TABLE)]
    EmptyTable,
    #[error("{} must name the SSM parameter that holds the token signing key", Config::SIGNING_KEY_PARAMETER)]
    NoSigningKeyParameter,
    #[error("{name}={value:?} is not a whole number from 1 to {max}")]
    Number { name: &'static str, value: String, max: u32 },
    #[error("{}={value:?} is not an offset from UTC in whole hours, -12 to 14 (WIB is 7)", Config::UTC_OFFSET_HOURS)]
    UtcOffset { value: String },
    #[error("{}={value:?} is not an hour of the day, 0 to 23", Config::MORNING_BRIEF_HOUR)]
    Hour { value: String },
}

impl Config {
    pub const REGENCY: &str = "TANGGAP_REGENCY";
    pub const TABLE: &str = "TANGGAP_TABLE";
    pub const SIGNING_KEY_PARAMETER: &str = "TANGGAP_SIGNING_KEY_PARAMETER";
    pub const DUPLICATE_RADIUS_M: &str = "TANGGAP_DUPLICATE_RADIUS_M";
    pub const DUPLICATE_WINDOW_MINUTES: &str = "TANGGAP_DUPLICATE_WINDOW_MINUTES";
    pub const BLOCK_HOURS: &str = "TANGGAP_BLOCK_HOURS";
    pub const UTC_OFFSET_HOURS: &str = "TANGGAP_UTC_OFFSET_HOURS";
    pub const ESCALATE_SUPERVISOR_MINUTES: &str = "TANGGAP_ESCALATE_SUPERVISOR_MINUTES";
    pub const MORNING_BRIEF_HOUR: &str = "TANGGAP_MORNING_BRIEF_HOUR";
    pub const DEFAULT_MORNING_BRIEF_HOUR: u8 = 6;

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
        let signing_key_parameter = lookup(Self::SIGNING_KEY_PARAMETER).filter(|name| !name.trim().is_empty());
        let duplicate_rules = Self::duplicate_rules_from(&lookup)?;
        let intake = Self::intake_from(&lookup)?;
        let escalation = Self::escalation_from(&lookup)?;
        let morning_brief_hour = Self::morning_brief_hour_from(&lookup)?;
        Ok(Self { regency, table, signing_key_parameter, duplicate_rules, intake, escalation, morning_brief_hour })
    }

    /// The brief's hour alone (the local server reads it this way).
    pub fn morning_brief_hour_from(lookup: impl Fn(&str) -> Option<String>) -> Result<u8, ConfigError> {
        match lookup(Self::MORNING_BRIEF_HOUR) {
            None => Ok(Self::DEFAULT_MORNING_BRIEF_HOUR),
            Some(value) => value.trim().parse().ok().filter(|hour| *hour < 24).ok_or(ConfigError::Hour { value }),
        }
    }

    /// The escalation rules alone (the local server reads them this way).
    pub fn escalation_from(lookup: impl Fn(&str) -> Option<String>) -> Result<EscalationRules, ConfigError> {
        let default = EscalationRules::default().supervisor_after_minutes;
        // A day: a breach nobody above the agency hears of for longer is not escalated at all.
        let supervisor_after_minutes = number(&lookup, Self::ESCALATE_SUPERVISOR_MINUTES, default, 24 * 60)?;
        Ok(EscalationRules { supervisor_after_minutes })
    }

    /// The intake settings alone (the local server reads them this way, its other settings are flags).
    pub fn intake_from(lookup: impl Fn(&str) -> Option<String>) -> Result<IntakeSettings, ConfigError> {
        let defaults = IntakeSettings::default();
        let block_hours = number(&lookup, Self::BLOCK_HOURS, defaults.block_hours, MAX_BLOCK_HOURS)?;
        let utc_offset_hours = match lookup(Self::UTC_OFFSET_HOURS) {
            None => defaults.utc_offset_hours,
            Some(value) => value
                .trim()
                .parse()
                .ok()
                .filter(|hours| (-12..=14).contains(hours))
                .ok_or(ConfigError::UtcOffset { value })?,
        };
        Ok(IntakeSettings { block_hours, utc_offset_hours })
    }

    /// The duplicate rules alone (the local server reads them this way, its other settings are flags).
    pub fn duplicate_rules_from(lookup: impl Fn(&str) -> Option<String>) -> Result<DuplicateRules, ConfigError> {
        let defaults = DuplicateRules::default();
        // Beyond these a "duplicate" is no longer the same event: 50 km, a week.
        let radius_m = number(&lookup, Self::DUPLICATE_RADIUS_M, defaults.radius_m, 50_000)?;
        let window_minutes = number(&lookup, Self::DUPLICATE_WINDOW_MINUTES, defaults.window_minutes, 7 * 24 * 60)?;
        Ok(DuplicateRules { radius_m, window_minutes })
    }

    /// The SSM parameter holding the signing key, which a Lambda function cannot start without.
    pub fn require_signing_key_parameter(&self) -> Result<&str, ConfigError> {
        self.signing_key_parameter.as_deref().ok_or(ConfigError::NoSigningKeyParameter)
    }
}

/// The whole number `name` holds, 1 to `max`; `default` when it is unset.
fn number(
    lookup: impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: u32,
    max: u32,
) -> Result<u32, ConfigError> {
    let Some(value) = lookup(name) else { return Ok(default) };
    value.trim().parse().ok().filter(|n| (1..=max).contains(n)).ok_or(ConfigError::Number { name, value, max })
}

/// A Lambda function's logs: JSON lines for CloudWatch, with each request's span (and so its request id)
/// on every line; `RUST_LOG` filters them, `info` when unset.
#[cfg(feature = "ssm")]
pub fn init_lambda_logs() {
    use tracing_subscriber::EnvFilter;
    tracing_subscriber::fmt()
        .json()
        .with_ansi(false)
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .init();
}

/// The state of a Lambda function that serves requests, from its environment: the configuration, the
/// DynamoDB table, and the signing key from SSM Parameter Store, each read once per cold start. It
/// does not start without the key: its sign-ins and tokens must be the deployment's.
#[cfg(feature = "ssm")]
pub async fn lambda_state() -> anyhow::Result<AppState> {
    use anyhow::Context as _;

    let config = Config::from_env().context("reading the configuration")?;
    let parameter = config.require_signing_key_parameter()?.to_owned();
    let key = crate::auth::KeySource::Ssm { parameter: parameter.clone() }.load().await?;
    tracing::info!(key_parameter = %parameter, "signing key read");
    Ok(state_of(config).await?.with_signing_key(&key))
}

/// The state of a Lambda function that checks no login (the sweeper, the exports, the notifier): as
/// [`lambda_state`], without reading the signing key, which such a function never needs (its role may
/// not read it either).
#[cfg(feature = "ssm")]
pub async fn lambda_worker_state() -> anyhow::Result<AppState> {
    use anyhow::Context as _;

    let config = Config::from_env().context("reading the configuration")?;
    state_of(config).await
}

#[cfg(feature = "ssm")]
async fn state_of(config: Config) -> anyhow::Result<AppState> {
    use anyhow::Context as _;

    let table = tanggap_store::dynamo::DynamoTable::from_env(config.table.clone()).await;
    tracing::info!(regency = %config.regency, table = %config.table, "state ready");
    let state = AppState::new(Arc::new(table), config.regency, Arc::new(SystemClock))
        .with_duplicate_rules(config.duplicate_rules)
        .with_intake(config.intake)
        .with_escalation(config.escalation)
        .with_morning_brief_hour(config.morning_brief_hour);
    // Only the function that serves photos is built with S3 (and its role may use the bucket).
    #[cfg(feature = "s3")]
    let state = {
        let photos = tanggap_photos::S3Photos::from_env().await.context("the photo bucket")?;
        let max_bytes = tanggap_photos::max_bytes_from_env().context("the photo size limit")?;
        state.with_photos(Arc::new(photos), max_bytes)
    };
    // Web Push and the webhook, where the function's environment names them (no SSM call otherwise).
    let state = state.with_delivery(crate::notify::Delivery::lambda().await.context("the notification channels")?);
    Ok(state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_serve_penajam_paser_utara_from_the_tanggap_table() {
        let config = Config::from_lookup(|_| None).unwrap();
        assert_eq!(config.regency.as_str(), "64.09");
        assert_eq!(config.table, "tanggap");
        assert!(matches!(config.require_signing_key_parameter(), Err(ConfigError::NoSigningKeyParameter)));
        assert_eq!(config.duplicate_rules, DuplicateRules { radius_m: 500, window_minutes: 120 });
    }

    #[test]
    fn duplicate_rules_are_read_and_checked() {
        let lookup = |radius: &'static str| {
            move |name: &str| match name {
                Config::DUPLICATE_RADIUS_M => Some(radius.to_owned()),
                Config::DUPLICATE_WINDOW_MINUTES => Some("30".to_owned()),
                _ => None,
            }
        };
        let config = Config::from_lookup(lookup(" 250 ")).unwrap();
        assert_eq!(config.duplicate_rules, DuplicateRules { radius_m: 250, window_minutes: 30 });
        for bad in ["0", "-5", "far", "50001"] {
            let result = Config::from_lookup(lookup(bad));
            assert!(matches!(result, Err(ConfigError::Number { name: Config::DUPLICATE_RADIUS_M, .. })), "{bad}");
        }
    }

    #[test]
    fn blocks_last_a_day_and_days_are_wib_unless_configured() {
        assert_eq!(
            Config::from_lookup(|_| None).unwrap().intake,
            IntakeSettings { block_hours: 24, utc_offset_hours: 7 }
        );
        let wita = |name: &str| match name {
            Config::BLOCK_HOURS => Some("6".to_owned()),
            Config::UTC_OFFSET_HOURS => Some(" 8 ".to_owned()),
            _ => None,
        };
        assert_eq!(Config::from_lookup(wita).unwrap().intake, IntakeSettings { block_hours: 6, utc_offset_hours: 8 });
        for bad in ["15", "-13", "7.5", "WITA"] {
            let result = Config::intake_from(|name| (name == Config::UTC_OFFSET_HOURS).then(|| bad.to_owned()));
            assert!(matches!(result, Err(ConfigError::UtcOffset { .. })), "{bad}");
        }
        let month_and_a_day = Config::intake_from(|name| (name == Config::BLOCK_HOURS).then(|| "744".to_owned()));
        assert!(matches!(month_and_a_day, Err(ConfigError::Number { name: Config::BLOCK_HOURS, .. })));
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
