//! The dashboard's words: how a call ended, and the ranges it offers by name.

use crate::Lang;
use crate::dashboard::brief::Brief;
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

impl Brief {
    /// The brief in one message: "Ringkasan 2026-12-07: 412 panggilan, 38 kejadian, 5 langkah terlambat.
    /// Paling sering terlambat: DAMKAR (3 dari 9, terbanyak karena kendaraan rusak). Kejadian terbuka
    /// tertua sejak 2026-12-05."
    pub fn summary(&self, lang: Lang) -> String {
        let mut text = format!(
            "{} {}: {} {}, {} {}, {} {}.",
            lang.pick("Ringkasan", "Summary of"),
            self.day,
            self.calls,
            lang.pick("panggilan", "calls"),
            self.incidents,
            lang.pick("kejadian", "incidents"),
            self.late_steps,
            lang.pick("langkah terlambat", "steps late"),
        );
        if let Some(slow) = &self.slowest {
            let reason = slow.reason.map(|kind| {
                format!(", {} {}", lang.pick("terbanyak karena", "mostly for"), kind.label(lang).to_ascii_lowercase())
            });
            text.push_str(&format!(
                " {}: {} ({} {} {}{}).",
                lang.pick("Paling sering terlambat", "Late most often"),
                slow.agency,
                slow.late_steps,
                lang.pick("dari", "of"),
                slow.judged_steps,
                reason.unwrap_or_default(),
            ));
        }
        if let Some(open) = &self.oldest_open {
            let since = crate::Day::of(open.since, 0);
            text.push_str(&format!(
                " {} {since}.",
                lang.pick("Kejadian terbuka tertua sejak", "Oldest open incident since")
            ));
        }
        text
    }
}
