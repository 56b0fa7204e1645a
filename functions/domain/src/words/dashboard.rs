//! The dashboard's words: how a call ended, and the ranges it offers by name.

use crate::Lang;
use crate::dashboard::{CallOutcome, Preset};

impl CallOutcome {
    /// The outcome's words; a call closed at intake is named by its category (data, not words), so
    /// `None` for it.
    pub const fn label(&self, lang: Lang) -> Option<&'static str> {
        match self {
            Self::Real => Some(lang.pick("laporan nyata", "real report")),
            Self::Duplicate => Some(lang.pick("laporan ganda", "duplicate")),
            Self::AtIntake(_) => None,
        }
    }
}

impl Preset {
    pub const fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Today => lang.pick("Hari ini", "Today"),
            Self::Yesterday => lang.pick("Kemarin", "Yesterday"),
            Self::Last7Days => lang.pick("7 hari", "7 days"),
            Self::ThisMonth => lang.pick("Bulan ini", "This month"),
            Self::LastMonth => lang.pick("Bulan lalu", "Last month"),
        }
    }

    /// Its name in the address and the API (`last_7_days`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Today => "today",
            Self::Yesterday => "yesterday",
            Self::Last7Days => "last_7_days",
            Self::ThisMonth => "this_month",
            Self::LastMonth => "last_month",
        }
    }
}
