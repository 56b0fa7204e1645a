//! The `admin` Lambda function: user administration and the audit log (`/api/users*`, `/api/audit`),
//! admin only. Everything is built once per cold start; each invocation is one request to the router.

use tanggap_api::functions;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tanggap_api::state::init_lambda_logs();

    // The table, the configuration, and the key that verifies access tokens (from SSM Parameter Store).
    let state = tanggap_api::state::lambda_state().await?;
    lambda_http::run(functions::admin(state)).await.map_err(anyhow::Error::from_boxed)
}
