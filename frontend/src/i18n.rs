//! Every word the app shows, in one place: a Bahasa Indonesia table (the default) and an English one
//! of the same shape. The user's choice is kept in the browser (localStorage) and sent to the API as
//! `Accept-Language`, so that the API's titles and field messages follow it.
//! Data that arrives already worded (category names, the API's field messages) is not repeated here.
//! Nor are the words of an enum's values (statuses, priorities, roles ...): those are in
//! `tanggap_domain::words`, shared with the functions.
//! Words of one console's pages only are in tables of their own (`dispatch`, `notify`, `shifts`): a table is
//! compiled into every wasm that uses any of it.

pub mod dashboard;
pub mod dispatch;
pub mod notify;
pub mod open311;
pub mod reporter;
pub mod shifts;

use std::cell::Cell;

use leptos::prelude::*;
use tanggap_domain::Lang;

use crate::api::ApiError;

pub struct Texts {
    /// The language of this table; also what the app asks the API to answer in.
    pub lang: Lang,
    /// The other language, as the header's switch names it ("EN" / "ID"), and what the switch does.
    pub other_language: &'static str,
    pub switch_language: &'static str,
    /// The base layers of every map.
    pub map_streets: &'static str,
    pub map_satellite: &'static str,
    pub app_name: &'static str,
    /// Shown under the name when the regency's own name is not known.
    pub app_tagline: &'static str,
    pub loading: &'static str,
    pub retry: &'static str,
    pub reference_failed: &'static str,
    pub save: &'static str,
    pub saving: &'static str,
    pub cancel: &'static str,

    pub board_title: &'static str,
    pub agency_tasks_title: &'static str,
    pub dashboard_title: &'static str,
    pub column_priority: &'static str,
    pub column_category: &'static str,
    pub column_place: &'static str,
    pub column_agencies: &'static str,
    pub column_caller: &'static str,
    pub column_age: &'static str,
    pub column_status: &'static str,
    pub board_empty: &'static str,
    pub board_truncated: &'static str,
    pub board_stale: &'static str,
    pub nothing: &'static str,

    pub intake_title: &'static str,
    pub category: &'static str,
    pub district: &'static str,
    pub village: &'static str,
    pub landmark: &'static str,
    pub description: &'static str,
    pub caller_phone: &'static str,
    pub landmark_hint: &'static str,
    pub caller_phone_hint: &'static str,
    pub submit: &'static str,
    pub submitting: &'static str,
    pub saved: &'static str,
    pub not_saved: &'static str,
    pub offline: &'static str,
    pub offline_retry: &'static str,
    pub unreadable_answer: &'static str,

    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub forbidden_title: &'static str,
    pub forbidden_body: &'static str,
    pub back_home: &'static str,

    pub main_navigation: &'static str,
    pub log_out: &'static str,
    pub change_password_link: &'static str,
    pub restoring_session: &'static str,
    pub server_unreachable: &'static str,

    pub login_title: &'static str,
    pub username: &'static str,
    pub password: &'static str,
    pub log_in: &'static str,
    pub logging_in: &'static str,
    pub session_expired: &'static str,
    pub logout_unconfirmed: &'static str,

    pub password_title: &'static str,
    pub must_change_password: &'static str,
    pub current_password: &'static str,
    pub new_password: &'static str,
    pub new_password_again: &'static str,
    pub change_password: &'static str,
    pub passwords_differ: &'static str,
    pub password_changed: &'static str,

    pub users_title: &'static str,
    pub new_user_title: &'static str,
    pub display_name: &'static str,
    pub role: &'static str,
    pub agency: &'static str,
    pub choose_agency: &'static str,
    pub first_password: &'static str,
    pub first_password_hint: &'static str,
    pub create_user: &'static str,
    pub user_created: &'static str,
    pub user_saved: &'static str,
    pub column_user_status: &'static str,
    pub column_actions: &'static str,
    pub status_active: &'static str,
    pub status_disabled: &'static str,
    pub status_must_change: &'static str,
    pub edit: &'static str,
    pub disable: &'static str,
    pub enable: &'static str,
    pub reset_password: &'static str,
    pub temporary_password: &'static str,
    pub password_reset_done: &'static str,
    pub you: &'static str,

    pub audit_title: &'static str,
    pub column_time: &'static str,
    pub column_action: &'static str,
    pub column_actor: &'static str,
    pub column_subject: &'static str,
    pub column_source: &'static str,
    pub column_detail: &'static str,
    pub load_more: &'static str,
    pub audit_empty: &'static str,

    pub just_now: &'static str,
    pub minutes_short: &'static str,
    pub hours_short: &'static str,
    pub days_short: &'static str,
    pub seconds_short: &'static str,
    /// Before a duration's middle value and its 90th percentile (the dashboard's, the operators' figures).
    pub median: &'static str,
    pub p90: &'static str,

    // The incident page.
    pub incident_title: &'static str,
    pub priority_reason: &'static str,
    pub caller_name: &'static str,
    pub caller_blocked: &'static str,
    pub coordinates: &'static str,
    pub people_affected: &'static str,
    pub extra_reports: &'static str,
    pub received_at: &'static str,
    pub dispatch_target: &'static str,
    pub history: &'static str,
    pub notes: &'static str,
    pub add_note: &'static str,
    pub linked_reports: &'static str,
    pub none_yet: &'static str,
    pub verify: &'static str,
    pub verification_method: &'static str,
    pub close_false_report: &'static str,
    pub reason: &'static str,
    pub edit_incident: &'static str,
    pub edit_hint: &'static str,
    pub conflict_title: &'static str,
    pub conflict_theirs: &'static str,
    pub conflict_yours: &'static str,
    pub reapply: &'static str,
    pub discard: &'static str,
    pub status_conflict: &'static str,

    // The board's filters, clocks and alerts.
    pub filters: &'static str,
    pub filter_all: &'static str,
    pub column_clock: &'static str,
    pub acknowledged: &'static str,
    pub sound_blocked: &'static str,

    // The admin's categories.
    pub categories_title: &'static str,
    pub open311_title: &'static str,
    /// The header's link to the shift screens (`/dinas`).
    pub shift_title: &'static str,
    pub code: &'static str,
    pub name_id: &'static str,
    pub name_en: &'static str,
    pub target_minutes: &'static str,
    pub quick_key: &'static str,
    pub lead_agencies: &'static str,
    pub support_agencies: &'static str,
    pub related_categories: &'static str,
    pub codes_hint: &'static str,
    pub category_saved: &'static str,
}

pub const ID: Texts = Texts {
    lang: Lang::Id,
    other_language: "EN",
    switch_language: "Switch to English",
    map_streets: "Peta jalan",
    map_satellite: "Citra satelit",
    app_name: "Tanggap 112",
    app_tagline: "Pusat Komando 112",
    loading: "Memuat…",
    retry: "Coba lagi",
    reference_failed: "Data kategori dan wilayah gagal dimuat.",
    save: "Simpan",
    saving: "Menyimpan…",
    cancel: "Batal",

    board_title: "Papan Kejadian",
    agency_tasks_title: "Tugas Instansi",
    dashboard_title: "Dasbor",
    column_priority: "Prioritas",
    column_category: "Kategori",
    column_place: "Tempat",
    column_agencies: "Instansi",
    column_caller: "Penelepon",
    column_age: "Umur",
    column_status: "Status",
    board_empty: "Tidak ada kejadian terbuka.",
    board_truncated: "Masih ada kejadian terbuka lain yang tidak muat di papan ini.",
    board_stale: "Papan tidak dapat diperbarui; yang tampil mungkin sudah usang.",
    nothing: "—",

    intake_title: "Laporan Baru",
    category: "Kategori",
    district: "Kecamatan",
    village: "Desa/Kelurahan",
    landmark: "Patokan",
    description: "Keterangan",
    caller_phone: "Nomor Penelepon",
    landmark_hint: "mis. depan masjid, dekat jembatan",
    caller_phone_hint: "08… atau +62…",
    submit: "Simpan",
    submitting: "Menyimpan…",
    saved: "Kejadian tersimpan",
    not_saved: "Laporan belum tersimpan.",
    offline: "Tidak tersambung ke server.",
    offline_retry: "Tidak tersambung ke server; laporan belum tersimpan. Periksa jaringan lalu tekan \
                    Simpan lagi: laporan tidak akan tercatat dua kali.",
    unreadable_answer: "Jawaban server tidak dapat dibaca. Status:",

    not_found_title: "Halaman tidak ditemukan",
    not_found_body: "Alamat ini tidak ada di Tanggap.",
    forbidden_title: "Akses ditolak",
    forbidden_body: "Peran Anda tidak diizinkan membuka halaman ini.",
    back_home: "Kembali ke halaman utama",

    main_navigation: "Navigasi utama",
    log_out: "Keluar",
    change_password_link: "Ganti kata sandi",
    restoring_session: "Memulihkan sesi…",
    server_unreachable: "Tidak tersambung ke server. Periksa jaringan lalu coba lagi.",

    login_title: "Masuk",
    username: "Nama pengguna",
    password: "Kata sandi",
    log_in: "Masuk",
    logging_in: "Memproses…",
    session_expired: "Sesi Anda telah berakhir. Silakan masuk lagi.",
    logout_unconfirmed: "Keluar belum tercatat di server karena tidak tersambung. Bila komputer ini dipakai \
                         bersama, tutup peramban.",

    password_title: "Ganti Kata Sandi",
    must_change_password: "Kata sandi Anda harus diganti sebelum melanjutkan.",
    current_password: "Kata sandi sekarang",
    new_password: "Kata sandi baru",
    new_password_again: "Ulangi kata sandi baru",
    change_password: "Ganti kata sandi",
    passwords_differ: "Kedua isian kata sandi baru tidak sama.",
    password_changed: "Kata sandi sudah diganti.",

    users_title: "Pengguna",
    new_user_title: "Pengguna Baru",
    display_name: "Nama tampilan",
    role: "Peran",
    agency: "Instansi",
    choose_agency: "— Pilih instansi —",
    first_password: "Kata sandi awal",
    first_password_hint: "Pengguna harus menggantinya saat pertama masuk.",
    create_user: "Tambah pengguna",
    user_created: "Pengguna ditambahkan.",
    user_saved: "Perubahan disimpan.",
    column_user_status: "Status",
    column_actions: "Tindakan",
    status_active: "Aktif",
    status_disabled: "Nonaktif",
    status_must_change: "harus ganti kata sandi",
    edit: "Ubah",
    disable: "Nonaktifkan",
    enable: "Aktifkan",
    reset_password: "Setel ulang kata sandi",
    temporary_password: "Kata sandi sementara",
    password_reset_done: "Kata sandi disetel ulang; pengguna harus menggantinya saat masuk.",
    you: "(Anda)",

    audit_title: "Log Audit",
    column_time: "Waktu",
    column_action: "Tindakan",
    column_actor: "Pelaku",
    column_subject: "Akun terkait",
    column_source: "Sumber",
    column_detail: "Rincian",
    load_more: "Muat lebih banyak",
    audit_empty: "Belum ada catatan.",

    just_now: "baru saja",
    minutes_short: "mnt",
    hours_short: "jam",
    days_short: "hari",
    seconds_short: "dtk",
    median: "median",
    p90: "p90",

    incident_title: "Kejadian",
    priority_reason: "Alasan prioritas",
    caller_name: "Nama penelepon",
    caller_blocked: "Nomor ini sedang diblokir (panggilan iseng) saat menelepon.",
    coordinates: "Titik lokasi",
    people_affected: "Orang terdampak",
    extra_reports: "Laporan tambahan",
    received_at: "Diterima pada",
    dispatch_target: "Target penerusan",
    history: "Riwayat",
    notes: "Catatan",
    add_note: "Tambah catatan",
    linked_reports: "Laporan terkait",
    none_yet: "Belum ada.",
    verify: "Verifikasi",
    verification_method: "Cara verifikasi",
    close_false_report: "Tutup sebagai laporan palsu",
    reason: "Alasan",
    edit_incident: "Ubah data kejadian",
    edit_hint: "Isian yang dikosongkan tidak mengubah apa pun.",
    conflict_title: "Orang lain sudah mengubah kejadian ini lebih dulu. Isian Anda belum disimpan: bandingkan \
                     dengan nilai terbaru, lalu terapkan lagi atau buang.",
    conflict_theirs: "Nilai terbaru",
    conflict_yours: "Isian Anda",
    reapply: "Terapkan isian saya pada versi terbaru",
    discard: "Buang isian saya",
    status_conflict: "Orang lain sudah mengubah kejadian ini; keadaan terbaru tampil di atas. Periksa, lalu kirim lagi.",

    filters: "Saring papan",
    filter_all: "Semua",
    column_clock: "Waktu tanggap",
    acknowledged: "sudah diterima instansi",
    sound_blocked: "Peramban menahan bunyi peringatan P1. Klik di mana saja pada halaman untuk menyalakannya.",

    categories_title: "Kategori",
    open311_title: "Kunci Open311",
    shift_title: "Dinas",
    code: "Kode",
    name_id: "Nama (Indonesia)",
    name_en: "Nama (Inggris)",
    target_minutes: "Target penerusan (menit)",
    quick_key: "Tombol cepat",
    lead_agencies: "Instansi utama",
    support_agencies: "Instansi pendukung",
    related_categories: "Kategori terkait",
    codes_hint: "Kode dipisah koma, mis. DAMKAR, PDAM",
    category_saved: "Kategori disimpan.",
};

pub const EN: Texts = Texts {
    lang: Lang::En,
    other_language: "ID",
    switch_language: "Ganti ke Bahasa Indonesia",
    map_streets: "Streets",
    map_satellite: "Satellite",
    app_name: "Tanggap 112",
    app_tagline: "112 Command Center",
    loading: "Loading…",
    retry: "Try again",
    reference_failed: "Categories and areas could not be loaded.",
    save: "Save",
    saving: "Saving…",
    cancel: "Cancel",

    board_title: "Incident Board",
    agency_tasks_title: "Agency Tasks",
    dashboard_title: "Dashboard",
    column_priority: "Priority",
    column_category: "Category",
    column_place: "Place",
    column_agencies: "Agencies",
    column_caller: "Caller",
    column_age: "Age",
    column_status: "Status",
    board_empty: "No open incidents.",
    board_truncated: "More open incidents exist than fit on this board.",
    board_stale: "The board cannot be updated; what it shows may be out of date.",
    nothing: "—",

    intake_title: "New Report",
    category: "Category",
    district: "District",
    village: "Village",
    landmark: "Landmark",
    description: "Description",
    caller_phone: "Caller's Number",
    landmark_hint: "e.g. in front of the mosque, near the bridge",
    caller_phone_hint: "08… or +62…",
    submit: "Save",
    submitting: "Saving…",
    saved: "Incident saved",
    not_saved: "The report is not saved.",
    offline: "Cannot reach the server.",
    offline_retry: "Cannot reach the server; the report is not saved. Check the network and press Save \
                    again: the report will not be recorded twice.",
    unreadable_answer: "The server's answer cannot be read. Status:",

    not_found_title: "Page not found",
    not_found_body: "This address does not exist in Tanggap.",
    forbidden_title: "Access denied",
    forbidden_body: "Your role may not open this page.",
    back_home: "Back to the start page",

    main_navigation: "Main navigation",
    log_out: "Log out",
    change_password_link: "Change password",
    restoring_session: "Restoring your session…",
    server_unreachable: "Cannot reach the server. Check the network and try again.",

    login_title: "Log in",
    username: "Username",
    password: "Password",
    log_in: "Log in",
    logging_in: "Checking…",
    session_expired: "Your session has ended. Please log in again.",
    logout_unconfirmed: "The server did not confirm the logout (no connection). If this computer is shared, \
                         close the browser.",

    password_title: "Change Password",
    must_change_password: "You must change your password before going on.",
    current_password: "Current password",
    new_password: "New password",
    new_password_again: "New password again",
    change_password: "Change password",
    passwords_differ: "The two new passwords differ.",
    password_changed: "Your password has been changed.",

    users_title: "Users",
    new_user_title: "New User",
    display_name: "Display name",
    role: "Role",
    agency: "Agency",
    choose_agency: "— Choose an agency —",
    first_password: "First password",
    first_password_hint: "The user must change it at first login.",
    create_user: "Add user",
    user_created: "User added.",
    user_saved: "Changes saved.",
    column_user_status: "Status",
    column_actions: "Actions",
    status_active: "Active",
    status_disabled: "Disabled",
    status_must_change: "must change password",
    edit: "Edit",
    disable: "Disable",
    enable: "Enable",
    reset_password: "Reset password",
    temporary_password: "Temporary password",
    password_reset_done: "Password reset; the user must change it at next login.",
    you: "(you)",

    audit_title: "Audit Log",
    column_time: "Time",
    column_action: "Action",
    column_actor: "Actor",
    column_subject: "Account concerned",
    column_source: "Source",
    column_detail: "Detail",
    load_more: "Load more",
    audit_empty: "No entries yet.",

    just_now: "just now",
    minutes_short: "min",
    hours_short: "h",
    days_short: "d",
    seconds_short: "s",
    median: "median",
    p90: "p90",

    incident_title: "Incident",
    priority_reason: "Reason for the priority",
    caller_name: "Caller's name",
    caller_blocked: "This number was blocked (prank calls) when it called.",
    coordinates: "Pin",
    people_affected: "People affected",
    extra_reports: "Further reports",
    received_at: "Received at",
    dispatch_target: "Dispatch target",
    history: "History",
    notes: "Notes",
    add_note: "Add note",
    linked_reports: "Linked reports",
    none_yet: "None yet.",
    verify: "Verify",
    verification_method: "Verified by",
    close_false_report: "Close as false report",
    reason: "Reason",
    edit_incident: "Edit the facts",
    edit_hint: "A field left blank changes nothing.",
    conflict_title: "Someone else changed this incident first. Your changes are not saved: compare them with the \
                     newest values, then apply them again or discard them.",
    conflict_theirs: "Newest value",
    conflict_yours: "What you typed",
    reapply: "Apply my changes to the newest version",
    discard: "Discard my changes",
    status_conflict: "Someone else changed this incident; its newest state is shown above. Check it, then send again.",

    filters: "Filter the board",
    filter_all: "All",
    column_clock: "Response clock",
    acknowledged: "acknowledged by an agency",
    sound_blocked: "The browser holds back the P1 alert sound. Click anywhere on the page to turn it on.",

    categories_title: "Categories",
    open311_title: "Open311 keys",
    shift_title: "Shifts",
    code: "Code",
    name_id: "Name (Indonesian)",
    name_en: "Name (English)",
    target_minutes: "Dispatch target (minutes)",
    quick_key: "Quick key",
    lead_agencies: "Lead agencies",
    support_agencies: "Supporting agencies",
    related_categories: "Related categories",
    codes_hint: "Codes separated by commas, e.g. DAMKAR, PDAM",
    category_saved: "Category saved.",
};

/// Where the choice is kept between visits.
const STORAGE_KEY: &str = "tanggap.lang";

thread_local! {
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::Id) };
    /// Changes when the user switches language: the app redraws itself under it.
    static CHANGED: ArcRwSignal<Lang> = ArcRwSignal::new(Lang::Id);
}

/// The table in use. Not reactive by itself: the app redraws everything when the language changes.
pub fn texts() -> &'static Texts {
    table(CURRENT.with(Cell::get))
}

pub fn table(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

/// The language chosen last time in this browser, or Indonesian.
pub fn init() {
    let stored = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    apply(if stored.as_deref() == Some("en") { Lang::En } else { Lang::Id });
}

/// The language, tracked: reading it in a view redraws that view when the user switches.
pub fn language() -> Lang {
    CHANGED.with(|signal| signal.get())
}

/// Switches between the two languages and remembers the choice.
pub fn toggle() {
    let next = match texts().lang {
        Lang::Id => Lang::En,
        Lang::En => Lang::Id,
    };
    if let Some(storage) = storage() {
        let _ = storage.set_item(STORAGE_KEY, table(next).accept_language());
    }
    apply(next);
}

fn apply(lang: Lang) {
    CURRENT.with(|c| c.set(lang));
    CHANGED.with(|signal| signal.set(lang));
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", table(lang).accept_language());
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

impl Texts {
    /// How long ago something happened, as an operator reads it at a glance: "baru saja", "5 mnt",
    /// "2 jam", "3 hari". A clock slightly behind the server's (negative age) reads as "baru saja".
    pub fn age(&self, seconds: i64) -> String {
        const MINUTE: i64 = 60;
        const HOUR: i64 = 60 * MINUTE;
        const DAY: i64 = 24 * HOUR;
        match seconds {
            s if s < MINUTE => self.just_now.to_owned(),
            s if s < HOUR => format!("{} {}", s / MINUTE, self.minutes_short),
            s if s < DAY => format!("{} {}", s / HOUR, self.hours_short),
            s => format!("{} {}", s / DAY, self.days_short),
        }
    }

    /// A time a step took, to the unit that matters: "45 dtk", "1 mnt 05 dtk", "12 mnt", "2 jam 5 mnt".
    /// Seconds count under ten minutes (a call's handling), not beyond (an agency's arrival).
    pub fn took(&self, seconds: i64) -> String {
        match seconds {
            s if s < 60 => format!("{s} {}", self.seconds_short),
            s if s < 600 && s % 60 != 0 => {
                format!("{} {} {:02} {}", s / 60, self.minutes_short, s % 60, self.seconds_short)
            }
            s if s < 3600 => format!("{} {}", s / 60, self.minutes_short),
            s if s % 3600 < 60 => format!("{} {}", s / 3600, self.hours_short),
            s => format!("{} {} {} {}", s / 3600, self.hours_short, s % 3600 / 60, self.minutes_short),
        }
    }

    /// "At least 10 characters.": shown under every new-password field.
    pub fn password_minimum(&self, chars: usize) -> String {
        match self.lang {
            Lang::Id => format!("Paling sedikit {chars} karakter."),
            Lang::En => format!("At least {chars} characters."),
        }
    }

    /// Too many failed logins: how long to wait, in whole minutes (rounded up, at least one).
    pub fn too_many_attempts(&self, retry_after_secs: Option<u64>) -> String {
        let minutes = retry_after_secs.map(|s| s.div_ceil(60).max(1));
        match (self.lang, minutes) {
            (Lang::Id, Some(m)) => format!("Terlalu banyak percobaan masuk. Coba lagi dalam {m} menit."),
            (Lang::Id, None) => "Terlalu banyak percobaan masuk. Coba lagi nanti.".to_owned(),
            (Lang::En, Some(1)) => "Too many login attempts. Try again in 1 minute.".to_owned(),
            (Lang::En, Some(m)) => format!("Too many login attempts. Try again in {m} minutes."),
            (Lang::En, None) => "Too many login attempts. Try again later.".to_owned(),
        }
    }

    /// One line for a failed request, for people (field errors are shown at their fields instead).
    pub fn api_error(&self, error: &ApiError) -> String {
        match error {
            ApiError::Network => self.offline.to_owned(),
            ApiError::Problem(problem) => match &problem.detail {
                Some(detail) => format!("{} {}", problem.title, detail),
                None => problem.title.clone(),
            },
            ApiError::TooManyRequests { retry_after_secs, .. } => self.too_many_attempts(*retry_after_secs),
            ApiError::Unreadable { status } => format!("{} {status}", self.unreadable_answer),
        }
    }

    /// The value of the `Accept-Language` header: the API words its titles and field messages in it.
    pub fn accept_language(&self) -> &'static str {
        match self.lang {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }
}

/// The intake form's own words (the call taker's keyboard, the caller's history, duplicates, the map).
pub struct IntakeTexts {
    pub lang: Lang,
    pub caller_phone_reads_as: &'static str,
    pub category_placeholder: &'static str,
    pub district_placeholder: &'static str,
    pub village_placeholder: &'static str,
    pub no_match: &'static str,
    pub priority: &'static str,
    pub latitude: &'static str,
    pub longitude: &'static str,
    pub pin_hint: &'static str,
    pub map_unavailable: &'static str,
    pub closed: &'static str,
    pub history_title: &'static str,
    pub history_none: &'static str,
    pub history_failed: &'static str,
    pub block_proposed: &'static str,
    pub blocked: &'static str,
    pub block: &'static str,
    pub unblock: &'static str,
    pub block_reason: &'static str,
    pub block_hours: &'static str,
    pub linked_call: &'static str,
    pub duplicates_title: &'static str,
    pub duplicates_failed: &'static str,
    pub same_village: &'static str,
    pub link: &'static str,
    pub shortcuts: &'static str,
    pub key_save: &'static str,
    pub key_save_description: &'static str,
    pub key_choose_duplicate: &'static str,
    pub key_link: &'static str,
    pub closes_at_once: &'static str,
}

pub const INTAKE_ID: IntakeTexts = IntakeTexts {
    lang: Lang::Id,
    caller_phone_reads_as: "Dibaca:",
    category_placeholder: "Ketik nama atau kode, atau Alt+tombol",
    district_placeholder: "Ketik nama kecamatan",
    village_placeholder: "Ketik nama desa/kelurahan",
    no_match: "Tidak ada yang cocok",
    priority: "Prioritas",
    latitude: "Lintang",
    longitude: "Bujur",
    pin_hint: "Klik peta, atau Enter di peta untuk titik tengahnya. Koordinat juga dapat diketik atau ditempel.",
    map_unavailable: "Peta tidak dapat dimuat; isi koordinat secara manual.",
    closed: "Panggilan ditutup:",
    history_title: "Riwayat nomor",
    history_none: "Belum pernah menelepon.",
    history_failed: "Riwayat penelepon tidak dapat dimuat.",
    block_proposed: "3 kali atau lebih iseng dalam 24 jam: usulkan blokir ke supervisor.",
    blocked: "DIBLOKIR: panggilan tetap diterima.",
    block: "Blokir",
    unblock: "Buka blokir",
    block_reason: "Alasan blokir",
    block_hours: "Lama (jam)",
    linked_call: "digabung",
    duplicates_title: "Mungkin kejadian yang sama",
    duplicates_failed: "Kejadian serupa tidak dapat dicek.",
    same_village: "desa sama",
    link: "Gabungkan",
    shortcuts: "Pintasan",
    key_save: "simpan",
    key_save_description: "simpan dari Keterangan",
    key_choose_duplicate: "pilih kejadian serupa",
    key_link: "gabungkan ke kejadian itu",
    closes_at_once: "langsung ditutup",
};

pub const INTAKE_EN: IntakeTexts = IntakeTexts {
    lang: Lang::En,
    caller_phone_reads_as: "Reads as:",
    category_placeholder: "Type a name or code, or Alt+key",
    district_placeholder: "Type a district",
    village_placeholder: "Type a village",
    no_match: "No match",
    priority: "Priority",
    latitude: "Latitude",
    longitude: "Longitude",
    pin_hint: "Click the map, or press Enter on it for its centre. Coordinates can also be typed or pasted.",
    map_unavailable: "The map cannot be loaded; type the coordinates instead.",
    closed: "Call closed:",
    history_title: "Number's history",
    history_none: "No earlier calls.",
    history_failed: "The caller's history cannot be loaded.",
    block_proposed: "3 or more prank calls in 24 hours: propose a block to the supervisor.",
    blocked: "BLOCKED: the call is still taken.",
    block: "Block",
    unblock: "Unblock",
    block_reason: "Reason for the block",
    block_hours: "Hours",
    linked_call: "linked",
    duplicates_title: "Possibly the same incident",
    duplicates_failed: "Similar incidents cannot be checked.",
    same_village: "same village",
    link: "Link",
    shortcuts: "Shortcuts",
    key_save: "save",
    key_save_description: "save from the description",
    key_choose_duplicate: "choose a similar incident",
    key_link: "link the call to it",
    closes_at_once: "closed at once",
};

impl Texts {
    pub fn intake(&self) -> &'static IntakeTexts {
        match self.lang {
            Lang::Id => &INTAKE_ID,
            Lang::En => &INTAKE_EN,
        }
    }
}

impl IntakeTexts {
    /// "Iseng 24 jam: 2", with the total of earlier calls.
    pub fn calls_and_pranks(&self, calls: usize, pranks: u32) -> String {
        match self.lang {
            Lang::Id => format!("{calls} panggilan sebelumnya · iseng 24 jam: {pranks}"),
            Lang::En => format!("{calls} earlier calls · prank calls in 24 h: {pranks}"),
        }
    }

    /// After a call was linked to an incident already open.
    pub fn linked(&self, extra_reports: u32) -> String {
        match self.lang {
            Lang::Id => format!("Laporan digabungkan ke kejadian yang sama ({extra_reports} laporan tambahan)."),
            Lang::En => format!("Call linked to the same incident ({extra_reports} further reports)."),
        }
    }

    /// "350 m", "1,2 km" / "1.2 km" (whole numbers only: float formatting would grow the wasm).
    pub fn distance(&self, metres: u32) -> String {
        if metres < 1000 {
            return format!("{metres} m");
        }
        let point = if self.lang == Lang::Id { ',' } else { '.' };
        format!("{}{point}{} km", metres / 1000, metres % 1000 / 100)
    }

    pub fn blocked_until(&self, until: &str, reason: &str) -> String {
        match self.lang {
            Lang::Id => format!("{} Sampai {until}. Alasan: {reason}", self.blocked),
            Lang::En => format!("{} Until {until}. Reason: {reason}", self.blocked),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_in_the_largest_whole_unit() {
        let t = &ID;
        assert_eq!(t.age(-20), "baru saja");
        assert_eq!(t.age(59), "baru saja");
        assert_eq!(t.age(5 * 60 + 30), "5 mnt");
        assert_eq!(t.age(2 * 3600 + 59 * 60), "2 jam");
        assert_eq!(t.age(3 * 86_400), "3 hari");
        assert_eq!(EN.age(5 * 60), "5 min");
    }

    #[test]
    fn durations_keep_their_seconds_under_ten_minutes() {
        assert_eq!(ID.took(45), "45 dtk");
        assert_eq!(ID.took(65), "1 mnt 05 dtk");
        assert_eq!(ID.took(180), "3 mnt");
        assert_eq!(ID.took(12 * 60 + 30), "12 mnt");
        assert_eq!(ID.took(2 * 3600 + 5 * 60), "2 jam 5 mnt");
        assert_eq!(EN.took(9 * 60 + 59), "9 min 59 s");
    }

    #[test]
    fn indonesian_is_the_language_until_the_user_picks_another() {
        assert_eq!(texts().lang, Lang::Id);
        assert_eq!(texts().accept_language(), "id");
        assert_eq!(EN.accept_language(), "en");
    }

    #[test]
    fn every_status_has_its_own_name_in_both_languages() {
        use tanggap_domain::IncidentStatus::*;
        for t in [&ID, &EN] {
            let names: Vec<&str> =
                [Received, Verified, Dispatched, Resolved, Closed, Cancelled, Merged].map(|s| s.label(t.lang)).to_vec();
            let mut unique = names.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), names.len());
        }
        assert_eq!(Received.label(ID.lang), "Diterima");
    }

    #[test]
    fn every_audit_action_has_its_own_label() {
        use tanggap_domain::dto::AuditAction::{self, LoginFailed};
        let all = AuditAction::ALL;
        for t in [&ID, &EN] {
            let mut labels: Vec<&str> = all.map(|a| a.label(t.lang)).to_vec();
            labels.sort();
            labels.dedup();
            assert_eq!(labels.len(), all.len());
        }
        assert_eq!(LoginFailed.label(ID.lang), "Gagal masuk");
    }

    #[test]
    fn the_wait_after_too_many_attempts_is_given_in_whole_minutes_rounded_up() {
        assert_eq!(ID.too_many_attempts(Some(61)), "Terlalu banyak percobaan masuk. Coba lagi dalam 2 menit.");
        assert_eq!(ID.too_many_attempts(Some(5)), "Terlalu banyak percobaan masuk. Coba lagi dalam 1 menit.");
        assert_eq!(EN.too_many_attempts(Some(60)), "Too many login attempts. Try again in 1 minute.");
        assert_eq!(EN.too_many_attempts(Some(900)), "Too many login attempts. Try again in 15 minutes.");
        assert!(ID.too_many_attempts(None).contains("nanti"));
    }
}
