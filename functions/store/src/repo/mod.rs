//! Repositories: domain values in, domain values out, over the single table.
//!
//! They are the only code that knows the key design (`KEYS.md` beside this crate's manifest): which
//! partition an incident lives in, how the board is ordered, where the catalog is kept. Each state
//! change is one transaction, so no event is ever stored without the state it produced.

mod audit;
mod caller;
mod catalog;
mod citizen;
mod dashboard;
mod exports;
mod incident;
mod notification;
mod session;
mod shift;
mod throttle;
mod user;

pub use audit::AuditRepo;
pub use caller::{CallTaken, CallerRepo, Day, DayCall, DayError};
pub use catalog::CatalogRepo;
pub use citizen::{
    CitizenRepo, ReporterContact, ReporterMessage, ReporterMessageKind, public_request_write, rating_write,
    reporter_contact_write, ticket_write,
};
pub use dashboard::{CountersRead, DashboardRepo, Folded, late_write, open_work_write, pending_counts, register_write};
pub use exports::{ExportRepo, StoredExport};
pub use incident::{
    Commit, Created, FeedPosition, FeedRead, IdempotencyKey, IdempotencyKeyError, IncidentRepo, IncidentWriter,
    feed_write,
};
pub use notification::{
    Channel, Delivery, NOTIFICATION_DAYS, NotificationRepo, Outgoing, PendingNotice, RECENT_NOTIFICATIONS, Subscribed,
    endpoint_hash,
};
pub use session::{EXPIRES_AT, REMEMBERED_HASHES, SessionFamily, SessionId, SessionRepo};
pub use shift::{ShiftRepo, StoredHandover, StoredRoster, StoredSignOn, breach_write};
pub use throttle::{Subject, ThrottleRepo, Window};
pub use user::{PasswordHash, StoredUser, UserRepo};

use std::io::{Read as _, Write as _};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use flate2::Compression;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
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

/// A large value as an item attribute: its JSON deflated and in base64, a tenth to a fifth of the
/// JSON's size for the dashboard's tallies and the map's outlines, so that it costs a fraction of the
/// read capacity, stays far under DynamoDB's 400 KB an item, and neither backend parses its thousands
/// of values as attributes.
fn pack<T: Serialize>(value: &T) -> Value {
    let json = serde_json::to_vec(value).expect("domain values always serialise to JSON");
    let mut deflater = DeflateEncoder::new(Vec::with_capacity(json.len() / 8), Compression::default());
    deflater.write_all(&json).expect("deflating into memory cannot fail");
    let packed = deflater.finish().expect("deflating into memory cannot fail");
    Value::String(STANDARD.encode(packed))
}

/// Reads attribute `name` as [`pack`] stored it (or as plain JSON, as the first tallies were).
fn unpack<T: DeserializeOwned>(item: &Item, name: &str) -> Result<T, RepoError> {
    let corrupt = |what: String| RepoError::Corrupt(format!("item {}: attribute `{name}`: {what}", item.key()));
    let Some(Value::String(packed)) = item.get(name) else { return decode(item, name) };
    let deflated = STANDARD.decode(packed).map_err(|e| corrupt(format!("not base64: {e}")))?;
    let mut json = Vec::with_capacity(deflated.len() * 10);
    DeflateDecoder::new(deflated.as_slice())
        .read_to_end(&mut json)
        .map_err(|e| corrupt(format!("not deflated: {e}")))?;
    serde_json::from_slice(&json).map_err(|e| corrupt(e.to_string()))
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
