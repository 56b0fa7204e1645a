//! Who works in the system and what they may do.

use serde::{Deserialize, Serialize};

use crate::AgencyCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Role {
    /// Call taker and dispatcher.
    Operator,
    /// Shift lead.
    Supervisor,
    /// Field officer of one agency.
    AgencyOfficer,
    /// Kepala Dinas or Kabid of one agency.
    AgencyHead,
    /// The regent and staff: read-only, every agency.
    Executive,
    /// Users, agencies, categories, regions.
    Admin,
}

impl Role {
    pub const ALL: [Role; 6] =
        [Role::Operator, Role::Supervisor, Role::AgencyOfficer, Role::AgencyHead, Role::Executive, Role::Admin];

    /// Officers and heads act for one agency and must be bound to it; no other role is.
    pub fn is_agency_bound(self) -> bool {
        matches!(self, Role::AgencyOfficer | Role::AgencyHead)
    }

    /// Callers' numbers and names are personal data (UU 27/2022): shown in full only to the roles that
    /// call back or administer; everyone else sees them masked.
    pub fn sees_caller_identity(self) -> bool {
        matches!(self, Role::Operator | Role::Supervisor | Role::Admin)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Operator => "operator",
            Role::Supervisor => "supervisor",
            Role::AgencyOfficer => "agency_officer",
            Role::AgencyHead => "agency_head",
            Role::Executive => "executive",
            Role::Admin => "admin",
        }
    }
}

/// A login name: 2 to 32 lowercase letters, digits, `.`, `_` or `-`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, example = "operator1"))]
pub struct Username(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a username is 2 to 32 lowercase letters, digits, '.', '_' or '-'")]
pub struct UsernameError;

impl Username {
    pub fn parse(input: &str) -> Result<Self, UsernameError> {
        let name = input.trim().to_ascii_lowercase();
        let ok = (2..=32).contains(&name.len())
            && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-'));
        if ok { Ok(Self(name)) } else { Err(UsernameError) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

crate::newtype::string_newtype!(Username, UsernameError);

/// A user as every screen and the API see it. The password hash is never part of it: it lives only
/// in the store's own item and never leaves the functions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    pub username: Username,
    pub display_name: String,
    pub role: Role,
    /// The agency an officer or head acts for; `None` for every other role.
    pub agency: Option<AgencyCode>,
    pub disabled: bool,
    /// Set by an admin's reset: the user must choose a new password before anything else.
    pub must_change_password: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UserError {
    #[error("an agency officer or head must belong to an agency")]
    AgencyRequired,
    #[error("only agency officers and heads belong to an agency")]
    AgencyNotAllowed,
}

impl User {
    /// Checks that role and agency fit together: officers and heads have one agency, others none.
    pub fn check_role_and_agency(role: Role, agency: Option<&AgencyCode>) -> Result<(), UserError> {
        match (role.is_agency_bound(), agency) {
            (true, None) => Err(UserError::AgencyRequired),
            (false, Some(_)) => Err(UserError::AgencyNotAllowed),
            _ => Ok(()),
        }
    }
}

/// The shortest password accepted. Long passphrases beat complex short ones (NIST SP 800-63B).
pub const MIN_PASSWORD_CHARS: usize = 10;
/// The longest, so that hashing cannot be made a denial of service.
pub const MAX_PASSWORD_CHARS: usize = 128;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn officers_and_heads_need_an_agency_and_no_one_else_has_one() {
        let damkar = AgencyCode::parse("DAMKAR").unwrap();
        assert_eq!(User::check_role_and_agency(Role::AgencyOfficer, None), Err(UserError::AgencyRequired));
        assert_eq!(User::check_role_and_agency(Role::Operator, Some(&damkar)), Err(UserError::AgencyNotAllowed));
        assert!(User::check_role_and_agency(Role::AgencyHead, Some(&damkar)).is_ok());
        assert!(User::check_role_and_agency(Role::Executive, None).is_ok());
    }

    #[test]
    fn only_operators_supervisors_and_admins_see_callers() {
        let seeing: Vec<Role> = Role::ALL.into_iter().filter(|r| r.sees_caller_identity()).collect();
        assert_eq!(seeing, [Role::Operator, Role::Supervisor, Role::Admin]);
    }
}
