//! The words of accounts: roles and the audit log's actions.

use crate::dto::AuditAction;
use crate::{Lang, Role};

impl Role {
    pub const fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Operator => lang.pick("Operator", "Operator"),
            Self::Supervisor => lang.pick("Supervisor", "Supervisor"),
            Self::AgencyOfficer => lang.pick("Petugas instansi", "Agency officer"),
            Self::AgencyHead => lang.pick("Kepala instansi", "Agency head"),
            Self::Executive => lang.pick("Pimpinan daerah", "Executive"),
            Self::Admin => lang.pick("Admin", "Admin"),
        }
    }
}

impl AuditAction {
    pub const fn label(self, lang: Lang) -> &'static str {
        match self {
            Self::Login => lang.pick("Masuk", "Logged in"),
            Self::LoginFailed => lang.pick("Gagal masuk", "Login failed"),
            Self::LoginThrottled => {
                lang.pick("Masuk ditahan (terlalu banyak percobaan)", "Login held back (too many attempts)")
            }
            Self::Logout => lang.pick("Keluar", "Logged out"),
            Self::RefreshReuse => {
                lang.pick("Token sesi dipakai ulang; sesi dicabut", "Session token reused; session revoked")
            }
            Self::PasswordChanged => lang.pick("Kata sandi diganti", "Password changed"),
            Self::PasswordReset => lang.pick("Kata sandi disetel ulang", "Password reset"),
            Self::UserCreated => lang.pick("Pengguna ditambahkan", "User added"),
            Self::UserUpdated => lang.pick("Pengguna diubah", "User changed"),
            Self::CategorySaved => lang.pick("Kategori disimpan", "Category saved"),
            Self::AgencySaved => lang.pick("Instansi disimpan", "Agency saved"),
            Self::CallerBlocked => lang.pick("Nomor penelepon diblokir", "Caller's number blocked"),
            Self::CallerUnblocked => lang.pick("Blokir nomor dicabut", "Caller's number unblocked"),
            Self::NotificationSettingsChanged => {
                lang.pick("Pengaturan notifikasi diubah", "Notification settings changed")
            }
            Self::RosterChanged => lang.pick("Jadwal sif diubah", "Roster changed"),
            Self::ShiftPatternChanged => lang.pick("Pola sif diubah", "Shift pattern changed"),
        }
    }
}
