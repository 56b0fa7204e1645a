use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use tanggap_channels::{DeliveryError, MAX_PUSH_PAYLOAD, PushSubscription, Sender, Urgency, Vapid, VapidKey};
use web_push_native::p256::SecretKey;
use web_push_native::p256::ecdsa::signature::Verifier as _;
use web_push_native::p256::ecdsa::{Signature, VerifyingKey};
use web_push_native::p256::elliptic_curve::rand_core::{OsRng, RngCore as _};
use web_push_native::p256::elliptic_curve::sec1::ToEncodedPoint as _;

use crate::support::{now_unix, recording_server, serve, unreachable_url};

const SUBJECT: &str = "mailto:ops@tanggap.example";

/// A browser's side of Web Push: the key pair and auth secret `pushManager.subscribe` makes.
struct Browser {
    secret: SecretKey,
    auth: [u8; 16],
}

impl Browser {
    fn new() -> Browser {
        let mut auth = [0u8; 16];
        OsRng.fill_bytes(&mut auth);
        Browser { secret: SecretKey::random(&mut OsRng), auth }
    }

    /// The subscription as the app posts it: `PushSubscription.toJSON()`.
    fn subscribe(&self, endpoint: &str) -> PushSubscription {
        let json = json!({
            "endpoint": endpoint,
            "expirationTime": null,
            "keys": {
                "p256dh": URL_SAFE_NO_PAD.encode(self.secret.public_key().to_encoded_point(false).as_bytes()),
                "auth": URL_SAFE_NO_PAD.encode(self.auth),
            }
        });
        PushSubscription::parse(&json.to_string()).expect("a browser's subscription is valid")
    }

    fn read(&self, body: &[u8]) -> Vec<u8> {
        let auth = web_push_native::Auth::clone_from_slice(&self.auth);
        web_push_native::decrypt(body.to_vec(), &self.secret, &auth).expect("the message decrypts")
    }
}

fn vapid() -> Vapid {
    Vapid { key: VapidKey::generate(), subject: SUBJECT.to_owned() }
}

fn base64url(text: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD.decode(text).expect("base64url")
}

#[tokio::test]
async fn a_push_message_arrives_encrypted_and_the_subscriber_decrypts_it() {
    let (service, inbox) = recording_server(StatusCode::CREATED, "").await;
    let vapid = vapid();
    let browser = Browser::new();
    let subscription = browser.subscribe(&format!("{service}/push/v2/officer-damkar"));
    let payload = br#"{"kind":"dispatch","incident":"01HZX3K8","title":"Kebakaran rumah, Desa Sotek"}"#;

    let sent = Sender::new().push(&vapid, &subscription, payload, 3600, Urgency::High).await;

    assert_eq!(sent, Ok(()));
    let received = inbox.take();
    assert_eq!(received.len(), 1);
    let message = &received[0];
    assert_eq!(message.path, "/push/v2/officer-damkar");
    assert_eq!(message.header("ttl"), "3600");
    assert_eq!(message.header("urgency"), "high");
    assert_eq!(message.header("content-encoding"), "aes128gcm");

    // The body is RFC 8188 aes128gcm: salt, record size, and the sender's one-off public key as key id.
    let body = &message.body;
    assert!(!body.windows(9).any(|window| window == b"Kebakaran"), "the payload travels encrypted");
    assert_eq!(body[20], 65, "the key id is an uncompressed P-256 point");
    assert_eq!(body[21], 0x04);
    assert_eq!(browser.read(body), payload);

    // VAPID: `vapid t=<JWT>, k=<public key>`, the JWT signed with that key, for this push service's origin.
    let authorization = message.header("authorization");
    let (token, key) = authorization
        .strip_prefix("vapid t=")
        .and_then(|rest| rest.split_once(", k="))
        .unwrap_or_else(|| panic!("not a VAPID header: {authorization}"));
    assert_eq!(key, vapid.key.public_key_base64url());
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3, "a JWT has three parts");
    let header: Value = serde_json::from_slice(&base64url(parts[0])).expect("JSON header");
    assert_eq!(header["alg"], "ES256");
    let verifying_key = VerifyingKey::from_sec1_bytes(&base64url(key)).expect("k is a P-256 public key");
    let signature = Signature::from_slice(&base64url(parts[2])).expect("an ES256 signature is r || s");
    let signed = format!("{}.{}", parts[0], parts[1]);
    verifying_key.verify(signed.as_bytes(), &signature).expect("the JWT is signed by the VAPID key");
    let claims: Value = serde_json::from_slice(&base64url(parts[1])).expect("JSON claims");
    assert_eq!(claims["aud"], service.as_str(), "aud is the push service's origin, port included");
    assert_eq!(claims["sub"], SUBJECT);
    let expires = claims["exp"].as_i64().expect("exp is a number");
    let now = now_unix();
    assert!(expires > now && expires <= now + 24 * 3600, "exp in the next 24 hours: {expires} (now {now})");
}

#[tokio::test]
async fn a_gone_subscription_is_reported_so_it_can_be_dropped() {
    for status in [StatusCode::GONE, StatusCode::NOT_FOUND] {
        let (service, _) = recording_server(status, "").await;
        let subscription = Browser::new().subscribe(&format!("{service}/push/expired"));

        let sent = Sender::new().push(&vapid(), &subscription, b"{}", 60, Urgency::Normal).await;

        assert_eq!(sent, Err(DeliveryError::Gone), "{status}");
    }
}

#[tokio::test]
async fn a_push_service_in_trouble_is_retried_later() {
    for status in [StatusCode::INTERNAL_SERVER_ERROR, StatusCode::SERVICE_UNAVAILABLE, StatusCode::TOO_MANY_REQUESTS] {
        let (service, _) = recording_server(status, "try again later").await;
        let subscription = Browser::new().subscribe(&format!("{service}/push/busy"));

        let sent = Sender::new().push(&vapid(), &subscription, b"{}", 60, Urgency::Normal).await;

        match sent {
            Err(DeliveryError::Retry(reason)) => {
                assert!(reason.contains(status.as_str()), "{reason}");
                assert!(reason.contains("try again later"), "{reason}");
            }
            other => panic!("{status} should be retried, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn an_unreachable_push_service_is_retried_later() {
    let subscription = Browser::new().subscribe(&format!("{}/push/nobody", unreachable_url().await));

    let sent = Sender::new().push(&vapid(), &subscription, b"{}", 60, Urgency::Normal).await;

    assert!(matches!(sent, Err(DeliveryError::Retry(_))), "{sent:?}");
}

#[tokio::test]
async fn a_push_service_that_does_not_answer_in_time_is_retried_later() {
    let slow = Router::new().fallback(|| async {
        tokio::time::sleep(Duration::from_secs(5)).await;
        StatusCode::CREATED
    });
    let subscription = Browser::new().subscribe(&format!("{}/push/slow", serve(slow).await));
    let sender = Sender::new().with_timeout(Duration::from_millis(300));

    let sent = sender.push(&vapid(), &subscription, b"{}", 60, Urgency::Normal).await;

    match sent {
        Err(DeliveryError::Retry(reason)) => assert!(reason.contains("no answer within"), "{reason}"),
        other => panic!("a timeout should be retried, got {other:?}"),
    }
}

#[tokio::test]
async fn a_refused_push_is_rejected_with_the_services_reason() {
    let (service, _) = recording_server(StatusCode::BAD_REQUEST, "  Invalid\n  TTL header  ").await;
    let subscription = Browser::new().subscribe(&format!("{service}/push/refused"));

    let sent = Sender::new().push(&vapid(), &subscription, b"{}", 60, Urgency::Normal).await;

    assert_eq!(sent, Err(DeliveryError::Rejected("HTTP 400 Bad Request: Invalid TTL header".to_owned())));
}

#[tokio::test]
async fn a_payload_too_large_for_push_is_rejected_before_sending() {
    let (service, inbox) = recording_server(StatusCode::CREATED, "").await;
    let subscription = Browser::new().subscribe(&format!("{service}/push/big"));
    let sender = Sender::new();

    let largest = sender.push(&vapid(), &subscription, &[b'a'; MAX_PUSH_PAYLOAD], 60, Urgency::Normal).await;
    let too_large = sender.push(&vapid(), &subscription, &[b'a'; MAX_PUSH_PAYLOAD + 1], 60, Urgency::Normal).await;

    assert_eq!(largest, Ok(()));
    assert!(matches!(too_large, Err(DeliveryError::Rejected(_))), "{too_large:?}");
    let received = inbox.take();
    assert_eq!(received.len(), 1, "only the message that fits is sent");
    assert_eq!(received[0].body.len(), 4096, "the largest payload fills the 4096 bytes push services take");
}

#[test]
fn a_subscription_is_read_in_the_browsers_shape_and_checked() {
    let browser = Browser::new();
    let subscription = browser.subscribe("https://fcm.googleapis.com/fcm/send/abc:def");

    let json = serde_json::to_value(&subscription).expect("serialises");
    assert_eq!(json["endpoint"], "https://fcm.googleapis.com/fcm/send/abc:def");
    assert_eq!(json["keys"]["auth"], URL_SAFE_NO_PAD.encode(browser.auth));
    let again: PushSubscription = serde_json::from_value(json).expect("deserialises");
    assert_eq!(again, subscription);

    let with = |endpoint: &str, p256dh: &str, auth: &str| PushSubscription {
        endpoint: endpoint.to_owned(),
        p256dh: p256dh.to_owned(),
        auth: auth.to_owned(),
    };
    let (p256dh, auth) = (subscription.p256dh.as_str(), subscription.auth.as_str());
    assert_eq!(with("http://127.0.0.1:9/push", p256dh, auth).check(), Ok(()));
    assert_eq!(with("http://localhost/push", p256dh, auth).check(), Ok(()));
    assert!(with("http://push.example.com/x", p256dh, auth).check().is_err(), "plain http to elsewhere");
    assert!(with("not a url", p256dh, auth).check().is_err());
    assert!(with("https://push.example.com/x", p256dh, "AAAA").check().is_err(), "auth must be 16 bytes");
    assert!(with("https://push.example.com/x", &p256dh[..40], auth).check().is_err(), "a truncated key");
    let compressed = URL_SAFE_NO_PAD.encode(browser.secret.public_key().to_encoded_point(true).as_bytes());
    assert!(with("https://push.example.com/x", &compressed, auth).check().is_err(), "a compressed key");
    assert!(PushSubscription::parse(r#"{"endpoint": "https://push.example.com/x"}"#).is_err(), "no keys");
}

#[test]
fn a_vapid_key_is_kept_as_text_and_gives_the_application_server_key() {
    let key = VapidKey::generate();

    let again = VapidKey::from_base64url(&key.to_base64url()).expect("reads back");

    assert_eq!(again.public_key_base64url(), key.public_key_base64url());
    let public = base64url(&key.public_key_base64url());
    assert_eq!((public.len(), public[0]), (65, 0x04), "an uncompressed P-256 point, as subscribe() wants");
    assert!(!format!("{key:?}").contains(&key.to_base64url()), "Debug does not show the private key");
    assert!(VapidKey::from_base64url("c2hvcnQ").is_err(), "too short");
    assert!(VapidKey::from_base64url(&URL_SAFE_NO_PAD.encode([0u8; 32])).is_err(), "zero is not a key");
}

#[tokio::test]
async fn a_vapid_subject_that_is_not_a_contact_is_rejected_before_sending() {
    let (service, inbox) = recording_server(StatusCode::CREATED, "").await;
    let subscription = Browser::new().subscribe(&format!("{service}/push/x"));
    let vapid = Vapid { key: VapidKey::generate(), subject: "ops@tanggap.example".to_owned() };

    let sent = Sender::new().push(&vapid, &subscription, b"{}", 60, Urgency::Normal).await;

    assert!(matches!(sent, Err(DeliveryError::Rejected(_))), "{sent:?}");
    assert!(inbox.take().is_empty());
}
