//! The API client: one request path that adds the session's bearer token and the user's language,
//! renews the session once and retries once when an answer says 401, decodes the domain's DTOs,
//! turns problem+json answers into [`ApiError`], and cancels reads that nobody waits for any more.

use gloo_net::http::{Method, Request, RequestBuilder, Response};
use leptos::prelude::on_cleanup;
use send_wrapper::SendWrapper;
use serde::Serialize;
use serde::de::DeserializeOwned;
use tanggap_domain::dto::{
    AuditPage, BoardPage, FieldError, IncidentDetail, LoginRequest, NewIncident, NewUser, PasswordChange,
    PasswordReset, Problem, ProblemType, Session, UserUpdate,
};
use tanggap_domain::{Agency, Category, Region, User, Username};

use crate::i18n::texts;
use crate::session;

/// Why a request gave no usable answer.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// No answer at all: offline, server down, or the request was cancelled.
    Network,
    /// The API refused or failed, and said why (RFC 9457), with field errors for validation.
    Problem(Box<Problem>),
    /// 429: too many attempts; `Retry-After` says how long to wait.
    TooManyRequests { problem: Box<Problem>, retry_after_secs: Option<u64> },
    /// An answer that is neither the expected DTO nor a problem document (a proxy's error page…).
    Unreadable { status: u16 },
}

impl ApiError {
    /// The per-field errors of a validation problem; empty for every other failure.
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            ApiError::Problem(problem) => &problem.errors,
            _ => &[],
        }
    }

    /// The incident as it is now, when a command was made on a version someone else had replaced (409).
    pub fn conflict(&self) -> Option<&tanggap_domain::Incident> {
        match self {
            ApiError::Problem(problem) if problem.status == 409 => problem.current.as_deref(),
            _ => None,
        }
    }

    /// Whether the API named this kind of problem (its `type`, relative or absolute).
    pub fn is(&self, kind: ProblemType) -> bool {
        match self {
            ApiError::Problem(problem) | ApiError::TooManyRequests { problem, .. } => kind.is_named_by(&problem.kind),
            _ => false,
        }
    }
}

// ---- reference data and incidents --------------------------------------------------------------

pub async fn categories() -> Result<Vec<Category>, ApiError> {
    fetch(Call::get("/api/categories").abortable()).await
}

pub async fn regions() -> Result<Vec<Region>, ApiError> {
    fetch(Call::get("/api/regions").abortable()).await
}

pub async fn agencies() -> Result<Vec<Agency>, ApiError> {
    fetch(Call::get("/api/agencies").abortable()).await
}

/// The first page of open incidents the user may see, most urgent first, then oldest; `query` holds
/// the board's filters and limit (`limit=100&status=received`). Not aborted with a scope: the board's
/// own task drops it when the board goes.
pub async fn board(query: &str) -> Result<BoardPage, ApiError> {
    fetch(Call::get(&format!("/api/incidents?{query}"))).await
}

/// The incidents changed after `since` (open or not), and the cursor for the next ask; without
/// `since`, none, and a cursor for "now".
pub async fn changes(since: Option<&str>) -> Result<tanggap_domain::dto::ChangesPage, ApiError> {
    let path = match since {
        Some(cursor) => format!("/api/incidents/changes?since={}", js_sys::encode_uri_component(cursor)),
        None => "/api/incidents/changes".to_owned(),
    };
    fetch(Call::get(&path)).await
}

/// One incident with its whole history.
pub async fn incident(id: &tanggap_domain::IncidentId) -> Result<IncidentDetail, ApiError> {
    fetch(Call::get(&format!("/api/incidents/{id}")).abortable()).await
}

/// The same, for a page that asks again and again while it is open: dropped with the task that asks
/// (an abortable read would leave one cleanup per ask on the page until it closes).
pub async fn incident_again(id: &tanggap_domain::IncidentId) -> Result<IncidentDetail, ApiError> {
    fetch(Call::get(&format!("/api/incidents/{id}"))).await
}

/// A life-cycle command on the version the user saw; a stale version answers 409 with the newest
/// incident (see [`ApiError::conflict`]).
pub async fn command(
    id: &tanggap_domain::IncidentId,
    request: &tanggap_domain::dto::CommandRequest,
) -> Result<IncidentDetail, ApiError> {
    fetch(Call::send(Method::POST, &format!("/api/incidents/{id}/commands"), request)?).await
}

/// A ticket for a phoned-in incident's caller (`POST /api/incidents/{id}/ticket`).
pub async fn issue_ticket(
    id: &tanggap_domain::IncidentId,
    request: &tanggap_domain::dto::TicketRequest,
) -> Result<tanggap_domain::dto::IssuedTicket, ApiError> {
    fetch(Call::send(Method::POST, &format!("/api/incidents/{id}/ticket"), request)?).await
}

// ---- the agency console: incidents without their history, photos from the field -------------------

/// An answer that carries an incident with its history, read without the history: the agency's
/// console shows the incident's state only, and reading events would compile their (large)
/// deserializer into its wasm.
#[derive(serde::Deserialize)]
struct Current {
    incident: tanggap_domain::Incident,
}

/// One incident as it is now, without its history.
pub async fn current_incident(id: &tanggap_domain::IncidentId) -> Result<tanggap_domain::Incident, ApiError> {
    let current: Current = fetch(Call::get(&format!("/api/incidents/{id}")).abortable()).await?;
    Ok(current.incident)
}

/// [`command`], answered with the incident as it is now, without its history.
pub async fn command_current(
    id: &tanggap_domain::IncidentId,
    request: &tanggap_domain::dto::CommandRequest,
) -> Result<tanggap_domain::Incident, ApiError> {
    let path = format!("/api/incidents/{id}/commands");
    let current: Current = fetch(Call::send(Method::POST, &path, request)?).await?;
    Ok(current.incident)
}

/// Where to upload a photo the API is told of (type and size), valid for a few minutes.
pub async fn new_photo(
    id: &tanggap_domain::IncidentId,
    photo: &tanggap_domain::dto::NewPhoto,
) -> Result<tanggap_domain::dto::PhotoUpload, ApiError> {
    fetch(Call::send(Method::POST, &format!("/api/incidents/{id}/photos"), photo)?).await
}

/// Sends a photo's bytes where [`new_photo`] said, straight from the file (never copied into the
/// wasm's memory). The signed address is the credential: no bearer token goes with it.
pub async fn upload_photo(upload: &tanggap_domain::dto::PhotoUpload, file: &web_sys::File) -> Result<(), ApiError> {
    let method = Method::from_bytes(upload.method.as_bytes()).unwrap_or(Method::PUT);
    let mut builder = RequestBuilder::new(&upload.url).method(method);
    for header in &upload.headers {
        builder = builder.header(&header.name, &header.value);
    }
    let request = builder.body(wasm_bindgen::JsValue::from(file.clone())).map_err(network)?;
    let response = request.send().await.map_err(network)?;
    read(response).await.map(|_| ())
}

/// Attaches an uploaded photo once the API has checked it; answers with the incident as it is now.
pub async fn attach_photo(
    id: &tanggap_domain::IncidentId,
    photo: &tanggap_domain::PhotoId,
) -> Result<tanggap_domain::Incident, ApiError> {
    let current: Current = fetch(Call::new(Method::POST, &format!("/api/incidents/{id}/photos/{photo}"))).await?;
    Ok(current.incident)
}

/// Opens an incident. The same `idempotency_key` on a retry makes the API answer with the incident
/// created the first time instead of a second one.
pub async fn create_incident(incident: &NewIncident, idempotency_key: &str) -> Result<IncidentDetail, ApiError> {
    let mut call = Call::send(Method::POST, "/api/incidents", incident)?;
    call.idempotency_key = Some(idempotency_key.to_owned());
    fetch(call).await
}

// ---- intake: callers, duplicates, linked reports ----------------------------------------------------

/// Links another call to an open incident; the same key on a retry links it once.
pub async fn link_report(
    incident: &tanggap_domain::IncidentId,
    report: &tanggap_domain::dto::NewReport,
    idempotency_key: &str,
) -> Result<IncidentDetail, ApiError> {
    let mut call = Call::send(Method::POST, &format!("/api/incidents/{incident}/reports"), report)?;
    call.idempotency_key = Some(idempotency_key.to_owned());
    fetch(call).await
}

/// Open incidents that may be the event a new call is about; `query` is `category=…&village=…&lat=…&lon=…`.
pub async fn duplicates(query: &str) -> Result<tanggap_domain::dto::DuplicatesPage, ApiError> {
    fetch(Call::get(&format!("/api/incidents/duplicates?{query}"))).await
}

/// A number's earlier calls, prank count and block (`phone` as typed or normalised).
pub async fn caller_history(phone: &str) -> Result<tanggap_domain::dto::CallerHistory, ApiError> {
    fetch(Call::get(&caller_path(phone, "")).abortable()).await
}

/// Blocks a number for a while (supervisor).
pub async fn block_caller(
    phone: &str,
    block: &tanggap_domain::dto::NewBlock,
) -> Result<tanggap_domain::caller::CallerBlock, ApiError> {
    fetch(Call::send(Method::PUT, &caller_path(phone, "/block"), block)?).await
}

pub async fn unblock_caller(phone: &str) -> Result<(), ApiError> {
    fetch(Call::new(Method::DELETE, &caller_path(phone, "/block"))).await
}

/// `/api/callers/%2B62…`: the `+` of a number must not reach the server as a space.
fn caller_path(phone: &str, rest: &str) -> String {
    format!("/api/callers/{}{rest}", js_sys::encode_uri_component(phone))
}

// ---- session --------------------------------------------------------------------------------------

/// Logs in; the answer also sets the refresh cookie.
pub async fn login(request: &LoginRequest) -> Result<Session, ApiError> {
    let mut call = Call::send(Method::POST, "/api/auth/login", request)?;
    call.bearer = false;
    fetch(call).await
}

/// A new session from the refresh cookie (rotated by the answer). Only `session` calls this.
pub async fn refresh_session() -> Result<Session, ApiError> {
    let mut call = Call::new(Method::POST, "/api/auth/refresh");
    call.bearer = false;
    fetch(call).await
}

/// Revokes the session of the refresh cookie and clears the cookie (no bearer token needed).
pub async fn logout() -> Result<(), ApiError> {
    let mut call = Call::new(Method::POST, "/api/auth/logout");
    call.bearer = false;
    fetch(call).await
}

pub async fn change_password(change: &PasswordChange) -> Result<(), ApiError> {
    fetch(Call::send(Method::POST, "/api/me/password", change)?).await
}

// ---- administration ------------------------------------------------------------------------------

/// Replaces a category (admin); field errors name the field at fault.
pub async fn update_category(category: &Category) -> Result<Category, ApiError> {
    fetch(Call::send(Method::PUT, &format!("/api/categories/{}", category.code), category)?).await
}

pub async fn users() -> Result<Vec<User>, ApiError> {
    fetch(Call::get("/api/users").abortable()).await
}

pub async fn create_user(user: &NewUser) -> Result<User, ApiError> {
    fetch(Call::send(Method::POST, "/api/users", user)?).await
}

pub async fn update_user(username: &Username, update: &UserUpdate) -> Result<User, ApiError> {
    fetch(Call::send(Method::PATCH, &format!("/api/users/{username}"), update)?).await
}

/// Sets a temporary password, which the user must change at next login.
pub async fn reset_password(username: &Username, reset: &PasswordReset) -> Result<(), ApiError> {
    fetch(Call::send(Method::POST, &format!("/api/users/{username}/password"), reset)?).await
}

/// A page of the audit log, newest first; `cursor` is the previous page's `next`.
pub async fn audit(cursor: Option<&str>) -> Result<AuditPage, ApiError> {
    let path = match cursor {
        Some(cursor) => format!("/api/audit?cursor={}", js_sys::encode_uri_component(cursor)),
        None => "/api/audit".to_owned(),
    };
    fetch(Call::get(&path)).await
}

/// The dashboard's figures; `query` is the dashboard's address's query (`?range=today&agency=BPBD`),
/// which is the API's.
pub async fn dashboard(query: &str) -> Result<tanggap_domain::dto::Dashboard, ApiError> {
    fetch(Call::get(&format!("/api/dashboard{query}")).abortable()).await
}

/// One agency's late assignments for the dashboard's range; `query` as for [`dashboard`], with `agency`.
pub async fn late_assignments(query: &str) -> Result<tanggap_domain::dto::LateAssignments, ApiError> {
    fetch(Call::get(&format!("/api/dashboard/late{query}")).abortable()).await
}

/// The keys issued to apps for Open311 (admin).
pub async fn app_keys() -> Result<tanggap_domain::dto::AppKeys, ApiError> {
    fetch(Call::get("/api/open311/keys").abortable()).await
}

pub async fn issue_app_key(
    form: &tanggap_domain::dto::NewAppKey,
) -> Result<tanggap_domain::dto::IssuedAppKey, ApiError> {
    fetch(Call::send(Method::POST, "/api/open311/keys", form)?).await
}

pub async fn revoke_app_key(id: &str) -> Result<(), ApiError> {
    fetch(Call::new(Method::DELETE, &format!("/api/open311/keys/{id}"))).await
}

/// The latest ratings the public gave.
pub async fn ratings() -> Result<tanggap_domain::dto::Ratings, ApiError> {
    fetch(Call::get("/api/ratings").abortable()).await
}

/// Starts an export of the dashboard's range and filters (`query` as for [`dashboard`]).
pub async fn start_export(query: &str) -> Result<tanggap_domain::dto::ExportView, ApiError> {
    fetch(Call::new(Method::POST, &format!("/api/dashboard/exports{query}"))).await
}

/// An export as it stands, with fresh links to its files once it is ready.
pub async fn export(id: &tanggap_domain::dto::ExportId) -> Result<tanggap_domain::dto::ExportView, ApiError> {
    fetch(Call::get(&format!("/api/dashboard/exports/{id}"))).await
}

/// An answer as text, for a script that reads it itself (the map's GeoJSON and pins), so that the
/// wasm carries no parser of it.
pub async fn text(path: &str) -> Result<String, ApiError> {
    exchange(Call::get(path).abortable()).await.map(|(_, body)| body)
}

// ---- shifts -------------------------------------------------------------------------------------------

/// The shift under way and the next, who is on duty, and the user's own latest sign-on.
pub async fn shift_now() -> Result<tanggap_domain::dto::ShiftNow, ApiError> {
    fetch(Call::get("/api/shifts/now").abortable()).await
}

/// Signs the user on to the shift under way (or to the next, half an hour before it begins).
pub async fn sign_on() -> Result<tanggap_domain::shift::SignOn, ApiError> {
    fetch(Call::new(Method::POST, "/api/shifts/sign-on")).await
}

pub async fn sign_off() -> Result<tanggap_domain::shift::SignOn, ApiError> {
    fetch(Call::new(Method::POST, "/api/shifts/sign-off")).await
}

/// The roster of the month `month` falls in (this month without one), its pattern, and who may be on it.
pub async fn roster(month: Option<tanggap_domain::Day>) -> Result<tanggap_domain::dto::RosterView, ApiError> {
    let path = match month {
        Some(month) => format!("/api/shifts/roster?month={month}"),
        None => "/api/shifts/roster".to_owned(),
    };
    fetch(Call::get(&path).abortable()).await
}

/// Puts these people on one shift, in place of whoever was on it (supervisor); answers with the month.
pub async fn edit_roster(
    shift: tanggap_domain::shift::ShiftRef,
    edit: &tanggap_domain::dto::RosterShiftEdit,
) -> Result<tanggap_domain::shift::Roster, ApiError> {
    let path = format!("/api/shifts/roster/{}/{}", shift.day, shift.index);
    fetch(Call::send(Method::PUT, &path, edit)?).await
}

pub async fn edit_shift_pattern(
    edit: &tanggap_domain::dto::PatternEdit,
) -> Result<tanggap_domain::shift::ShiftPattern, ApiError> {
    fetch(Call::send(Method::PUT, "/api/shifts/pattern", edit)?).await
}

/// The calls measured by weekday and hour from `from` to `to` (the API's four weeks without them).
pub async fn staffing_demand(
    from: Option<tanggap_domain::Day>,
    to: Option<tanggap_domain::Day>,
) -> Result<tanggap_domain::dto::StaffingDemand, ApiError> {
    fetch(Call::get(&format!("/api/shifts/demand?{}", range_query(from, to))).abortable()).await
}

/// `from=2026-11-01&to=2026-11-28`, each day only if given.
fn range_query(from: Option<tanggap_domain::Day>, to: Option<tanggap_domain::Day>) -> String {
    let query: Vec<String> =
        [("from", from), ("to", to)].into_iter().filter_map(|(key, day)| Some(format!("{key}={}", day?))).collect();
    query.join("&")
}

/// One shift: who signed on, its handover, and what it would hand over now (while it may still be).
pub async fn shift_record(
    shift: tanggap_domain::shift::ShiftRef,
) -> Result<tanggap_domain::dto::ShiftRecord, ApiError> {
    fetch(Call::get(&format!("/api/shifts/{}/{}", shift.day, shift.index)).abortable()).await
}

/// Writes (or rewrites, until acknowledged) a shift's handover note (supervisor); 409 outside its time.
pub async fn write_handover(
    shift: tanggap_domain::shift::ShiftRef,
    note: &tanggap_domain::dto::HandoverNote,
) -> Result<tanggap_domain::shift::Handover, ApiError> {
    let path = format!("/api/shifts/{}/{}/handover", shift.day, shift.index);
    fetch(Call::send(Method::PUT, &path, note)?).await
}

/// Acknowledges a shift's handover, with a remark if any (another supervisor than its writer).
pub async fn acknowledge_handover(
    shift: tanggap_domain::shift::ShiftRef,
    acknowledgement: &tanggap_domain::dto::HandoverAcknowledgement,
) -> Result<tanggap_domain::shift::Handover, ApiError> {
    let path = format!("/api/shifts/{}/{}/handover/acknowledge", shift.day, shift.index);
    fetch(Call::send(Method::POST, &path, acknowledgement)?).await
}

/// What each operator and each shift handled from `from` to `to` (the API's four weeks without them).
pub async fn operator_figures(
    from: Option<tanggap_domain::Day>,
    to: Option<tanggap_domain::Day>,
) -> Result<tanggap_domain::dto::OperatorFigures, ApiError> {
    fetch(Call::get(&format!("/api/shifts/operators?{}", range_query(from, to))).abortable()).await
}

// ---- notifications, photos -----------------------------------------------------------------------

/// The signed-in user's notifications, newest first, and how many are unread (the bell polls this).
pub async fn notifications() -> Result<tanggap_domain::dto::NotificationsPage, ApiError> {
    fetch(Call::get("/api/notifications")).await
}

/// Marks these notifications read (none named: all of them).
pub async fn mark_read(ids: Vec<String>) -> Result<tanggap_domain::dto::NotificationsPage, ApiError> {
    fetch(Call::send(Method::POST, "/api/notifications/read", &tanggap_domain::dto::MarkRead { ids })?).await
}

pub async fn notification_settings() -> Result<tanggap_domain::notification::NotificationSettings, ApiError> {
    fetch(Call::get("/api/me/notification-settings").abortable()).await
}

pub async fn save_notification_settings(
    settings: &tanggap_domain::notification::NotificationSettings,
) -> Result<tanggap_domain::notification::NotificationSettings, ApiError> {
    fetch(Call::send(Method::PUT, "/api/me/notification-settings", settings)?).await
}

/// The key browsers subscribe to Web Push with; none where the deployment has no Web Push.
pub async fn push_key() -> Result<tanggap_domain::dto::PushKey, ApiError> {
    fetch(Call::get("/api/push/key")).await
}

/// Registers (`PUT`) or forgets (`DELETE`) this browser's push subscription for the user.
pub async fn push_subscription(subscribe: bool, json: &str) -> Result<(), ApiError> {
    let method = if subscribe { Method::PUT } else { Method::DELETE };
    let call = Call { body: Some(json.to_owned()), ..Call::new(method, "/api/me/push-subscriptions") };
    fetch(call).await
}

/// A short-lived address of a photo's viewing copy.
pub async fn photo(
    incident: &tanggap_domain::IncidentId,
    photo: &tanggap_domain::PhotoId,
) -> Result<tanggap_domain::dto::PhotoView, ApiError> {
    fetch(Call::get(&format!("/api/incidents/{incident}/photos/{photo}")).abortable()).await
}

// ---- the request path ------------------------------------------------------------------------------

/// One request, kept whole so that it can be sent a second time after a renewal.
struct Call {
    method: Method,
    path: String,
    /// JSON.
    body: Option<String>,
    idempotency_key: Option<String>,
    abort: Option<web_sys::AbortSignal>,
    /// Sends the session's access token; on a 401, renews the session once and sends the request
    /// once more.
    bearer: bool,
}

impl Call {
    fn new(method: Method, path: &str) -> Self {
        Self { method, path: path.to_owned(), body: None, idempotency_key: None, abort: None, bearer: true }
    }

    fn get(path: &str) -> Self {
        Self::new(Method::GET, path)
    }

    fn send(method: Method, path: &str, body: &impl Serialize) -> Result<Self, ApiError> {
        // Only a serialisation bug can fail here; it is not the network's fault but reads the same to users.
        let json = serde_json::to_string(body).map_err(|_| ApiError::Network)?;
        Ok(Self { body: Some(json), ..Self::new(method, path) })
    }

    /// Aborted when the reactive scope that sent it is cleaned up (a resource refetching, a page
    /// left), so that a stale answer never lands and no request piles up.
    fn abortable(mut self) -> Self {
        let controller = web_sys::AbortController::new().ok();
        self.abort = controller.as_ref().map(web_sys::AbortController::signal);
        // on_cleanup wants Send; the controller lives on the browser's only thread anyway.
        let controller = SendWrapper::new(controller);
        on_cleanup(move || {
            if let Some(controller) = controller.take() {
                controller.abort();
            }
        });
        self
    }

    fn request(&self) -> Result<Request, ApiError> {
        let mut builder = RequestBuilder::new(&self.path)
            .method(self.method.clone())
            .header("Accept", "application/json")
            .header("Accept-Language", texts().accept_language())
            .abort_signal(self.abort.as_ref());
        if let Some(token) = self.bearer.then(session::access_token).flatten() {
            builder = builder.header("Authorization", &format!("Bearer {token}"));
        }
        if let Some(key) = &self.idempotency_key {
            builder = builder.header("Idempotency-Key", key);
        }
        let request = match &self.body {
            Some(json) => builder.header("Content-Type", "application/json").body(json.as_str()),
            None => builder.build(),
        };
        request.map_err(|_| ApiError::Network)
    }

    async fn attempt(&self) -> Result<Response, ApiError> {
        self.request()?.send().await.map_err(network)
    }
}

/// Sends a call and decodes its answer into `T` (`()` for 204 No Content).
async fn fetch<T: DeserializeOwned>(call: Call) -> Result<T, ApiError> {
    let (status, body) = exchange(call).await?;
    // 204 No Content reads as `null`, which is what `()` is made of.
    let body = if body.trim().is_empty() { "null" } else { body.as_str() };
    serde_json::from_str(body).map_err(|error| {
        leptos::logging::warn!("unexpected answer: {error}");
        ApiError::Unreadable { status }
    })
}

/// Sends a call and returns the body of a successful answer, or the problem of another; lets the
/// session know what the API said about it. Not generic: compiled once for every kind of answer.
async fn exchange(call: Call) -> Result<(u16, String), ApiError> {
    let mut response = call.attempt().await?;
    // The access token expired (a laptop asleep through its renewal) or was revoked: renew once.
    if response.status() == 401 && call.bearer && session::refresh().await.is_ok() {
        response = call.attempt().await?;
    }
    let result = read(response).await;
    if let Err(error) = &result {
        if error.is(ProblemType::PasswordChangeRequired) {
            session::password_change_required();
        } else if error.is(ProblemType::Forbidden) && call.method == Method::GET {
            // A page's read refused: the page shows nothing useful; the forbidden page says why.
            // (A refused action is reported where it was made, with what was typed kept.)
            session::refused();
        }
    }
    result
}

fn network(error: gloo_net::Error) -> ApiError {
    leptos::logging::warn!("request failed: {error}");
    ApiError::Network
}

async fn read(response: Response) -> Result<(u16, String), ApiError> {
    let status = response.status();
    // A body cut off mid-way is a network failure, not a bad answer.
    let body = response.text().await.map_err(network)?;
    if response.ok() {
        return Ok((status, body));
    }
    let retry_after = response.headers().get("Retry-After");
    problem(status, &body, retry_after.as_deref())
}

fn problem<T>(status: u16, body: &str, retry_after: Option<&str>) -> Result<T, ApiError> {
    match serde_json::from_str::<Problem>(body) {
        Ok(problem) if status == 429 => {
            // Seconds; the HTTP-date form is not used by our API and reads as "later".
            let retry_after_secs = retry_after.and_then(|v| v.trim().parse().ok());
            Err(ApiError::TooManyRequests { problem: Box::new(problem), retry_after_secs })
        }
        Ok(problem) => Err(ApiError::Problem(Box::new(problem))),
        Err(_) => Err(ApiError::Unreadable { status }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOO_MANY: &str = r#"{"type":"/problems/too-many-attempts","title":"Terlalu banyak percobaan","status":429}"#;

    #[test]
    fn too_many_attempts_carries_the_wait_from_retry_after() {
        let error = problem::<()>(429, TOO_MANY, Some(" 120 ")).unwrap_err();
        assert!(matches!(error, ApiError::TooManyRequests { retry_after_secs: Some(120), .. }));
        assert!(error.is(ProblemType::TooManyAttempts));
        let error = problem::<()>(429, TOO_MANY, Some("Wed, 21 Oct 2015 07:28:00 GMT")).unwrap_err();
        assert!(matches!(error, ApiError::TooManyRequests { retry_after_secs: None, .. }));
    }

    #[test]
    fn problem_types_match_whether_relative_or_absolute() {
        let body = r#"{"type":"https://tanggap.example/problems/forbidden","title":"Akses ditolak","status":403}"#;
        let error = problem::<()>(403, body, None).unwrap_err();
        assert!(error.is(ProblemType::Forbidden));
        assert!(!error.is(ProblemType::PasswordChangeRequired));
        assert_eq!(problem::<()>(502, "<html>", None).unwrap_err(), ApiError::Unreadable { status: 502 });
    }
}
