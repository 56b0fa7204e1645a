//! The shapes that cross the wire between the app and the functions, one file per area. Both sides
//! compile this module, so a field renamed here is renamed everywhere. Requests arrive as plain strings
//! and are parsed into domain types with every problem reported per field, in the reader's language.

mod accounts;
mod audit;
mod citizen;
mod dashboard;
mod exports;
mod fields;
mod incidents;
mod intake;
mod map;
mod notifications;
mod photos;
mod problem;
mod shifts;

use serde::{Deserialize, Serialize};

pub use self::accounts::*;
pub use self::audit::*;
pub use self::citizen::*;
pub use self::dashboard::*;
pub use self::exports::*;
pub use self::fields::{FieldError, FieldProblem};
pub use self::incidents::*;
pub use self::intake::*;
pub use self::map::*;
pub use self::notifications::*;
pub use self::photos::*;
pub use self::problem::*;
pub use self::shifts::*;

/// `GET /api/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    pub status: String,
    pub version: String,
}
