//! The `sweeper` Lambda function, invoked every minute by EventBridge Scheduler: records SLA breaches,
//! escalates them, folds the dashboard's pending counts into their days, and retries notifications that
//! could not be delivered (see `tanggap_api::sweeper`).
//! The schedule's event carries nothing the sweep needs; "now" is the function's clock.

use lambda_http::lambda_runtime::{self, LambdaEvent, service_fn};
use tanggap_domain::Timestamp;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tanggap_api::state::init_lambda_logs();

    let state = tanggap_api::state::lambda_worker_state().await?;
    let state = &state;
    let handler = service_fn(move |_: LambdaEvent<serde_json::Value>| async move {
        let now = Timestamp::from(time::OffsetDateTime::now_utc());
        // The whole chain of context, as the failed invocation's error.
        let report = tanggap_api::sweeper::run(state, now)
            .await
            .map_err(|err| lambda_runtime::Error::from(format!("{err:#}")))?;
        Ok::<_, lambda_runtime::Error>(serde_json::json!({
            "incidents": report.incidents,
            "recorded": report.recorded,
            "events": report.events,
            "skipped": report.skipped,
        }))
    });
    lambda_runtime::run(handler).await.map_err(anyhow::Error::from_boxed)
}
