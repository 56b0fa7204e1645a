//! The audit log of account and catalog events (admin).

use serde::{Deserialize, Serialize};

use crate::{Timestamp, Username};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AuditAction {
    Login,
    LoginFailed,
    /// A login refused because the account or the source address is cooling down.
    LoginThrottled,
    Logout,
    /// A refresh token was used twice: its whole session family was revoked.
    RefreshReuse,
    PasswordChanged,
    PasswordReset,
    UserCreated,
    UserUpdated,
    /// An admin created or changed a category.
    CategorySaved,
    /// An admin created or changed an agency.
    AgencySaved,
    /// A supervisor blocked a caller's number for a while (`detail`: the number, reason and end).
    CallerBlocked,
    /// A supervisor lifted a number's block before its end (`detail`: the number, the block's reason and end).
    CallerUnblocked,
    /// A user changed how they are notified, or went on or off duty (`detail`: what changed).
    NotificationSettingsChanged,
    /// A supervisor changed who works a shift (`detail`: the shift and who is on it now).
    RosterChanged,
    /// The center's shift pattern changed (`detail`: when the shifts begin now).
    ShiftPatternChanged,
}

impl AuditAction {
    /// Every action, in the order above: what the words are checked over, and what a filter offers.
    pub const ALL: [AuditAction; 16] = [
        Self::Login,
        Self::LoginFailed,
        Self::LoginThrottled,
        Self::Logout,
        Self::RefreshReuse,
        Self::PasswordChanged,
        Self::PasswordReset,
        Self::UserCreated,
        Self::UserUpdated,
        Self::CategorySaved,
        Self::AgencySaved,
        Self::CallerBlocked,
        Self::CallerUnblocked,
        Self::NotificationSettingsChanged,
        Self::RosterChanged,
        Self::ShiftPatternChanged,
    ];
}

/// One audited account event: who, when, from where, what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub at: Timestamp,
    pub action: AuditAction,
    /// Who acted (for a failed login: the name that was tried, if it is a valid username).
    pub actor: Option<Username>,
    /// Whom it concerned, for user changes.
    pub subject: Option<Username>,
    /// The source address of the request.
    pub source: Option<String>,
    /// What changed, for user and catalog changes (e.g. `role: operator -> supervisor`,
    /// `FIRE: dispatch_target: 5 -> 7`).
    pub detail: Option<String>,
}

/// `GET /api/audit` (admin): newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub next: Option<String>,
}
