//! RFC 9457 problem details: the one shape of every 4xx and 5xx answer, and the problem types the
//! API names in it.

use serde::{Deserialize, Serialize};

use super::fields::FieldError;
use crate::Incident;

/// An RFC 9457 problem details document: every 4xx and 5xx answer of the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A stable URI reference naming the kind of problem, e.g. `/problems/validation`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Short, human, in the request's language.
    pub title: String,
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The request id that the logs carry too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// For a version conflict: the incident as it is now, so the user sees the newer values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<Box<Incident>>,
}

impl Problem {
    /// The problem type the API named, whether its `type` is relative or absolute; none for
    /// `about:blank` or a type this build does not know.
    pub fn problem_type(&self) -> Option<ProblemType> {
        ProblemType::parse(&self.kind).ok()
    }
}

/// RFC 9457's type for a problem that the status alone describes (its title is the reason phrase).
pub const ABOUT_BLANK: &str = "about:blank";

/// Every kind of problem the API answers with: the server builds its problems from these, the app
/// decides what to do by them. Their titles are in [`crate::words`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProblemType {
    /// Fields that do not parse or name nothing known (422, with the fields).
    Validation,
    /// A malformed request: parameters, headers, JSON (400).
    BadRequest,
    /// A changes cursor that is malformed or too old: reload the board and start again (400).
    CursorExpired,
    NotFound,
    /// The incident changed since the version the request was made on (409, with `current`).
    VersionConflict,
    /// The life cycle refuses the command in the incident's current state.
    Lifecycle,
    IdempotencyKeyReused,
    UnsupportedMediaType,
    PayloadTooLarge,
    /// No valid access token (401).
    Unauthenticated,
    /// The caller's role may not do this (403).
    Forbidden,
    /// The caller must choose a new password before anything else (403).
    PasswordChangeRequired,
    InvalidCredentials,
    /// The refresh cookie is missing, expired, revoked or reused (401).
    SessionExpired,
    /// Too many failed logins; `Retry-After` says how long to wait (429).
    TooManyAttempts,
    /// A shift's rules refuse it: signing on twice, a roster of a shift that has ended (409, with why).
    Shift,
    Internal,
}

/// A problem `type` that names none of [`ProblemType`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown problem type {0:?}")]
pub struct UnknownProblemType(pub String);

impl ProblemType {
    pub const ALL: [ProblemType; 17] = [
        Self::Validation,
        Self::BadRequest,
        Self::CursorExpired,
        Self::NotFound,
        Self::VersionConflict,
        Self::Lifecycle,
        Self::IdempotencyKeyReused,
        Self::UnsupportedMediaType,
        Self::PayloadTooLarge,
        Self::Unauthenticated,
        Self::Forbidden,
        Self::PasswordChangeRequired,
        Self::InvalidCredentials,
        Self::SessionExpired,
        Self::TooManyAttempts,
        Self::Shift,
        Self::Internal,
    ];

    /// The `type` as the API sends it (a URI reference relative to the deployment): the wire format.
    pub const fn uri(self) -> &'static str {
        match self {
            Self::Validation => "/problems/validation",
            Self::BadRequest => "/problems/bad-request",
            Self::CursorExpired => "/problems/cursor-expired",
            Self::NotFound => "/problems/not-found",
            Self::VersionConflict => "/problems/version-conflict",
            Self::Lifecycle => "/problems/lifecycle",
            Self::IdempotencyKeyReused => "/problems/idempotency-key-reused",
            Self::UnsupportedMediaType => "/problems/unsupported-media-type",
            Self::PayloadTooLarge => "/problems/payload-too-large",
            Self::Unauthenticated => "/problems/unauthenticated",
            Self::Forbidden => "/problems/forbidden",
            Self::PasswordChangeRequired => "/problems/password-change-required",
            Self::InvalidCredentials => "/problems/invalid-credentials",
            Self::SessionExpired => "/problems/session-expired",
            Self::TooManyAttempts => "/problems/too-many-attempts",
            Self::Shift => "/problems/shift",
            Self::Internal => "/problems/internal",
        }
    }

    /// Reads a `type`, relative (`/problems/forbidden`) or made absolute by a proxy
    /// (`https://tanggap.example/problems/forbidden`).
    pub fn parse(kind: &str) -> Result<Self, UnknownProblemType> {
        Self::ALL.into_iter().find(|t| t.is_named_by(kind)).ok_or_else(|| UnknownProblemType(kind.to_owned()))
    }

    /// Whether a problem's `type`, relative or absolute, names this one (without reading the others'
    /// URIs: the app asks about a few types only, and carries only theirs).
    pub fn is_named_by(self, kind: &str) -> bool {
        kind.strip_suffix(self.uri()).is_some_and(|base| base.is_empty() || !base.ends_with('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_type_reads_back_from_its_uri_relative_or_absolute() {
        for kind in ProblemType::ALL {
            assert_eq!(ProblemType::parse(kind.uri()), Ok(kind));
            assert_eq!(ProblemType::parse(&format!("https://tanggap.example{}", kind.uri())), Ok(kind));
        }
        let mut uris: Vec<&str> = ProblemType::ALL.map(ProblemType::uri).to_vec();
        uris.sort();
        uris.dedup();
        assert_eq!(uris.len(), ProblemType::ALL.len(), "two problem types share a uri");
    }

    #[test]
    fn a_type_this_build_does_not_know_is_no_problem_type() {
        assert!(ProblemType::parse(ABOUT_BLANK).is_err());
        assert!(ProblemType::parse("/problems/unknown").is_err());
        assert!(ProblemType::parse("/problems/bad-request-2").is_err());
        let problem = Problem {
            kind: "/problems/lifecycle".into(),
            title: "Perintah tidak dapat dijalankan".into(),
            status: 422,
            detail: None,
            request_id: None,
            errors: Vec::new(),
            current: None,
        };
        assert_eq!(problem.problem_type(), Some(ProblemType::Lifecycle));
    }
}
