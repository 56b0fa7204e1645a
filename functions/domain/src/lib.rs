//! Tanggap's domain: what a 112 command center deals in, and the rules that hold whatever the storage,
//! transport or screen. No I/O here: this crate compiles to wasm32 for the frontend and natively for
//! the functions, so both sides parse input and walk the life cycles with the same code.

pub mod agency;
pub mod assignment;
pub mod caller;
pub mod category;
pub mod citizen;
pub mod dashboard;
pub mod dto;
pub mod duplicates;
pub mod event;
pub mod geo;
pub mod incident;
pub mod lang;
mod newtype;
pub mod notification;
pub mod phone;
pub mod photo;
pub mod priority;
pub mod region;
pub mod shift;
pub mod sla;
pub mod staffing;
pub mod text;
pub mod time;
pub mod user;
pub mod words;

pub use self::time::{Day, Timestamp};
pub use agency::{Agency, AgencyCode};
pub use assignment::{Assignment, AssignmentCommand, AssignmentStatus, DelayKind, DelayReason};
pub use caller::Caller;
pub use category::{Category, CategoryCode, DispatchTarget, QuickKey, Target};
pub use event::{Actor, Change, ChangeKind, Event};
pub use geo::Coordinates;
pub use incident::{
    Closure, Incident, IncidentCommand, IncidentId, IncidentStatus, LifecycleError, Location, Milestones,
};
pub use lang::Lang;
pub use phone::PhoneNumber;
pub use photo::{Photo, PhotoId};
pub use priority::Priority;
pub use region::{Boundary, KodeWilayah, Outline, Region, RegionLevel};
pub use sla::{Breach, Escalation, SlaClock, SlaOutcome};
pub use text::{Reason, Text};
pub use user::{Role, User, Username};
