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

/// What the shift modules' tests share: the center's zone, and days, names and accounts from text.
#[cfg(test)]
mod fixtures {
    use crate::{Day, Role, User, Username};

    pub const WIB: i8 = 7;

    pub fn day(text: &str) -> Day {
        Day::parse(text).unwrap()
    }

    pub fn name(text: &str) -> Username {
        Username::parse(text).unwrap()
    }

    /// An active account of `role` (not bound to an agency).
    pub fn user(username: &str, role: Role) -> User {
        User {
            username: name(username),
            display_name: username.into(),
            role,
            agency: None,
            disabled: false,
            must_change_password: false,
        }
    }
}
