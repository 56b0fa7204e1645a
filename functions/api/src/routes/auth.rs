//! Signing in and out: login, refresh, logout. Public routes: the password, or the refresh cookie, is
//! the credential.

use anyhow::Context as _;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tanggap_domain::dto::{AuditAction, LoginRequest, Problem, Session};
use tanggap_domain::user::MAX_PASSWORD_CHARS;
use tanggap_domain::{Timestamp, User, Username};
use tanggap_store::repo::SessionFamily;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::session::{self, Refresh, RefreshToken};
use crate::auth::{Audit, SourceAddress, throttle};
use crate::error::ApiError;
use crate::extract::Json;
use crate::openapi::ProblemResponse;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(login)).routes(routes!(refresh)).routes(routes!(logout))
}

/// Signs in: a short-lived access token in the body, the refresh token in the `tanggap_refresh`
/// cookie (HttpOnly, SameSite=Strict, Path=/api/auth, Max-Age 12 h, Secure except on localhost).
///
/// An unknown user, a wrong password and a disabled account are refused alike (401
/// `/problems/invalid-credentials`). After 5 failures in 15 minutes for the account or the source
/// address, logins for it are refused for 15 minutes with 429 `/problems/too-many-attempts` and
/// `Retry-After`. A user whose password was reset signs in with `user.must_change_password` set, and
/// may then only change it (`POST /api/me/password`).
#[utoipa::path(
    post,
    path = "/api/auth/login",
    operation_id = "login",
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, body = Session, headers(
            ("Set-Cookie" = String, description = "`tanggap_refresh=<token>; Max-Age=43200; Path=/api/auth; HttpOnly; SameSite=Strict; Secure`"),
        )),
        (status = 401, body = Problem, content_type = "application/problem+json", description = "`/problems/invalid-credentials`"),
        (status = 413, response = ProblemResponse),
        (status = 415, response = ProblemResponse),
        (status = 422, response = ProblemResponse),
        (status = 429, body = Problem, content_type = "application/problem+json", description = "`/problems/too-many-attempts`", headers(
            ("Retry-After" = u64, description = "Seconds until the cooling period ends"),
        )),
    )
)]
#[tracing::instrument(name = "login", skip_all, fields(source = %source.0))]
pub async fn login(
    State(state): State<AppState>,
    source: SourceAddress,
    headers: HeaderMap,
    Json(request): Json<LoginRequest>,
) -> Result<(HeaderMap, Json<Session>), ApiError> {
    let now = state.clock.now();
    let username = Username::parse(&request.username).ok();
    let subjects = throttle::subjects(username.as_ref(), &source.0);
    if let Some(retry_after) =
        throttle::retry_after(&state.throttle, &subjects, now).await.context("reading the login throttle")?
    {
        let audit = Audit {
            action: AuditAction::LoginThrottled,
            actor: username.as_ref(),
            subject: None,
            source: &source,
            detail: None,
        };
        audit.record(&state).await?;
        return Err(ApiError::TooManyAttempts { retry_after });
    }

    let (user, refusal) = check_credentials(&state, username.as_ref(), &request.password).await?;
    let Some(user) = user else {
        throttle::record_failure(&state.throttle, &subjects, now).await.context("counting a failed login")?;
        let audit = Audit {
            action: AuditAction::LoginFailed,
            actor: username.as_ref(),
            subject: None,
            source: &source,
            detail: refusal.map(str::to_owned),
        };
        audit.record(&state).await?;
        return Err(ApiError::InvalidCredentials);
    };

    throttle::clear_account(&state.throttle, &user.username, now).await.context("clearing the login throttle")?;
    let (family, token) = session::start(&state, &user, now).await?;
    let session = issue(&state, user, &family, now)?;
    let audit = Audit {
        action: AuditAction::Login,
        actor: Some(&session.user.username),
        subject: None,
        source: &source,
        detail: None,
    };
    audit.record(&state).await?;
    Ok((session_headers(&headers, &token, &family, now)?, Json(session)))
}

/// The user, if the password is theirs and the account may sign in; otherwise why not (for the audit
/// log only: the client hears the same refusal whatever the reason).
async fn check_credentials(
    state: &AppState,
    username: Option<&Username>,
    password: &str,
) -> Result<(Option<User>, Option<&'static str>), ApiError> {
    let stored = match username {
        Some(name) => state.users.get(name).await.context("reading the user")?,
        None => None,
    };
    // No password that long was ever accepted; refusing it unhashed keeps hashing bounded.
    if password.chars().count() > MAX_PASSWORD_CHARS {
        return Ok((None, Some("password too long")));
    }
    let Some(stored) = stored else {
        // As long as a real check, so that timing does not tell which usernames exist.
        state.passwords.verify_nobody(password).await?;
        return Ok((None, Some("unknown user")));
    };
    if !state.passwords.verify(password, &stored.password_hash).await? {
        return Ok((None, Some("wrong password")));
    }
    if stored.user.disabled {
        return Ok((None, Some("account disabled")));
    }
    Ok((Some(stored.user), None))
}

/// What login and refresh answer: an access token for `user` in `family`.
fn issue(state: &AppState, user: User, family: &SessionFamily, now: Timestamp) -> Result<Session, ApiError> {
    let (access_token, expires_in) = state.tokens.issue(&user, family.id.as_str(), now)?;
    Ok(Session { access_token, expires_in, user })
}

/// The refresh cookie, and no caching of the answer that carries the tokens.
fn session_headers(
    request: &HeaderMap,
    token: &RefreshToken,
    family: &SessionFamily,
    now: Timestamp,
) -> Result<HeaderMap, ApiError> {
    let mut headers = HeaderMap::new();
    headers.insert(header::SET_COOKIE, session::set_cookie(request, token, family, now)?);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(headers)
}

/// Renews the access token with the refresh cookie, which is replaced by a new one (the old one is
/// spent). No body.
///
/// Refused with 401 `/problems/session-expired` (and the cookie cleared) when there is no cookie, or
/// its session has ended, was revoked, or its user was disabled or had their password reset. A refresh
/// token used a second time revokes its whole session: someone else holds a copy.
#[utoipa::path(
    post,
    path = "/api/auth/refresh",
    operation_id = "refresh",
    tag = "auth",
    responses(
        (status = 200, body = Session, headers(
            ("Set-Cookie" = String, description = "The next `tanggap_refresh` token; Max-Age is what is left of the 12 h session"),
        )),
        (status = 401, body = Problem, content_type = "application/problem+json", description = "`/problems/session-expired`"),
    )
)]
#[tracing::instrument(name = "refresh", skip_all, fields(source = %source.0))]
pub async fn refresh(State(state): State<AppState>, source: SourceAddress, headers: HeaderMap) -> Response {
    match renew(&state, &source, &headers).await {
        Ok(response) => response,
        Err(err @ ApiError::SessionExpired) => {
            let mut response = err.into_response();
            response.headers_mut().insert(header::SET_COOKIE, session::clear_cookie(&headers));
            response
        }
        Err(err) => err.into_response(),
    }
}

async fn renew(state: &AppState, source: &SourceAddress, headers: &HeaderMap) -> Result<Response, ApiError> {
    let now = state.clock.now();
    let token = session::token_from_cookie(headers).ok_or(ApiError::SessionExpired)?;
    match session::rotate(state, &token, now).await? {
        Refresh::Rotated { family, token, user } => {
            let session = issue(state, user, &family, now)?;
            Ok((session_headers(headers, &token, &family, now)?, Json(session)).into_response())
        }
        Refresh::Refused => Err(ApiError::SessionExpired),
        Refresh::Reused { family } => {
            tracing::warn!(session = %family.id, username = %family.username, "a refresh token was reused; session revoked");
            let audit = Audit {
                action: AuditAction::RefreshReuse,
                actor: Some(&family.username),
                subject: None,
                source,
                detail: Some(format!("session {} revoked", family.id)),
            };
            audit.record(state).await?;
            Err(ApiError::SessionExpired)
        }
    }
}

/// Signs out: ends the session of the refresh cookie and clears the cookie. Always 204, also without
/// a cookie or with a spent one. (The access token lives until it expires, at most 10 minutes; the
/// app forgets it.)
#[utoipa::path(
    post,
    path = "/api/auth/logout",
    operation_id = "logout",
    tag = "auth",
    responses(
        (status = 204, headers(("Set-Cookie" = String, description = "Clears `tanggap_refresh`"))),
    )
)]
#[tracing::instrument(name = "logout", skip_all, fields(source = %source.0))]
pub async fn logout(
    State(state): State<AppState>,
    source: SourceAddress,
    headers: HeaderMap,
) -> Result<(StatusCode, HeaderMap), ApiError> {
    if let Some(token) = session::token_from_cookie(&headers)
        && let Some(family) = session::end(&state, &token).await?
    {
        let audit = Audit {
            action: AuditAction::Logout,
            actor: Some(&family.username),
            subject: None,
            source: &source,
            detail: None,
        };
        audit.record(&state).await?;
    }
    let mut answer = HeaderMap::new();
    answer.insert(header::SET_COOKIE, session::clear_cookie(&headers));
    Ok((StatusCode::NO_CONTENT, answer))
}
