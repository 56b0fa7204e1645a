//! Repositories: domain values in, domain values out, over the single table.
//!
//! They are the only code that knows the key design (`KEYS.md` beside this crate's manifest): which
//! partition an incident lives in, how the board is ordered, where the catalog is kept. Each state
//! change is one transaction, so no event is ever stored without the state it produced.

mod audit;
mod caller;
mod catalog;
mod dashboard;
mod incident;
mod notification;
mod session;
mod throttle;
mod user;

pub use audit::AuditRepo;
pub use caller::{CallTaken, CallerRepo, Day, DayCall, DayError};
pub use catalog::CatalogRepo;
pub use dashboard::{CountersRead, DashboardRepo, Folded, late_write, pending_counts};
pub use incident::{
    Commit, Created, FeedPosition, FeedRead, IdempotencyKey, IdempotencyKeyError, IncidentRepo, IncidentWriter,
    feed_write,
};
pub use notification::{
    Channel, Delivery, NOTIFICATION_DAYS, NotificationRepo, PendingNotice, RECENT_NOTIFICATIONS, Subscribed,
    endpoint_hash,
};
pub use session::{EXPIRES_AT, REMEMBERED_HASHES, SessionFamily, SessionId, SessionRepo};
pub use throttle::{Subject, ThrottleRepo, Window};
pub use user::{PasswordHash, StoredUser, UserRepo};

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::table::{Item, Query, StoreError, Table};

#[derive(Debug, thiserror::Error)]
pub enum RepoError {
    /// The item (an incident, a user, a session) changed since the version the change was made on;
    /// nothing was written.
    #[error("the item changed since the version this change was made on")]
    VersionConflict,
    /// An item with this key exists already (a username that is taken); nothing was written.
    #[error("an item with this key exists already")]
    Exists,
    /// The idempotency key was first used for a request with another body; nothing was written.
    #[error("the idempotency key was already used for a different request")]
    IdempotencyKeyReused,
    /// An item that does not read back as the domain value it should hold.
    #[error("corrupt item: {0}")]
    Corrupt(String),
    #[error("storage: {0}")]
    Store(#[from] StoreError),
}

/// A domain value as an item attribute.
fn encode<T: Serialize>(value: &T) -> Value {
    // Domain types are plain data with string map keys, which always serialise.
    serde_json::to_value(value).expect("domain values always serialise to JSON")
}

/// Reads attribute `name` of `item` back into a domain value.
fn decode<T: DeserializeOwned>(item: &Item, name: &str) -> Result<T, RepoError> {
    let value =
        item.get(name).ok_or_else(|| RepoError::Corrupt(format!("item {} has no attribute `{name}`", item.key())))?;
    T::deserialize(value).map_err(|e| RepoError::Corrupt(format!("item {}: attribute `{name}`: {e}", item.key())))
}

/// Every item of a query's range, following cursors page by page.
async fn read_all(table: &dyn Table, query: Query) -> Result<Vec<Item>, StoreError> {
    let mut query = query.limit(Query::MAX_LIMIT);
    let mut items = Vec::new();
    loop {
        let page = table.query(&query).await?;
        items.extend(page.items);
        match page.next {
            Some(next) => query = query.after(Some(next)),
            None => return Ok(items),
        }
    }
}
