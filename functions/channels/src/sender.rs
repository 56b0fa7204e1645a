//! The one HTTP client every channel sends through, and what its answers mean for the delivery.

use std::sync::Arc;
use std::time::Duration;

use http_body_util::{BodyExt as _, Full, Limited};
use hyper::body::Bytes;
use hyper::{Method, Request, StatusCode, header};
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use crate::push::{self, PushSubscription, Urgency, Vapid};
use crate::webhook::{SIGNATURE_HEADER, Webhook, signature};

/// How long one delivery may take, connection to last byte. A push service or receiver slower than this
/// is treated as down: the delivery is retried later rather than holding up the others.
const TIMEOUT: Duration = Duration::from_secs(10);

/// How much of an answer is read: enough for an error message, not enough for a hostile receiver to
/// fill our memory.
const MAX_ANSWER_BYTES: usize = 64 * 1024;

/// How much of a refusal's body goes into [`DeliveryError::Rejected`], for the log and the admin screen.
const EXCERPT_CHARS: usize = 200;

const USER_AGENT: &str = concat!("Tanggap/", env!("CARGO_PKG_VERSION"));

/// Why a delivery did not happen, sorted by what the caller does next.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DeliveryError {
    /// 404 or 410: the subscription (or webhook) no longer exists; drop it, do not retry.
    #[error("the destination is gone (404/410)")]
    Gone,
    /// 429, 5xx, a timeout or a network error: try again later, see [`crate::backoff`].
    #[error("delivery failed for now: {0}")]
    Retry(String),
    /// Any other refusal (other 4xx, a redirect) or a message we cannot send: retrying will not help.
    #[error("delivery rejected: {0}")]
    Rejected(String),
}

/// Sends push messages and webhooks over one pooled HTTP/1.1 client: TLS by rustls on aws-lc-rs (the
/// crypto the AWS SDK already links in) with the system's root certificates, plain http only where
/// [`PushSubscription::check`] and [`Webhook::check`] allow it (this machine).
///
/// Cheap to clone; clones share the connection pool.
#[derive(Clone)]
pub struct Sender {
    client: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
    timeout: Duration,
}

impl Sender {
    /// A client with the 10-second timeout. Needs a Tokio runtime when it sends, not when it is made.
    pub fn new() -> Sender {
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let tls = match HttpsConnectorBuilder::new().with_provider_and_native_roots(provider.clone()) {
            Ok(builder) => builder,
            Err(error) => {
                // Why not fail: the local server must start on a machine without a CA bundle; only https
                // deliveries fail then, each with a certificate error that says why.
                tracing::warn!(%error, "no system root certificates; https notifications will fail");
                HttpsConnectorBuilder::new().with_tls_config(
                    rustls::ClientConfig::builder_with_provider(provider)
                        .with_safe_default_protocol_versions()
                        .expect("aws-lc-rs supports rustls' default TLS versions")
                        .with_root_certificates(rustls::RootCertStore::empty())
                        .with_no_client_auth(),
                )
            }
        };
        let connector = tls.https_or_http().enable_http1().build();
        Sender { client: Client::builder(TokioExecutor::new()).build(connector), timeout: TIMEOUT }
    }

    /// The same client with another timeout (tests; a caller with a tighter deadline).
    pub fn with_timeout(self, timeout: Duration) -> Sender {
        Sender { timeout, ..self }
    }

    /// Sends `payload` to one browser: encrypted for it (RFC 8291), signed with VAPID (RFC 8292), kept by
    /// the push service up to `ttl_seconds` while the device is offline, and delivered with `urgency`.
    ///
    /// At most [`crate::MAX_PUSH_PAYLOAD`] bytes; a larger payload, an invalid subscription or subject is
    /// [`DeliveryError::Rejected`] before anything is sent.
    pub async fn push(
        &self,
        vapid: &Vapid,
        to: &PushSubscription,
        payload: &[u8],
        ttl_seconds: u32,
        urgency: Urgency,
    ) -> Result<(), DeliveryError> {
        let recipient =
            to.recipient().map_err(|error| DeliveryError::Rejected(format!("invalid push subscription: {error}")))?;
        let body = push::encrypt(&recipient, payload).map_err(DeliveryError::Rejected)?;
        let authorization = push::authorization(vapid, &recipient.endpoint).map_err(DeliveryError::Rejected)?;
        let request = Request::builder()
            .method(Method::POST)
            .uri(recipient.endpoint)
            .header("TTL", ttl_seconds)
            .header("Urgency", urgency.header_value())
            .header(header::CONTENT_ENCODING, "aes128gcm")
            .header(header::CONTENT_TYPE, "application/octet-stream")
            .header(header::AUTHORIZATION, authorization)
            .header(header::USER_AGENT, USER_AGENT)
            .body(Full::new(Bytes::from(body)))
            .map_err(|error| DeliveryError::Rejected(format!("building the push request: {error}")))?;
        self.send(request).await
    }

    /// POSTs the JSON `body` to `hook`, signed in [`SIGNATURE_HEADER`] with the time `now_unix`.
    pub async fn webhook(&self, hook: &Webhook, body: &[u8], now_unix: i64) -> Result<(), DeliveryError> {
        hook.check().map_err(|error| DeliveryError::Rejected(format!("invalid webhook: {error}")))?;
        let request = Request::builder()
            .method(Method::POST)
            .uri(hook.url.as_str())
            .header(header::CONTENT_TYPE, "application/json")
            .header(SIGNATURE_HEADER, signature(&hook.secret, now_unix, body))
            .header(header::USER_AGENT, USER_AGENT)
            .body(Full::new(Bytes::copy_from_slice(body)))
            .map_err(|error| DeliveryError::Rejected(format!("building the webhook request: {error}")))?;
        self.send(request).await
    }

    async fn send(&self, request: Request<Full<Bytes>>) -> Result<(), DeliveryError> {
        let exchange = async {
            let response = self.client.request(request).await.map_err(|error| DeliveryError::Retry(chain(&error)))?;
            let status = response.status();
            // Read the answer: a refusal says why in it, and a fully read answer frees the connection for
            // the next delivery. Once the status is in, a broken body does not change the outcome.
            let answer = Limited::new(response.into_body(), MAX_ANSWER_BYTES)
                .collect()
                .await
                .map(|collected| collected.to_bytes())
                .unwrap_or_default();
            Ok((status, answer))
        };
        let (status, answer) = tokio::time::timeout(self.timeout, exchange)
            .await
            .map_err(|_| DeliveryError::Retry(format!("no answer within {:?}", self.timeout)))??;
        outcome(status, &answer)
    }
}

impl Default for Sender {
    fn default() -> Sender {
        Sender::new()
    }
}

impl std::fmt::Debug for Sender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sender").field("timeout", &self.timeout).finish_non_exhaustive()
    }
}

/// What an HTTP status means for the delivery (RFC 8030 §8.3 for push; the same for webhooks).
fn outcome(status: StatusCode, answer: &[u8]) -> Result<(), DeliveryError> {
    if status.is_success() {
        return Ok(());
    }
    let reason = format!("HTTP {status}{}", excerpt(answer));
    Err(match status {
        StatusCode::NOT_FOUND | StatusCode::GONE => DeliveryError::Gone,
        StatusCode::TOO_MANY_REQUESTS => DeliveryError::Retry(reason),
        status if status.is_server_error() => DeliveryError::Retry(reason),
        _ => DeliveryError::Rejected(reason),
    })
}

/// The start of an answer's body on one line, prefixed ": ", or nothing for an empty body.
fn excerpt(answer: &[u8]) -> String {
    let text = String::from_utf8_lossy(answer);
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() {
        return String::new();
    }
    let line = words.join(" ");
    match line.char_indices().nth(EXCERPT_CHARS) {
        Some((cut, _)) => format!(": {}…", &line[..cut]),
        None => format!(": {line}"),
    }
}

/// An error with its causes: hyper's own message ("client error (Connect)") hides the useful part.
fn chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}
