//! Fresh, empty tables for tests, on either backend (the `testing` feature).
//!
//! The store's conformance suite uses them, and so can the crates above it: every test gets a table of
//! its own, so tests run in parallel without seeing each other's items. A DynamoDB table needs a
//! DynamoDB-compatible server; `cargo xtask test` starts moto's and names it in
//! `TANGGAP_TEST_DYNAMODB_ENDPOINT`. Without it, [`dynamodb`] fails loudly instead of skipping, so that a
//! green run always means both backends were tested.

use std::ops::Deref;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tempfile::TempDir;

use crate::dynamo::DynamoTable;
use crate::embedded::EmbeddedTable;
use tanggap_domain::{Event, Incident};

use crate::repo::{CallTaken, Commit, Created, IdempotencyKey, IncidentRepo, IncidentWriter, RepoError, feed_write};
use crate::table::{Condition, Item, Key, Page, Query, StoreError, Table, Write};

/// Declares each `async fn case(table: TestTable)` of a test file once per backend, as
/// `embedded::<case>` and `dynamodb::<case>`.
#[macro_export]
macro_rules! on_both_backends {
    ($($case:ident),* $(,)?) => {
        mod embedded {
            $(
                #[tokio::test]
                async fn $case() {
                    super::$case($crate::testing::embedded().await).await;
                }
            )*
        }
        mod dynamodb {
            $(
                #[tokio::test]
                async fn $case() {
                    super::$case($crate::testing::dynamodb().await).await;
                }
            )*
        }
    };
}

/// The variable naming the DynamoDB-compatible server that [`dynamodb`] creates tables on.
pub const DYNAMODB_ENDPOINT_VAR: &str = "TANGGAP_TEST_DYNAMODB_ENDPOINT";

/// A table for one test. Derefs to the table; `table` is there to share it (e.g. with an app's state).
pub struct TestTable {
    pub table: Arc<dyn Table>,
    /// Keeps the embedded store's directory until the test ends (declared last, so dropped last).
    _dir: Option<TempDir>,
}

impl Deref for TestTable {
    type Target = dyn Table;

    fn deref(&self) -> &Self::Target {
        &*self.table
    }
}

/// An embedded table in a new temporary directory.
pub async fn embedded() -> TestTable {
    let dir = tempfile::tempdir().expect("creating a temporary directory for the embedded store");
    let path = dir.path().join("tanggap.redb");
    let table = tokio::task::spawn_blocking(move || EmbeddedTable::open(path))
        .await
        .expect("opening the embedded store panicked")
        .expect("opening the embedded store");
    TestTable { table: Arc::new(table), _dir: Some(dir) }
}

/// A new, uniquely named table on the DynamoDB-compatible server at `TANGGAP_TEST_DYNAMODB_ENDPOINT`.
///
/// # Panics
/// When the variable is unset or the table cannot be created.
pub async fn dynamodb() -> TestTable {
    let endpoint = std::env::var(DYNAMODB_ENDPOINT_VAR).unwrap_or_else(|_| {
        panic!(
            "{DYNAMODB_ENDPOINT_VAR} is not set: run the tests with `cargo xtask test`, which starts moto's DynamoDB server"
        )
    });
    let name = format!("tanggap-test-{}", ulid::Ulid::new());
    let table = DynamoTable::connect_local(endpoint.clone(), name.clone()).await;
    if let Err(e) = table.create_table().await {
        panic!("creating the test table {name} on {endpoint}: {e}");
    }
    TestTable { table: Arc::new(table), _dir: None }
}

/// A table that fails its `n`-th call (get, put, query or transact, counted together from 1) with a
/// backend error, and passes every other call to `inner`: for showing what a change leaves stored when
/// storage fails in the middle of it.
pub struct FailingTable {
    inner: Arc<dyn Table>,
    fail_at: usize,
    calls: AtomicUsize,
}

impl FailingTable {
    pub fn new(inner: Arc<dyn Table>, fail_at: usize) -> Self {
        Self { inner, fail_at, calls: AtomicUsize::new(0) }
    }

    /// How many calls it has had, the failed one included.
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }

    /// Whether the failure has happened.
    pub fn failed(&self) -> bool {
        self.calls() >= self.fail_at
    }

    fn next(&self, what: &str) -> Result<(), StoreError> {
        let call = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        if call == self.fail_at {
            return Err(StoreError::Backend(format!("injected failure of call {call} ({what})")));
        }
        Ok(())
    }
}

#[async_trait::async_trait]
impl Table for FailingTable {
    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError> {
        self.next("get")?;
        self.inner.get(key).await
    }

    async fn put(&self, item: Item, condition: Condition) -> Result<(), StoreError> {
        self.next("put")?;
        self.inner.put(item, condition).await
    }

    async fn query(&self, query: &Query) -> Result<Page, StoreError> {
        self.next("query")?;
        self.inner.query(query).await
    }

    async fn transact(&self, writes: Vec<Write>) -> Result<(), StoreError> {
        self.next("transact")?;
        self.inner.transact(writes).await
    }
}

/// Incidents written as the functions' service writes them (each change with its feed item, a call
/// with its caller's items), for the store's own tests of what a commit stores. Reads go to the
/// [`IncidentRepo`] it derefs to.
pub struct Incidents {
    reads: IncidentRepo,
    writer: IncidentWriter,
}

impl Incidents {
    pub fn new(table: Arc<dyn Table>) -> Self {
        Self { reads: IncidentRepo::new(table.clone()), writer: IncidentWriter::new(table) }
    }

    pub async fn create(
        &self,
        key: &IdempotencyKey,
        fingerprint: &str,
        incident: &Incident,
        events: &[Event],
    ) -> Result<Created, RepoError> {
        let commit = Commit::new(incident, events).idempotent(key, fingerprint).with([feed_write(incident)]);
        self.writer.commit(commit).await
    }

    pub async fn create_call(
        &self,
        key: &IdempotencyKey,
        fingerprint: &str,
        incident: &Incident,
        events: &[Event],
        call: &CallTaken,
    ) -> Result<Created, RepoError> {
        let commit = Commit::new(incident, events).idempotent(key, fingerprint).with([feed_write(incident)]);
        self.writer.commit(commit.with(call.writes())).await
    }

    pub async fn save(&self, before_version: u64, incident: &Incident, events: &[Event]) -> Result<(), RepoError> {
        let commit = Commit::change(before_version, incident, events).with([feed_write(incident)]);
        self.writer.commit(commit).await.map(drop)
    }

    pub async fn link_report(
        &self,
        key: &IdempotencyKey,
        fingerprint: &str,
        before_version: u64,
        incident: &Incident,
        events: &[Event],
        call: &CallTaken,
    ) -> Result<Created, RepoError> {
        let commit = Commit::change(before_version, incident, events).idempotent(key, fingerprint);
        self.writer.commit(commit.with([feed_write(incident)]).with(call.writes())).await
    }
}

impl Deref for Incidents {
    type Target = IncidentRepo;

    fn deref(&self) -> &Self::Target {
        &self.reads
    }
}
