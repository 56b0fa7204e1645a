//! The `incidents` Lambda function: intake, the open board, life-cycle commands, and the reference
//! data they need. Everything is built once per cold start; each invocation is one request to the router.

use std::sync::Arc;

use anyhow::Context as _;
use tanggap_api::{AppState, Config, SystemClock, functions};
use tanggap_store::dynamo::DynamoTable;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // JSON lines for CloudWatch, with each request's span (and so its request id) on every line.
    tracing_subscriber::fmt()
        .json()
        .with_ansi(false)
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .init();

    let config = Config::from_env().context("reading the configuration")?;
    let table = DynamoTable::from_env(config.table.clone()).await;
    tracing::info!(regency = %config.regency, table = %config.table, "incidents function starting");
    let state = AppState::new(Arc::new(table), config.regency, Arc::new(SystemClock));

    lambda_http::run(functions::incidents(state)).await.map_err(anyhow::Error::from_boxed)
}
