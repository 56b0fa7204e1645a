//! Webhooks: a JSON POST to an agency's own system, signed so the receiver can tell it comes from this
//! center and was not altered or replayed.
//!
//! The signature follows the widely copied Stripe scheme, `t=<unix seconds>,v1=<hex HMAC-SHA256 of
//! "<t>.<body>">`: receivers know it, the timestamp inside the MAC bounds replays, and a receiver can
//! accept several `v1` while a secret is being rotated.

use hmac::{Hmac, Mac as _};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::{InvalidChannel, check_destination};

/// The header that carries the signature.
pub const SIGNATURE_HEADER: &str = "Tanggap-Signature";

/// The shortest secret accepted: 128 bits, so the MAC cannot be guessed from a few captured messages.
pub const MIN_SECRET_BYTES: usize = 16;

/// An agency's webhook: where to POST and the secret shared with the receiver.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Webhook {
    /// https (or http on this machine, for tests and a receiver on the same host).
    pub url: String,
    /// At least [`MIN_SECRET_BYTES`] bytes.
    pub secret: String,
}

impl Webhook {
    /// A checked webhook.
    pub fn new(url: impl Into<String>, secret: impl Into<String>) -> Result<Webhook, InvalidChannel> {
        let hook = Webhook { url: url.into(), secret: secret.into() };
        hook.check()?;
        Ok(hook)
    }

    /// Checks that the URL is https (or http on this machine) and the secret long enough.
    pub fn check(&self) -> Result<(), InvalidChannel> {
        check_destination(&self.url)?;
        if self.secret.len() < MIN_SECRET_BYTES {
            return Err(InvalidChannel::new(format!(
                "the webhook secret must be at least {MIN_SECRET_BYTES} bytes, not {}",
                self.secret.len()
            )));
        }
        Ok(())
    }
}

impl std::fmt::Debug for Webhook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Why: the secret must never reach a log line.
        f.debug_struct("Webhook").field("url", &self.url).field("secret", &"<redacted>").finish()
    }
}

/// The [`SIGNATURE_HEADER`] value for `body` sent at `timestamp_unix`: `t=<ts>,v1=<hex HMAC-SHA256 of
/// "<ts>.<body>">`.
pub fn signature(secret: &str, timestamp_unix: i64, body: &[u8]) -> String {
    let tag = mac(secret, timestamp_unix, body).finalize().into_bytes();
    let mut hex = String::with_capacity(tag.len() * 2);
    for byte in tag {
        hex.push(char::from(HEX[usize::from(byte >> 4)]));
        hex.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    format!("t={timestamp_unix},v1={hex}")
}

/// For receivers (and tests): whether `header_value` is a valid signature of `body` under `secret`, made
/// no more than `tolerance_seconds` from `now_unix` (either way, for clock skew).
///
/// Any one `v1` that matches is enough (a sender may sign with an old and a new secret while rotating);
/// other schemes are ignored. The comparison is constant-time, so a forger learns nothing from timing.
pub fn verify_signature(secret: &str, header_value: &str, body: &[u8], now_unix: i64, tolerance_seconds: u64) -> bool {
    let mut timestamp = None;
    let mut candidates = Vec::new();
    for part in header_value.split(',') {
        match part.trim().split_once('=') {
            Some(("t", value)) if timestamp.is_none() => match value.parse::<i64>() {
                Ok(value) => timestamp = Some(value),
                Err(_) => return false,
            },
            // Why: two timestamps would leave it open which one the MAC covers.
            Some(("t", _)) => return false,
            Some(("v1", value)) => candidates.extend(decode_hex(value)),
            _ => {}
        }
    }
    let Some(timestamp) = timestamp else { return false };
    if now_unix.abs_diff(timestamp) > tolerance_seconds {
        return false;
    }
    let expected = mac(secret, timestamp, body);
    candidates.iter().any(|candidate| expected.clone().verify_slice(candidate).is_ok())
}

const HEX: &[u8; 16] = b"0123456789abcdef";

fn mac(secret: &str, timestamp_unix: i64, body: &[u8]) -> Hmac<Sha256> {
    // HMAC takes a key of any length, so this never fails.
    let mut mac = <Hmac<Sha256> as hmac::Mac>::new_from_slice(secret.as_bytes()).expect("HMAC accepts any key length");
    mac.update(timestamp_unix.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if text.len() != 64 {
        return None;
    }
    let digit = |c: u8| (c as char).to_digit(16);
    text.as_bytes().chunks(2).map(|pair| u8::try_from(digit(pair[0])? * 16 + digit(pair[1])?).ok()).collect()
}
