//! What every handler shares: the repositories, the regency this deployment serves, the clock, and
//! what signs tokens and hashes passwords; and the configuration they are built from, read once at start.

use std::sync::{Arc, Mutex, PoisonError};

use tanggap_domain::{KodeWilayah, RegionLevel, Timestamp};
use tanggap_store::Table;
use tanggap_store::repo::{AuditRepo, CatalogRepo, IncidentRepo, SessionRepo, ThrottleRepo, UserRepo};

use crate::auth::{Passwords, SigningKey, Tokens};

/// The application state handed to every handler. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub incidents: IncidentRepo,
    pub catalog: CatalogRepo,
    pub users: UserRepo,
    pub sessions: SessionRepo,
    pub audit: AuditRepo,
    pub throttle: ThrottleRepo,
    /// Signs and verifies access tokens.
    pub tokens: Tokens,
    pub passwords: Passwords,
    /// The regency this deployment serves: reports must lie inside it.
    pub regency: KodeWilayah,
    pub clock: Arc<dyn Clock>,
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
            catalog: CatalogRepo::new(table.clone()),
            users: UserRepo::new(table.clone()),
            sessions: SessionRepo::new(table.clone()),
            audit: AuditRepo::new(table.clone()),
            throttle: ThrottleRepo::new(table),
            tokens: Tokens::new(&key),
            passwords: Passwords::default(),
            regency,
            clock,
        }
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
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{}={value:?} is not the kode wilayah of a regency, like 64.09", Config::REGENCY)]
    Regency { value: String },
    #[error("{} must not be empty", Config::TABLE)]
    EmptyTable,
    #[error("{} must name the SSM parameter that holds the token signing key", Config::SIGNING_KEY_PARAMETER)]
    NoSigningKeyParameter,
}

impl Config {
    pub const REGENCY: &str = "TANGGAP_REGENCY";
    pub const TABLE: &str = "TANGGAP_TABLE";
    pub const SIGNING_KEY_PARAMETER: &str = "TANGGAP_SIGNING_KEY_PARAMETER";

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
        Ok(Self { regency, table, signing_key_parameter })
    }

    /// The SSM parameter holding the signing key, which a Lambda function cannot start without.
    pub fn require_signing_key_parameter(&self) -> Result<&str, ConfigError> {
        self.signing_key_parameter.as_deref().ok_or(ConfigError::NoSigningKeyParameter)
    }
}

/// The state of a Lambda function, from its environment: the configuration, the DynamoDB table, and
/// the signing key from SSM Parameter Store, each read once per cold start.
#[cfg(feature = "ssm")]
pub async fn lambda_state() -> anyhow::Result<AppState> {
    use anyhow::Context as _;

    let config = Config::from_env().context("reading the configuration")?;
    let parameter = config.require_signing_key_parameter()?.to_owned();
    let key = crate::auth::KeySource::Ssm { parameter: parameter.clone() }.load().await?;
    let table = tanggap_store::dynamo::DynamoTable::from_env(config.table.clone()).await;
    tracing::info!(regency = %config.regency, table = %config.table, key_parameter = %parameter, "state ready");
    Ok(AppState::new(Arc::new(table), config.regency, Arc::new(SystemClock)).with_signing_key(&key))
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
