//! Sessions: a login starts a family of refresh tokens; each refresh replaces the token with a new one;
//! a replaced token presented again means a copy exists somewhere, and the whole family is revoked.
//!
//! The refresh token is `<family id>.<32 random bytes, base64url>` and travels only in the
//! `tanggap_refresh` cookie: HttpOnly (no script reads it), SameSite=Strict (no other site sends it),
//! Path=/api/auth (no other route receives it), Secure except on localhost. The table keeps only its
//! SHA-256. A family lives [`SESSION_SECONDS`] from login, an operator's shift with margin; refreshing
//! never extends it, so everyone signs in again at least once a shift.

use anyhow::Context as _;
use axum::http::{HeaderMap, HeaderValue, header};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use tanggap_domain::{Timestamp, User};
use tanggap_store::repo::{RepoError, SessionFamily, SessionId};

use crate::error::ApiError;
use crate::state::AppState;

/// The refresh cookie's name.
pub const COOKIE: &str = "tanggap_refresh";
/// The only path the browser sends the cookie to.
pub const COOKIE_PATH: &str = "/api/auth";
/// How long a session family lives from login: 12 hours, an 8-hour shift with margin.
pub const SESSION_SECONDS: i64 = 12 * 60 * 60;
/// Random bytes in a refresh token.
const SECRET_BYTES: usize = 32;
/// How often a change to a family is retried when another request changed it meanwhile.
const ATTEMPTS: usize = 5;

/// A refresh token. Its `Debug` form is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct RefreshToken {
    family: SessionId,
    secret: String,
}

impl std::fmt::Debug for RefreshToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RefreshToken").field("family", &self.family).field("secret", &"<redacted>").finish()
    }
}

impl RefreshToken {
    fn generate(family: SessionId) -> anyhow::Result<Self> {
        let mut bytes = [0u8; SECRET_BYTES];
        getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness for a refresh token: {e}"))?;
        Ok(Self { family, secret: URL_SAFE_NO_PAD.encode(bytes) })
    }

    /// Reads a token in its wire form; anything else is `None`.
    pub fn parse(text: &str) -> Option<Self> {
        let (family, secret) = text.split_once('.')?;
        let family = SessionId::parse(family)?;
        let decoded = URL_SAFE_NO_PAD.decode(secret).ok()?;
        (decoded.len() == SECRET_BYTES).then(|| Self { family, secret: secret.to_owned() })
    }

    pub fn family(&self) -> &SessionId {
        &self.family
    }

    /// The wire form, `<family id>.<secret>`: only ever written into the cookie.
    pub fn expose(&self) -> String {
        format!("{}.{}", self.family, self.secret)
    }

    /// What the table keeps: the hex SHA-256 of the wire form.
    fn hash(&self) -> String {
        format!("{:x}", Sha256::digest(self.expose().as_bytes()))
    }
}

/// The refresh token the request carries in its cookie, if any well-formed one.
pub fn token_from_cookie(headers: &HeaderMap) -> Option<RefreshToken> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .and_then(|(_, value)| RefreshToken::parse(value.trim()))
}

/// Whether the request was made to this machine itself, where the cookie cannot be `Secure` (plain
/// HTTP to the local server).
fn is_local(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else { return false };
    let name = match host.strip_prefix('[') {
        Some(ipv6) => ipv6.split(']').next().unwrap_or(""),
        None => host.split(':').next().unwrap_or(""),
    };
    matches!(name.to_ascii_lowercase().as_str(), "localhost" | "127.0.0.1" | "::1")
}

fn cookie(headers: &HeaderMap, value: &str, max_age: i64) -> anyhow::Result<HeaderValue> {
    let secure = if is_local(headers) { "" } else { "; Secure" };
    let text = format!("{COOKIE}={value}; Max-Age={max_age}; Path={COOKIE_PATH}; HttpOnly; SameSite=Strict{secure}");
    HeaderValue::from_str(&text).context("building the refresh cookie")
}

/// `Set-Cookie` for `token`, living until the family ends.
pub fn set_cookie(
    headers: &HeaderMap,
    token: &RefreshToken,
    family: &SessionFamily,
    now: Timestamp,
) -> anyhow::Result<HeaderValue> {
    let remaining = family.expires_at.seconds_since(now).max(0);
    cookie(headers, &token.expose(), remaining)
}

/// `Set-Cookie` that makes the browser forget the refresh cookie.
pub fn clear_cookie(headers: &HeaderMap) -> HeaderValue {
    cookie(headers, "", 0).unwrap_or_else(|_| HeaderValue::from_static("tanggap_refresh=; Max-Age=0; Path=/api/auth"))
}

/// Starts a family for `user`, who just proved their password.
pub async fn start(state: &AppState, user: &User, now: Timestamp) -> Result<(SessionFamily, RefreshToken), ApiError> {
    let token = RefreshToken::generate(SessionId::new())?;
    let family = SessionFamily {
        id: token.family.clone(),
        username: user.username.clone(),
        current_hash: token.hash(),
        previous_hashes: Vec::new(),
        created_at: now,
        authenticated_at: now,
        expires_at: now.plus_seconds(SESSION_SECONDS),
        revoked: false,
        version: 0,
    };
    let family = state.sessions.create(&family).await.context("storing a new session")?;
    Ok((family, token))
}

/// What presenting a refresh token led to.
#[derive(Debug)]
pub enum Refresh {
    /// The token was current: here is its successor, and the user as stored now.
    Rotated { family: SessionFamily, token: RefreshToken, user: User },
    /// Unknown, expired, revoked, or its user may no longer sign in.
    Refused,
    /// The token had been replaced already: someone kept a copy. The family is revoked.
    Reused { family: SessionFamily },
}

/// Exchanges a current refresh token for its successor.
pub async fn rotate(state: &AppState, token: &RefreshToken, now: Timestamp) -> Result<Refresh, ApiError> {
    for _ in 0..ATTEMPTS {
        let Some(mut family) = state.sessions.get(&token.family).await.context("reading a session")? else {
            return Ok(Refresh::Refused);
        };
        if family.revoked || family.expires_at <= now {
            return Ok(Refresh::Refused);
        }
        let presented = token.hash();
        if presented != family.current_hash {
            if family.previous_hashes.contains(&presented) {
                let family = revoke(state, family).await?;
                return Ok(Refresh::Reused { family });
            }
            return Ok(Refresh::Refused);
        }
        let stored = state.users.get(&family.username).await.context("reading the session's user")?;
        let allowed = stored.as_ref().is_some_and(|s| {
            !s.user.disabled && s.sessions_valid_from.is_none_or(|from| family.authenticated_at >= from)
        });
        let Some(stored) = stored.filter(|_| allowed) else {
            revoke(state, family).await?;
            return Ok(Refresh::Refused);
        };
        let next = RefreshToken::generate(family.id.clone())?;
        family.rotate(next.hash());
        match state.sessions.save(&family).await {
            Ok(family) => return Ok(Refresh::Rotated { family, token: next, user: stored.user }),
            // Another request changed the family since it was read: look again (a concurrent
            // refresh with the same token makes this one a reuse).
            Err(RepoError::VersionConflict) => continue,
            Err(err) => return Err(anyhow::Error::new(err).context("rotating a session").into()),
        }
    }
    Err(anyhow::anyhow!("session {} kept changing while being rotated", token.family).into())
}

/// Marks a family revoked: none of its tokens refreshes any more.
pub async fn revoke(state: &AppState, mut family: SessionFamily) -> Result<SessionFamily, ApiError> {
    for _ in 0..ATTEMPTS {
        if family.revoked {
            return Ok(family);
        }
        family.revoked = true;
        match state.sessions.save(&family).await {
            Ok(saved) => return Ok(saved),
            Err(RepoError::VersionConflict) => {
                family = state
                    .sessions
                    .get(&family.id)
                    .await
                    .context("re-reading a session to revoke it")?
                    .context("a session vanished while being revoked")?;
            }
            Err(err) => return Err(anyhow::Error::new(err).context("revoking a session").into()),
        }
    }
    Err(anyhow::anyhow!("session {} kept changing while being revoked", family.id).into())
}

/// Ends the family of `token` (logout): only a holder of one of its tokens may. Returns the family
/// if this ended it, `None` if there was nothing to end.
pub async fn end(state: &AppState, token: &RefreshToken) -> Result<Option<SessionFamily>, ApiError> {
    let Some(family) = state.sessions.get(&token.family).await.context("reading a session to end it")? else {
        return Ok(None);
    };
    let presented = token.hash();
    let holds = family.current_hash == presented || family.previous_hashes.contains(&presented);
    if !holds || family.revoked {
        return Ok(None);
    }
    revoke(state, family).await.map(Some)
}

/// Keeps the caller's own session alive across a change that ends the user's other sessions (a new
/// password): the family counts as authenticated now.
pub async fn reauthenticate(state: &AppState, session: &str, now: Timestamp) -> Result<(), ApiError> {
    let Some(id) = SessionId::parse(session) else { return Ok(()) };
    for _ in 0..ATTEMPTS {
        let Some(mut family) = state.sessions.get(&id).await.context("reading the caller's session")? else {
            return Ok(());
        };
        family.authenticated_at = now;
        match state.sessions.save(&family).await {
            Ok(_) => return Ok(()),
            Err(RepoError::VersionConflict) => continue,
            Err(err) => return Err(anyhow::Error::new(err).context("updating the caller's session").into()),
        }
    }
    Err(anyhow::anyhow!("session {id} kept changing").into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_round_trips_through_its_wire_form_and_garbage_does_not_parse() {
        let token = RefreshToken::generate(SessionId::new()).unwrap();
        assert_eq!(RefreshToken::parse(&token.expose()), Some(token.clone()));
        assert_eq!(token.expose().len(), 26 + 1 + 43);
        assert!(!format!("{token:?}").contains(&token.secret));
        for bad in ["", "nodot", "01JDGZ6Q8X4T3N2M1K0H9G8F7E.short", &format!("x.{}", token.secret)] {
            assert_eq!(RefreshToken::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_cookie_is_httponly_strict_scoped_and_secure_except_on_localhost() {
        let token = RefreshToken::generate(SessionId::new()).unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("tanggap.example.go.id"));
        let remote = cookie(&headers, &token.expose(), 43_200).unwrap();
        assert_eq!(
            remote.to_str().unwrap(),
            format!(
                "tanggap_refresh={}; Max-Age=43200; Path=/api/auth; HttpOnly; SameSite=Strict; Secure",
                token.expose()
            )
        );
        for local in ["localhost:8080", "127.0.0.1:8080", "[::1]:8080", "localhost"] {
            headers.insert(header::HOST, HeaderValue::from_static(local));
            assert!(!cookie(&headers, "x", 1).unwrap().to_str().unwrap().contains("Secure"), "{local}");
        }
        headers.insert(header::COOKIE, HeaderValue::from_str(&format!("a=b; {COOKIE}={}", token.expose())).unwrap());
        assert_eq!(token_from_cookie(&headers), Some(token));
    }
}
