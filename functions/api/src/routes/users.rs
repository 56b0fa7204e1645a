//! User administration (admin only): list, create, change, reset a password. Every change is audited.

use anyhow::Context as _;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use tanggap_domain::dto::{
    AuditAction, FieldError, FieldProblem, NewUser, PasswordReset, Problem, UserUpdate, parse_agency_for_role,
    parse_display_name,
};
use tanggap_domain::{AgencyCode, Lang, User};
use tanggap_store::repo::{RepoError, StoredUser};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::password::check_policy;
use crate::auth::{Audit, Principal, SourceAddress};
use crate::error::ApiError;
use crate::extract::{Json, Language, UsernamePath};
use crate::openapi::ProblemResponse;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list, create)).routes(routes!(update)).routes(routes!(reset_password))
}

/// How often a change is re-applied when the user changed meanwhile.
const ATTEMPTS: usize = 5;

/// Every user, by username.
#[utoipa::path(
    get,
    path = "/api/users",
    operation_id = "list_users",
    tag = "users",
    security(("bearer" = [])),
    responses(
        (status = 200, body = Vec<User>),
    )
)]
#[tracing::instrument(name = "list users", skip_all)]
pub async fn list(State(state): State<AppState>) -> Result<Json<Vec<User>>, ApiError> {
    Ok(Json(state.users.list().await.context("listing the users")?))
}

/// Creates a user, who must change the given password at first login.
#[utoipa::path(
    post,
    path = "/api/users",
    operation_id = "create_user",
    tag = "users",
    security(("bearer" = [])),
    request_body = NewUser,
    responses(
        (status = 201, body = User, headers(("Location" = String, description = "The user's URL"))),
        (status = 413, response = ProblemResponse),
        (status = 415, response = ProblemResponse),
        (status = 422, body = Problem, content_type = "application/problem+json", description = "Field errors; a taken username is `taken` on `username`"),
    )
)]
#[tracing::instrument(name = "create user", skip_all, fields(admin = %principal.username))]
pub async fn create(
    State(state): State<AppState>,
    Language(lang): Language,
    principal: Principal,
    source: SourceAddress,
    Json(form): Json<NewUser>,
) -> Result<(StatusCode, HeaderMap, Json<User>), ApiError> {
    let (draft, mut errors) = match form.parse(lang) {
        Ok(draft) => (Some(draft), Vec::new()),
        Err(errors) => (None, errors),
    };
    if !errors.iter().any(|e| e.field == "password")
        && let Err(problem) = check_policy(&form.password, &[form.username.trim(), form.display_name.trim()])
    {
        errors.push(FieldError::new("password", problem, lang));
    }
    if let Some(draft) = &draft {
        check_agency_exists(&state, draft.agency.as_ref(), lang, &mut errors).await?;
    }
    let Some(draft) = draft.filter(|_| errors.is_empty()) else {
        return Err(ApiError::Validation(errors));
    };

    let user = User {
        username: draft.username,
        display_name: draft.display_name,
        role: draft.role,
        agency: draft.agency,
        disabled: false,
        must_change_password: true,
    };
    let hash = state.passwords.hash(&draft.password).await?;
    match state.users.create(&StoredUser::new(user.clone(), hash)).await {
        Ok(()) => {}
        Err(RepoError::Exists) => {
            return Err(ApiError::Validation(vec![FieldError::new("username", FieldProblem::Taken, lang)]));
        }
        Err(err) => return Err(anyhow::Error::new(err).context("storing the new user").into()),
    }
    let detail = format!("role: {}; agency: {}", user.role.as_str(), agency_text(user.agency.as_ref()));
    let audit = Audit {
        action: AuditAction::UserCreated,
        actor: Some(&principal.username),
        subject: Some(&user.username),
        source: &source,
        detail: Some(detail),
    };
    audit.record(&state).await?;
    let mut headers = HeaderMap::new();
    let location = format!("/api/users/{}", user.username);
    headers.insert(header::LOCATION, HeaderValue::from_str(&location).context("the location header")?);
    Ok((StatusCode::CREATED, headers, Json(user)))
}

/// Adds an `unknown_agency` error when `agency` is not in the catalog.
async fn check_agency_exists(
    state: &AppState,
    agency: Option<&AgencyCode>,
    lang: Lang,
    errors: &mut Vec<FieldError>,
) -> Result<(), ApiError> {
    let Some(agency) = agency else { return Ok(()) };
    let agencies = state.catalog.agencies().await.context("listing the agencies")?;
    if !agencies.iter().any(|a| a.code == *agency) {
        errors.push(FieldError::new("agency", FieldProblem::UnknownAgency, lang));
    }
    Ok(())
}

fn agency_text(agency: Option<&AgencyCode>) -> &str {
    agency.map_or("-", AgencyCode::as_str)
}

/// Changes a user: only the fields present. `agency` goes with `role` (required for an officer or a
/// head, absent otherwise); alone it moves an officer or head to another agency. Disabling a user ends
/// their sessions at the next refresh (their access token runs out within 10 minutes). An admin
/// cannot disable their own account or change its role.
#[utoipa::path(
    patch,
    path = "/api/users/{username}",
    operation_id = "update_user",
    tag = "users",
    security(("bearer" = [])),
    params(("username" = String, Path, description = "The user's login name")),
    request_body = UserUpdate,
    responses(
        (status = 200, body = User),
        (status = 404, response = ProblemResponse),
        (status = 413, response = ProblemResponse),
        (status = 415, response = ProblemResponse),
        (status = 422, response = ProblemResponse),
    )
)]
#[tracing::instrument(name = "update user", skip_all, fields(admin = %principal.username, username = %username.0))]
pub async fn update(
    State(state): State<AppState>,
    Language(lang): Language,
    principal: Principal,
    source: SourceAddress,
    username: UsernamePath,
    Json(update): Json<UserUpdate>,
) -> Result<Json<User>, ApiError> {
    let now = state.clock.now();
    for _ in 0..ATTEMPTS {
        let mut stored = state.users.get(&username.0).await.context("reading the user")?.ok_or(ApiError::NotFound)?;
        let before = stored.user.clone();
        let after = apply(&update, &before, &principal, lang)?;
        let mut errors = Vec::new();
        if after.agency != before.agency {
            check_agency_exists(&state, after.agency.as_ref(), lang, &mut errors).await?;
        }
        if !errors.is_empty() {
            return Err(ApiError::Validation(errors));
        }
        let changes = describe_changes(&before, &after);
        if after.disabled && !before.disabled {
            // Their sessions end at the next refresh.
            stored.sessions_valid_from = Some(now);
        }
        stored.user = after;
        match state.users.save(&stored).await {
            Ok(saved) => {
                if !changes.is_empty() {
                    let audit = Audit {
                        action: AuditAction::UserUpdated,
                        actor: Some(&principal.username),
                        subject: Some(&saved.user.username),
                        source: &source,
                        detail: Some(changes.join("; ")),
                    };
                    audit.record(&state).await?;
                }
                return Ok(Json(saved.user));
            }
            Err(RepoError::VersionConflict) => continue,
            Err(err) => return Err(anyhow::Error::new(err).context("saving the user").into()),
        }
    }
    Err(anyhow::anyhow!("user {} kept changing while being updated", username.0).into())
}

/// The user as `update` leaves them, or every field's problem.
fn apply(update: &UserUpdate, user: &User, principal: &Principal, lang: Lang) -> Result<User, ApiError> {
    let mut errors = Vec::new();
    let mut next = user.clone();
    if let Some(name) = &update.display_name {
        match parse_display_name(name) {
            Ok(name) => next.display_name = name,
            Err(problem) => errors.push(FieldError::new("display_name", problem, lang)),
        }
    }
    if update.role.is_some() || update.agency.is_some() {
        let role = update.role.unwrap_or(user.role);
        match parse_agency_for_role(role, update.agency.as_deref()) {
            Ok(agency) => (next.role, next.agency) = (role, agency),
            Err(problem) => errors.push(FieldError::new("agency", problem, lang)),
        }
    }
    if let Some(disabled) = update.disabled {
        next.disabled = disabled;
    }
    // Nobody would be left to undo it.
    if user.username == principal.username {
        if next.role != user.role {
            errors.push(FieldError::new("role", FieldProblem::OwnAccount, lang));
        }
        if next.disabled && !user.disabled {
            errors.push(FieldError::new("disabled", FieldProblem::OwnAccount, lang));
        }
    }
    if errors.is_empty() { Ok(next) } else { Err(ApiError::Validation(errors)) }
}

/// What changed, for the audit log, e.g. `role: operator -> supervisor`.
fn describe_changes(before: &User, after: &User) -> Vec<String> {
    let mut changes = Vec::new();
    if before.display_name != after.display_name {
        changes.push(format!("display_name: {:?} -> {:?}", before.display_name, after.display_name));
    }
    if before.role != after.role {
        changes.push(format!("role: {} -> {}", before.role.as_str(), after.role.as_str()));
    }
    if before.agency != after.agency {
        changes.push(format!(
            "agency: {} -> {}",
            agency_text(before.agency.as_ref()),
            agency_text(after.agency.as_ref())
        ));
    }
    if before.disabled != after.disabled {
        changes.push(format!("disabled: {} -> {}", before.disabled, after.disabled));
    }
    changes
}

/// Sets a temporary password: the user must change it at their next login, and their sessions end at
/// the next refresh.
#[utoipa::path(
    post,
    path = "/api/users/{username}/password",
    operation_id = "reset_password",
    tag = "users",
    security(("bearer" = [])),
    params(("username" = String, Path, description = "The user's login name")),
    request_body = PasswordReset,
    responses(
        (status = 204, description = "Reset"),
        (status = 404, response = ProblemResponse),
        (status = 413, response = ProblemResponse),
        (status = 415, response = ProblemResponse),
        (status = 422, response = ProblemResponse),
    )
)]
#[tracing::instrument(name = "reset password", skip_all, fields(admin = %principal.username, username = %username.0))]
pub async fn reset_password(
    State(state): State<AppState>,
    Language(lang): Language,
    principal: Principal,
    source: SourceAddress,
    username: UsernamePath,
    Json(reset): Json<PasswordReset>,
) -> Result<StatusCode, ApiError> {
    let now = state.clock.now();
    let stored = state.users.get(&username.0).await.context("reading the user")?.ok_or(ApiError::NotFound)?;
    check_policy(&reset.new_password, &[stored.user.username.as_str(), stored.user.display_name.as_str()])
        .map_err(|problem| ApiError::Validation(vec![FieldError::new("new_password", problem, lang)]))?;
    let hash = state.passwords.hash(&reset.new_password).await?;
    let mut stored = stored;
    for attempt in 0..ATTEMPTS {
        stored.password_hash = hash.clone();
        stored.user.must_change_password = true;
        stored.sessions_valid_from = Some(now);
        match state.users.save(&stored).await {
            Ok(_) => break,
            Err(RepoError::VersionConflict) if attempt + 1 < ATTEMPTS => {
                stored =
                    state.users.get(&username.0).await.context("re-reading the user")?.ok_or(ApiError::NotFound)?;
            }
            Err(err) => return Err(anyhow::Error::new(err).context("saving the reset password").into()),
        }
    }
    let audit = Audit {
        action: AuditAction::PasswordReset,
        actor: Some(&principal.username),
        subject: Some(&username.0),
        source: &source,
        detail: None,
    };
    audit.record(&state).await?;
    Ok(StatusCode::NO_CONTENT)
}
