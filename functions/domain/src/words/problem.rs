//! The titles of the API's problems (RFC 9457 `title`), in the request's language.

use crate::Lang;
use crate::dto::ProblemType;

impl ProblemType {
    pub const fn title(self, lang: Lang) -> &'static str {
        match self {
            Self::Validation => lang.pick("Data tidak valid", "Invalid data"),
            Self::BadRequest => lang.pick("Permintaan tidak valid", "Bad request"),
            Self::CursorExpired => lang.pick(
                "Perubahan tidak dapat dilanjutkan; muat ulang papan",
                "Changes cannot be continued; reload the board",
            ),
            Self::NotFound => lang.pick("Tidak ditemukan", "Not found"),
            Self::VersionConflict => lang.pick("Data sudah diubah pengguna lain", "Changed by someone else"),
            Self::Lifecycle => lang.pick("Perintah tidak dapat dijalankan", "Command not allowed"),
            Self::IdempotencyKeyReused => lang.pick(
                "Idempotency-Key sudah dipakai untuk laporan lain",
                "Idempotency-Key already used for another request",
            ),
            Self::UnsupportedMediaType => lang.pick("Format tidak didukung", "Unsupported media type"),
            Self::PayloadTooLarge => lang.pick("Data terlalu besar", "Payload too large"),
            Self::Unauthenticated => lang.pick("Silakan masuk terlebih dahulu", "Please sign in"),
            Self::Forbidden => lang.pick("Tidak diizinkan", "Forbidden"),
            Self::PasswordChangeRequired => lang.pick("Ganti kata sandi terlebih dahulu", "Change your password first"),
            Self::InvalidCredentials => lang.pick("Nama pengguna atau kata sandi salah", "Wrong username or password"),
            Self::SessionExpired => {
                lang.pick("Sesi berakhir; silakan masuk lagi", "Session ended; please sign in again")
            }
            Self::TooManyAttempts => lang.pick("Terlalu banyak percobaan masuk", "Too many sign-in attempts"),
            Self::Shift => lang.pick("Tidak sesuai aturan sif", "Not allowed by the shift rules"),
            Self::Internal => lang.pick("Terjadi kesalahan pada server", "Internal server error"),
        }
    }
}
