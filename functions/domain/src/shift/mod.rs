//! Shifts: the center's pattern of shifts ([`pattern`]), the supervisors' roster of who works which
//! ([`roster`]), signing on and off, which tells who is on duty ([`duty`]), and the handover at a
//! shift's end ([`handover`]).

pub mod duty;
pub mod handover;
pub mod pattern;
pub mod roster;

pub use duty::{Duty, DutyError, SignOn, SignedOn, sign_off, sign_on};
pub use handover::{Acknowledgement, Handover, HandoverError, HandoverMaterial, OpenIncident, ShiftBreach};
pub use pattern::{ClockTime, PatternError, Shift, ShiftPattern, ShiftRef};
pub use roster::{Roster, RosterError, RosterShift};
