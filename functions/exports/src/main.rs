//! The `exports` Lambda function, invoked every minute by EventBridge Scheduler: writes the dashboard's
//! queued exports into the file bucket (see `tanggap_api::exports`). A function of its own because a
//! year of a large regency takes minutes, more than the sweeper's minute, and more memory.

use lambda_http::lambda_runtime::{self, LambdaEvent, service_fn};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tanggap_api::state::init_lambda_logs();

    let state = tanggap_api::state::lambda_worker_state().await?;
    let state = &state;
    let handler = service_fn(move |_: LambdaEvent<serde_json::Value>| async move {
        let finished = tanggap_api::exports::run_due(state)
            .await
            .map_err(|err| lambda_runtime::Error::from(format!("{err:#}")))?;
        Ok::<_, lambda_runtime::Error>(serde_json::json!({ "finished": finished }))
    });
    lambda_runtime::run(handler).await.map_err(anyhow::Error::from_boxed)
}
