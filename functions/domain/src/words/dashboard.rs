//! The dashboard's words: how a call ended, and the ranges it offers by name.

use crate::Lang;
use crate::dashboard::brief::Brief;
use crate::dashboard::export::{FunnelColumn, FunnelStage, IncidentColumn, ScorecardColumn, Sheet};
use crate::dashboard::{CallOutcome, Preset};
use crate::dto::{ExportFormat, ExportStatus};
use crate::sla::SlaClock;

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

impl Sheet {
    /// The sheet's tab (at most 31 characters, as Excel allows).
    pub const fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Incidents => lang.pick("Kejadian", "Incidents"),
            Self::Scorecard => lang.pick("Kartu skor instansi", "Agency scorecard"),
            Self::Funnel => lang.pick("Corong dan hasil panggilan", "Funnel and call outcomes"),
        }
    }
}

impl IncidentColumn {
    pub const fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Incident => lang.pick("No. kejadian", "Incident"),
            Self::Received => lang.pick("Diterima", "Received"),
            Self::Category => lang.pick("Kategori", "Category"),
            Self::Priority => lang.pick("Prioritas", "Priority"),
            Self::Status => lang.pick("Status", "Status"),
            Self::District => lang.pick("Kecamatan", "District"),
            Self::Village => lang.pick("Desa/kelurahan", "Village"),
            Self::Latitude => lang.pick("Lintang", "Latitude"),
            Self::Longitude => lang.pick("Bujur", "Longitude"),
            Self::ExtraReports => lang.pick("Laporan tambahan", "Extra reports"),
            Self::Verified => lang.pick("Diverifikasi", "Verified"),
            Self::Dispatched => lang.pick("Diteruskan", "Dispatched"),
            Self::Resolved => lang.pick("Ditangani", "Resolved"),
            Self::Closed => lang.pick("Ditutup", "Closed"),
            Self::Closure => lang.pick("Cara ditutup", "Closed as"),
            Self::Agency => lang.pick("Instansi", "Agency"),
            Self::AgencyStatus => lang.pick("Status instansi", "Agency status"),
            Self::AgencyDispatched => lang.pick("Diteruskan ke instansi", "Dispatched to agency"),
            Self::Acknowledged => lang.pick("Diterima instansi", "Acknowledged"),
            Self::EnRoute => lang.pick("Menuju lokasi", "En route"),
            Self::OnScene => lang.pick("Tiba di lokasi", "On scene"),
            Self::Completed => lang.pick("Selesai", "Completed"),
            Self::Outcome(clock) => match clock {
                SlaClock::Acknowledgement => lang.pick("SLA respons", "SLA acknowledgement"),
                SlaClock::Arrival => lang.pick("SLA tiba", "SLA arrival"),
                SlaClock::Completion => lang.pick("SLA selesai", "SLA completion"),
            },
            Self::LateSeconds(clock) => match clock {
                SlaClock::Acknowledgement => lang.pick("Terlambat respons (detik)", "Acknowledgement late (s)"),
                SlaClock::Arrival => lang.pick("Terlambat tiba (detik)", "Arrival late (s)"),
                SlaClock::Completion => lang.pick("Terlambat selesai (detik)", "Completion late (s)"),
            },
            Self::DelayReasons => lang.pick("Alasan keterlambatan", "Delay reasons"),
        }
    }
}

impl ScorecardColumn {
    pub const fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Agency => lang.pick("Instansi", "Agency"),
            Self::Assignments => lang.pick("Penugasan", "Assignments"),
            Self::Declined => lang.pick("Ditolak", "Declined"),
            Self::Median(clock) => match clock {
                SlaClock::Acknowledgement => lang.pick("Median respons (detik)", "Median acknowledgement (s)"),
                SlaClock::Arrival => lang.pick("Median tiba (detik)", "Median arrival (s)"),
                SlaClock::Completion => lang.pick("Median selesai (detik)", "Median completion (s)"),
            },
            Self::P90(clock) => match clock {
                SlaClock::Acknowledgement => lang.pick("P90 respons (detik)", "P90 acknowledgement (s)"),
                SlaClock::Arrival => lang.pick("P90 tiba (detik)", "P90 arrival (s)"),
                SlaClock::Completion => lang.pick("P90 selesai (detik)", "P90 completion (s)"),
            },
            Self::OnTime(clock) => match clock {
                SlaClock::Acknowledgement => lang.pick("Respons tepat waktu", "Acknowledged on time"),
                SlaClock::Arrival => lang.pick("Tiba tepat waktu", "Arrived on time"),
                SlaClock::Completion => lang.pick("Selesai tepat waktu", "Completed on time"),
            },
            Self::Late(clock) => match clock {
                SlaClock::Acknowledgement => lang.pick("Respons terlambat", "Acknowledged late"),
                SlaClock::Arrival => lang.pick("Tiba terlambat", "Arrived late"),
                SlaClock::Completion => lang.pick("Selesai terlambat", "Completed late"),
            },
            Self::ShareOnTime(clock) => match clock {
                SlaClock::Acknowledgement => lang.pick("Respons tepat waktu (%)", "Acknowledgement on time (%)"),
                SlaClock::Arrival => lang.pick("Tiba tepat waktu (%)", "Arrival on time (%)"),
                SlaClock::Completion => lang.pick("Selesai tepat waktu (%)", "Completion on time (%)"),
            },
            Self::Backlog => lang.pick("Tugas terbuka sekarang", "Open now"),
            Self::OldestOpen => lang.pick("Terbuka tertua sejak", "Oldest open since"),
            Self::DelayReasons => lang.pick("Alasan keterlambatan", "Delay reasons"),
            Self::Rated => lang.pick("Dinilai warga", "Rated by citizens"),
            Self::AverageRating => lang.pick("Rata-rata penilaian warga (1-5)", "Average citizens' rating (1-5)"),
        }
    }
}

impl FunnelColumn {
    pub const fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Counted => lang.pick("Yang dihitung", "Counted"),
            Self::Range => lang.pick("Rentang", "Range"),
            Self::Previous => lang.pick("Periode sebelumnya", "Previous period"),
        }
    }
}

impl FunnelStage {
    pub const fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Calls => lang.pick("Panggilan", "Calls"),
            Self::Incidents => lang.pick("Kejadian", "Incidents"),
            Self::Verified => lang.pick("Diverifikasi", "Verified"),
            Self::Dispatched => lang.pick("Diteruskan", "Dispatched"),
            Self::Resolved => lang.pick("Ditangani", "Resolved"),
            Self::ClosedFalse => lang.pick("Laporan palsu", "False reports"),
        }
    }
}

impl ExportStatus {
    pub const fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Queued => lang.pick("Menunggu giliran", "Waiting its turn"),
            Self::Running => lang.pick("Sedang disiapkan", "Being written"),
            Self::Ready => lang.pick("Siap diunduh", "Ready to download"),
            Self::Failed => lang.pick("Gagal dibuat; coba lagi", "Could not be made; try again"),
        }
    }
}

impl ExportFormat {
    /// The link that downloads the file.
    pub const fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Xlsx => lang.pick("Unduh XLSX (Excel)", "Download XLSX (Excel)"),
            Self::Csv => lang.pick("Unduh CSV", "Download CSV"),
        }
    }
}
