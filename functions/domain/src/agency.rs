//! The bodies that act on an incident: the regency's agencies (Damkar, BPBD, PSC 119 …) and bodies
//! outside it (Polres, PLN, Basarnas), whose assignments the operator confirms by phone.

use serde::{Deserialize, Serialize};

crate::category::code!(
    /// `DAMKAR`, `BPBD`, `PSC119` …
    AgencyCode,
    AgencyCodeError,
    "agency",
    "DAMKAR"
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Agency {
    pub code: AgencyCode,
    pub name: String,
    /// A body outside the regency's government (police, PLN, Basarnas): usually no accounts here.
    pub outside_regency: bool,
}
