//! Access tokens: short-lived HS256 JWTs naming the user, their role and agency, and their session.
//!
//! The key that signs them is loaded once per process through a [`KeySource`]: from SSM Parameter
//! Store on AWS, from a key file on a laptop, or given as is in tests.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use tanggap_domain::{AgencyCode, Role, Timestamp, User, Username};

use super::principal::Principal;

/// How long an access token lives. Short, because it is checked without storage: a disabled user or a
/// changed role takes effect at the latest when it runs out.
pub const ACCESS_TOKEN_SECONDS: u64 = 10 * 60;

/// The fewest bytes a signing key may have: HS256's own output size, as RFC 7518 requires.
pub const MIN_KEY_BYTES: usize = 32;

/// The secret that signs and verifies access tokens. Never printed, never sent.
#[derive(Clone)]
pub struct SigningKey(Vec<u8>);

impl SigningKey {
    /// A key of at least [`MIN_KEY_BYTES`] bytes.
    pub fn new(bytes: Vec<u8>) -> anyhow::Result<Self> {
        if bytes.len() < MIN_KEY_BYTES {
            bail!("a signing key needs at least {MIN_KEY_BYTES} bytes, this one has {}", bytes.len());
        }
        Ok(Self(bytes))
    }

    /// A fresh random key.
    pub fn random() -> anyhow::Result<Self> {
        Self::from_text(&Self::generate_text()?)
    }

    /// A fresh random key, as text (what the key file holds).
    fn generate_text() -> anyhow::Result<String> {
        let mut bytes = [0u8; 48];
        getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness for a signing key: {e}"))?;
        Ok(URL_SAFE_NO_PAD.encode(bytes))
    }

    /// A key from its text form (the key file's content or the SSM parameter's value): the bytes of
    /// the text, trimmed.
    fn from_text(text: &str) -> anyhow::Result<Self> {
        Self::new(text.trim().as_bytes().to_vec())
    }
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningKey(<redacted>)")
    }
}

/// Where the signing key comes from.
#[derive(Debug, Clone)]
pub enum KeySource {
    /// A file that holds the key as text, created with a new random key on first use, readable only
    /// by its owner (mode 0600). The local server's: `<data dir>/signing.key`.
    File(PathBuf),
    /// An SSM Parameter Store SecureString, read once per cold start. The Lambda functions'.
    #[cfg(feature = "ssm")]
    Ssm { parameter: String },
    /// A key given as is (tests).
    Fixed(SigningKey),
}

impl KeySource {
    pub async fn load(self) -> anyhow::Result<SigningKey> {
        match self {
            KeySource::File(path) => {
                tokio::task::spawn_blocking(move || load_or_create_file(&path)).await.context("the key file task")?
            }
            #[cfg(feature = "ssm")]
            KeySource::Ssm { parameter } => load_from_ssm(&parameter).await,
            KeySource::Fixed(key) => Ok(key),
        }
    }
}

fn load_or_create_file(path: &Path) -> anyhow::Result<SigningKey> {
    use std::io::Write as _;
    match std::fs::read_to_string(path) {
        Ok(text) => {
            return SigningKey::from_text(&text).with_context(|| format!("the signing key in {}", path.display()));
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
        Err(err) => return Err(err).with_context(|| format!("reading the signing key {}", path.display())),
    }
    let text = SigningKey::generate_text()?;
    let mut options = std::fs::OpenOptions::new();
    // `create_new`: if two processes race, one creates it and the other fails rather than overwrite.
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).with_context(|| format!("creating the signing key {}", path.display()))?;
    file.write_all(format!("{text}\n").as_bytes())
        .and_then(|()| file.sync_all())
        .with_context(|| format!("writing the signing key {}", path.display()))?;
    tracing::info!(path = %path.display(), "created a new signing key");
    SigningKey::from_text(&text)
}

#[cfg(feature = "ssm")]
async fn load_from_ssm(parameter: &str) -> anyhow::Result<SigningKey> {
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let client = aws_sdk_ssm::Client::new(&config);
    let output = client
        .get_parameter()
        .name(parameter)
        .with_decryption(true)
        .send()
        .await
        .map_err(|e| anyhow::anyhow!("{}", aws_sdk_ssm::error::DisplayErrorContext(e)))
        .with_context(|| format!("reading the signing key from SSM parameter {parameter}"))?;
    let value = output
        .parameter()
        .and_then(|p| p.value())
        .with_context(|| format!("SSM parameter {parameter} has no value"))?;
    SigningKey::from_text(value).with_context(|| format!("the signing key in SSM parameter {parameter}"))
}

/// The claims of an access token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Claims {
    /// The username.
    sub: String,
    role: Role,
    agency: Option<AgencyCode>,
    /// The session family the token was issued in.
    sid: String,
    /// Issued at and expires, in seconds since the epoch.
    iat: i64,
    exp: i64,
    /// The user must change their password before doing anything else.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    must_change_password: bool,
}

/// Issues and checks access tokens with one key.
#[derive(Clone)]
pub struct Tokens {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Tokens(<redacted>)")
    }
}

impl Tokens {
    pub fn new(key: &SigningKey) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        // Expiry is checked against the application's clock (see `verify`), so that tests can move time.
        validation.validate_exp = false;
        validation.required_spec_claims = ["sub", "exp", "iat"].into_iter().map(String::from).collect();
        Self { encoding: EncodingKey::from_secret(&key.0), decoding: DecodingKey::from_secret(&key.0), validation }
    }

    /// A token for `user` in session `session`, issued at `now`, and its lifetime in seconds.
    pub fn issue(&self, user: &User, session: &str, now: Timestamp) -> anyhow::Result<(String, u64)> {
        let iat = now.unix_millis().div_euclid(1000);
        let claims = Claims {
            sub: user.username.to_string(),
            role: user.role,
            agency: user.agency.clone(),
            sid: session.to_owned(),
            iat,
            exp: iat + ACCESS_TOKEN_SECONDS as i64,
            must_change_password: user.must_change_password,
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .context("signing an access token")?;
        Ok((token, ACCESS_TOKEN_SECONDS))
    }

    /// The principal a token names, if it is signed with this key, well-formed and not expired at
    /// `now`. Why a token is refused is not told: the answer is the same 401 whatever the reason.
    pub fn verify(&self, token: &str, now: Timestamp) -> Option<Principal> {
        let claims = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation).ok()?.claims;
        if claims.exp <= now.unix_millis().div_euclid(1000) {
            return None;
        }
        let username = Username::parse(&claims.sub).ok()?;
        User::check_role_and_agency(claims.role, claims.agency.as_ref()).ok()?;
        Some(Principal {
            username,
            role: claims.role,
            agency: claims.agency,
            session: claims.sid,
            must_change_password: claims.must_change_password,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> SigningKey {
        SigningKey::new(vec![byte; 32]).unwrap()
    }

    fn user() -> User {
        User {
            username: Username::parse("damkar").unwrap(),
            display_name: "Petugas Damkar".into(),
            role: Role::AgencyOfficer,
            agency: Some(AgencyCode::parse("DAMKAR").unwrap()),
            disabled: false,
            must_change_password: false,
        }
    }

    #[test]
    fn a_token_names_its_user_until_it_expires() {
        let tokens = Tokens::new(&key(7));
        let now = Timestamp::from_unix_millis(1_795_000_000_000).unwrap();
        let (token, lifetime) = tokens.issue(&user(), "01JDGZ6Q8X4T3N2M1K0H9G8F7E", now).unwrap();

        let principal = tokens.verify(&token, now.plus_seconds(599)).unwrap();

        assert_eq!(lifetime, 600);
        assert_eq!(principal.username.as_str(), "damkar");
        assert_eq!((principal.role, principal.agency.unwrap().as_str()), (Role::AgencyOfficer, "DAMKAR"));
        assert_eq!(principal.session, "01JDGZ6Q8X4T3N2M1K0H9G8F7E");
        assert!(tokens.verify(&token, now.plus_seconds(600)).is_none(), "expired");
    }

    #[test]
    fn a_token_of_another_key_or_altered_is_refused() {
        let now = Timestamp::from_unix_millis(1_795_000_000_000).unwrap();
        let (token, _) = Tokens::new(&key(1)).issue(&user(), "s", now).unwrap();
        assert!(Tokens::new(&key(2)).verify(&token, now).is_none());
        let mut parts: Vec<String> = token.split('.').map(String::from).collect();
        let claims = String::from_utf8(URL_SAFE_NO_PAD.decode(&parts[1]).unwrap()).unwrap();
        parts[1] = URL_SAFE_NO_PAD.encode(claims.replace("agency_officer", "admin").replace(r#""DAMKAR""#, "null"));
        assert!(Tokens::new(&key(1)).verify(&parts.join("."), now).is_none());
        assert!(Tokens::new(&key(1)).verify("not.a.token", now).is_none());
    }

    #[test]
    fn short_keys_are_refused_and_keys_never_print() {
        assert!(SigningKey::new(vec![0; 31]).is_err());
        assert_eq!(format!("{:?}", key(9)), "SigningKey(<redacted>)");
    }

    #[tokio::test]
    async fn a_key_file_is_created_once_owner_only_and_then_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("signing.key");
        let now = Timestamp::from_unix_millis(1_795_000_000_000).unwrap();

        let first = KeySource::File(path.clone()).load().await.unwrap();
        let again = KeySource::File(path.clone()).load().await.unwrap();

        let (token, _) = Tokens::new(&first).issue(&user(), "s", now).unwrap();
        assert!(Tokens::new(&again).verify(&token, now).is_some(), "the same key the second time");
        assert!(first.0.len() >= MIN_KEY_BYTES);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }
}
