//! The incident's words: its statuses, its priorities' meanings, how it was verified and closed, and
//! the history's changes and actors.

use crate::event::{Actor, Change, ChangeKind};
use crate::incident::{Closure, IncidentStatus, VerificationMethod};
use crate::{Lang, Priority};

impl IncidentStatus {
    /// The status as the screens name it ("Diteruskan"); also the outcome of a call in a caller's history.
    pub const fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Received => lang.pick("Diterima", "Received"),
            Self::Verified => lang.pick("Terverifikasi", "Verified"),
            Self::Dispatched => lang.pick("Diteruskan", "Dispatched"),
            Self::Resolved => lang.pick("Selesai ditangani", "Resolved"),
            Self::Closed => lang.pick("Ditutup", "Closed"),
            Self::Cancelled => lang.pick("Dibatalkan", "Cancelled"),
            Self::Merged => lang.pick("Digabung", "Merged"),
        }
    }
}

impl Priority {
    /// What the priority means, beside its code ("P1 · Nyawa terancam").
    pub const fn meaning(self, lang: Lang) -> &'static str {
        match self {
            Self::P1 => lang.pick("Nyawa terancam", "Life at risk"),
            Self::P2 => lang.pick("Mendesak", "Urgent"),
            Self::P3 => lang.pick("Dapat menunggu", "Can wait"),
            Self::P0 => lang.pick("Ditutup saat diterima", "Closed at intake"),
        }
    }
}

impl VerificationMethod {
    pub const fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Callback => lang.pick("Telepon balik", "Call back"),
            Self::SecondReport => lang.pick("Laporan kedua", "Second report"),
            Self::Cctv => lang.pick("CCTV", "CCTV"),
            Self::FieldOfficer => lang.pick("Petugas lapangan", "Field officer"),
            Self::Other => lang.pick("Cara lain", "Other"),
        }
    }
}

impl Closure {
    pub const fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::AtIntake => lang.pick("ditutup saat diterima", "closed at intake"),
            Self::FalseReport => lang.pick("laporan palsu", "false report"),
            Self::AfterResolution => lang.pick("setelah selesai ditangani", "after resolution"),
        }
    }
}

impl ChangeKind {
    /// What an event did, as its line in the history begins ("Diteruskan ke: DAMKAR").
    pub const fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Received => lang.pick("Laporan diterima", "Report received"),
            Self::Verified => lang.pick("Diverifikasi", "Verified"),
            Self::Dispatched => lang.pick("Diteruskan ke", "Dispatched to"),
            Self::AssignmentUpdated => lang.pick("Tugas instansi", "Assignment"),
            Self::Resolved => lang.pick("Selesai ditangani", "Resolved"),
            Self::DispatchWithdrawn => lang.pick(
                "Semua tugas instansi berakhir; menunggu penerusan baru",
                "Every assignment ended; waiting for a new dispatch",
            ),
            Self::Closed => lang.pick("Ditutup", "Closed"),
            Self::Cancelled => lang.pick("Dibatalkan", "Cancelled"),
            Self::MergedInto => lang.pick("Digabung ke", "Merged into"),
            Self::Edited => lang.pick("Data diubah", "Facts edited"),
            Self::NoteAdded => lang.pick("Catatan", "Note"),
            Self::ReportLinked => lang.pick("Laporan tambahan", "Further report"),
            Self::SupportRequested => lang.pick("Minta bantuan", "Support requested"),
            Self::SupportDeclined => lang.pick("Permintaan bantuan ditolak", "Support request declined"),
            Self::SlaBreached => lang.pick("Melewati target SLA", "SLA target missed"),
            Self::Escalated => lang.pick("Eskalasi", "Escalated"),
            Self::PhotoAdded => lang.pick("Foto", "Photo"),
            Self::TicketIssued => lang.pick("Tiket untuk pelapor", "Ticket for the reporter"),
            Self::Rated => lang.pick("Penilaian warga", "Citizen's rating"),
            Self::Complained => lang.pick("Pelapor: masalah belum selesai", "Reporter: the problem is not solved"),
            Self::ComplaintAnswered => lang.pick("Jawaban kepada pelapor", "Answer to the reporter"),
            Self::Reopened => lang.pick("Dibuka kembali", "Reopened"),
        }
    }
}

impl Change {
    /// What this event did (see [`ChangeKind::label`]).
    pub const fn label(&self, lang: Lang) -> &'static str {
        self.kind().label(lang)
    }
}

impl Actor {
    /// Who made a change: a user is shown by name, with this word for the role they acted in.
    pub const fn label(&self, lang: Lang) -> &'static str {
        match self {
            Self::User { role, .. } => role.label(lang),
            Self::System => lang.pick("Sistem", "System"),
            Self::Public => lang.pick("Warga (laman publik)", "Public (web pages)"),
            Self::Anonymous => lang.pick("Tanpa identitas", "No identity"),
        }
    }
}
