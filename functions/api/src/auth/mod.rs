//! Accounts and sessions, the project's own (DESIGN.md, "Auth is the project's own"):
//!
//! - [`password`]: argon2id hashes and the policy new passwords must meet;
//! - [`token`]: the short-lived signed access token, and where its signing key comes from;
//! - [`session`]: refresh tokens in their cookie, rotated at each use, revoked as a family on reuse;
//! - [`throttle`]: failed logins counted per account and per source address;
//! - [`principal`]: the signed-in caller and the request's source address, as handlers take them.
//!
//! Which routes need which roles is not here but in [`crate::policy`], in one table.

pub mod password;
pub mod principal;
pub mod session;
pub mod throttle;
pub mod token;

use anyhow::Context as _;
use tanggap_domain::Username;
use tanggap_domain::dto::{AuditAction, AuditEntry};

use crate::error::ApiError;
use crate::state::AppState;

pub use password::Passwords;
pub use principal::{Principal, SourceAddress};
pub use token::{KeySource, SigningKey, Tokens};

/// One audited account event, about to be recorded.
pub struct Audit<'a> {
    pub action: AuditAction,
    pub actor: Option<&'a Username>,
    pub subject: Option<&'a Username>,
    pub source: &'a SourceAddress,
    pub detail: Option<String>,
}

impl Audit<'_> {
    /// Records the entry at the state's current time. A request whose audit entry cannot be written
    /// fails: an account change nobody can trace is worse than one refused.
    pub async fn record(self, state: &AppState) -> Result<(), ApiError> {
        let entry = AuditEntry {
            at: state.clock.now(),
            action: self.action,
            actor: self.actor.cloned(),
            subject: self.subject.cloned(),
            source: Some(self.source.0.clone()),
            detail: self.detail,
        };
        state.audit.append(&entry).await.with_context(|| format!("recording {:?} in the audit log", entry.action))?;
        Ok(())
    }
}
