//! Users: one item per account, holding the profile every screen sees and, apart from it, the password
//! hash, so that the hash never deserialises into anything the API returns.

use std::sync::Arc;

use serde_json::Value;
use tanggap_domain::{Timestamp, User, Username};

use super::{RepoError, decode, encode, read_all};
use crate::table::{Condition, Index, Item, Key, Query, StoreError, Table, attr};

/// Every user, by username, in the secondary index.
const USERS: &str = "USERS";
const PROFILE: &str = "PROFILE";
/// Payload attributes.
const USER: &str = "user";
const PASSWORD_HASH: &str = "password_hash";
/// Sessions begun before this instant (epoch milliseconds) no longer refresh: set when an admin resets
/// the password or disables the account, and when the user changes their own password.
const SESSIONS_VALID_FROM: &str = "sessions_valid_from";

fn key(username: &Username) -> Key {
    Key::new(format!("USER#{username}"), PROFILE)
}

/// An argon2id hash in PHC form (`$argon2id$v=19$m=…`). Its `Debug` form is redacted, so that it
/// cannot reach a log line by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash(String);

impl PasswordHash {
    pub fn new(phc: String) -> Self {
        Self(phc)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHash(<redacted>)")
    }
}

/// A user as stored: the profile, the hash, and what guards changes to them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredUser {
    pub user: User,
    pub password_hash: PasswordHash,
    /// Sessions that began before this no longer refresh.
    pub sessions_valid_from: Option<Timestamp>,
    /// The item's version: a save must name the version it read.
    pub version: u64,
}

impl StoredUser {
    /// A user about to be created (version 0: not stored yet).
    pub fn new(user: User, password_hash: PasswordHash) -> Self {
        Self { user, password_hash, sessions_valid_from: None, version: 0 }
    }

    fn item(&self, version: u64) -> Item {
        let mut item = Item::new(&key(&self.user.username))
            .with(attr::GSI1PK, USERS)
            .with(attr::GSI1SK, self.user.username.as_str())
            .with(attr::VERSION, version)
            .with(USER, encode(&self.user))
            .with(PASSWORD_HASH, self.password_hash.as_str());
        if let Some(from) = self.sessions_valid_from {
            item.set(SESSIONS_VALID_FROM, from.unix_millis());
        }
        item
    }

    fn from_item(item: &Item) -> Result<Self, RepoError> {
        let sessions_valid_from = match item.get(SESSIONS_VALID_FROM) {
            None | Some(Value::Null) => None,
            Some(_) => {
                let millis: i64 = decode(item, SESSIONS_VALID_FROM)?;
                let at = Timestamp::from_unix_millis(millis)
                    .ok_or_else(|| RepoError::Corrupt(format!("item {}: bad {SESSIONS_VALID_FROM}", item.key())))?;
                Some(at)
            }
        };
        Ok(Self {
            user: decode(item, USER)?,
            password_hash: PasswordHash(decode(item, PASSWORD_HASH)?),
            sessions_valid_from,
            version: item.version().ok_or_else(|| RepoError::Corrupt(format!("item {} has no version", item.key())))?,
        })
    }
}

/// Accounts. Creating is refused when the username is taken; every other change names the version
/// it was decided on.
#[derive(Clone)]
pub struct UserRepo {
    table: Arc<dyn Table>,
}

impl UserRepo {
    pub fn new(table: Arc<dyn Table>) -> Self {
        Self { table }
    }

    /// Stores a new user; [`RepoError::Exists`] when the username is taken.
    #[tracing::instrument(level = "debug", skip_all, fields(username = %stored.user.username))]
    pub async fn create(&self, stored: &StoredUser) -> Result<(), RepoError> {
        match self.table.put(stored.item(1), Condition::NotExists).await {
            Ok(()) => Ok(()),
            Err(StoreError::ConditionFailed { .. }) => Err(RepoError::Exists),
            Err(err) => Err(err.into()),
        }
    }

    /// A strongly consistent read of one user, with the hash.
    #[tracing::instrument(level = "debug", skip_all, fields(username = %username))]
    pub async fn get(&self, username: &Username) -> Result<Option<StoredUser>, RepoError> {
        match self.table.get(&key(username)).await? {
            Some(item) => StoredUser::from_item(&item).map(Some),
            None => Ok(None),
        }
    }

    /// Stores a change made on `stored.version`; [`RepoError::VersionConflict`] when someone changed the
    /// user first. Returns the user as stored now.
    #[tracing::instrument(level = "debug", skip_all, fields(username = %stored.user.username, version = stored.version))]
    pub async fn save(&self, stored: &StoredUser) -> Result<StoredUser, RepoError> {
        let next = stored.version + 1;
        match self.table.put(stored.item(next), Condition::VersionEquals(stored.version)).await {
            Ok(()) => Ok(StoredUser { version: next, ..stored.clone() }),
            Err(StoreError::ConditionFailed { .. } | StoreError::Conflict(_)) => Err(RepoError::VersionConflict),
            Err(err) => Err(err.into()),
        }
    }

    /// Every user, by username. Read from the secondary index, so on DynamoDB a change of the last
    /// moment may not show yet.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn list(&self) -> Result<Vec<User>, RepoError> {
        let items = read_all(&*self.table, Query::partition(USERS).on(Index::Gsi1)).await?;
        items.iter().map(|item| decode(item, USER)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_never_prints() {
        let hash = PasswordHash::new("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into());
        assert_eq!(format!("{hash:?}"), "PasswordHash(<redacted>)");
    }
}
