//! Notification channels that leave the system: Web Push to officers' browsers and signed webhooks to
//! the agencies' own systems.
//!
//! An officer must hear about a dispatch even when the app is not open, and an agency with its own
//! dispatch software wants incidents pushed to it rather than polled. Both go out over HTTP to hosts
//! Tanggap does not control, so this crate holds what that takes and nothing else: the Web Push message
//! encryption (RFC 8291) and server identification (VAPID, RFC 8292), the webhook signature, one HTTP
//! [`Sender`] that turns every answer into ok / [`DeliveryError::Gone`] / [`DeliveryError::Retry`] /
//! [`DeliveryError::Rejected`], and the [`backoff`] schedule for retries. Who is notified of what, and
//! when, is decided above this crate.

mod push;
mod retry;
mod sender;
mod webhook;

pub use push::{MAX_PUSH_PAYLOAD, PushSubscription, Urgency, Vapid, VapidKey};
pub use retry::{DELIVERY_ATTEMPTS, backoff};
pub use sender::{DeliveryError, Sender};
pub use webhook::{MIN_SECRET_BYTES, SIGNATURE_HEADER, Webhook, signature, verify_signature};

/// A subscription, webhook or key that cannot be used, with the reason (for the API's 422 and for logs).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidChannel(String);

impl InvalidChannel {
    fn new(reason: impl Into<String>) -> InvalidChannel {
        InvalidChannel(reason.into())
    }
}

/// Checks that a URL we will POST to is https, or plain http to this machine (tests, a local receiver).
///
/// Why: a subscription or webhook URL comes from a browser or an administrator; plain http to anywhere
/// else would send incident details and signatures over the wire in clear.
fn check_destination(url: &str) -> Result<hyper::Uri, InvalidChannel> {
    let uri: hyper::Uri = url.parse().map_err(|error| InvalidChannel::new(format!("not a URL ({error}): {url}")))?;
    let host = uri.host().ok_or_else(|| InvalidChannel::new(format!("the URL has no host: {url}")))?;
    match uri.scheme_str() {
        Some("https") => Ok(uri),
        Some("http") if matches!(host, "127.0.0.1" | "localhost" | "[::1]") => Ok(uri),
        _ => Err(InvalidChannel::new(format!("the URL must be https: {url}"))),
    }
}
