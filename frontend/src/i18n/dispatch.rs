//! The words of dispatching: the incident page's dispatch panel, assignments, SLA clocks, support
//! requests and photos (operator console), and the SLA and SOP fields of the categories admin.

use tanggap_domain::Lang;
use tanggap_domain::sla::{ClockState, SlaOutcome};

pub struct DispatchTexts {
    pub lang: Lang,
    pub title: &'static str,
    /// The tags of a category's proposed agencies.
    pub lead: &'static str,
    pub support: &'static str,
    pub other_agencies: &'static str,
    /// An agency outside the regency's government: no accounts here, the operator confirms by phone.
    pub by_phone: &'static str,
    pub sop: &'static str,
    pub no_sop: &'static str,
    pub dispatch: &'static str,
    pub none_ticked: &'static str,

    pub assignments: &'static str,
    pub column_steps: &'static str,
    pub column_sla: &'static str,
    pub column_phone: &'static str,
    pub asked_by: &'static str,
    pub breached: &'static str,
    pub escalated_to: &'static str,

    pub record: &'static str,
    pub report: &'static str,
    pub delay: &'static str,
    pub late: &'static str,

    pub support_requests: &'static str,
    pub asks_for: &'static str,
    pub decline: &'static str,
    pub photos: &'static str,

    // The categories admin.
    pub arrival_target: &'static str,
    pub completion_target: &'static str,
    pub sop_lines: &'static str,
    pub support_direct: &'static str,
    pub public_category: &'static str,
}

pub const ID: DispatchTexts = DispatchTexts {
    lang: Lang::Id,
    title: "Teruskan ke instansi",
    lead: "utama",
    support: "pendukung",
    other_agencies: "Instansi lain",
    by_phone: "dikonfirmasi lewat telepon",
    sop: "SOP",
    no_sop: "Kategori ini belum punya SOP.",
    dispatch: "Teruskan",
    none_ticked: "Pilih paling sedikit satu instansi.",

    assignments: "Penugasan instansi",
    column_steps: "Langkah",
    column_sla: "Target waktu",
    column_phone: "Catat kabar lewat telepon",
    asked_by: "diminta oleh",
    breached: "melewati target",
    escalated_to: "eskalasi ke",

    record: "Catat",
    report: "Laporan lapangan",
    delay: "Alasan terlambat",
    late: "Langkah ini melewati target: pilih alasan terlambat.",

    support_requests: "Permintaan bantuan",
    asks_for: "meminta",
    decline: "Tolak",
    photos: "Foto lapangan",

    arrival_target: "Target tiba di lokasi (menit)",
    completion_target: "Target selesai (menit)",
    sop_lines: "SOP (satu langkah per baris)",
    support_direct: "Permintaan instansi pendukung langsung diteruskan",
    public_category: "Warga dapat melaporkannya lewat laman publik",
};

pub const EN: DispatchTexts = DispatchTexts {
    lang: Lang::En,
    title: "Dispatch to agencies",
    lead: "lead",
    support: "support",
    other_agencies: "Other agencies",
    by_phone: "confirmed by phone",
    sop: "SOP",
    no_sop: "This category has no SOP yet.",
    dispatch: "Dispatch",
    none_ticked: "Tick at least one agency.",

    assignments: "Assignments",
    column_steps: "Steps",
    column_sla: "Targets",
    column_phone: "Record what they report by phone",
    asked_by: "asked for by",
    breached: "missed",
    escalated_to: "escalated to",

    record: "Record",
    report: "Field report",
    delay: "Reason for the delay",
    late: "This step is past its target: choose the reason for the delay.",

    support_requests: "Support requests",
    asks_for: "asks for",
    decline: "Decline",
    photos: "Field photos",

    arrival_target: "Arrival target (minutes)",
    completion_target: "Completion target (minutes)",
    sop_lines: "SOP (one step a line)",
    support_direct: "Requests for a supporting agency are dispatched at once",
    public_category: "Citizens may report it on the public page",
};

impl super::Texts {
    pub fn dispatch(&self) -> &'static DispatchTexts {
        match self.lang {
            Lang::Id => &ID,
            Lang::En => &EN,
        }
    }
}

impl DispatchTexts {
    /// Where a clock stands, in a few words ("sisa 3 mnt", "terlambat 12 mnt"); `None` for a step
    /// without a target. `now_millis` is the browser's clock.
    pub fn clock(&self, state: ClockState, now_millis: i64, t: &super::Texts) -> Option<String> {
        let until = |due: tanggap_domain::Timestamp| (due.unix_millis() - now_millis) / 1000;
        let lang = self.lang;
        let (word, seconds) = match state {
            ClockState::NoTarget => return None,
            ClockState::Running { due } => (lang.pick("sisa", "left"), until(due)),
            ClockState::Overdue { due } => (lang.pick("lewat", "over"), -until(due)),
            ClockState::Met { .. } => return Some(SlaOutcome::Met.label(lang).to_owned()),
            ClockState::Missed { late_seconds, .. } => (SlaOutcome::Missed { late_seconds }.label(lang), late_seconds),
            ClockState::Stopped => return Some(self.lang.pick("tidak dihitung", "not counted").to_owned()),
        };
        // Whole minutes, rounded up: "sisa baru saja" would read as nothing left.
        let span =
            if seconds < 3600 { format!("{} {}", (seconds.max(1) + 59) / 60, t.minutes_short) } else { t.age(seconds) };
        Some(match self.lang {
            Lang::Id => format!("{word} {span}"),
            Lang::En => format!("{span} {word}"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tanggap_domain::Timestamp;

    #[test]
    fn a_clock_reads_as_the_time_left_or_how_late_in_whole_minutes() {
        let due = Timestamp::from_unix_millis(600_000).unwrap();
        let (id, en) = (&super::super::ID, &super::super::EN);
        assert_eq!(ID.clock(ClockState::Running { due }, 420_000, id).as_deref(), Some("sisa 3 mnt"));
        assert_eq!(ID.clock(ClockState::Running { due }, 599_500, id).as_deref(), Some("sisa 1 mnt"));
        assert_eq!(EN.clock(ClockState::Overdue { due }, 610_000, en).as_deref(), Some("1 min over"));
        let missed = ClockState::Missed { at: due, late_seconds: 2 * 3600 };
        assert_eq!(ID.clock(missed, 0, id).as_deref(), Some("terlambat 2 jam"));
        assert_eq!(ID.clock(ClockState::NoTarget, 0, id), None);
        assert_eq!(EN.clock(ClockState::Met { at: due }, 0, en).as_deref(), Some("on time"));
    }
}
