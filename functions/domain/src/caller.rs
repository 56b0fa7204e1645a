//! The person who called or reported. Personal data under UU 27/2022 (PDP): shown in full only to
//! roles that need it (see [`crate::Role::sees_caller_identity`]).

use serde::{Deserialize, Serialize};

use crate::{CategoryCode, IncidentId, IncidentStatus, PhoneNumber, Priority, Reason, Timestamp, Username};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Caller {
    /// Absent when the network gave no number (or for a walk-in report), and in masked views.
    pub phone: Option<PhoneNumber>,
    pub name: Option<String>,
    /// Only in a masked view: the number with its middle digits hidden, `+62 812-****-4321`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub masked_phone: Option<String>,
}

impl Caller {
    /// The caller as shown to a role that may not see personal data: the number with its middle
    /// digits hidden, the name reduced to initials. Stored values are never masked.
    pub fn masked(&self) -> Caller {
        Caller {
            phone: None,
            name: self.name.as_deref().map(initials),
            masked_phone: self.phone.as_ref().map(PhoneNumber::masked).or_else(|| self.masked_phone.clone()),
        }
    }

    /// The number to show: in full where allowed, masked otherwise.
    pub fn phone_for_display(&self) -> Option<&str> {
        self.phone.as_ref().map(PhoneNumber::as_str).or(self.masked_phone.as_deref())
    }
}

/// One earlier call from a number, as the caller history lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallRecord {
    pub at: Timestamp,
    pub incident: IncidentId,
    /// The incident's category when the call was taken.
    pub category: CategoryCode,
    pub priority: Priority,
    /// The incident's status now: the call's outcome.
    pub status: IncidentStatus,
    /// True when the call was linked to an incident someone else had reported (an extra report).
    pub linked: bool,
}

/// The category code whose calls count towards proposing a block.
pub const PRANK: &str = "PRANK";
/// Prank calls within [`PRANK_WINDOW_HOURS`] that make the intake propose a block.
pub const PRANK_CALLS_FOR_BLOCK: usize = 3;
pub const PRANK_WINDOW_HOURS: i64 = 24;

/// Whether a number's calls propose a block: [`PRANK_CALLS_FOR_BLOCK`] or more prank calls in the last
/// [`PRANK_WINDOW_HOURS`]. Only a proposal: a supervisor decides.
pub fn prank_calls_within_window(calls: &[CallRecord], now: Timestamp) -> usize {
    calls
        .iter()
        .filter(|call| call.category.as_str() == PRANK)
        .filter(|call| (0..=PRANK_WINDOW_HOURS * 3600).contains(&now.seconds_since(call.at)))
        .count()
}

/// A number a supervisor blocked for a while. A blocked number's calls are still taken (a prankster
/// can have a real emergency) but flagged at intake. It ends by itself at `until`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallerBlock {
    pub phone: PhoneNumber,
    pub reason: Reason,
    pub blocked_by: Username,
    pub blocked_at: Timestamp,
    pub until: Timestamp,
}

impl CallerBlock {
    pub fn is_active(&self, now: Timestamp) -> bool {
        now < self.until
    }
}

fn initials(name: &str) -> String {
    name.split_whitespace().filter_map(|w| w.chars().next()).map(|c| format!("{c}.")).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_masked_caller_keeps_only_the_ends_of_the_number_and_initials() {
        let caller = Caller {
            phone: Some(PhoneNumber::parse("0812-3456-4321").unwrap()),
            name: Some("Siti Rahma".into()),
            masked_phone: None,
        };
        let masked = caller.masked();
        assert_eq!(masked.phone, None);
        assert_eq!(masked.phone_for_display(), Some("+62 812-****-4321"));
        assert_eq!(masked.name.as_deref(), Some("S. R."));
        assert_eq!(masked.masked(), masked, "masking twice changes nothing");
        assert!(!serde_json::to_string(&masked).unwrap().contains("3456"));
    }

    fn call(category: &str, hours_ago: i64, now: Timestamp) -> CallRecord {
        CallRecord {
            at: now.plus_seconds(-hours_ago * 3600),
            incident: IncidentId::parse("01JDGZ6Q8X4T3N2M1K0H9G8F7E").unwrap(),
            category: CategoryCode::parse(category).unwrap(),
            priority: Priority::P0,
            status: IncidentStatus::Closed,
            linked: false,
        }
    }

    #[test]
    fn only_prank_calls_of_the_last_day_count_towards_a_block() {
        let now = Timestamp::from_unix_millis(1_800_000_000_000).unwrap();
        let calls = [call("PRANK", 1, now), call("PRANK", 23, now), call("SILENT", 2, now), call("PRANK", 25, now)];
        assert_eq!(prank_calls_within_window(&calls, now), 2);
        let calls = [call("PRANK", 0, now), call("PRANK", 5, now), call("PRANK", 20, now)];
        assert!(prank_calls_within_window(&calls, now) >= PRANK_CALLS_FOR_BLOCK);
    }
}
