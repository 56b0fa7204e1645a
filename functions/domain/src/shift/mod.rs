//! Shifts: the center's pattern of shifts ([`pattern`]), the supervisors' roster of who works which
//! ([`roster`]), and signing on and off, which tells who is on duty ([`duty`]).

pub mod duty;
pub mod pattern;
pub mod roster;

pub use duty::{Duty, DutyError, SignOn, SignedOn, sign_off, sign_on};
pub use pattern::{ClockTime, PatternError, Shift, ShiftPattern, ShiftRef};
pub use roster::{Roster, RosterError, RosterShift};
