//! Session families: one item per login, rotated at every refresh.
//!
//! A login starts a family; each refresh replaces the family's current refresh token with a new one.
//! Only SHA-256 hashes of the tokens are stored, the current one and those it replaced, so that a
//! token presented a second time is recognised as reuse (someone kept a copy) and the whole family can
//! be revoked. The item carries `expires_at` (epoch seconds), DynamoDB's TTL attribute, so that the
//! table forgets a family some time after it ended; the code never relies on that and checks expiry.

use std::sync::Arc;

use serde_json::Value;
use tanggap_domain::{Timestamp, Username};

use super::{RepoError, decode};
use crate::table::{Condition, Item, Key, StoreError, Table, attr};

const SESSION: &str = "SESSION";
/// Payload attributes.
const USERNAME: &str = "username";
const CURRENT: &str = "token_hash";
const PREVIOUS: &str = "previous_hashes";
const CREATED_AT: &str = "created_at";
const AUTHENTICATED_AT: &str = "authenticated_at";
const REVOKED: &str = "revoked";
/// DynamoDB's TTL attribute for the table (epoch seconds); see KEYS.md.
pub const EXPIRES_AT: &str = "expires_at";

/// How many replaced token hashes a family remembers. A family lives one shift, refreshing every few
/// minutes; older tokens than these are merely invalid rather than recognised as reuse.
pub const REMEMBERED_HASHES: usize = 200;

/// A session family's id: a ULID, public (it is the access token's `sid`), never a secret.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SessionId(String);

impl SessionId {
    pub fn new() -> Self {
        Self(ulid::Ulid::new().to_string())
    }

    /// Accepts a ULID's shape only (26 letters and digits), so that no key is built from anything else.
    pub fn parse(input: &str) -> Option<Self> {
        (input.len() == 26 && input.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()))
            .then(|| Self(input.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for SessionId {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Display for SessionId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn key(id: &SessionId) -> Key {
    Key::new(format!("SESSION#{id}"), SESSION)
}

/// One login's chain of refresh tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionFamily {
    pub id: SessionId,
    pub username: Username,
    /// Hex SHA-256 of the refresh token that is valid now.
    pub current_hash: String,
    /// Hex SHA-256 of the tokens it replaced, oldest first (at most [`REMEMBERED_HASHES`]).
    pub previous_hashes: Vec<String>,
    pub created_at: Timestamp,
    /// When the user last proved their password in this family (login, or changing the password).
    pub authenticated_at: Timestamp,
    /// The family ends here whatever happens: no refresh extends it.
    pub expires_at: Timestamp,
    pub revoked: bool,
    /// The item's version: a save must name the version it read.
    pub version: u64,
}

impl SessionFamily {
    /// Replaces the current token's hash with `next`, remembering the old one.
    pub fn rotate(&mut self, next: String) {
        let old = std::mem::replace(&mut self.current_hash, next);
        self.previous_hashes.push(old);
        if self.previous_hashes.len() > REMEMBERED_HASHES {
            let excess = self.previous_hashes.len() - REMEMBERED_HASHES;
            self.previous_hashes.drain(..excess);
        }
    }

    fn item(&self, version: u64) -> Item {
        Item::new(&key(&self.id))
            .with(attr::VERSION, version)
            .with(USERNAME, self.username.as_str())
            .with(CURRENT, self.current_hash.as_str())
            .with(PREVIOUS, Value::from(self.previous_hashes.clone()))
            .with(CREATED_AT, self.created_at.unix_millis())
            .with(AUTHENTICATED_AT, self.authenticated_at.unix_millis())
            .with(EXPIRES_AT, self.expires_at.unix_millis().div_euclid(1000))
            .with(REVOKED, self.revoked)
    }

    fn from_item(id: &SessionId, item: &Item) -> Result<Self, RepoError> {
        let instant = |name: &str, millis: i64| {
            Timestamp::from_unix_millis(millis)
                .ok_or_else(|| RepoError::Corrupt(format!("item {}: bad `{name}`", item.key())))
        };
        let expires_seconds: i64 = decode(item, EXPIRES_AT)?;
        Ok(Self {
            id: id.clone(),
            username: decode(item, USERNAME)?,
            current_hash: decode(item, CURRENT)?,
            previous_hashes: decode(item, PREVIOUS)?,
            created_at: instant(CREATED_AT, decode(item, CREATED_AT)?)?,
            authenticated_at: instant(AUTHENTICATED_AT, decode(item, AUTHENTICATED_AT)?)?,
            expires_at: instant(EXPIRES_AT, expires_seconds.saturating_mul(1000))?,
            revoked: decode(item, REVOKED)?,
            version: item.version().ok_or_else(|| RepoError::Corrupt(format!("item {} has no version", item.key())))?,
        })
    }
}

/// Session families. Every change names the version it was decided on, so that two refreshes with
/// the same token cannot both succeed.
#[derive(Clone)]
pub struct SessionRepo {
    table: Arc<dyn Table>,
}

impl SessionRepo {
    pub fn new(table: Arc<dyn Table>) -> Self {
        Self { table }
    }

    /// Stores a new family (its `version` is ignored; the stored one is 1).
    #[tracing::instrument(level = "debug", skip_all, fields(session = %family.id))]
    pub async fn create(&self, family: &SessionFamily) -> Result<SessionFamily, RepoError> {
        match self.table.put(family.item(1), Condition::NotExists).await {
            Ok(()) => Ok(SessionFamily { version: 1, ..family.clone() }),
            Err(StoreError::ConditionFailed { .. }) => Err(RepoError::Exists),
            Err(err) => Err(err.into()),
        }
    }

    #[tracing::instrument(level = "debug", skip_all, fields(session = %id))]
    pub async fn get(&self, id: &SessionId) -> Result<Option<SessionFamily>, RepoError> {
        match self.table.get(&key(id)).await? {
            Some(item) => SessionFamily::from_item(id, &item).map(Some),
            None => Ok(None),
        }
    }

    /// Stores a change made on `family.version`; [`RepoError::VersionConflict`] when another request
    /// changed the family first. Returns the family as stored now.
    #[tracing::instrument(level = "debug", skip_all, fields(session = %family.id, version = family.version))]
    pub async fn save(&self, family: &SessionFamily) -> Result<SessionFamily, RepoError> {
        let next = family.version + 1;
        match self.table.put(family.item(next), Condition::VersionEquals(family.version)).await {
            Ok(()) => Ok(SessionFamily { version: next, ..family.clone() }),
            Err(StoreError::ConditionFailed { .. } | StoreError::Conflict(_)) => Err(RepoError::VersionConflict),
            Err(err) => Err(err.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_ulid_shape_is_a_session_id() {
        assert!(SessionId::parse(SessionId::new().as_str()).is_some());
        for bad in ["", "short", "01JDGZ6Q8X4T3N2M1K0H9G8F7#", "01jdgz6q8x4t3n2m1k0h9g8f7e"] {
            assert_eq!(SessionId::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn rotation_remembers_a_bounded_number_of_old_hashes() {
        let at = Timestamp::from_unix_millis(1_795_000_000_000).unwrap();
        let mut family = SessionFamily {
            id: SessionId::new(),
            username: Username::parse("operator1").unwrap(),
            current_hash: "h0".into(),
            previous_hashes: vec![],
            created_at: at,
            authenticated_at: at,
            expires_at: at,
            revoked: false,
            version: 1,
        };
        for n in 1..=REMEMBERED_HASHES + 5 {
            family.rotate(format!("h{n}"));
        }
        assert_eq!(family.previous_hashes.len(), REMEMBERED_HASHES);
        assert_eq!(
            family.previous_hashes.last().map(String::as_str),
            Some(format!("h{}", REMEMBERED_HASHES + 4).as_str())
        );
        assert_eq!(family.current_hash, format!("h{}", REMEMBERED_HASHES + 5));
    }
}
