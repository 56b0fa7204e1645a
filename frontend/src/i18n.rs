//! Every word the app shows, in one place. Bahasa Indonesia is the only table for now; an English
//! table of the same shape (and a way to pick it) is all that a language switch will need.
//! Data that arrives already worded (category names, the API's field messages) is not repeated here.

use tanggap_domain::{IncidentStatus, Lang, Priority};

use crate::api::ApiError;

pub struct Texts {
    /// The language of this table; also what the app asks the API to answer in.
    pub lang: Lang,
    pub app_name: &'static str,
    /// Shown under the name when the regency's own name is not known.
    pub app_tagline: &'static str,
    pub loading: &'static str,
    pub retry: &'static str,
    pub reference_failed: &'static str,

    pub board_title: &'static str,
    pub column_priority: &'static str,
    pub column_category: &'static str,
    pub column_place: &'static str,
    pub column_age: &'static str,
    pub column_status: &'static str,
    pub board_empty: &'static str,
    pub board_truncated: &'static str,
    pub board_stale: &'static str,
    pub no_place: &'static str,

    pub intake_title: &'static str,
    pub category: &'static str,
    pub district: &'static str,
    pub village: &'static str,
    pub landmark: &'static str,
    pub description: &'static str,
    pub caller_phone: &'static str,
    pub choose_category: &'static str,
    pub choose_district: &'static str,
    pub choose_village: &'static str,
    pub choose_district_first: &'static str,
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
    pub back_to_board: &'static str,

    pub just_now: &'static str,
    pub minutes_short: &'static str,
    pub hours_short: &'static str,
    pub days_short: &'static str,

    /// Received, verified, dispatched, resolved, closed, cancelled, merged.
    pub statuses: [&'static str; 7],
    /// What each priority means, in the order P1, P2, P3, P0.
    pub priorities: [&'static str; 4],
}

pub const ID: Texts = Texts {
    lang: Lang::Id,
    app_name: "Tanggap 112",
    app_tagline: "Pusat Komando 112",
    loading: "Memuat…",
    retry: "Coba lagi",
    reference_failed: "Data kategori dan wilayah gagal dimuat.",

    board_title: "Papan Kejadian",
    column_priority: "Prioritas",
    column_category: "Kategori",
    column_place: "Tempat",
    column_age: "Umur",
    column_status: "Status",
    board_empty: "Tidak ada kejadian terbuka.",
    board_truncated: "Masih ada kejadian terbuka lain yang tidak muat di papan ini.",
    board_stale: "Papan tidak dapat diperbarui; yang tampil mungkin sudah usang.",
    no_place: "—",

    intake_title: "Laporan Baru",
    category: "Kategori",
    district: "Kecamatan",
    village: "Desa/Kelurahan",
    landmark: "Patokan",
    description: "Keterangan",
    caller_phone: "Nomor Penelepon",
    choose_category: "— Pilih kategori —",
    choose_district: "— Pilih kecamatan —",
    choose_village: "— Pilih desa/kelurahan —",
    choose_district_first: "— Pilih kecamatan dahulu —",
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
    back_to_board: "Kembali ke Papan Kejadian",

    just_now: "baru saja",
    minutes_short: "mnt",
    hours_short: "jam",
    days_short: "hari",

    statuses: ["Diterima", "Terverifikasi", "Diteruskan", "Selesai ditangani", "Ditutup", "Dibatalkan", "Digabung"],
    priorities: ["Nyawa terancam", "Mendesak", "Dapat menunggu", "Ditutup saat diterima"],
};

/// The table in use. One language for now; later this reads the user's choice.
pub fn texts() -> &'static Texts {
    &ID
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

    pub fn status(&self, status: IncidentStatus) -> &'static str {
        use IncidentStatus::*;
        let index = match status {
            Received => 0,
            Verified => 1,
            Dispatched => 2,
            Resolved => 3,
            Closed => 4,
            Cancelled => 5,
            Merged => 6,
        };
        self.statuses[index]
    }

    pub fn priority_meaning(&self, priority: Priority) -> &'static str {
        let index = match priority {
            Priority::P1 => 0,
            Priority::P2 => 1,
            Priority::P3 => 2,
            Priority::P0 => 3,
        };
        self.priorities[index]
    }

    /// One line for a failed request, for people (field errors are shown at their fields instead).
    pub fn api_error(&self, error: &ApiError) -> String {
        match error {
            ApiError::Network => self.offline.to_owned(),
            ApiError::Problem(problem) => match &problem.detail {
                Some(detail) => format!("{} {}", problem.title, detail),
                None => problem.title.clone(),
            },
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_read_in_the_largest_whole_unit() {
        let t = texts();
        assert_eq!(t.age(-20), "baru saja");
        assert_eq!(t.age(59), "baru saja");
        assert_eq!(t.age(5 * 60 + 30), "5 mnt");
        assert_eq!(t.age(2 * 3600 + 59 * 60), "2 jam");
        assert_eq!(t.age(3 * 86_400), "3 hari");
    }

    #[test]
    fn every_status_has_its_own_indonesian_name() {
        use IncidentStatus::*;
        let names: Vec<&str> =
            [Received, Verified, Dispatched, Resolved, Closed, Cancelled, Merged].map(|s| texts().status(s)).to_vec();
        assert_eq!(names[0], "Diterima");
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len());
    }
}
