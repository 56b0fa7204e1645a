//! Field errors: what is wrong with one field of a request, worded in the reader's language.

use serde::{Deserialize, Serialize};

use crate::Lang;

/// A blank or absent text is none; anything else must parse.
pub(crate) fn optional<T, E>(value: &Option<String>, parse: impl Fn(&str) -> Result<T, E>) -> Result<Option<T>, E> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => parse(text).map(Some),
    }
}

/// What is wrong with one field, independent of language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldProblem {
    Required,
    UnknownCategory,
    BadRegion,
    RegionNotFound,
    VillageOutsideDistrict,
    BadCoordinates,
    BadPhone,
    TooLong(usize),
    TooMany(u32),
    /// A range of days longer than the most that is answered.
    TooManyDays(u32),
    /// A range that ends before it starts.
    Reversed,
    Invalid,
    /// A password shorter than [`MIN_PASSWORD_CHARS`].
    TooShort(usize),
    /// A password found among the commonest ones, or as easy to guess.
    TooCommon,
    /// The current password given to change it is not the current password.
    WrongPassword,
    /// The new password is the one it replaces.
    Unchanged,
    /// A username already in use.
    Taken,
    BadUsername,
    AgencyRequired,
    AgencyNotAllowed,
    UnknownAgency,
    /// An admin may not disable or demote their own account (nobody would be left to undo it).
    OwnAccount,
    /// A quick key another category already has.
    QuickKeyTaken,
    /// Something the user's role does not have (the morning brief asked by an operator).
    NotForRole,
}

impl FieldProblem {
    pub fn code(self) -> &'static str {
        match self {
            Self::Required => "required",
            Self::UnknownCategory => "unknown_category",
            Self::BadRegion => "bad_region",
            Self::RegionNotFound => "region_not_found",
            Self::VillageOutsideDistrict => "village_outside_district",
            Self::BadCoordinates => "bad_coordinates",
            Self::BadPhone => "bad_phone",
            Self::TooLong(_) => "too_long",
            Self::TooMany(_) => "too_many",
            Self::TooManyDays(_) => "too_many_days",
            Self::Reversed => "reversed",
            Self::Invalid => "invalid",
            Self::TooShort(_) => "too_short",
            Self::TooCommon => "too_common",
            Self::WrongPassword => "wrong_password",
            Self::Unchanged => "unchanged",
            Self::Taken => "taken",
            Self::BadUsername => "bad_username",
            Self::AgencyRequired => "agency_required",
            Self::AgencyNotAllowed => "agency_not_allowed",
            Self::UnknownAgency => "unknown_agency",
            Self::OwnAccount => "own_account",
            Self::QuickKeyTaken => "taken",
            Self::NotForRole => "not_for_role",
        }
    }

    pub fn message(self, lang: Lang) -> String {
        match self {
            Self::Required => lang.pick("Wajib diisi.", "Required.").into(),
            Self::UnknownCategory => lang.pick("Kategori tidak dikenal.", "Unknown category.").into(),
            Self::BadRegion => lang.pick("Kode wilayah tidak valid.", "Not a valid region code.").into(),
            Self::RegionNotFound => {
                lang.pick("Wilayah tidak ada di kabupaten ini.", "No such area in this regency.").into()
            }
            Self::VillageOutsideDistrict => {
                lang.pick("Desa tidak berada di kecamatan ini.", "The village is not in this district.").into()
            }
            Self::BadCoordinates => lang.pick("Koordinat tidak valid.", "Not valid coordinates.").into(),
            Self::BadPhone => lang
                .pick("Nomor telepon Indonesia: 08…, 62… atau +62…", "An Indonesian phone number: 08…, 62… or +62…")
                .into(),
            Self::TooLong(max) => match lang {
                Lang::Id => format!("Paling banyak {max} karakter."),
                Lang::En => format!("At most {max} characters."),
            },
            Self::TooMany(max) => match lang {
                Lang::Id => format!("Paling banyak {max}."),
                Lang::En => format!("At most {max}."),
            },
            Self::TooManyDays(max) => match lang {
                Lang::Id => format!("Paling banyak {max} hari."),
                Lang::En => format!("At most {max} days."),
            },
            Self::Reversed => lang.pick("Berakhir sebelum mulai.", "Ends before it starts.").into(),
            Self::Invalid => lang.pick("Tidak valid.", "Not valid.").into(),
            Self::TooShort(min) => match lang {
                Lang::Id => format!("Paling sedikit {min} karakter."),
                Lang::En => format!("At least {min} characters."),
            },
            Self::TooCommon => lang
                .pick(
                    "Kata sandi ini terlalu umum atau mudah ditebak; pakai beberapa kata yang tidak berhubungan.",
                    "This password is too common or easy to guess; use a few unrelated words.",
                )
                .into(),
            Self::WrongPassword => lang.pick("Kata sandi saat ini salah.", "The current password is wrong.").into(),
            Self::Unchanged => lang
                .pick("Pilih kata sandi yang berbeda dari sebelumnya.", "Choose a password other than the old one.")
                .into(),
            Self::Taken => lang.pick("Nama pengguna sudah dipakai.", "This username is taken.").into(),
            Self::BadUsername => lang
                .pick(
                    "2-32 huruf kecil, angka, titik, garis bawah atau tanda hubung.",
                    "2-32 lowercase letters, digits, '.', '_' or '-'.",
                )
                .into(),
            Self::AgencyRequired => lang
                .pick("Petugas dan kepala instansi wajib memilih instansi.", "Officers and heads need an agency.")
                .into(),
            Self::AgencyNotAllowed => lang
                .pick(
                    "Hanya petugas dan kepala instansi yang terikat instansi.",
                    "Only officers and heads have an agency.",
                )
                .into(),
            Self::UnknownAgency => lang.pick("Instansi tidak dikenal.", "Unknown agency.").into(),
            Self::OwnAccount => lang
                .pick(
                    "Akun Anda sendiri tidak dapat dinonaktifkan atau diturunkan perannya.",
                    "You cannot disable your own account or change its role.",
                )
                .into(),
            Self::QuickKeyTaken => lang
                .pick("Tombol pintas ini sudah dipakai kategori lain.", "Another category already has this quick key.")
                .into(),
            Self::NotForRole => lang.pick("Tidak tersedia untuk peran Anda.", "Not available to your role.").into(),
        }
    }
}

/// One field's problem, as problem+json carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The request field, e.g. `caller_phone`.
    pub field: String,
    /// Stable code for programs, e.g. `bad_phone`.
    pub code: String,
    /// For people, in the request's language.
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, problem: FieldProblem, lang: Lang) -> Self {
        Self { field: field.into(), code: problem.code().into(), message: problem.message(lang) }
    }
}
