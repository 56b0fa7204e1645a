//! The agency console's own words, in Bahasa Indonesia and English, kept beside its pages rather than
//! in the shared table: only this console's wasm carries them.

use tanggap_domain::Lang;

use super::work::Step;
use crate::i18n::texts;

pub struct Words {
    pub lang: Lang,
    pub tasks_empty: &'static str,
    pub tasks_stale: &'static str,
    pub no_agency: &'static str,
    pub task_missing: &'static str,
    pub all_tasks: &'static str,
    /// The buttons of the steps (see [`Words::step_button`]).
    pub acknowledge: &'static str,
    pub set_out: &'static str,
    pub arrive: &'static str,
    pub complete: &'static str,
    pub step_sent: &'static str,
    pub not_sent: &'static str,
    pub conflict: &'static str,
    pub ended: &'static str,
    pub incident_over: &'static str,
    pub steps_title: &'static str,
    pub sop_title: &'static str,
    pub other_agencies: &'static str,
    pub facts_title: &'static str,
    pub delay_title: &'static str,
    pub delay_text: &'static str,
    pub delay_send: &'static str,
    pub delay_choose: &'static str,
    pub report: &'static str,
    pub report_hint: &'static str,
    pub photos: &'static str,
    pub add_photos: &'static str,
    pub photo_kinds: &'static str,
    pub remove: &'static str,
    /// Where a chosen photo stands (see [`super::photos`]).
    pub photo_waiting: &'static str,
    pub photo_uploading: &'static str,
    pub photo_checking: &'static str,
    pub photo_attached: &'static str,
    pub photos_failed: &'static str,
    pub attached_photos: &'static str,
    pub photo_unavailable: &'static str,
    pub request_support: &'static str,
    pub support_agency: &'static str,
    pub support_note: &'static str,
    pub support_send: &'static str,
    pub support_sent: &'static str,
    pub support_waiting: &'static str,
    pub support_none_left: &'static str,
    pub decline: &'static str,
    pub decline_send: &'static str,
    pub declined: &'static str,
}

pub const ID: Words = Words {
    lang: Lang::Id,
    tasks_empty: "Tidak ada tugas aktif untuk instansi Anda.",
    tasks_stale: "Daftar tugas tidak dapat diperbarui; yang tampil mungkin sudah usang.",
    no_agency: "Akun Anda tidak terikat pada instansi mana pun.",
    task_missing: "Tugas ini tidak ditemukan, atau bukan untuk instansi Anda.",
    all_tasks: "← Semua tugas",
    acknowledge: "Terima tugas",
    set_out: "Berangkat",
    arrive: "Tiba di lokasi",
    complete: "Selesai",
    step_sent: "Terkirim.",
    not_sent: "Belum terkirim; isian Anda tetap ada. Periksa jaringan lalu tekan lagi.",
    conflict: "Tugas ini sudah diubah orang lain; keadaan terbaru tampil di sini. Periksa, lalu tekan lagi bila \
               masih perlu.",
    ended: "Tugas instansi Anda di kejadian ini sudah berakhir.",
    incident_over: "Kejadian ini tidak lagi ditangani.",
    steps_title: "Langkah",
    sop_title: "SOP",
    other_agencies: "Instansi lain",
    facts_title: "Kejadian",
    delay_title: "Melewati target waktu: pilih alasannya",
    delay_text: "Keterangan keterlambatan",
    delay_send: "Kirim dengan alasan",
    delay_choose: "Pilih salah satu alasan.",
    report: "Laporan lapangan",
    report_hint: "Apa yang dikerjakan, keadaan akhir, korban.",
    photos: "Foto",
    add_photos: "Ambil atau pilih foto",
    photo_kinds: "Foto harus JPEG, PNG atau WebP.",
    remove: "Hapus",
    photo_waiting: "siap diunggah",
    photo_uploading: "mengunggah…",
    photo_checking: "memeriksa…",
    photo_attached: "terlampir",
    photos_failed: "Ada foto yang gagal diunggah; tugas belum ditandai selesai. Periksa jaringan lalu tekan \
                    Selesai lagi (foto yang sudah terlampir tidak diunggah dua kali).",
    attached_photos: "Foto terlampir",
    photo_unavailable: "Foto tidak dapat dimuat.",
    request_support: "Minta bantuan",
    support_agency: "Instansi yang diminta",
    support_note: "Catatan untuk operator",
    support_send: "Kirim permintaan",
    support_sent: "Permintaan bantuan terkirim.",
    support_waiting: "menunggu operator",
    support_none_left: "Semua instansi sudah bekerja atau sudah diminta.",
    decline: "Tolak tugas",
    decline_send: "Tolak tugas ini",
    declined: "Tugas ditolak.",
};

pub const EN: Words = Words {
    lang: Lang::En,
    tasks_empty: "No active tasks for your agency.",
    tasks_stale: "The task list cannot be updated; what it shows may be out of date.",
    no_agency: "Your account belongs to no agency.",
    task_missing: "This task does not exist, or is not your agency's.",
    all_tasks: "← All tasks",
    acknowledge: "Acknowledge",
    set_out: "En route",
    arrive: "On scene",
    complete: "Complete",
    step_sent: "Sent.",
    not_sent: "Not sent; what you typed is kept. Check the network and press again.",
    conflict: "Someone else changed this task; its newest state is shown here. Check it, then press again if still \
               needed.",
    ended: "Your agency's assignment on this incident has ended.",
    incident_over: "This incident is no longer being handled.",
    steps_title: "Steps",
    sop_title: "Standard procedure",
    other_agencies: "Other agencies",
    facts_title: "Incident",
    delay_title: "Past the target time: say why",
    delay_text: "What delayed you",
    delay_send: "Send with the reason",
    delay_choose: "Choose a reason.",
    report: "Field report",
    report_hint: "What was done, how it ended, casualties.",
    photos: "Photos",
    add_photos: "Take or choose photos",
    photo_kinds: "Photos must be JPEG, PNG or WebP.",
    remove: "Remove",
    photo_waiting: "ready to upload",
    photo_uploading: "uploading…",
    photo_checking: "checking…",
    photo_attached: "attached",
    photos_failed: "Some photos failed to upload; the task is not marked complete yet. Check the network and press \
                    Complete again (photos already attached are not uploaded twice).",
    attached_photos: "Attached photos",
    photo_unavailable: "The photo cannot be loaded.",
    request_support: "Request support",
    support_agency: "Agency to ask for",
    support_note: "Note for the operator",
    support_send: "Send the request",
    support_sent: "Support requested.",
    support_waiting: "waiting for the operator",
    support_none_left: "Every agency is already working or has been asked for.",
    decline: "Decline the task",
    decline_send: "Decline this task",
    declined: "Task declined.",
};

/// The words in the language in use.
pub fn words() -> &'static Words {
    match texts().lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

impl Words {
    /// The button that takes `step`.
    pub fn step_button(&self, step: Step) -> &'static str {
        match step {
            Step::Acknowledge => self.acknowledge,
            Step::EnRoute => self.set_out,
            Step::OnScene => self.arrive,
            Step::Complete => self.complete,
        }
    }

    /// A clock still running: "tiba di lokasi sebelum 14.35 · sisa 4:05".
    pub fn due(&self, clock: &str, at: &str, left: &str) -> String {
        match self.lang {
            Lang::Id => format!("{clock} sebelum {at} · sisa {left}"),
            Lang::En => format!("{clock} by {at} · {left} left"),
        }
    }

    /// A clock past its target: "respons terlambat 2:10 (target 14.35)".
    pub fn overdue(&self, clock: &str, at: &str, late: &str) -> String {
        match self.lang {
            Lang::Id => format!("{clock} terlambat {late} (target {at})"),
            Lang::En => format!("{clock} late by {late} (due {at})"),
        }
    }
}
