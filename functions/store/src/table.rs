//! The narrow storage contract that both backends implement.
//!
//! It is deliberately the shape of a DynamoDB single table: items addressed by a partition key `pk` and
//! a sort key `sk`, an optional sparse secondary index (`gsi1pk`/`gsi1sk`), ordered range queries with a
//! limit and an opaque cursor, and all-or-nothing transactional writes guarded by conditions. Anything
//! richer (scans, filters, updates in place) is left out on purpose so the embedded backend can honour
//! every promise the DynamoDB one makes. See `KEYS.md` for how the repositories lay out their items.

use async_trait::async_trait;
use serde_json::{Map, Value};

/// Attribute names with a meaning to the table itself. Everything else in an item is opaque payload.
pub mod attr {
    pub const PK: &str = "pk";
    pub const SK: &str = "sk";
    pub const GSI1PK: &str = "gsi1pk";
    pub const GSI1SK: &str = "gsi1sk";
    /// Optimistic-concurrency counter checked by [`super::Condition::VersionEquals`].
    pub const VERSION: &str = "version";
}

/// The primary key of an item.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    pub pk: String,
    pub sk: String,
}

impl Key {
    pub fn new(pk: impl Into<String>, sk: impl Into<String>) -> Self {
        Self { pk: pk.into(), sk: sk.into() }
    }

    /// DynamoDB refuses empty key strings; the embedded backend refuses them too, so that both agree.
    pub(crate) fn check(&self) -> Result<(), StoreError> {
        if self.pk.is_empty() || self.sk.is_empty() {
            return Err(StoreError::InvalidItem(format!("key ({:?}, {:?}) has an empty part", self.pk, self.sk)));
        }
        Ok(())
    }
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "({}, {})", self.pk, self.sk)
    }
}

/// One stored item: its key attributes plus payload, as a JSON object.
///
/// JSON is the lingua franca between the backends: the embedded one stores it as bytes, the DynamoDB one
/// converts it to attribute values with `serde_dynamo`. Numbers must be integers or finite floats; keys
/// must be non-empty strings.
#[derive(Debug, Clone, PartialEq)]
pub struct Item(Map<String, Value>);

impl Item {
    /// An item with its primary key set and no payload yet.
    pub fn new(key: &Key) -> Self {
        let mut map = Map::new();
        map.insert(attr::PK.into(), Value::String(key.pk.clone()));
        map.insert(attr::SK.into(), Value::String(key.sk.clone()));
        Self(map)
    }

    /// Wraps a JSON object, checking that it carries string `pk` and `sk` attributes.
    pub fn from_map(map: Map<String, Value>) -> Result<Self, StoreError> {
        let item = Self(map);
        item.check()?;
        Ok(item)
    }

    /// Checks what both backends need of an item: non-empty string keys, and either both secondary-index
    /// keys (non-empty strings, as DynamoDB requires of index keys) or neither. The builder methods
    /// cannot enforce this, so the backends check every item they are asked to write.
    pub(crate) fn check(&self) -> Result<(), StoreError> {
        for name in [attr::PK, attr::SK] {
            match self.0.get(name) {
                Some(Value::String(s)) if !s.is_empty() => {}
                _ => return Err(StoreError::InvalidItem(format!("attribute `{name}` must be a non-empty string"))),
            }
        }
        for name in [attr::GSI1PK, attr::GSI1SK] {
            match self.0.get(name) {
                None => {}
                Some(Value::String(s)) if !s.is_empty() => {}
                Some(_) => {
                    return Err(StoreError::InvalidItem(format!("attribute `{name}` must be a non-empty string")));
                }
            }
        }
        if self.0.contains_key(attr::GSI1PK) != self.0.contains_key(attr::GSI1SK) {
            return Err(StoreError::InvalidItem("`gsi1pk` and `gsi1sk` go together".into()));
        }
        Ok(())
    }

    pub fn key(&self) -> Key {
        Key::new(self.str(attr::PK).unwrap_or_default(), self.str(attr::SK).unwrap_or_default())
    }

    /// The item's entry in the secondary index, if it has one (the index is sparse).
    pub fn gsi1(&self) -> Option<Key> {
        Some(Key::new(self.str(attr::GSI1PK)?, self.str(attr::GSI1SK)?))
    }

    pub fn version(&self) -> Option<u64> {
        self.0.get(attr::VERSION).and_then(Value::as_u64)
    }

    pub fn str(&self, name: &str) -> Option<&str> {
        self.0.get(name).and_then(Value::as_str)
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name)
    }

    /// Sets an attribute (builder style). Setting a key attribute changes the item's identity.
    pub fn with(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.0.insert(name.into(), value.into());
        self
    }

    pub fn set(&mut self, name: &str, value: impl Into<Value>) {
        self.0.insert(name.into(), value.into());
    }

    pub fn remove(&mut self, name: &str) -> Option<Value> {
        self.0.remove(name)
    }

    pub fn as_map(&self) -> &Map<String, Value> {
        &self.0
    }

    pub fn into_map(self) -> Map<String, Value> {
        self.0
    }
}

/// A guard on a single item, evaluated atomically with the write it accompanies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    /// Write unconditionally.
    None,
    /// The item must not exist yet (create, idempotency keys, appended events).
    NotExists,
    /// The item must exist.
    Exists,
    /// The item must exist with `version` equal to this number (optimistic concurrency).
    VersionEquals(u64),
}

/// One write inside a transaction.
#[derive(Debug, Clone, PartialEq)]
pub enum Write {
    Put {
        item: Item,
        condition: Condition,
    },
    Delete {
        key: Key,
        condition: Condition,
    },
    /// Writes nothing; fails the whole transaction when the condition does not hold.
    Check {
        key: Key,
        condition: Condition,
    },
}

impl Write {
    pub fn key(&self) -> Key {
        match self {
            Write::Put { item, .. } => item.key(),
            Write::Delete { key, .. } | Write::Check { key, .. } => key.clone(),
        }
    }

    pub fn condition(&self) -> Condition {
        match self {
            Write::Put { condition, .. } | Write::Delete { condition, .. } | Write::Check { condition, .. } => {
                *condition
            }
        }
    }
}

/// The most writes one transaction may hold (DynamoDB's limit for `TransactWriteItems`).
pub const MAX_TRANSACTION_WRITES: usize = 100;

/// Checks a transaction the way DynamoDB would, before either backend touches storage: at most
/// [`MAX_TRANSACTION_WRITES`] writes, valid items and keys, and no key twice.
pub(crate) fn check_transaction(writes: &[Write]) -> Result<(), StoreError> {
    if writes.len() > MAX_TRANSACTION_WRITES {
        return Err(StoreError::InvalidQuery(format!(
            "a transaction holds at most {MAX_TRANSACTION_WRITES} writes, this one has {}",
            writes.len()
        )));
    }
    let mut seen = std::collections::HashSet::with_capacity(writes.len());
    for (index, write) in writes.iter().enumerate() {
        match write {
            Write::Put { item, .. } => item.check()?,
            Write::Delete { key, .. } | Write::Check { key, .. } => key.check()?,
        }
        let key = write.key();
        if !seen.insert(key.clone()) {
            return Err(StoreError::InvalidItem(format!("write {index} touches {key} twice in one transaction")));
        }
    }
    Ok(())
}

/// Which ordering to query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Index {
    /// The table itself, by `pk` then `sk`.
    #[default]
    Primary,
    /// The sparse secondary index, by `gsi1pk` then `gsi1sk`. Eventually consistent on DynamoDB.
    Gsi1,
}

/// The sort-key range of a query, within one partition.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SortRange {
    #[default]
    All,
    /// Sort keys starting with this string (an empty prefix selects the whole partition).
    Prefix(String),
    /// Sort keys from `from` to `to`, both inclusive.
    Between { from: String, to: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    #[default]
    Ascending,
    Descending,
}

/// An ordered read of one partition of the table or of the secondary index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub index: Index,
    pub partition: String,
    pub range: SortRange,
    pub direction: Direction,
    /// At most this many items per page (1..=1000).
    pub limit: usize,
    /// Where the previous page stopped; `None` for the first page.
    pub cursor: Option<Cursor>,
}

impl Query {
    /// The first page (up to 100 items), ascending, of a whole partition of the table.
    pub fn partition(partition: impl Into<String>) -> Self {
        Self {
            index: Index::Primary,
            partition: partition.into(),
            range: SortRange::All,
            direction: Direction::Ascending,
            limit: 100,
            cursor: None,
        }
    }

    pub fn on(mut self, index: Index) -> Self {
        self.index = index;
        self
    }

    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.range = SortRange::Prefix(prefix.into());
        self
    }

    pub fn between(mut self, from: impl Into<String>, to: impl Into<String>) -> Self {
        self.range = SortRange::Between { from: from.into(), to: to.into() };
        self
    }

    pub fn descending(mut self) -> Self {
        self.direction = Direction::Descending;
        self
    }

    pub fn limit(mut self, limit: usize) -> Self {
        self.limit = limit;
        self
    }

    pub fn after(mut self, cursor: Option<Cursor>) -> Self {
        self.cursor = cursor;
        self
    }

    /// The most items one page may hold.
    pub const MAX_LIMIT: usize = 1000;

    /// Checks what DynamoDB would refuse, so that both backends refuse it alike.
    pub(crate) fn check(&self) -> Result<(), StoreError> {
        if !(1..=Self::MAX_LIMIT).contains(&self.limit) {
            return Err(StoreError::InvalidQuery(format!("limit must be 1..={}, got {}", Self::MAX_LIMIT, self.limit)));
        }
        if self.partition.is_empty() {
            return Err(StoreError::InvalidQuery("the partition must not be empty".into()));
        }
        if let SortRange::Between { from, to } = &self.range
            && from > to
        {
            return Err(StoreError::InvalidQuery(format!("range from {from:?} to {to:?} is reversed")));
        }
        Ok(())
    }
}

/// An opaque position in a query, safe to hand to a client and take back.
///
/// Both backends encode it the same way (URL-safe base64 of the last item's key attributes), so a
/// cursor is a plain string to the API. A cursor that does not decode is [`StoreError::InvalidCursor`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cursor(pub String);

/// One page of a query.
///
/// `next` is `Some` exactly when the page is full (`items.len() == limit`) on both backends: there may be
/// more items, and the page it leads to may turn out empty. A page shorter than the limit is the last.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub items: Vec<Item>,
    pub next: Option<Cursor>,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A condition did not hold. In a transaction, `index` names the first write whose condition failed
    /// (when the backend can tell); nothing of the transaction was written.
    #[error("condition failed on write {index:?}")]
    ConditionFailed { index: Option<usize> },
    /// Another transaction touched the same items at the same moment; nothing was written. Retry.
    #[error("transaction conflict: {0}")]
    Conflict(String),
    #[error("invalid item: {0}")]
    InvalidItem(String),
    #[error("invalid query: {0}")]
    InvalidQuery(String),
    #[error("invalid cursor")]
    InvalidCursor,
    /// The backend failed (I/O, network, throttling, corrupt data). Carries the context.
    #[error("storage backend: {0}")]
    Backend(String),
}

/// The table. Implemented by [`crate::dynamo::DynamoTable`] and [`crate::embedded::EmbeddedTable`];
/// the conformance suite in `tests/conformance` holds both to the same behaviour.
#[async_trait]
pub trait Table: Send + Sync + 'static {
    /// A strongly consistent read of one item.
    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError>;

    /// Writes one item, replacing any item with the same key, if the condition holds.
    async fn put(&self, item: Item, condition: Condition) -> Result<(), StoreError>;

    /// Reads one page of an ordered range.
    async fn query(&self, query: &Query) -> Result<Page, StoreError>;

    /// Applies all writes or none (at most 100 writes, each key at most once).
    async fn transact(&self, writes: Vec<Write>) -> Result<(), StoreError>;
}
