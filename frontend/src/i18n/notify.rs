//! The words of the bell and of `/notifikasi`, which every console has: kept short and apart from the
//! main table, so that the agency console (on phones) carries nothing more than these.

use tanggap_domain::Lang;

pub struct NotifyTexts {
    pub bell: &'static str,
    pub none: &'static str,
    pub read_all: &'static str,
    pub settings_title: &'static str,
    pub on_duty: &'static str,
    pub on_duty_hint: &'static str,
    pub push: &'static str,
    pub push_hint: &'static str,
    pub morning_brief: &'static str,
    pub morning_brief_hint: &'static str,
    pub webhook: &'static str,
    pub contact: &'static str,
    pub contact_hint: &'static str,
    pub saved: &'static str,
    /// The browser has no service workers or Web Push (or the page is not on HTTPS).
    pub push_unsupported: &'static str,
    /// The deployment has no VAPID key.
    pub push_off_here: &'static str,
    /// Before the browser's own reason.
    pub push_failed: &'static str,
}

pub const ID: NotifyTexts = NotifyTexts {
    bell: "Notifikasi",
    none: "Belum ada notifikasi.",
    read_all: "Tandai semua dibaca",
    settings_title: "Pengaturan Notifikasi",
    on_duty: "Sedang bertugas",
    on_duty_hint: "Saat bertugas, pekerjaan rutin juga dikirim ke ponsel; di luar tugas hanya yang mendesak.",
    push: "Web Push di peramban ini",
    push_hint: "Pemberitahuan muncul walau Tanggap tidak sedang dibuka.",
    morning_brief: "Ringkasan pagi",
    morning_brief_hint: "Setiap pagi, ringkasan kemarin: panggilan, kejadian, langkah yang terlambat dan alasannya, kejadian terbuka tertua. Lewat lonceng dan saluran yang dinyalakan di atas, juga di luar tugas.",
    webhook: "Pesan lewat gateway WhatsApp/Telegram",
    contact: "Nomor atau ID chat",
    contact_hint: "Sesuai yang dipakai gateway kabupaten, mis. 0812… atau ID chat Telegram.",
    saved: "Pengaturan disimpan.",
    push_unsupported: "Peramban ini tidak mendukung Web Push (atau alamatnya bukan HTTPS).",
    push_off_here: "Web Push belum dinyalakan di server ini.",
    push_failed: "Web Push tidak dapat dinyalakan:",
};

pub const EN: NotifyTexts = NotifyTexts {
    bell: "Notifications",
    none: "No notifications yet.",
    read_all: "Mark all read",
    settings_title: "Notification Settings",
    on_duty: "On duty",
    on_duty_hint: "On duty, routine work reaches your phone too; off duty only urgent work does.",
    push: "Web Push in this browser",
    push_hint: "Alerts show even when Tanggap is not open.",
    morning_brief: "Morning brief",
    morning_brief_hint: "Every morning, yesterday in one message: calls, incidents, late steps and why, the oldest open incident. In the bell and on the channels turned on above, off duty too.",
    webhook: "Messages through the WhatsApp/Telegram gateway",
    contact: "Number or chat id",
    contact_hint: "As the regency's gateway expects it, e.g. 0812… or a Telegram chat id.",
    saved: "Settings saved.",
    push_unsupported: "This browser has no Web Push (or the address is not HTTPS).",
    push_off_here: "This server has no Web Push.",
    push_failed: "Web Push could not be turned on:",
};

impl super::Texts {
    pub fn notify(&self) -> &'static NotifyTexts {
        match self.lang {
            Lang::Id => &ID,
            Lang::En => &EN,
        }
    }
}
