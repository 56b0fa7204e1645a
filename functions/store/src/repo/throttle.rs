//! Throttling windows: per account and per source address, the recent failed logins and any cooling
//! period; per address and per phone, the recent requests to the public pages. The rules (how many,
//! how long) are the API's; this keeps the counts, changing each window by read-modify-write guarded
//! by its version, retried when two requests race.

use std::sync::Arc;

use tanggap_domain::{Timestamp, Username};

use super::{RepoError, decode};
use crate::repo::session::EXPIRES_AT;
use crate::table::{Condition, Item, Key, StoreError, Table, attr};

const WINDOW: &str = "WINDOW";
/// Payload attributes.
const FAILURES: &str = "failures";
const LOCKED_UNTIL: &str = "locked_until";

/// How often a change is retried when another request changed the same window meanwhile.
const ATTEMPTS: usize = 8;

/// What a window counts: one account, or one source address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// A username tried at login, whether or not the account exists.
    Account(Username),
    /// A source address (IP), or `unknown`.
    Address(String),
    /// A source address's requests to the public pages (reports, ratings, tracking links that open nothing).
    PublicAddress(String),
    /// A phone number's reports through the public pages.
    PublicPhone(String),
}

impl Subject {
    fn key(&self) -> Key {
        let pk = match self {
            Subject::Account(name) => format!("THROTTLE#USER#{name}"),
            Subject::Address(address) => format!("THROTTLE#ADDR#{address}"),
            Subject::PublicAddress(address) => format!("THROTTLE#PUBLIC#ADDR#{address}"),
            Subject::PublicPhone(phone) => format!("THROTTLE#PUBLIC#PHONE#{phone}"),
        };
        Key::new(pk, WINDOW)
    }
}

/// The failures of one subject that still count, and the end of its cooling period if it has one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Window {
    /// When each counted failure happened, oldest first.
    pub failures: Vec<Timestamp>,
    pub locked_until: Option<Timestamp>,
}

impl Window {
    fn item(&self, subject: &Subject, version: u64, expires_at: Timestamp) -> Item {
        let failures: Vec<i64> = self.failures.iter().map(|t| t.unix_millis()).collect();
        let mut item = Item::new(&subject.key())
            .with(attr::VERSION, version)
            .with(FAILURES, failures)
            .with(EXPIRES_AT, expires_at.unix_millis().div_euclid(1000));
        if let Some(until) = self.locked_until {
            item.set(LOCKED_UNTIL, until.unix_millis());
        }
        item
    }

    fn from_item(item: &Item) -> Result<Self, RepoError> {
        let instant = |millis: i64| {
            Timestamp::from_unix_millis(millis)
                .ok_or_else(|| RepoError::Corrupt(format!("item {}: bad time", item.key())))
        };
        let failures: Vec<i64> = decode(item, FAILURES)?;
        let locked_until = match item.get(LOCKED_UNTIL) {
            None | Some(serde_json::Value::Null) => None,
            Some(_) => Some(instant(decode(item, LOCKED_UNTIL)?)?),
        };
        Ok(Self { failures: failures.into_iter().map(instant).collect::<Result<_, _>>()?, locked_until })
    }
}

/// The failed-login windows.
#[derive(Clone)]
pub struct ThrottleRepo {
    table: Arc<dyn Table>,
}

impl ThrottleRepo {
    pub fn new(table: Arc<dyn Table>) -> Self {
        Self { table }
    }

    /// The subject's window (empty when it has none).
    #[tracing::instrument(level = "debug", skip_all, fields(subject = ?subject))]
    pub async fn get(&self, subject: &Subject) -> Result<Window, RepoError> {
        match self.table.get(&subject.key()).await? {
            Some(item) => Window::from_item(&item),
            None => Ok(Window::default()),
        }
    }

    /// Changes the subject's window with `change` (which sees the stored window, or an empty one) and
    /// stores the result, which the table may forget after `expires_at`. Retried on a race with
    /// another change; returns the window as stored.
    #[tracing::instrument(level = "debug", skip_all, fields(subject = ?subject))]
    pub async fn update(
        &self,
        subject: &Subject,
        expires_at: Timestamp,
        change: impl Fn(Window) -> Window,
    ) -> Result<Window, RepoError> {
        for _ in 0..ATTEMPTS {
            let (window, condition, version) = match self.table.get(&subject.key()).await? {
                Some(item) => {
                    let version = item
                        .version()
                        .ok_or_else(|| RepoError::Corrupt(format!("item {} has no version", item.key())))?;
                    (Window::from_item(&item)?, Condition::VersionEquals(version), version)
                }
                None => (Window::default(), Condition::NotExists, 0),
            };
            let next = change(window);
            match self.table.put(next.item(subject, version + 1, expires_at), condition).await {
                Ok(()) => return Ok(next),
                // Another login changed the window since it was read: read it again.
                Err(StoreError::ConditionFailed { .. } | StoreError::Conflict(_)) => continue,
                Err(err) => return Err(err.into()),
            }
        }
        Err(RepoError::VersionConflict)
    }
}
