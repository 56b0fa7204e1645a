//! The signed-in user's notifications (the bell), how they want to be reached, and the browsers they
//! subscribed for Web Push. Open to every signed-in user, each for their own only.

use anyhow::Context as _;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use serde::Deserialize;
use tanggap_domain::dashboard::brief::BRIEF_ROLES;
use tanggap_domain::dto::{
    AuditAction, FieldError, FieldProblem, MarkRead, NotificationsPage, PushKey, PushSubscriptionJson,
};
use tanggap_domain::notification::NotificationSettings;
use tanggap_domain::{Lang, Role};
use tanggap_store::repo::RECENT_NOTIFICATIONS;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::{Audit, Principal, SourceAddress};
use crate::error::{ApiError, BadRequest};
use crate::extract::{Json, Language, Query};
use crate::notify::MAX_BROWSERS_PER_USER;
use crate::openapi::ProblemResponse;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(mark_read))
        .routes(routes!(settings, save_settings))
        .routes(routes!(push_key))
        .routes(routes!(subscribe, unsubscribe))
}

/// How many notifications a page lists unless `?limit` says.
pub const DEFAULT_LIMIT: usize = 20;

/// The longest push endpoint accepted; push services' run to a few hundred characters.
pub const MAX_ENDPOINT_CHARS: usize = 2048;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// How many to list, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<usize>,
}

async fn page(state: &AppState, principal: &Principal, limit: usize) -> Result<NotificationsPage, ApiError> {
    let (notifications, unread) =
        state.notifications.recent(&principal.username, limit).await.context("reading the notifications")?;
    Ok(NotificationsPage { notifications, unread })
}

/// The signed-in user's notifications, newest first, with the number of unread among the recent ones
/// (the bell's number).
#[utoipa::path(
    get,
    path = "/api/notifications",
    operation_id = "notifications",
    tag = "notifications",
    security(("bearer" = [])),
    params(ListQuery),
    responses(
        (status = 200, body = NotificationsPage),
        (status = 400, response = ProblemResponse),
    )
)]
#[tracing::instrument(name = "notifications", skip_all, fields(username = %principal.username))]
pub async fn list(
    State(state): State<AppState>,
    principal: Principal,
    Query(query): Query<ListQuery>,
) -> Result<Json<NotificationsPage>, ApiError> {
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=RECENT_NOTIFICATIONS).contains(&limit) {
        let message = format!("limit must be 1 to {RECENT_NOTIFICATIONS}");
        return Err(ApiError::BadRequest(BadRequest::MalformedQuery(message)));
    }
    Ok(Json(page(&state, &principal, limit).await?))
}

/// Marks the named notifications read, or all the recent ones when `ids` is empty; answers with the
/// first page as it is now. Ids that are not the user's recent notifications are ignored.
#[utoipa::path(
    post,
    path = "/api/notifications/read",
    operation_id = "mark_notifications_read",
    tag = "notifications",
    security(("bearer" = [])),
    request_body = MarkRead,
    responses(
        (status = 200, body = NotificationsPage),
        (status = 413, response = ProblemResponse),
        (status = 415, response = ProblemResponse),
        (status = 422, response = ProblemResponse),
    )
)]
#[tracing::instrument(name = "mark notifications read", skip_all, fields(username = %principal.username))]
pub async fn mark_read(
    State(state): State<AppState>,
    Language(lang): Language,
    principal: Principal,
    Json(request): Json<MarkRead>,
) -> Result<Json<NotificationsPage>, ApiError> {
    if request.ids.len() > RECENT_NOTIFICATIONS {
        let problem = FieldProblem::TooMany(RECENT_NOTIFICATIONS as u32);
        return Err(ApiError::Validation(vec![FieldError::new("ids", problem, lang)]));
    }
    let ids = (!request.ids.is_empty()).then_some(request.ids.as_slice());
    state.notifications.mark_read(&principal.username, ids).await.context("marking notifications read")?;
    Ok(Json(page(&state, &principal, DEFAULT_LIMIT).await?))
}

/// How the signed-in user wants to be reached, and whether they are on duty (the defaults until they
/// first save: the bell only, off duty).
#[utoipa::path(
    get,
    path = "/api/me/notification-settings",
    operation_id = "notification_settings",
    tag = "notifications",
    security(("bearer" = [])),
    responses(
        (status = 200, body = NotificationSettings),
    )
)]
#[tracing::instrument(name = "notification settings", skip_all, fields(username = %principal.username))]
pub async fn settings(
    State(state): State<AppState>,
    principal: Principal,
) -> Result<Json<NotificationSettings>, ApiError> {
    let settings = state.notifications.settings(&principal.username).await.context("reading the settings")?;
    Ok(Json(settings))
}

/// Saves how the signed-in user wants to be reached, and whether they are on duty; answers with the
/// settings as saved. `contact` (what the regency's gateway sends to) is at most 64 characters and is
/// required with `webhook`; a blank one is none. Changes are recorded in the audit log.
#[utoipa::path(
    put,
    path = "/api/me/notification-settings",
    operation_id = "save_notification_settings",
    tag = "notifications",
    security(("bearer" = [])),
    request_body = NotificationSettings,
    responses(
        (status = 200, body = NotificationSettings),
        (status = 413, response = ProblemResponse),
        (status = 415, response = ProblemResponse),
        (status = 422, response = ProblemResponse),
    )
)]
#[tracing::instrument(name = "save notification settings", skip_all, fields(username = %principal.username))]
pub async fn save_settings(
    State(state): State<AppState>,
    Language(lang): Language,
    principal: Principal,
    source: SourceAddress,
    Json(form): Json<NotificationSettings>,
) -> Result<Json<NotificationSettings>, ApiError> {
    let next = checked(form, principal.role, lang).map_err(ApiError::Validation)?;
    let before = state.notifications.settings(&principal.username).await.context("reading the settings")?;
    if next != before {
        state.notifications.put_settings(&principal.username, &next).await.context("saving the settings")?;
        let audit = Audit {
            action: AuditAction::NotificationSettingsChanged,
            actor: Some(&principal.username),
            subject: Some(&principal.username),
            source: &source,
            detail: Some(changes(&before, &next)),
        };
        audit.record(&state).await?;
    }
    Ok(Json(next))
}

/// The settings as they will be saved: the contact trimmed (blank: none) and checked, the morning brief
/// only for the roles it is for.
fn checked(
    mut settings: NotificationSettings,
    role: Role,
    lang: Lang,
) -> Result<NotificationSettings, Vec<FieldError>> {
    settings.contact = settings.contact.map(|c| c.trim().to_owned()).filter(|c| !c.is_empty());
    let mut errors = Vec::new();
    match &settings.contact {
        Some(contact) if contact.chars().count() > NotificationSettings::MAX_CONTACT_CHARS => {
            errors.push(FieldError::new(
                "contact",
                FieldProblem::TooLong(NotificationSettings::MAX_CONTACT_CHARS),
                lang,
            ));
        }
        // It goes into a message to a gateway: one line of text.
        Some(contact) if contact.chars().any(char::is_control) => {
            errors.push(FieldError::new("contact", FieldProblem::Invalid, lang));
        }
        None if settings.webhook => errors.push(FieldError::new("contact", FieldProblem::Required, lang)),
        _ => {}
    }
    if settings.morning_brief && !BRIEF_ROLES.contains(&role) {
        errors.push(FieldError::new("morning_brief", FieldProblem::NotForRole, lang));
    }
    if errors.is_empty() { Ok(settings) } else { Err(errors) }
}

/// What the audit log says changed: `on_duty: false -> true; contact changed`. The contact itself is
/// personal data and stays out of the log.
fn changes(before: &NotificationSettings, after: &NotificationSettings) -> String {
    let mut parts = Vec::new();
    for (name, was, is) in [
        ("on_duty", before.on_duty, after.on_duty),
        ("push", before.push, after.push),
        ("webhook", before.webhook, after.webhook),
        ("morning_brief", before.morning_brief, after.morning_brief),
    ] {
        if was != is {
            parts.push(format!("{name}: {was} -> {is}"));
        }
    }
    match (&before.contact, &after.contact) {
        (None, Some(_)) => parts.push("contact set".into()),
        (Some(_), None) => parts.push("contact removed".into()),
        (Some(was), Some(is)) if was != is => parts.push("contact changed".into()),
        _ => {}
    }
    parts.join("; ")
}

/// The key browsers subscribe with (`applicationServerKey`, base64url); none where the deployment has
/// no Web Push.
#[utoipa::path(
    get,
    path = "/api/push/key",
    operation_id = "push_key",
    tag = "notifications",
    security(("bearer" = [])),
    responses(
        (status = 200, body = PushKey),
    )
)]
pub async fn push_key(State(state): State<AppState>) -> Json<PushKey> {
    Json(PushKey { public_key: state.delivery.vapid.as_ref().map(|vapid| vapid.key.public_key_base64url()) })
}

/// Subscribes one of the signed-in user's browsers for Web Push: the browser's
/// `PushSubscription.toJSON()`. Subscribing the same endpoint again replaces its keys; a user keeps
/// at most 10 browsers (the oldest is forgotten).
#[utoipa::path(
    put,
    path = "/api/me/push-subscriptions",
    operation_id = "subscribe_push",
    tag = "notifications",
    security(("bearer" = [])),
    request_body = PushSubscriptionJson,
    responses(
        (status = 204, description = "Subscribed"),
        (status = 413, response = ProblemResponse),
        (status = 415, response = ProblemResponse),
        (status = 422, response = ProblemResponse),
    )
)]
#[tracing::instrument(name = "subscribe push", skip_all, fields(username = %principal.username))]
pub async fn subscribe(
    State(state): State<AppState>,
    Language(lang): Language,
    principal: Principal,
    Json(form): Json<PushSubscriptionJson>,
) -> Result<StatusCode, ApiError> {
    let subscription = checked_subscription(form, lang).map_err(ApiError::Validation)?;
    let repo = &state.notifications;
    let mine = repo.subscriptions(&principal.username).await.context("reading the subscriptions")?;
    let others: Vec<_> = mine.iter().filter(|s| s.subscription.endpoint != subscription.endpoint).collect();
    // Oldest first: what is beyond the limit with the new one goes.
    for old in others.iter().take((others.len() + 1).saturating_sub(MAX_BROWSERS_PER_USER)) {
        repo.remove_subscription(&principal.username, &old.subscription.endpoint)
            .await
            .context("forgetting the oldest subscription")?;
    }
    repo.put_subscription(&principal.username, &subscription, state.clock.now())
        .await
        .context("storing the subscription")?;
    Ok(StatusCode::NO_CONTENT)
}

/// Unsubscribes one of the signed-in user's browsers (the same body as subscribing; only the endpoint
/// counts). Done also when it was not subscribed.
#[utoipa::path(
    delete,
    path = "/api/me/push-subscriptions",
    operation_id = "unsubscribe_push",
    tag = "notifications",
    security(("bearer" = [])),
    request_body = PushSubscriptionJson,
    responses(
        (status = 204, description = "Unsubscribed"),
        (status = 413, response = ProblemResponse),
        (status = 415, response = ProblemResponse),
        (status = 422, response = ProblemResponse),
    )
)]
#[tracing::instrument(name = "unsubscribe push", skip_all, fields(username = %principal.username))]
pub async fn unsubscribe(
    State(state): State<AppState>,
    principal: Principal,
    Json(form): Json<PushSubscriptionJson>,
) -> Result<StatusCode, ApiError> {
    state
        .notifications
        .remove_subscription(&principal.username, form.endpoint.trim())
        .await
        .context("removing the subscription")?;
    Ok(StatusCode::NO_CONTENT)
}

/// A subscription that Web Push can use: an https endpoint (plain http only to this machine, for tests
/// and a local push service), a P-256 public key and a 16-byte auth secret. Every problem is named by
/// its field.
fn checked_subscription(form: PushSubscriptionJson, lang: Lang) -> Result<PushSubscriptionJson, Vec<FieldError>> {
    let mut subscription = form;
    subscription.endpoint = subscription.endpoint.trim().to_owned();
    let mut errors = Vec::new();
    let endpoint = &subscription.endpoint;
    if endpoint.is_empty() {
        errors.push(FieldError::new("endpoint", FieldProblem::Required, lang));
    } else if endpoint.chars().count() > MAX_ENDPOINT_CHARS {
        errors.push(FieldError::new("endpoint", FieldProblem::TooLong(MAX_ENDPOINT_CHARS), lang));
    } else if !endpoint_allowed(endpoint) {
        errors.push(FieldError::new("endpoint", FieldProblem::Invalid, lang));
    }
    for (field, value) in [("keys.p256dh", &subscription.keys.p256dh), ("keys.auth", &subscription.keys.auth)] {
        if value.trim().is_empty() {
            errors.push(FieldError::new(field, FieldProblem::Required, lang));
        }
    }
    if errors.is_empty() {
        // The channels crate's check of the keys, as a push will need them.
        let channel = tanggap_channels::PushSubscription {
            endpoint: subscription.endpoint.clone(),
            p256dh: subscription.keys.p256dh.trim().to_owned(),
            auth: subscription.keys.auth.trim().to_owned(),
        };
        if let Err(invalid) = channel.check() {
            let reason = invalid.to_string();
            let field = ["keys.p256dh", "keys.auth"].into_iter().find(|f| reason.contains(f)).unwrap_or("endpoint");
            errors.push(FieldError::new(field, FieldProblem::Invalid, lang));
        }
        subscription.keys.p256dh = channel.p256dh;
        subscription.keys.auth = channel.auth;
    }
    if errors.is_empty() { Ok(subscription) } else { Err(errors) }
}

/// https anywhere; http only to this machine.
fn endpoint_allowed(endpoint: &str) -> bool {
    let Ok(uri) = endpoint.parse::<Uri>() else { return false };
    match (uri.scheme_str(), uri.host()) {
        (Some("https"), Some(host)) => !host.is_empty(),
        (Some("http"), Some(host)) => matches!(host, "127.0.0.1" | "localhost" | "[::1]"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_or_this_machine_is_a_push_endpoint() {
        for good in ["https://fcm.googleapis.com/fcm/send/abc", "http://127.0.0.1:9000/push", "http://localhost/p"] {
            assert!(endpoint_allowed(good), "{good}");
        }
        for bad in ["http://push.example/x", "ftp://push.example", "https://", "not a url", "/relative"] {
            assert!(!endpoint_allowed(bad), "{bad}");
        }
    }

    #[test]
    fn the_audit_names_what_changed_but_not_the_contact() {
        let before = NotificationSettings::default();
        let after = NotificationSettings {
            on_duty: true,
            webhook: true,
            contact: Some("+62812".into()),
            push: false,
            morning_brief: false,
        };
        assert_eq!(changes(&before, &after), "on_duty: false -> true; webhook: false -> true; contact set");
        let moved = NotificationSettings { contact: Some("+62813".into()), ..after.clone() };
        assert_eq!(changes(&after, &moved), "contact changed");
    }
}
