//! The person who called or reported. Personal data under UU 27/2022 (PDP): shown in full only to
//! roles that need it.

use serde::{Deserialize, Serialize};

use crate::PhoneNumber;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Caller {
    /// Absent when the network gave no number (or for a walk-in report).
    pub phone: Option<PhoneNumber>,
    pub name: Option<String>,
}
