//! How urgent an incident is. P0 never reaches an agency: it is closed at intake.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Priority {
    /// Life at risk now.
    P1,
    /// Urgent.
    P2,
    /// Can wait hours.
    P3,
    /// Closed at intake (prank, silent, wrong number, information): counted, never dispatched.
    P0,
}

impl Priority {
    pub const ALL: [Priority; 4] = [Priority::P1, Priority::P2, Priority::P3, Priority::P0];

    /// Whether incidents of this priority go to agencies at all.
    pub fn is_dispatchable(self) -> bool {
        self != Priority::P0
    }

    /// A single digit that sorts most urgent first (P1 < P2 < P3 < P0), for storage keys.
    pub fn rank(self) -> u8 {
        match self {
            Priority::P1 => 1,
            Priority::P2 => 2,
            Priority::P3 => 3,
            Priority::P0 => 9,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Priority::P1 => "P1",
            Priority::P2 => "P2",
            Priority::P3 => "P3",
            Priority::P0 => "P0",
        }
    }
}

impl std::fmt::Display for Priority {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
