//! One's own account: who am I, and changing my password. Open to every signed-in user, also to one
//! who must change their password before anything else.

use anyhow::Context as _;
use axum::extract::State;
use axum::http::StatusCode;
use tanggap_domain::User;
use tanggap_domain::dto::{AuditAction, FieldError, FieldProblem, PasswordChange, Problem};
use tanggap_store::repo::RepoError;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::password::check_policy;
use crate::auth::{Audit, Principal, SourceAddress, session, throttle};
use crate::error::ApiError;
use crate::extract::{Json, Language};
use crate::openapi::ProblemResponse;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(me)).routes(routes!(change_password))
}

/// The signed-in user, as stored now.
#[utoipa::path(
    get,
    path = "/api/me",
    operation_id = "me",
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, body = User),
    )
)]
#[tracing::instrument(name = "me", skip_all, fields(username = %principal.username))]
pub async fn me(State(state): State<AppState>, principal: Principal) -> Result<Json<User>, ApiError> {
    let stored = state.users.get(&principal.username).await.context("reading the signed-in user")?;
    stored.map(|stored| Json(stored.user)).ok_or(ApiError::Unauthenticated)
}

/// Changes the signed-in user's password, given the current one. Clears a required change, and ends
/// the user's other sessions (at their next refresh); this one goes on.
///
/// A wrong `current_password` is a 422 naming it, and counts as a failed login for the throttle; a new
/// password that is too short or too common is a 422 naming `new_password`.
#[utoipa::path(
    post,
    path = "/api/me/password",
    operation_id = "change_own_password",
    tag = "auth",
    security(("bearer" = [])),
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed"),
        (status = 413, response = ProblemResponse),
        (status = 415, response = ProblemResponse),
        (status = 422, response = ProblemResponse),
        (status = 429, body = Problem, content_type = "application/problem+json", headers(
            ("Retry-After" = u64, description = "Seconds until the cooling period ends"),
        )),
    )
)]
#[tracing::instrument(name = "change own password", skip_all, fields(username = %principal.username))]
pub async fn change_password(
    State(state): State<AppState>,
    Language(lang): Language,
    principal: Principal,
    source: SourceAddress,
    Json(change): Json<PasswordChange>,
) -> Result<StatusCode, ApiError> {
    let now = state.clock.now();
    // Guessing the current password with a stolen access token is guessing a login: throttled alike.
    let subjects = throttle::subjects(Some(&principal.username), &source.0);
    if let Some(retry_after) =
        throttle::retry_after(&state.throttle, &subjects, now).await.context("reading the throttle")?
    {
        return Err(ApiError::TooManyAttempts { retry_after });
    }
    let stored =
        state.users.get(&principal.username).await.context("reading the user")?.ok_or(ApiError::Unauthenticated)?;
    let current_ok = change.current_password.chars().count() <= tanggap_domain::user::MAX_PASSWORD_CHARS
        && state.passwords.verify(&change.current_password, &stored.password_hash).await?;
    let mut errors = Vec::new();
    if !current_ok {
        throttle::record_failure(&state.throttle, &subjects, now).await.context("counting a failed password check")?;
        errors.push(FieldError::new("current_password", FieldProblem::WrongPassword, lang));
    }
    let related = [stored.user.username.as_str(), stored.user.display_name.as_str()];
    match check_policy(&change.new_password, &related) {
        Err(problem) => errors.push(FieldError::new("new_password", problem, lang)),
        Ok(()) if change.new_password == change.current_password => {
            errors.push(FieldError::new("new_password", FieldProblem::Unchanged, lang));
        }
        Ok(()) => {}
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }

    let hash = state.passwords.hash(&change.new_password).await?;
    let mut stored = stored;
    loop {
        stored.password_hash = hash.clone();
        stored.user.must_change_password = false;
        stored.sessions_valid_from = Some(now);
        match state.users.save(&stored).await {
            Ok(_) => break,
            // An admin changed the user meanwhile (a new display name, say): apply the change again.
            Err(RepoError::VersionConflict) => {
                stored = state
                    .users
                    .get(&principal.username)
                    .await
                    .context("re-reading the user")?
                    .ok_or(ApiError::Unauthenticated)?;
            }
            Err(err) => return Err(anyhow::Error::new(err).context("saving the new password").into()),
        }
    }
    session::reauthenticate(&state, &principal.session, now).await?;
    let audit = Audit {
        action: AuditAction::PasswordChanged,
        actor: Some(&principal.username),
        subject: Some(&principal.username),
        source: &source,
        detail: None,
    };
    audit.record(&state).await?;
    Ok(StatusCode::NO_CONTENT)
}
