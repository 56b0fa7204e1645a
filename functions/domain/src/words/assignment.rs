//! An agency's assignment's words: its statuses, why a step came late, its SLA clocks, and who a
//! breach is escalated to.

use crate::assignment::{AssignmentStatus, DelayKind};
use crate::sla::{Escalation, SlaClock, SlaOutcome};
use crate::{Lang, Role};

impl AssignmentStatus {
    /// The status in a line ("tiba di lokasi · 14.03 · damkar").
    pub const fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Dispatched => lang.pick("diteruskan", "dispatched"),
            Self::Acknowledged => lang.pick("diterima instansi", "acknowledged"),
            Self::EnRoute => lang.pick("menuju lokasi", "en route"),
            Self::OnScene => lang.pick("tiba di lokasi", "on scene"),
            Self::Completed => lang.pick("selesai", "completed"),
            Self::Declined => lang.pick("ditolak", "declined"),
            Self::Cancelled => lang.pick("dibatalkan", "cancelled"),
        }
    }
}

impl DelayKind {
    pub const fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::VehicleBroken => lang.pick("kendaraan rusak", "vehicle broken"),
            Self::NoFuel => lang.pick("tidak ada BBM", "no fuel"),
            Self::NoPersonnel => lang.pick("tidak ada personel", "no personnel"),
            Self::AccessBlocked => lang.pick("akses terhalang", "access blocked"),
            Self::Other => lang.pick("lainnya", "other"),
        }
    }
}

impl SlaClock {
    /// The clock by the step that stops it ("respons", "tiba di lokasi").
    pub const fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Acknowledgement => lang.pick("respons", "acknowledgement"),
            Self::Arrival => lang.pick("tiba di lokasi", "arrival"),
            Self::Completion => lang.pick("selesai", "completion"),
        }
    }
}

impl SlaOutcome {
    /// How a step with a target went ("tepat waktu", "terlambat 2 mnt").
    pub const fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Met => lang.pick("tepat waktu", "on time"),
            Self::Missed { .. } => lang.pick("terlambat", "late"),
        }
    }
}

impl Escalation {
    /// Who the breach went to: the role's own word.
    pub const fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::AgencyHead => Role::AgencyHead.label(lang),
            Self::Supervisor => Role::Supervisor.label(lang),
        }
    }
}
