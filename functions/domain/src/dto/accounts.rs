//! Accounts: logging in, sessions, passwords, and the admin's users. Passwords and tokens never reach
//! a log line through `{:?}`.

use serde::{Deserialize, Serialize};

use super::fields::{FieldError, FieldProblem};
use crate::user::{MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, User, UserError};
use crate::{AgencyCode, Lang, Role, Username};

/// `POST /api/auth/login`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

/// What login and refresh answer (the refresh token travels only in its HttpOnly cookie).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Session {
    /// Send as `Authorization: Bearer …`; short-lived.
    pub access_token: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    pub user: User,
}

/// `POST /api/me/password`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// `POST /api/users` (admin).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// Required for agency officers and heads, absent for everyone else.
    pub agency: Option<String>,
    /// The first password; the user must change it at first login.
    pub password: String,
}

/// `PATCH /api/users/{username}` (admin): only the fields present change.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserUpdate {
    pub display_name: Option<String>,
    pub role: Option<Role>,
    /// With `role`: the agency for an officer or head (`null` for other roles).
    pub agency: Option<String>,
    pub disabled: Option<bool>,
}

/// `POST /api/users/{username}/password` (admin): sets a temporary password to change at next login.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordReset {
    pub new_password: String,
}

// Passwords and tokens never reach a log line through `{:?}`: their Debug forms are redacted.
const REDACTED: &str = "<redacted>";

impl std::fmt::Debug for LoginRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginRequest").field("username", &self.username).field("password", &REDACTED).finish()
    }
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("access_token", &REDACTED)
            .field("expires_in", &self.expires_in)
            .field("user", &self.user)
            .finish()
    }
}

impl std::fmt::Debug for PasswordChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordChange").field("current_password", &REDACTED).field("new_password", &REDACTED).finish()
    }
}

impl std::fmt::Debug for NewUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewUser")
            .field("username", &self.username)
            .field("display_name", &self.display_name)
            .field("role", &self.role)
            .field("agency", &self.agency)
            .field("password", &REDACTED)
            .finish()
    }
}

impl std::fmt::Debug for PasswordReset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordReset").field("new_password", &REDACTED).finish()
    }
}

/// The length rule every new password must meet, as a field problem (the server also refuses common
/// passwords, which needs a list the app does not carry).
pub fn password_length_problem(password: &str) -> Option<FieldProblem> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        Some(FieldProblem::TooShort(MIN_PASSWORD_CHARS))
    } else if chars > MAX_PASSWORD_CHARS {
        Some(FieldProblem::TooLong(MAX_PASSWORD_CHARS))
    } else {
        None
    }
}

/// The longest display name.
pub const MAX_DISPLAY_NAME_CHARS: usize = 100;

/// A [`NewUser`] whose fields have all parsed; the agency is still to be looked up, the password
/// still to be checked against the common ones.
#[derive(Clone, PartialEq, Eq)]
pub struct UserDraft {
    pub username: Username,
    pub display_name: String,
    pub role: Role,
    pub agency: Option<AgencyCode>,
    pub password: String,
}

impl std::fmt::Debug for UserDraft {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserDraft")
            .field("username", &self.username)
            .field("display_name", &self.display_name)
            .field("role", &self.role)
            .field("agency", &self.agency)
            .field("password", &REDACTED)
            .finish()
    }
}

/// A display name: trimmed, 1 to [`MAX_DISPLAY_NAME_CHARS`] characters.
pub fn parse_display_name(input: &str) -> Result<String, FieldProblem> {
    let name = input.trim();
    if name.is_empty() {
        Err(FieldProblem::Required)
    } else if name.chars().count() > MAX_DISPLAY_NAME_CHARS {
        Err(FieldProblem::TooLong(MAX_DISPLAY_NAME_CHARS))
    } else {
        Ok(name.to_owned())
    }
}

/// An agency field: blank is none; otherwise a code, which must fit the role.
pub fn parse_agency_for_role(role: Role, agency: Option<&str>) -> Result<Option<AgencyCode>, FieldProblem> {
    let agency = match agency.map(str::trim) {
        None | Some("") => None,
        Some(code) => Some(AgencyCode::parse(code).map_err(|_| FieldProblem::UnknownAgency)?),
    };
    match User::check_role_and_agency(role, agency.as_ref()) {
        Ok(()) => Ok(agency),
        Err(UserError::AgencyRequired) => Err(FieldProblem::AgencyRequired),
        Err(UserError::AgencyNotAllowed) => Err(FieldProblem::AgencyNotAllowed),
    }
}

impl NewUser {
    /// Parses every field, collecting all problems rather than stopping at the first.
    pub fn parse(&self, lang: Lang) -> Result<UserDraft, Vec<FieldError>> {
        let mut errors = Vec::new();
        let username = Username::parse(&self.username);
        if username.is_err() {
            errors.push(FieldError::new("username", FieldProblem::BadUsername, lang));
        }
        let display_name = parse_display_name(&self.display_name);
        if let Err(problem) = &display_name {
            errors.push(FieldError::new("display_name", *problem, lang));
        }
        let agency = parse_agency_for_role(self.role, self.agency.as_deref());
        if let Err(problem) = &agency {
            errors.push(FieldError::new("agency", *problem, lang));
        }
        if let Some(problem) = password_length_problem(&self.password) {
            errors.push(FieldError::new("password", problem, lang));
        }
        match (username, display_name, agency) {
            (Ok(username), Ok(display_name), Ok(agency)) if errors.is_empty() => {
                Ok(UserDraft { username, display_name, role: self.role, agency, password: self.password.clone() })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_user_parses_with_every_problem_named() {
        let good = NewUser {
            username: " Operator1 ".into(),
            display_name: " Siti ".into(),
            role: Role::AgencyOfficer,
            agency: Some("damkar".into()),
            password: "tanggap112".into(),
        };
        let draft = good.parse(Lang::En).unwrap();
        assert_eq!((draft.username.as_str(), draft.display_name.as_str()), ("operator1", "Siti"));
        assert_eq!(draft.agency.unwrap().as_str(), "DAMKAR");
        let bad = NewUser {
            username: "a b".into(),
            display_name: " ".into(),
            role: Role::Operator,
            agency: Some("DAMKAR".into()),
            password: "short".into(),
        };
        let codes: Vec<(String, String)> =
            bad.parse(Lang::En).unwrap_err().into_iter().map(|e| (e.field, e.code)).collect();
        let expected = [
            ("username", "bad_username"),
            ("display_name", "required"),
            ("agency", "agency_not_allowed"),
            ("password", "too_short"),
        ];
        assert_eq!(codes, expected.map(|(f, c)| (f.to_owned(), c.to_owned())));
    }

    #[test]
    fn secrets_never_show_in_debug_output() {
        let login = LoginRequest { username: "admin".into(), password: "hunter2hunter2".into() };
        let change = PasswordChange { current_password: "old-secret-1".into(), new_password: "new-secret-2".into() };
        let printed = format!("{login:?} {change:?} {:?}", PasswordReset { new_password: "reset-secret-3".into() });
        for secret in ["hunter2", "old-secret", "new-secret", "reset-secret"] {
            assert!(!printed.contains(secret), "{printed}");
        }
        assert!(printed.contains("admin"));
    }
}
