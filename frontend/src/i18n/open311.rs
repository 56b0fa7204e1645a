//! The words of the Open311 keys page (`/admin/open311`), which only the admin's console carries;
//! the header's link to it is in the main table.

use tanggap_domain::Lang;

pub struct Open311Texts {
    pub hint: &'static str,
    pub app_name: &'static str,
    pub issue_key: &'static str,
    pub key_once: &'static str,
    pub keys_empty: &'static str,
    pub revoke_key: &'static str,
}

pub const ID: Open311Texts = Open311Texts {
    hint: "Aplikasi pelaporan warga mengirim laporan lewat Open311 (/api/open311/v2/) dengan kunci dari sini. \
           Kunci yang dicabut tidak diterima lagi.",
    app_name: "Nama aplikasi",
    issue_key: "Buat kunci",
    key_once: "Salin kunci ini sekarang dan berikan ke pengelola aplikasi: kunci tidak ditampilkan lagi.",
    keys_empty: "Belum ada kunci.",
    revoke_key: "Cabut",
};

pub const EN: Open311Texts = Open311Texts {
    hint: "Civic reporting apps send reports through Open311 (/api/open311/v2/) with a key from here. \
           A revoked key is no longer accepted.",
    app_name: "App name",
    issue_key: "Issue a key",
    key_once: "Copy this key now and give it to the app's maintainer: it is not shown again.",
    keys_empty: "No keys yet.",
    revoke_key: "Revoke",
};

impl super::Texts {
    pub fn open311(&self) -> &'static Open311Texts {
        match self.lang {
            Lang::Id => &ID,
            Lang::En => &EN,
        }
    }
}
