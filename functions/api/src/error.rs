//! Every way a request can fail, answered as RFC 9457 problem details (`application/problem+json`).
//!
//! A handler returns an [`ApiError`]; its response carries the problem in Indonesian and, in an
//! extension, a [`ProblemTemplate`]. The [`crate::middleware`] layer that knows the request then renders
//! the template again in the request's language with its request id, and turns any other error response
//! (a 405 from the router, say) into a problem too, so that no 4xx or 5xx leaves without one.

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tanggap_domain::dto::{ABOUT_BLANK, FieldError, FieldProblem, Problem, ProblemType};
use tanggap_domain::shift::{DutyError, HandoverError, PatternError, RosterError};
use tanggap_domain::{Incident, Lang, LifecycleError};

pub const PROBLEM_JSON: &str = "application/problem+json";

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Fields that do not parse or name nothing known.
    #[error("{} invalid field(s)", .0.len())]
    Validation(Vec<FieldError>),
    /// Query or path parameters that do not parse or name nothing known (400, with the fields named).
    #[error("{} invalid parameter(s)", .0.len())]
    BadParameters(Vec<FieldError>),
    /// A changes cursor that is malformed or too old: the client reloads the board and starts again.
    #[error("the changes cursor is malformed or expired")]
    CursorExpired,
    #[error("no such resource")]
    NotFound,
    /// The incident changed since the version the request was made on.
    #[error("version conflict: the incident is at version {}", current.version)]
    Conflict { current: Box<Incident> },
    /// The life cycle refuses the command in the incident's current state.
    #[error(transparent)]
    Lifecycle(#[from] LifecycleError),
    /// The life cycle refuses a change that may not wait for the user's decision (a report to link):
    /// the incident is no longer in a state that takes it (409, with the reason).
    #[error("the incident's state refuses this: {0}")]
    StateConflict(LifecycleError),
    /// The public's request is refused in the incident's current state (409, with the reason).
    #[error(transparent)]
    Citizen(tanggap_domain::citizen::CitizenError),
    /// A shift's rules refuse it (409 for signing on or off, 422 for a roster or pattern, with why).
    #[error(transparent)]
    Shift(ShiftRefusal),
    /// The `Idempotency-Key` was first used with another request body.
    #[error("the idempotency key was used for another request")]
    IdempotencyKeyReused,
    #[error("bad request: {0:?}")]
    BadRequest(BadRequest),
    #[error("the body is not application/json")]
    UnsupportedMediaType,
    #[error("the body is larger than the limit")]
    PayloadTooLarge,
    /// No valid access token on a route that needs one (missing, malformed, forged or expired).
    #[error("not signed in")]
    Unauthenticated,
    /// A valid token, but the route is not for the caller's role (or agency).
    #[error("the caller's role may not do this")]
    Forbidden,
    /// The caller must choose a new password before anything else.
    #[error("the caller must change their password first")]
    PasswordChangeRequired,
    /// Login refused: unknown user, wrong password and disabled account all answer alike.
    #[error("invalid credentials")]
    InvalidCredentials,
    /// Refresh refused: no refresh cookie, or one that is unknown, expired, revoked or reused.
    #[error("the session has ended")]
    SessionExpired,
    /// Too many failed logins for the account or the source address: try again after this many seconds.
    #[error("too many failed logins; retry after {retry_after} s")]
    TooManyAttempts { retry_after: u64 },
    /// The path exists but not with this method; `allow` lists the methods it has.
    #[error("method not allowed")]
    MethodNotAllowed { allow: String },
    /// Anything the client cannot fix: logged with its context, answered with a generic message.
    #[error("internal error: {0:#}")]
    Internal(#[from] anyhow::Error),
}

/// What a shift's rules refuse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShiftRefusal {
    #[error(transparent)]
    Duty(#[from] DutyError),
    #[error(transparent)]
    Roster(#[from] RosterError),
    #[error(transparent)]
    Pattern(#[from] PatternError),
    #[error(transparent)]
    Handover(#[from] HandoverError),
}

impl From<HandoverError> for ApiError {
    fn from(refusal: HandoverError) -> Self {
        Self::Shift(refusal.into())
    }
}

impl From<DutyError> for ApiError {
    fn from(refusal: DutyError) -> Self {
        Self::Shift(refusal.into())
    }
}

impl From<RosterError> for ApiError {
    fn from(refusal: RosterError) -> Self {
        Self::Shift(refusal.into())
    }
}

impl From<PatternError> for ApiError {
    fn from(refusal: PatternError) -> Self {
        Self::Shift(refusal.into())
    }
}

/// Why a request is malformed (400).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadRequest {
    MissingIdempotencyKey,
    MalformedIdempotencyKey,
    MalformedIncidentId,
    MalformedQuery(String),
    MalformedCursor,
    /// Not JSON at all; with the parser's message (line and column).
    MalformedJson(String),
}

impl BadRequest {
    fn detail(&self) -> Detail {
        match self {
            Self::MissingIdempotencyKey => Detail::Localised(
                "Header Idempotency-Key wajib diisi (8-128 huruf, angka, - atau _).",
                "The Idempotency-Key header is required (8-128 letters, digits, - or _).",
            ),
            Self::MalformedIdempotencyKey => Detail::Localised(
                "Idempotency-Key harus 8-128 huruf, angka, - atau _.",
                "Idempotency-Key must be 8-128 letters, digits, - or _.",
            ),
            Self::MalformedIncidentId => Detail::Localised(
                "ID kejadian terdiri dari 26 huruf dan angka.",
                "An incident id is 26 letters and digits.",
            ),
            Self::MalformedQuery(message) => Detail::Plain(message.clone()),
            Self::MalformedCursor => Detail::Localised(
                "Cursor tidak dikenal; mulai lagi dari halaman pertama.",
                "Unknown cursor; start again from the first page.",
            ),
            Self::MalformedJson(message) => Detail::Plain(message.clone()),
        }
    }
}

/// A problem's text in both languages, before the request's language is known.
#[derive(Debug, Clone)]
enum Detail {
    Localised(&'static str, &'static str),
    /// Text with no translation (a parser's message).
    Plain(String),
    Lifecycle(LifecycleError),
    Citizen(tanggap_domain::citizen::CitizenError),
    Shift(ShiftRefusal),
}

impl Detail {
    fn in_lang(&self, lang: Lang) -> String {
        match self {
            Self::Localised(id, en) => lang.pick(id, en).to_owned(),
            Self::Plain(text) => text.clone(),
            Self::Lifecycle(refusal) => refusal.message(lang),
            Self::Citizen(refusal) => refusal.message(lang).to_owned(),
            Self::Shift(ShiftRefusal::Duty(refusal)) => refusal.message(lang).to_owned(),
            Self::Shift(ShiftRefusal::Roster(refusal)) => refusal.message(lang),
            Self::Shift(ShiftRefusal::Pattern(refusal)) => refusal.message(lang),
            Self::Shift(ShiftRefusal::Handover(refusal)) => refusal.message(lang).to_owned(),
        }
    }
}

/// Everything a problem says except its language and request id, kept on the response for
/// [`crate::middleware`] to render.
#[derive(Debug, Clone)]
pub struct ProblemTemplate {
    status: StatusCode,
    kind: &'static str,
    title: (&'static str, &'static str),
    detail: Option<Detail>,
    errors: Vec<FieldError>,
    /// Field errors still to be worded in the request's language.
    field_problems: Vec<(&'static str, FieldProblem)>,
    current: Option<Box<Incident>>,
}

impl ProblemTemplate {
    fn new(status: StatusCode, problem: ProblemType) -> Self {
        Self::titled(status, problem.uri(), (problem.title(Lang::Id), problem.title(Lang::En)))
    }

    fn titled(status: StatusCode, kind: &'static str, title: (&'static str, &'static str)) -> Self {
        Self { status, kind, title, detail: None, errors: Vec::new(), field_problems: Vec::new(), current: None }
    }

    /// The validation problem (422), for `errors`.
    fn validation(errors: Vec<FieldError>) -> Self {
        Self { errors, ..Self::new(StatusCode::UNPROCESSABLE_ENTITY, ProblemType::Validation) }
    }

    fn detail(mut self, detail: Detail) -> Self {
        self.detail = Some(detail);
        self
    }

    /// The problem for an error response that carries none (the router's 405, a layer's 413 ...).
    pub fn for_status(status: StatusCode) -> Self {
        match status {
            StatusCode::NOT_FOUND => ApiError::NotFound.template(),
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge.template(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::UnsupportedMediaType.template(),
            // RFC 9457's "about:blank": the status says it all, the title is its reason phrase.
            _ => {
                let reason = status.canonical_reason().unwrap_or("Error");
                Self::titled(status, ABOUT_BLANK, (reason, reason))
            }
        }
    }

    pub fn render(&self, lang: Lang, request_id: Option<String>) -> Problem {
        Problem {
            kind: self.kind.to_owned(),
            title: lang.pick(self.title.0, self.title.1).to_owned(),
            status: self.status.as_u16(),
            detail: self.detail.as_ref().map(|d| d.in_lang(lang)),
            request_id,
            errors: (self.errors.iter().cloned())
                .chain(self.field_problems.iter().map(|(field, problem)| FieldError::new(field, *problem, lang)))
                .collect(),
            current: self.current.clone(),
        }
    }

    /// The response for this problem, rendered in `lang` with `request_id`.
    pub fn respond(self, lang: Lang, request_id: Option<String>) -> Response {
        let problem = self.render(lang, request_id);
        let body = match serde_json::to_vec(&problem) {
            Ok(body) => body,
            Err(err) => {
                tracing::error!(error = %err, "serialising a problem");
                let kind = ProblemType::Internal.uri();
                format!(r#"{{"type":"{kind}","title":"Internal error","status":500}}"#).into_bytes()
            }
        };
        let mut response = Response::new(Body::from(body));
        *response.status_mut() = self.status;
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        response.extensions_mut().insert(self);
        response
    }
}

impl ApiError {
    fn template(self) -> ProblemTemplate {
        use StatusCode as S;
        match self {
            Self::Validation(errors) => ProblemTemplate::validation(errors),
            Self::BadParameters(errors) => ProblemTemplate {
                errors,
                ..ProblemTemplate::new(S::BAD_REQUEST, ProblemType::BadRequest)
            },
            Self::CursorExpired => ProblemTemplate::new(S::BAD_REQUEST, ProblemType::CursorExpired)
            .detail(Detail::Localised(
                "Cursor `since` rusak atau lebih tua dari satu jam. Muat ulang papan, lalu minta perubahan tanpa `since`.",
                "The `since` cursor is malformed or older than an hour. Reload the board, then ask for changes without `since`.",
            )),
            Self::NotFound => ProblemTemplate::new(S::NOT_FOUND, ProblemType::NotFound),
            Self::Conflict { current } => {
                let detail = Detail::Localised(
                    "Kejadian ini sudah diubah; lihat keadaan terbaru di `current` lalu ulangi.",
                    "This incident has changed; see its latest state in `current` and try again.",
                );
                ProblemTemplate {
                    current: Some(current),
                    ..ProblemTemplate::new(S::CONFLICT, ProblemType::VersionConflict)
                    .detail(detail)
                }
            }
            // A refusal that one field of the command can fix is a validation problem naming it.
            Self::Lifecycle(refusal) => match lifecycle_field(&refusal) {
                Some(field_problem) => ProblemTemplate {
                    field_problems: vec![field_problem],
                    ..ProblemTemplate::validation(Vec::new()).detail(Detail::Lifecycle(refusal))
                },
                None => ProblemTemplate::new(S::UNPROCESSABLE_ENTITY, ProblemType::Lifecycle)
                .detail(Detail::Lifecycle(refusal)),
            },
            Self::StateConflict(refusal) => ProblemTemplate::new(S::CONFLICT, ProblemType::Lifecycle)
            .detail(Detail::Lifecycle(refusal)),
            Self::Citizen(refusal) => ProblemTemplate::new(S::CONFLICT, ProblemType::Lifecycle)
            .detail(Detail::Citizen(refusal)),
            Self::Shift(refusal) => {
                // Signing on or off and a handover depend on the moment (409); a roster or pattern is fixed
                // by its body (422).
                let status = match &refusal {
                    ShiftRefusal::Duty(_) | ShiftRefusal::Handover(_) => S::CONFLICT,
                    ShiftRefusal::Roster(_) | ShiftRefusal::Pattern(_) => S::UNPROCESSABLE_ENTITY,
                };
                ProblemTemplate::new(status, ProblemType::Shift).detail(Detail::Shift(refusal))
            }
            Self::IdempotencyKeyReused => ProblemTemplate::new(S::UNPROCESSABLE_ENTITY, ProblemType::IdempotencyKeyReused),
            Self::BadRequest(reason) => {
                ProblemTemplate::new(S::BAD_REQUEST, ProblemType::BadRequest)
                    .detail(reason.detail())
            }
            Self::UnsupportedMediaType => ProblemTemplate::new(S::UNSUPPORTED_MEDIA_TYPE, ProblemType::UnsupportedMediaType)
            .detail(Detail::Localised("Kirim data sebagai application/json.", "Send the body as application/json.")),
            Self::PayloadTooLarge => ProblemTemplate::new(S::PAYLOAD_TOO_LARGE, ProblemType::PayloadTooLarge),
            Self::Unauthenticated => ProblemTemplate::new(S::UNAUTHORIZED, ProblemType::Unauthenticated)
            .detail(Detail::Localised(
                "Token akses tidak ada, tidak sah, atau kedaluwarsa; perbarui sesi atau masuk lagi.",
                "The access token is missing, invalid or expired; refresh the session or sign in again.",
            )),
            Self::Forbidden => {
                ProblemTemplate::new(S::FORBIDDEN, ProblemType::Forbidden).detail(
                    Detail::Localised("Peran Anda tidak mengizinkan tindakan ini.", "Your role does not allow this."),
                )
            }
            Self::PasswordChangeRequired => ProblemTemplate::new(S::FORBIDDEN, ProblemType::PasswordChangeRequired)
            .detail(Detail::Localised(
                "Kata sandi Anda diatur ulang oleh admin; pilih kata sandi baru sebelum melanjutkan.",
                "An admin reset your password; choose a new one before going on.",
            )),
            Self::InvalidCredentials => ProblemTemplate::new(S::UNAUTHORIZED, ProblemType::InvalidCredentials),
            Self::SessionExpired => ProblemTemplate::new(S::UNAUTHORIZED, ProblemType::SessionExpired),
            Self::TooManyAttempts { .. } => ProblemTemplate::new(S::TOO_MANY_REQUESTS, ProblemType::TooManyAttempts)
            .detail(Detail::Localised(
                "Tunggu sesuai header Retry-After (detik), lalu coba lagi.",
                "Wait the seconds in the Retry-After header, then try again.",
            )),
            Self::MethodNotAllowed { .. } => ProblemTemplate::for_status(S::METHOD_NOT_ALLOWED),
            Self::Internal(_) => ProblemTemplate::new(S::INTERNAL_SERVER_ERROR, ProblemType::Internal)
            .detail(Detail::Localised(
                "Coba lagi sebentar lagi. Bila terus terjadi, laporkan request_id ini.",
                "Try again shortly. If it keeps happening, report this request_id.",
            )),
        }
    }
}

/// The field of a command that a life-cycle refusal is about, when one field can fix it.
fn lifecycle_field(refusal: &LifecycleError) -> Option<(&'static str, FieldProblem)> {
    match refusal {
        LifecycleError::NoteRequired => Some(("note", FieldProblem::Required)),
        LifecycleError::PriorityReasonRequired => Some(("priority_reason", FieldProblem::Required)),
        LifecycleError::PriorityP0 => Some(("priority", FieldProblem::Invalid)),
        // The client asks for the reason and sends again: a field error on `delay` says so.
        LifecycleError::DelayReasonRequired { .. } => Some(("delay", FieldProblem::Required)),
        _ => None,
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let Self::Internal(err) = &self {
            // The whole chain of context, on the request's span (which carries the request id).
            tracing::error!(error = format!("{err:#}"), "internal error");
        }
        // Headers the status calls for; the problem layer keeps them when it renders the problem again.
        let header = match &self {
            Self::TooManyAttempts { retry_after } => Some((header::RETRY_AFTER, HeaderValue::from(*retry_after))),
            Self::Unauthenticated => Some((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"))),
            Self::MethodNotAllowed { allow } => HeaderValue::from_str(allow).ok().map(|v| (header::ALLOW, v)),
            _ => None,
        };
        let mut response = self.template().respond(Lang::default(), None);
        if let Some((name, value)) = header {
            response.headers_mut().insert(name, value);
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_speaks_the_requests_language_and_carries_its_id() {
        let template = ApiError::NotFound.template();
        let en = template.render(Lang::En, Some("req-1".into()));
        assert_eq!((en.kind.as_str(), en.title.as_str(), en.status), ("/problems/not-found", "Not found", 404));
        assert_eq!(en.request_id.as_deref(), Some("req-1"));
        assert_eq!(template.render(Lang::Id, None).title, "Tidak ditemukan");
    }

    #[test]
    fn an_internal_error_tells_the_client_nothing_of_its_cause() {
        let error = ApiError::Internal(anyhow::anyhow!("table tanggap-prod: access denied for role x"));
        let problem = error.template().render(Lang::En, None);
        assert_eq!(problem.status, 500);
        assert!(!serde_json::to_string(&problem).unwrap().contains("access denied"));
    }

    #[test]
    fn a_refusal_one_field_can_fix_names_the_field_in_the_requests_language() {
        let problem = ApiError::Lifecycle(LifecycleError::NoteRequired).template().render(Lang::En, None);
        assert_eq!((problem.kind.as_str(), problem.status), ("/problems/validation", 422));
        assert_eq!(problem.errors, [FieldError::new("note", FieldProblem::Required, Lang::En)]);
        let id = ApiError::Lifecycle(LifecycleError::PriorityP0).template().render(Lang::Id, None);
        assert_eq!(id.errors, [FieldError::new("priority", FieldProblem::Invalid, Lang::Id)]);
        let other = ApiError::Lifecycle(LifecycleError::NothingToChange).template().render(Lang::En, None);
        assert_eq!((other.kind.as_str(), other.errors.len()), ("/problems/lifecycle", 0));
    }

    #[test]
    fn a_status_without_a_problem_gets_about_blank() {
        let problem = ProblemTemplate::for_status(StatusCode::METHOD_NOT_ALLOWED).render(Lang::Id, None);
        assert_eq!((problem.kind.as_str(), problem.title.as_str()), ("about:blank", "Method Not Allowed"));
    }
}
