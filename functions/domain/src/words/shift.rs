//! The words of shifts: refusals of the roster, of the pattern and of signing on and off, and how
//! firmly someone is on duty.

use crate::Lang;
use crate::shift::{Duty, DutyError, HandoverError, PatternError, RosterError, ShiftPattern};

impl Duty {
    pub const fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Off => lang.pick("Tidak bertugas", "Off duty"),
            Self::Marked => lang.pick("Menyatakan bertugas", "Marked on duty"),
            Self::Rostered => lang.pick("Terjadwal, belum hadir", "Rostered, not signed on"),
            Self::SignedOn => lang.pick("Hadir", "Signed on"),
        }
    }
}

impl DutyError {
    pub const fn message(&self, lang: Lang) -> &'static str {
        match self {
            Self::NotShiftWork => lang.pick(
                "Hanya operator dan supervisor yang bertugas dalam sif.",
                "Only operators and supervisors work shifts.",
            ),
            Self::AlreadySignedOn { .. } => {
                lang.pick("Anda sudah hadir untuk sif ini.", "You are signed on to this shift already.")
            }
            Self::NotSignedOn => lang.pick("Anda belum hadir untuk sif mana pun.", "You are not signed on."),
        }
    }
}

impl RosterError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Self::NoSuchShift { shift } => match lang {
                Lang::Id => format!("Sif {shift} tidak ada di bulan dan pola sif ini."),
                Lang::En => format!("There is no shift {shift} in this month and shift pattern."),
            },
            Self::Ended { shift } => match lang {
                Lang::Id => format!("Sif {shift} sudah berakhir; yang hadir tercatat di daftar hadirnya."),
                Lang::En => format!("Shift {shift} has ended; who came is in its sign-ons."),
            },
            Self::TooMany => match lang {
                Lang::Id => format!("Paling banyak {} orang per sif.", crate::shift::Roster::MAX_ON_SHIFT),
                Lang::En => format!("At most {} people a shift.", crate::shift::Roster::MAX_ON_SHIFT),
            },
            Self::Twice { username } => match lang {
                Lang::Id => format!("{username} tercantum dua kali."),
                Lang::En => format!("{username} is listed twice."),
            },
            Self::NotShiftWorker { username } => match lang {
                Lang::Id => format!("{username} bukan operator atau supervisor yang aktif."),
                Lang::En => format!("{username} is not an active operator or supervisor."),
            },
        }
    }
}

impl PatternError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Self::Count => match lang {
                Lang::Id => format!("Satu hari dibagi menjadi 1 sampai {} sif.", ShiftPattern::MAX_SHIFTS),
                Lang::En => format!("A day has 1 to {} shifts.", ShiftPattern::MAX_SHIFTS),
            },
            Self::TooShort => match lang {
                Lang::Id => format!(
                    "Jam mulai sif berurutan dalam sehari, tiap sif paling sedikit {} menit.",
                    ShiftPattern::MIN_MINUTES
                ),
                Lang::En => format!(
                    "Shifts begin in the order of the day, each at least {} minutes long.",
                    ShiftPattern::MIN_MINUTES
                ),
            },
        }
    }
}

impl HandoverError {
    pub const fn message(&self, lang: Lang) -> &'static str {
        match self {
            Self::NotHandoverTime => lang.pick(
                "Serah terima ditulis sejak satu jam sebelum sif berakhir sampai dua jam sesudahnya.",
                "A shift is handed over from an hour before its end until two hours after.",
            ),
            Self::AlreadyAcknowledged => {
                lang.pick("Serah terima ini sudah diterima.", "This handover has been acknowledged already.")
            }
            Self::NothingToAcknowledge => {
                lang.pick("Belum ada serah terima untuk diterima.", "There is no handover to acknowledge yet.")
            }
            Self::OwnHandover => lang.pick(
                "Serah terima diterima oleh supervisor sif berikutnya, bukan penulisnya.",
                "The incoming supervisor acknowledges a handover, not the one who wrote it.",
            ),
        }
    }
}
