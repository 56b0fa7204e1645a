//! Web Push: the subscription a browser hands us, the server's VAPID key, and the message we POST to the
//! browser vendor's push service (RFC 8030), encrypted for the browser alone (RFC 8291, aes128gcm) and
//! signed so the push service knows which server sends it (RFC 8292, VAPID).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::alphabet::URL_SAFE;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use hyper::Uri;
use serde::{Deserialize, Serialize};
use web_push_native::p256::ecdsa::signature::Signer as _;
use web_push_native::p256::ecdsa::{Signature, SigningKey};
use web_push_native::p256::elliptic_curve::rand_core::OsRng;
use web_push_native::p256::elliptic_curve::sec1::ToEncodedPoint as _;
use web_push_native::p256::{PublicKey, SecretKey};

use crate::{InvalidChannel, check_destination};

/// The largest payload one push message carries. Push services must accept 4096 bytes of encrypted body
/// (RFC 8030 §7.2); aes128gcm adds an 86-byte header, a 16-byte tag and a 1-byte padding delimiter.
pub const MAX_PUSH_PAYLOAD: usize = 4096 - 86 - 16 - 1;

/// How long a VAPID token is good for. RFC 8292 allows at most 24 hours; 12 leaves room for clock skew.
const VAPID_VALIDITY: Duration = Duration::from_secs(12 * 60 * 60);

/// base64url as browsers write it (unpadded); padded input is accepted too, since some libraries pad.
pub(crate) const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new().with_encode_padding(false).with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// A browser's push subscription: where to POST, and the keys to encrypt for.
///
/// Serialises in the shape of the browser's `PushSubscription.toJSON()`,
/// `{"endpoint": "...", "keys": {"p256dh": "...", "auth": "..."}}`, so the app can send it as is and we can
/// store it as is. Deserialising does not check it (a stored one must always load); [`PushSubscription::parse`]
/// and [`PushSubscription::check`] do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "SubscriptionJson", into = "SubscriptionJson")]
pub struct PushSubscription {
    /// The push service's URL for this browser; https (or http on this machine, for tests).
    pub endpoint: String,
    /// The browser's P-256 public key, base64url of the 65-byte uncompressed point.
    pub p256dh: String,
    /// The browser's 16-byte authentication secret, base64url.
    pub auth: String,
}

#[derive(Serialize, Deserialize)]
struct SubscriptionJson {
    endpoint: String,
    keys: SubscriptionKeys,
}

#[derive(Serialize, Deserialize)]
struct SubscriptionKeys {
    p256dh: String,
    auth: String,
}

impl From<SubscriptionJson> for PushSubscription {
    fn from(json: SubscriptionJson) -> PushSubscription {
        PushSubscription { endpoint: json.endpoint, p256dh: json.keys.p256dh, auth: json.keys.auth }
    }
}

impl From<PushSubscription> for SubscriptionJson {
    fn from(subscription: PushSubscription) -> SubscriptionJson {
        SubscriptionJson {
            endpoint: subscription.endpoint,
            keys: SubscriptionKeys { p256dh: subscription.p256dh, auth: subscription.auth },
        }
    }
}

/// A subscription's parts in the types encryption needs.
pub(crate) struct Recipient {
    pub endpoint: Uri,
    pub public_key: PublicKey,
    pub auth: web_push_native::Auth,
}

impl PushSubscription {
    /// Reads a subscription as the browser's `toJSON()` writes it, and checks it.
    pub fn parse(json: &str) -> Result<PushSubscription, InvalidChannel> {
        let subscription: PushSubscription = serde_json::from_str(json)
            .map_err(|error| InvalidChannel::new(format!("not a push subscription: {error}")))?;
        subscription.check()?;
        Ok(subscription)
    }

    /// Checks that the endpoint is https (or http on this machine) and the keys are a P-256 point and a
    /// 16-byte secret, so a bad subscription is refused when it is registered, not at every dispatch.
    pub fn check(&self) -> Result<(), InvalidChannel> {
        self.recipient().map(|_| ())
    }

    pub(crate) fn recipient(&self) -> Result<Recipient, InvalidChannel> {
        let endpoint = check_destination(&self.endpoint)?;
        let p256dh = BASE64URL
            .decode(self.p256dh.trim())
            .map_err(|error| InvalidChannel::new(format!("keys.p256dh is not base64url: {error}")))?;
        // Why 65 and 0x04: RFC 8291 sends the key as an uncompressed point; a compressed one is not Web Push.
        if p256dh.len() != 65 || p256dh[0] != 0x04 {
            return Err(InvalidChannel::new(format!(
                "keys.p256dh must be a 65-byte uncompressed P-256 point, not {} bytes",
                p256dh.len()
            )));
        }
        let public_key = PublicKey::from_sec1_bytes(&p256dh)
            .map_err(|_| InvalidChannel::new("keys.p256dh is not a point on P-256"))?;
        let auth = BASE64URL
            .decode(self.auth.trim())
            .map_err(|error| InvalidChannel::new(format!("keys.auth is not base64url: {error}")))?;
        if auth.len() != 16 {
            return Err(InvalidChannel::new(format!("keys.auth must be 16 bytes, not {}", auth.len())));
        }
        Ok(Recipient { endpoint, public_key, auth: web_push_native::Auth::clone_from_slice(&auth) })
    }
}

/// The server's VAPID key: an ES256 (P-256) private key.
///
/// Its text form is the base64url of the 32-byte private scalar, the format of `web-push
/// generate-vapid-keys` and most Web Push libraries, so a key made elsewhere can be configured here.
/// Changing it invalidates every subscription: browsers subscribe with its public half.
#[derive(Clone)]
pub struct VapidKey(SecretKey);

impl VapidKey {
    /// A fresh random key.
    pub fn generate() -> VapidKey {
        VapidKey(SecretKey::random(&mut OsRng))
    }

    /// Reads a private key written by [`VapidKey::to_base64url`].
    pub fn from_base64url(private_key: &str) -> Result<VapidKey, InvalidChannel> {
        let bytes = BASE64URL
            .decode(private_key.trim())
            .map_err(|error| InvalidChannel::new(format!("the VAPID key is not base64url: {error}")))?;
        if bytes.len() != 32 {
            return Err(InvalidChannel::new(format!("the VAPID key must be 32 bytes, not {}", bytes.len())));
        }
        SecretKey::from_slice(&bytes).map(VapidKey).map_err(|_| InvalidChannel::new("the VAPID key is not a P-256 key"))
    }

    /// The private key, base64url; a secret, for configuration only.
    pub fn to_base64url(&self) -> String {
        BASE64URL.encode(self.0.to_bytes())
    }

    /// The public key, base64url of the 65-byte uncompressed point: the `applicationServerKey` the app
    /// passes to `pushManager.subscribe`, and the `k` of the VAPID header.
    pub fn public_key_base64url(&self) -> String {
        BASE64URL.encode(self.0.public_key().to_encoded_point(false).as_bytes())
    }
}

impl std::fmt::Debug for VapidKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Why: the private half must never reach a log line.
        f.debug_tuple("VapidKey").field(&self.public_key_base64url()).finish()
    }
}

/// What identifies this server to push services: its key and a contact for the push service's operators.
#[derive(Clone, Debug)]
pub struct Vapid {
    pub key: VapidKey,
    /// "mailto:..." or an https URL (RFC 8292 §2.1); some push services refuse tokens without one.
    pub subject: String,
}

/// How urgently the push service should wake the device (RFC 8030 §5.3); `High` for a dispatch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    #[default]
    Normal,
    High,
}

impl Urgency {
    pub(crate) fn header_value(self) -> &'static str {
        match self {
            Urgency::Normal => "normal",
            Urgency::High => "high",
        }
    }
}

/// The aes128gcm body for `recipient` (RFC 8291), by web-push-native's `encrypt`.
pub(crate) fn encrypt(recipient: &Recipient, payload: &[u8]) -> Result<Vec<u8>, String> {
    if payload.len() > MAX_PUSH_PAYLOAD {
        return Err(format!("the push payload is {} bytes, more than {MAX_PUSH_PAYLOAD}", payload.len()));
    }
    web_push_native::encrypt(payload.to_vec(), &recipient.public_key, &recipient.auth)
        .map_err(|error| format!("encrypting the push message: {error}"))
}

/// The `Authorization: vapid t=<JWT>, k=<public key>` header value (RFC 8292 §3): an ES256 JWT with
/// only the claims RFC 8292 asks for, `aud` (the push service's origin), `exp` and `sub`.
///
/// Why not web-push-native's `VapidSignature`: it writes `aud` without the port, which is the origin only
/// on the default port, and it ties the token's lifetime to the message's TTL, which may exceed the 24
/// hours RFC 8292 allows. The signature itself is p256's ECDSA (RFC 6979), the curve crate web-push-native
/// encrypts with.
pub(crate) fn authorization(vapid: &Vapid, endpoint: &Uri) -> Result<String, String> {
    let subject = vapid.subject.trim();
    if !(subject.starts_with("mailto:") || subject.starts_with("https://")) {
        return Err(format!("the VAPID subject must be a mailto: or https URL, not {subject:?}"));
    }
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_err(|_| "the clock is before 1970")?;
    let claims = serde_json::json!({
        "aud": origin(endpoint)?,
        "exp": (now + VAPID_VALIDITY).as_secs(),
        "sub": subject,
    });
    let signing_input =
        format!("{}.{}", BASE64URL.encode(br#"{"typ":"JWT","alg":"ES256"}"#), BASE64URL.encode(claims.to_string()));
    // JWS wants the raw 64-byte r || s (RFC 7518 §3.4), which is what `Signature::to_bytes` gives.
    let signature: Signature = SigningKey::from(&vapid.key.0).sign(signing_input.as_bytes());
    Ok(format!(
        "vapid t={signing_input}.{}, k={}",
        BASE64URL.encode(signature.to_bytes()),
        vapid.key.public_key_base64url()
    ))
}

/// The origin (RFC 6454) of a URL: scheme, host and the port unless it is the scheme's default.
fn origin(endpoint: &Uri) -> Result<String, String> {
    let scheme = endpoint.scheme_str().ok_or("the push endpoint has no scheme")?;
    let host = endpoint.host().ok_or("the push endpoint has no host")?;
    Ok(match (scheme, endpoint.port_u16()) {
        ("https", Some(443)) | ("http", Some(80)) | (_, None) => format!("{scheme}://{host}"),
        (_, Some(port)) => format!("{scheme}://{host}:{port}"),
    })
}
