//! The `auth` Lambda function: login, refresh, logout, and one's own account (`/api/auth/*`,
//! `/api/me*`). Everything is built once per cold start; each invocation is one request to the router.

use tanggap_api::functions;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tanggap_api::state::init_lambda_logs();

    // The table, the configuration, and the key that signs access tokens (from SSM Parameter Store).
    let state = tanggap_api::state::lambda_state().await?;
    lambda_http::run(functions::auth(state)).await.map_err(anyhow::Error::from_boxed)
}
