use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use serde_json::{Value, json};
use tanggap_channels::{DeliveryError, SIGNATURE_HEADER, Sender, Webhook, signature, verify_signature};

use crate::support::{Inbox, Received, now_unix, serve};

const SECRET: &str = "whsec_damkar_0123456789";
const TOLERANCE_SECONDS: u64 = 300;

/// An agency's receiver as its docs would tell it to be written: check the signature, then read the JSON.
async fn agency_receiver() -> (String, Inbox) {
    let inbox = Inbox::default();
    let router = Router::new()
        .fallback(|State(inbox): State<Inbox>, uri: Uri, headers: HeaderMap, body: Bytes| async move {
            let signed = headers.get(SIGNATURE_HEADER).and_then(|value| value.to_str().ok()).unwrap_or_default();
            if !verify_signature(SECRET, signed, &body, now_unix(), TOLERANCE_SECONDS) {
                return (StatusCode::UNAUTHORIZED, "bad signature");
            }
            if serde_json::from_slice::<Value>(&body).is_err() {
                return (StatusCode::BAD_REQUEST, "not JSON");
            }
            inbox.push(Received { path: uri.path().to_owned(), headers, body });
            (StatusCode::NO_CONTENT, "")
        })
        .with_state(inbox.clone());
    (serve(router).await, inbox)
}

#[tokio::test]
async fn a_webhook_receiver_checks_the_signature_and_payload() {
    let (receiver, inbox) = agency_receiver().await;
    let hook = Webhook::new(format!("{receiver}/hooks/tanggap"), SECRET).expect("a valid webhook");
    let event = json!({"kind": "dispatch", "incident": "01HZX3K8", "agency": "damkar", "priority": "P1"});
    let body = serde_json::to_vec(&event).expect("JSON");
    let now = now_unix();

    let sent = Sender::new().webhook(&hook, &body, now).await;

    assert_eq!(sent, Ok(()));
    let received = inbox.take();
    assert_eq!(received.len(), 1);
    let delivery = &received[0];
    assert_eq!(delivery.path, "/hooks/tanggap");
    assert_eq!(delivery.header("content-type"), "application/json");
    assert_eq!(serde_json::from_slice::<Value>(&delivery.body).expect("JSON"), event);

    // What the receiver's check refuses: the same signature over other bytes, another secret, an old one.
    let signed = delivery.header(SIGNATURE_HEADER);
    assert!(signed.starts_with(&format!("t={now},v1=")), "{signed}");
    assert!(verify_signature(SECRET, signed, &delivery.body, now, TOLERANCE_SECONDS));
    let tampered = serde_json::to_vec(&json!({"kind": "dispatch", "incident": "01HZX3K8", "priority": "P4"}));
    assert!(!verify_signature(SECRET, signed, &tampered.expect("JSON"), now, TOLERANCE_SECONDS));
    assert!(!verify_signature("whsec_someone_else_0123", signed, &delivery.body, now, TOLERANCE_SECONDS));
    assert!(!verify_signature(SECRET, signed, &delivery.body, now + 301, TOLERANCE_SECONDS), "replayed later");
    assert!(!verify_signature(SECRET, signed, &delivery.body, now - 301, TOLERANCE_SECONDS), "from the future");
}

#[tokio::test]
async fn a_webhook_signed_with_the_wrong_secret_is_refused_by_the_receiver() {
    let (receiver, inbox) = agency_receiver().await;
    let hook = Webhook::new(format!("{receiver}/hooks/tanggap"), "whsec_an_old_secret_0000").expect("valid");

    let sent = Sender::new().webhook(&hook, br#"{"kind":"dispatch"}"#, now_unix()).await;

    assert_eq!(sent, Err(DeliveryError::Rejected("HTTP 401 Unauthorized: bad signature".to_owned())));
    assert!(inbox.take().is_empty());
}

#[tokio::test]
async fn a_webhook_stamped_long_ago_is_refused_by_the_receiver() {
    let (receiver, inbox) = agency_receiver().await;
    let hook = Webhook::new(format!("{receiver}/hooks/tanggap"), SECRET).expect("valid");

    let sent = Sender::new().webhook(&hook, br#"{"kind":"dispatch"}"#, now_unix() - 3600).await;

    assert!(matches!(sent, Err(DeliveryError::Rejected(_))), "{sent:?}");
    assert!(inbox.take().is_empty());
}

#[test]
fn the_signature_is_hmac_sha256_of_the_timestamp_and_body() {
    // Worked out independently with Python's hmac module.
    let body = br#"{"incident":"01HZX"}"#;

    let signed = signature("whsec_0123456789abcdef", 1_700_000_000, body);

    assert_eq!(signed, "t=1700000000,v1=1a68074a8fd0c3faa1f5abc68012297c80a6ada38d3e29ec87da74a2265d30c1");
}

#[test]
fn a_receiver_accepts_any_current_signature_and_nothing_malformed() {
    let body = br#"{"kind":"dispatch"}"#;
    let now = 1_700_000_000;
    let current = signature(SECRET, now, body);
    let v1 = current.split_once(",v1=").map(|(_, mac)| mac).expect("a v1");
    let rotating = format!("t={now},v1={},v1={v1}", "0".repeat(64));

    assert!(verify_signature(SECRET, &rotating, body, now, 0), "one of several v1 is enough");
    assert!(verify_signature(SECRET, &format!(" t={now} , v1={v1} "), body, now, 0), "spaces");
    assert!(!verify_signature(SECRET, &format!("v1={v1}"), body, now, 0), "no timestamp");
    assert!(!verify_signature(SECRET, &format!("t={now}"), body, now, 0), "no signature");
    assert!(!verify_signature(SECRET, &format!("t={now},t={},v1={v1}", now + 1), body, now, 5), "two timestamps");
    assert!(!verify_signature(SECRET, &format!("t=soon,v1={v1}"), body, now, 0));
    assert!(!verify_signature(SECRET, &format!("t={now},v1={}", &v1[..62]), body, now, 0), "a short MAC");
    assert!(!verify_signature(SECRET, "", body, now, 0));
}

#[test]
fn a_webhook_needs_https_and_a_long_secret() {
    assert!(Webhook::new("https://dispatch.damkar.example/hooks", SECRET).is_ok());
    assert!(Webhook::new("http://127.0.0.1:8081/hooks", SECRET).is_ok());
    assert!(Webhook::new("http://dispatch.damkar.example/hooks", SECRET).is_err(), "plain http elsewhere");
    assert!(Webhook::new("https://dispatch.damkar.example/hooks", "short-secret").is_err(), "under 16 bytes");
    let hook = Webhook::new("https://dispatch.damkar.example/hooks", SECRET).expect("valid");
    assert!(!format!("{hook:?}").contains(SECRET), "Debug does not show the secret");
}
