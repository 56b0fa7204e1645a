//! The `incidents` Lambda function: intake, the open board, life-cycle commands, and the reference
//! data they need. Everything is built once per cold start; each invocation is one request to the router.

use tanggap_api::functions;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // JSON lines for CloudWatch, with each request's span (and so its request id) on every line.
    tracing_subscriber::fmt()
        .json()
        .with_ansi(false)
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .init();

    // The table, the configuration, and the key that verifies access tokens (from SSM Parameter Store).
    let state = tanggap_api::state::lambda_state().await?;
    lambda_http::run(functions::incidents(state)).await.map_err(anyhow::Error::from_boxed)
}
