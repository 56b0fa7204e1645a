//! Fresh, empty tables for tests, on either backend (the `testing` feature).
//!
//! The store's conformance suite uses them, and so can the crates above it: every test gets a table of
//! its own, so tests run in parallel without seeing each other's items. A DynamoDB table needs a
//! DynamoDB-compatible server; `cargo xtask test` starts moto's and names it in
//! `TANGGAP_TEST_DYNAMODB_ENDPOINT`. Without it, [`dynamodb`] fails loudly instead of skipping, so that a
//! green run always means both backends were tested.

use std::ops::Deref;
use std::sync::Arc;

use tempfile::TempDir;

use crate::dynamo::DynamoTable;
use crate::embedded::EmbeddedTable;
use crate::table::Table;

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
