//! The embedded backend: the [`Table`] contract on one redb file.
//!
//! This is real storage, not a test double: laptops, training rooms and regencies that will not use AWS
//! run on it. It keeps DynamoDB's key design so that the repositories cannot tell the backends apart:
//!
//! - `items`, keyed by `(pk, sk)`, holds every item as JSON bytes. redb orders tuple keys element by
//!   element and strings byte by byte, which is DynamoDB's order for string sort keys.
//! - `gsi1`, keyed by `(gsi1pk, gsi1sk, pk, sk)` with no value, is the sparse secondary index: only items
//!   with both index attributes have an entry. The primary key in the index key keeps entries unique and
//!   gives items with equal `gsi1sk` a stable order. It is kept in step with `items` inside the same write
//!   transaction, so (unlike DynamoDB's) it is never stale.
//!
//! redb allows one write transaction at a time, so conditions are evaluated and writes applied with no
//! interleaving: a [`StoreError::Conflict`] never happens here. redb's calls block, so every operation
//! runs on tokio's blocking pool.

use std::ops::Bound::{self, Excluded, Included, Unbounded};
use std::path::Path;
use std::sync::Arc;

use async_trait::async_trait;
use redb::{Database, Durability, ReadableDatabase, ReadableTable, TableDefinition, WriteTransaction};
use serde_json::{Map, Value};

use crate::cursor::{Position, page};
use crate::table::{
    Condition, Direction, Index, Item, Key, Page, Query, SortRange, StoreError, Table, Write, check_transaction,
};

/// Every item, as JSON, by `(pk, sk)`.
const ITEMS: TableDefinition<(&str, &str), &[u8]> = TableDefinition::new("items");
/// The sparse secondary index: `(gsi1pk, gsi1sk, pk, sk)`, pointing into [`ITEMS`].
const GSI1: TableDefinition<(&str, &str, &str, &str), ()> = TableDefinition::new("gsi1");

/// A [`Table`] stored in one redb database file. Cheap to clone: clones share the open database.
#[derive(Debug, Clone)]
pub struct EmbeddedTable {
    db: Arc<Database>,
    /// Whether each commit reaches the disk before it returns (always, but for a bulk load).
    synced: bool,
}

impl EmbeddedTable {
    /// Opens the database file at `path`, creating it if it does not exist.
    ///
    /// This blocks (it may read or repair the file): call it at start-up, before serving, or from
    /// `spawn_blocking`. Only one process may have the file open.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref();
        let db = Database::create(path).map_err(|e| {
            StoreError::Backend(format!(
                "embedded store: opening {} (is another process using it?): {e}",
                path.display()
            ))
        })?;
        // Create both tables now, so that reads of a fresh database find them.
        let txn = db.begin_write().map_err(failed("beginning the first write"))?;
        txn.open_table(ITEMS).map_err(failed("creating the items table"))?;
        txn.open_table(GSI1).map_err(failed("creating the gsi1 table"))?;
        txn.commit().map_err(failed("committing the new tables"))?;
        Ok(Self { db: Arc::new(db), synced: true })
    }

    /// For a bulk load only (the dashboard benchmark's generated year): commits stay in memory until
    /// [`Self::sync`], so a crash before it loses them all. A server never runs like this.
    pub fn unsynced(mut self) -> Self {
        self.synced = false;
        self
    }

    /// Writes every commit so far to disk.
    pub async fn sync(&self) -> Result<(), StoreError> {
        self.run(|db| {
            let mut txn = db.begin_write().map_err(failed("beginning the sync"))?;
            txn.set_durability(Durability::Immediate).map_err(failed("asking for a synced commit"))?;
            txn.commit().map_err(failed("committing the sync"))
        })
        .await
    }

    /// Runs a blocking operation on the database off the async runtime.
    async fn run<T: Send + 'static>(
        &self,
        operation: impl FnOnce(&Database) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let db = Arc::clone(&self.db);
        tokio::task::spawn_blocking(move || operation(&db))
            .await
            .map_err(|e| StoreError::Backend(format!("embedded store: the blocking task failed: {e}")))?
    }
}

#[async_trait]
impl Table for EmbeddedTable {
    #[tracing::instrument(level = "debug", skip(self, key), fields(%key))]
    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError> {
        key.check()?;
        let key = key.clone();
        self.run(move |db| {
            let txn = db.begin_read().map_err(failed("beginning a read"))?;
            let items = txn.open_table(ITEMS).map_err(failed("opening the items table"))?;
            read_item(&items, &key)
        })
        .await
    }

    #[tracing::instrument(level = "debug", skip(self, item), fields(key = %item.key()))]
    async fn put(&self, item: Item, condition: Condition) -> Result<(), StoreError> {
        match self.transact(vec![Write::Put { item, condition }]).await {
            // A single put has no transaction for the index to point into.
            Err(StoreError::ConditionFailed { .. }) => Err(StoreError::ConditionFailed { index: None }),
            result => result,
        }
    }

    #[tracing::instrument(level = "debug", skip(self, query), fields(index = ?query.index, partition = %query.partition))]
    async fn query(&self, query: &Query) -> Result<Page, StoreError> {
        query.check()?;
        let after = Position::from_query(query)?;
        let owned = query.clone();
        let items = self.run(move |db| read_page(db, &owned, after)).await?;
        Ok(page(items, query))
    }

    #[tracing::instrument(level = "debug", skip(self, writes), fields(writes = writes.len()))]
    async fn transact(&self, writes: Vec<Write>) -> Result<(), StoreError> {
        check_transaction(&writes)?;
        if writes.is_empty() {
            return Ok(());
        }
        let synced = self.synced;
        self.run(move |db| {
            let mut txn = db.begin_write().map_err(failed("beginning a write"))?;
            if !synced {
                txn.set_durability(Durability::None).map_err(failed("asking for an unsynced commit"))?;
            }
            match apply(&txn, &writes) {
                Ok(()) => txn.commit().map_err(failed("committing a transaction")),
                Err(error) => {
                    if let Err(abort) = txn.abort() {
                        tracing::warn!(%abort, "embedded store: aborting a failed transaction failed too");
                    }
                    Err(error)
                }
            }
        })
        .await
    }
}

/// Checks every condition, then applies every write, inside one write transaction. On an error the
/// caller aborts the transaction, so nothing of it is written.
fn apply(txn: &WriteTransaction, writes: &[Write]) -> Result<(), StoreError> {
    let mut items = txn.open_table(ITEMS).map_err(failed("opening the items table"))?;
    let mut gsi1 = txn.open_table(GSI1).map_err(failed("opening the gsi1 table"))?;

    // Keys are unique within a transaction, so reading every condition's item before the first write
    // sees exactly what DynamoDB would.
    let mut stored = Vec::with_capacity(writes.len());
    for (index, write) in writes.iter().enumerate() {
        let current = read_item(&items, &write.key())?;
        if !holds(write.condition(), current.as_ref()) {
            return Err(StoreError::ConditionFailed { index: Some(index) });
        }
        stored.push(current);
    }

    for (write, current) in writes.iter().zip(stored) {
        let key = write.key();
        let old_entry = current.as_ref().and_then(Item::gsi1);
        let new_entry = match write {
            Write::Check { .. } => continue,
            Write::Delete { .. } => {
                items.remove((key.pk.as_str(), key.sk.as_str())).map_err(failed_on("deleting", &key))?;
                None
            }
            Write::Put { item, .. } => {
                let bytes = serde_json::to_vec(item.as_map())
                    .map_err(|e| StoreError::InvalidItem(format!("item {key} does not serialise: {e}")))?;
                items
                    .insert((key.pk.as_str(), key.sk.as_str()), bytes.as_slice())
                    .map_err(failed_on("writing", &key))?;
                item.gsi1()
            }
        };
        if old_entry != new_entry {
            if let Some(old) = old_entry {
                gsi1.remove((old.pk.as_str(), old.sk.as_str(), key.pk.as_str(), key.sk.as_str()))
                    .map_err(failed_on("removing the gsi1 entry of", &key))?;
            }
            if let Some(new) = new_entry {
                gsi1.insert((new.pk.as_str(), new.sk.as_str(), key.pk.as_str(), key.sk.as_str()), ())
                    .map_err(failed_on("writing the gsi1 entry of", &key))?;
            }
        }
    }
    Ok(())
}

fn holds(condition: Condition, current: Option<&Item>) -> bool {
    match condition {
        Condition::None => true,
        Condition::NotExists => current.is_none(),
        Condition::Exists => current.is_some(),
        Condition::VersionEquals(version) => current.and_then(Item::version) == Some(version),
    }
}

/// Reads the items of one page, in order, within one read transaction.
fn read_page(db: &Database, query: &Query, after: Option<Position>) -> Result<Vec<Item>, StoreError> {
    let txn = db.begin_read().map_err(failed("beginning a read"))?;
    let items = txn.open_table(ITEMS).map_err(failed("opening the items table"))?;
    let sort = sort_bounds(&query.range);
    let partition = query.partition.clone();
    let mut page = Vec::with_capacity(query.limit.min(64));

    match query.index {
        Index::Primary => {
            let (mut lower, mut upper) =
                key_bounds(sort, |sk| (partition.clone(), sk), (format!("{partition}\0"), String::new()));
            if let Some(at) = after {
                resume(&mut lower, &mut upper, (at.pk, at.sk), query.direction);
            }
            if is_empty(&lower, &upper) {
                return Ok(page);
            }
            let mut range = items
                .range((lower.as_ref().map(item_key), upper.as_ref().map(item_key)))
                .map_err(failed("reading a range of items"))?;
            while page.len() < query.limit {
                let Some(entry) = next(&mut range, query.direction) else { break };
                let (key, value) = entry.map_err(failed("reading a range of items"))?;
                let (pk, sk) = key.value();
                page.push(decode(&Key::new(pk, sk), value.value())?);
            }
        }
        Index::Gsi1 => {
            let index = txn.open_table(GSI1).map_err(failed("opening the gsi1 table"))?;
            let (mut lower, mut upper) = key_bounds(
                sort,
                |gsi1sk| (partition.clone(), gsi1sk, String::new(), String::new()),
                (format!("{partition}\0"), String::new(), String::new(), String::new()),
            );
            if let Some(at) = after {
                let (Some(gsi1pk), Some(gsi1sk)) = (at.gsi1pk, at.gsi1sk) else {
                    return Err(StoreError::InvalidCursor);
                };
                resume(&mut lower, &mut upper, (gsi1pk, gsi1sk, at.pk, at.sk), query.direction);
            }
            if is_empty(&lower, &upper) {
                return Ok(page);
            }
            let mut range = index
                .range((lower.as_ref().map(index_key), upper.as_ref().map(index_key)))
                .map_err(failed("reading a range of gsi1"))?;
            while page.len() < query.limit {
                let Some(entry) = next(&mut range, query.direction) else { break };
                let (entry, _) = entry.map_err(failed("reading a range of gsi1"))?;
                let (gsi1pk, gsi1sk, pk, sk) = entry.value();
                let key = Key::new(pk, sk);
                let item = read_item(&items, &key)?.ok_or_else(|| {
                    StoreError::Backend(format!(
                        "embedded store: gsi1 entry ({gsi1pk}, {gsi1sk}) points to missing item {key}"
                    ))
                })?;
                page.push(item);
            }
        }
    }
    Ok(page)
}

/// Borrows an owned key of [`ITEMS`] as redb wants it.
fn item_key((pk, sk): &(String, String)) -> (&str, &str) {
    (pk, sk)
}

/// Borrows an owned key of [`GSI1`] as redb wants it.
fn index_key((gsi1pk, gsi1sk, pk, sk): &(String, String, String, String)) -> (&str, &str, &str, &str) {
    (gsi1pk, gsi1sk, pk, sk)
}

fn next<I: DoubleEndedIterator>(range: &mut I, direction: Direction) -> Option<I::Item> {
    match direction {
        Direction::Ascending => range.next(),
        Direction::Descending => range.next_back(),
    }
}

/// The bounds a sort range puts on sort keys.
fn sort_bounds(range: &SortRange) -> (Bound<String>, Bound<String>) {
    match range {
        SortRange::All => (Unbounded, Unbounded),
        SortRange::Prefix(prefix) if prefix.is_empty() => (Unbounded, Unbounded),
        SortRange::Prefix(prefix) => (Included(prefix.clone()), prefix_end(prefix).map_or(Unbounded, Excluded)),
        SortRange::Between { from, to } => (Included(from.clone()), Included(to.clone())),
    }
}

/// The smallest string greater than every string that starts with `prefix`, if there is one: the prefix
/// with its last character replaced by the next one (UTF-8 orders bytes as it orders code points).
fn prefix_end(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        if let Some(following) = (last..=char::MAX).nth(1) {
            chars.push(following);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

/// Turns bounds on sort keys into bounds on a table's tuple keys, given `first(s)`, the smallest key of
/// the partition whose sort key is `s`, and `end`, the smallest key after the partition. Appending `\0`
/// to a string gives the smallest string greater than it.
fn key_bounds<T>(sort: (Bound<String>, Bound<String>), first: impl Fn(String) -> T, end: T) -> (Bound<T>, Bound<T>) {
    let lower = match sort.0 {
        Unbounded => Included(first(String::new())),
        Included(s) => Included(first(s)),
        Excluded(s) => Included(first(s + "\0")),
    };
    let upper = match sort.1 {
        Unbounded => Excluded(end),
        Included(s) => Excluded(first(s + "\0")),
        Excluded(s) => Excluded(first(s)),
    };
    (lower, upper)
}

/// Narrows the bounds to what lies strictly after the cursor position, in the query's direction. A
/// position outside the bounds leaves them as they are: a cursor never widens a query.
fn resume<T: Ord>(lower: &mut Bound<T>, upper: &mut Bound<T>, at: T, direction: Direction) {
    match direction {
        Direction::Ascending => {
            if bound_value(lower).is_none_or(|bound| at >= *bound) {
                *lower = Excluded(at);
            }
        }
        Direction::Descending => {
            if bound_value(upper).is_none_or(|bound| at <= *bound) {
                *upper = Excluded(at);
            }
        }
    }
}

fn bound_value<T>(bound: &Bound<T>) -> Option<&T> {
    match bound {
        Included(value) | Excluded(value) => Some(value),
        Unbounded => None,
    }
}

/// Whether no key can lie between the bounds (redb, like `BTreeMap`, refuses such ranges).
fn is_empty<T: Ord>(lower: &Bound<T>, upper: &Bound<T>) -> bool {
    match (lower, upper) {
        (Included(l), Included(u)) => l > u,
        (Included(l) | Excluded(l), Included(u) | Excluded(u)) => l >= u,
        _ => false,
    }
}

fn read_item(
    items: &impl ReadableTable<(&'static str, &'static str), &'static [u8]>,
    key: &Key,
) -> Result<Option<Item>, StoreError> {
    let stored = items.get((key.pk.as_str(), key.sk.as_str())).map_err(failed_on("reading", key))?;
    stored.map(|value| decode(key, value.value())).transpose()
}

fn decode(key: &Key, bytes: &[u8]) -> Result<Item, StoreError> {
    serde_json::from_slice::<Map<String, Value>>(bytes)
        .map_err(|e| e.to_string())
        .and_then(|map| Item::from_map(map).map_err(|e| e.to_string()))
        .map_err(|e| StoreError::Backend(format!("embedded store: item {key} is corrupt: {e}")))
}

fn failed<E: std::fmt::Display>(context: &'static str) -> impl FnOnce(E) -> StoreError {
    move |e| StoreError::Backend(format!("embedded store: {context}: {e}"))
}

fn failed_on<E: std::fmt::Display>(context: &'static str, key: &Key) -> impl FnOnce(E) -> StoreError {
    move |e| StoreError::Backend(format!("embedded store: {context} item {key}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_end_is_the_next_string_after_every_string_with_the_prefix() {
        assert_eq!(prefix_end("EVENT#").as_deref(), Some("EVENT$"));
        assert_eq!(prefix_end("a\u{10FFFF}").as_deref(), Some("b"));
        assert_eq!(prefix_end("\u{D7FF}").as_deref(), Some("\u{E000}"));
        assert_eq!(prefix_end("\u{10FFFF}"), None);
    }

    #[test]
    fn a_cursor_outside_the_range_does_not_widen_it() {
        let (mut lower, mut upper) = (Included(5), Excluded(9));
        resume(&mut lower, &mut upper, 2, Direction::Ascending);
        assert_eq!((lower, upper), (Included(5), Excluded(9)));
        resume(&mut lower, &mut upper, 12, Direction::Descending);
        assert_eq!((lower, upper), (Included(5), Excluded(9)));
        resume(&mut lower, &mut upper, 7, Direction::Descending);
        assert_eq!((lower, upper), (Included(5), Excluded(7)));
    }
}
