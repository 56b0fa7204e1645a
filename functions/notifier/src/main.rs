//! The `notifier` Lambda function, invoked with batches of the table's DynamoDB stream: sends the
//! notifications just queued in the outbox (Web Push, the webhook), seconds after the change that
//! queued them rather than at the sweeper's next minute; and fans out the notices of changes whose own
//! process died before it could (usually the change's process has, and the notice is gone).
//!
//! The stream's records only say that something was queued; what to send is the outbox's. The
//! deliveries the batch inserted are read by key (strongly consistent: the secondary index may not
//! show them yet), then whatever else is due. Both are idempotent and claim each delivery before
//! sending it, so a batch delivered twice, or a run alongside the sweeper's, sends nothing twice. The
//! function never fails a batch: what could not be sent stays queued for the sweeper to retry, and a
//! failed batch would only hold up the stream.

use aws_lambda_events::event::dynamodb::Event;
use lambda_http::lambda_runtime::{self, LambdaEvent, service_fn};
use serde_dynamo::AttributeValue;
use tanggap_domain::{IncidentId, Timestamp};

/// What an outbox item's partition key starts with (`functions/store/KEYS.md`).
const OUTBOX_PREFIX: &str = "OUTBOX#";
/// What a pending notice's partition key starts with; its sort key is the incident's version.
const NOTICE_PREFIX: &str = "NOTICE#";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tanggap_api::state::init_lambda_logs();

    // The table, and the channels with their secrets from SSM Parameter Store, once per cold start.
    let state = tanggap_api::state::lambda_worker_state().await?;
    let state = &state;
    let handler = service_fn(move |event: LambdaEvent<Event>| async move {
        let ids = queued(&event.payload);
        let noticed = tanggap_api::notify::fan_out_named(state, &notices(&event.payload)).await;
        let now = Timestamp::from(time::OffsetDateTime::now_utc());
        let listed = tanggap_api::notify::deliver_ids(state, &ids, now).await;
        let due = tanggap_api::notify::deliver_due(state, now).await;
        let records = event.payload.records.len();
        tracing::info!(records, queued = ids.len(), noticed, ?listed, ?due, "batch handled");
        Ok::<_, lambda_runtime::Error>(serde_json::json!({ "queued": ids.len(), "listed": listed, "due": due }))
    });
    lambda_runtime::run(handler).await.map_err(anyhow::Error::from_boxed)
}

/// The ids of the deliveries the batch's records inserted into the outbox.
fn queued(event: &Event) -> Vec<String> {
    event
        .records
        .iter()
        .filter(|record| record.event_name == "INSERT")
        .filter_map(|record| match record.change.keys.get("pk") {
            Some(AttributeValue::S(pk)) => pk.strip_prefix(OUTBOX_PREFIX).map(str::to_owned),
            _ => None,
        })
        .collect()
}

/// The incident changes whose notices the batch's records inserted: `(incident, version)`.
fn notices(event: &Event) -> Vec<(IncidentId, u64)> {
    let key = |record: &aws_lambda_events::event::dynamodb::EventRecord, name: &str| match record.change.keys.get(name)
    {
        Some(AttributeValue::S(value)) => Some(value.clone()),
        _ => None,
    };
    event
        .records
        .iter()
        .filter(|record| record.event_name == "INSERT")
        .filter_map(|record| {
            let incident = IncidentId::parse(key(record, "pk")?.strip_prefix(NOTICE_PREFIX)?).ok()?;
            Some((incident, key(record, "sk")?.parse().ok()?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One record of a stream batch, keys only, as Lambda sends it.
    fn record(name: &str, pk: &str, sk: &str) -> serde_json::Value {
        serde_json::json!({
            "eventID": "1", "eventName": name, "eventVersion": "1.1", "eventSource": "aws:dynamodb",
            "awsRegion": "ap-southeast-3",
            "eventSourceARN": "arn:aws:dynamodb:ap-southeast-3:123456789012:table/tanggap/stream/2026",
            "dynamodb": {
                "ApproximateCreationDateTime": 1795000000,
                "Keys": { "pk": { "S": pk }, "sk": { "S": sk } },
                "SequenceNumber": "1", "SizeBytes": 100, "StreamViewType": "KEYS_ONLY"
            }
        })
    }

    fn batch(records: Vec<serde_json::Value>) -> Event {
        serde_json::from_value(serde_json::json!({ "Records": records })).expect("a stream batch as Lambda sends it")
    }

    #[test]
    fn only_deliveries_inserted_into_the_outbox_are_listed() {
        let event = batch(vec![
            record("INSERT", "OUTBOX#01JDGZ6Q8X4T3N2M1K0H9G8F01.2.damkar/webhook", "DELIVERY"),
            record("MODIFY", "OUTBOX#01JDGZ6Q8X4T3N2M1K0H9G8F01.2.damkar/push/0123456789abcdef", "DELIVERY"),
            record("INSERT", "INC#01JDGZ6Q8X4T3N2M1K0H9G8F01", "DELIVERY"),
        ]);
        assert_eq!(queued(&event), ["01JDGZ6Q8X4T3N2M1K0H9G8F01.2.damkar/webhook"]);
    }

    #[test]
    fn only_notices_inserted_are_fanned_out_by_incident_and_version() {
        let event = batch(vec![
            record("INSERT", "NOTICE#01JDGZ6Q8X4T3N2M1K0H9G8F01", "0000000003"),
            record("REMOVE", "NOTICE#01JDGZ6Q8X4T3N2M1K0H9G8F02", "0000000003"),
            record("INSERT", "OUTBOX#01JDGZ6Q8X4T3N2M1K0H9G8F01.3.damkar/webhook", "DELIVERY"),
            record("INSERT", "NOTICE#not-an-incident", "0000000003"),
        ]);
        let incident = IncidentId::parse("01JDGZ6Q8X4T3N2M1K0H9G8F01").unwrap();
        assert_eq!(notices(&event), [(incident, 3)]);
        assert!(queued(&event).iter().all(|id| !id.starts_with("NOTICE")));
    }
}
