//! The words of the incident page's reporter parts: the ticket an operator gives a caller, and the
//! supervisor's two answers to a reporter's complaint (the complaint's own words, and the history's
//! lines, are the domain's `ChangeKind` words).

use tanggap_domain::Lang;

pub struct ReporterTexts {
    pub ticket_title: &'static str,
    pub ticket_hint: &'static str,
    pub send_by_message: &'static str,
    pub give_ticket: &'static str,
    pub ticket_link: &'static str,
    pub ticket_sent: &'static str,
    pub reopen: &'static str,
    pub answer: &'static str,
}

pub const ID: ReporterTexts = ReporterTexts {
    ticket_title: "Tiket untuk penelepon",
    ticket_hint: "Kode dan tautan agar penelepon dapat mengikuti penanganan, lalu menilainya.",
    send_by_message: "Kirim lewat pesan ke nomor penelepon (dan tautan penilaian saat selesai)",
    give_ticket: "Beri tiket",
    ticket_link: "Tautan (hanya ditampilkan sekarang):",
    ticket_sent: "Terkirim lewat pesan ke penelepon.",
    reopen: "Buka kembali",
    answer: "Jawab pelapor",
};

pub const EN: ReporterTexts = ReporterTexts {
    ticket_title: "Ticket for the caller",
    ticket_hint: "A code and a link for the caller to follow the handling, then rate it.",
    send_by_message: "Send it by message to the caller's number (and the link to rate when done)",
    give_ticket: "Give a ticket",
    ticket_link: "Link (shown only now):",
    ticket_sent: "Sent to the caller by message.",
    reopen: "Reopen",
    answer: "Answer the reporter",
};

impl super::Texts {
    pub fn reporter(&self) -> &'static ReporterTexts {
        match self.lang {
            Lang::Id => &ID,
            Lang::En => &EN,
        }
    }
}
