//! The shapes that cross the wire between the app and the functions. Both sides compile this module,
//! so a field renamed here is renamed everywhere. Requests arrive as plain strings and are parsed into
//! domain types with every problem reported per field, in the reader's language.

use serde::{Deserialize, Serialize};

use crate::caller::{CallRecord, CallerBlock};
use crate::geo::RawCoordinates;
use crate::incident::IncidentCommand;
use crate::user::{MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, User, UserError};
use crate::{
    AgencyCode, Caller, CategoryCode, Coordinates, Event, Incident, IncidentStatus, KodeWilayah, Lang, PhoneNumber,
    Priority, Reason, RegionLevel, Role, Text, Timestamp, Username,
};

/// What the intake form sends to open an incident.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewIncident {
    pub category: String,
    /// Kode wilayah of the district (kecamatan).
    pub district: Option<String>,
    /// Kode wilayah of the village (desa / kelurahan); implies its district.
    pub village: Option<String>,
    pub landmark: Option<String>,
    pub coordinates: Option<RawCoordinates>,
    pub description: Option<String>,
    pub caller_phone: Option<String>,
    pub caller_name: Option<String>,
    pub people_affected: Option<u32>,
    /// Overrides the category's default priority; a different priority needs `priority_reason`.
    pub priority: Option<Priority>,
    pub priority_reason: Option<String>,
}

/// A [`NewIncident`] whose fields have all parsed; codes are still to be looked up.
#[derive(Debug, Clone, PartialEq)]
pub struct IntakeDraft {
    pub category: CategoryCode,
    pub district: Option<KodeWilayah>,
    pub village: Option<KodeWilayah>,
    pub landmark: Option<Text>,
    pub coordinates: Option<Coordinates>,
    pub description: Option<Text>,
    pub caller: Caller,
    pub people_affected: Option<u32>,
    pub priority: Option<Priority>,
    pub priority_reason: Option<Reason>,
}

/// The most people one report can count; beyond it is a typing slip, not a census.
pub const MAX_PEOPLE_AFFECTED: u32 = 100_000;

impl NewIncident {
    /// Parses every field, collecting all problems rather than stopping at the first.
    pub fn parse(&self, lang: Lang) -> Result<IntakeDraft, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut check = |field: &str, problem: Option<FieldProblem>| {
            if let Some(problem) = problem {
                errors.push(FieldError::new(field, problem, lang));
            }
        };
        let category = CategoryCode::parse(&self.category);
        let category_problem =
            if self.category.trim().is_empty() { FieldProblem::Required } else { FieldProblem::UnknownCategory };
        check("category", category.as_ref().err().map(|_| category_problem));
        let district = optional(&self.district, KodeWilayah::parse);
        check("district", district.as_ref().err().map(|_| FieldProblem::BadRegion));
        let village = optional(&self.village, KodeWilayah::parse);
        check("village", village.as_ref().err().map(|_| FieldProblem::BadRegion));
        if let (Ok(Some(d)), Ok(Some(v))) = (&district, &village) {
            check(
                "village",
                (d.level() != RegionLevel::District || !v.is_within(d)).then_some(FieldProblem::VillageOutsideDistrict),
            );
        }
        if let Ok(Some(v)) = &village {
            check("village", (v.level() != RegionLevel::Village).then_some(FieldProblem::BadRegion));
        }
        if let Ok(Some(d)) = &district {
            check("district", (d.level() != RegionLevel::District).then_some(FieldProblem::BadRegion));
        }
        let landmark = Text::parse_optional(self.landmark.as_deref());
        check("landmark", landmark.as_ref().err().map(|_| FieldProblem::TooLong(Text::MAX_CHARS)));
        let coordinates = self.coordinates.map(Coordinates::try_from).transpose();
        check("coordinates", coordinates.as_ref().err().map(|_| FieldProblem::BadCoordinates));
        let description = Text::parse_optional(self.description.as_deref());
        check("description", description.as_ref().err().map(|_| FieldProblem::TooLong(Text::MAX_CHARS)));
        let phone = optional(&self.caller_phone, PhoneNumber::parse);
        check("caller_phone", phone.as_ref().err().map(|_| FieldProblem::BadPhone));
        let name = Text::parse_optional(self.caller_name.as_deref());
        check("caller_name", name.as_ref().err().map(|_| FieldProblem::TooLong(Text::MAX_CHARS)));
        let priority_reason = Reason::parse_optional(self.priority_reason.as_deref());
        check("priority_reason", priority_reason.as_ref().err().map(|_| FieldProblem::TooLong(Reason::MAX_CHARS)));
        check(
            "people_affected",
            self.people_affected
                .filter(|n| *n > MAX_PEOPLE_AFFECTED)
                .map(|_| FieldProblem::TooMany(MAX_PEOPLE_AFFECTED)),
        );
        match (category, district, village, landmark, coordinates, description, phone, name, priority_reason) {
            (
                Ok(category),
                Ok(district),
                Ok(village),
                Ok(landmark),
                Ok(coordinates),
                Ok(description),
                Ok(phone),
                Ok(name),
                Ok(priority_reason),
            ) if errors.is_empty() => {
                // A village names its district; the form may send only the village.
                let district = district.or_else(|| village.as_ref().and_then(KodeWilayah::parent));
                Ok(IntakeDraft {
                    category,
                    district,
                    village,
                    landmark,
                    coordinates,
                    description,
                    caller: Caller { phone, name: name.map(String::from), masked_phone: None },
                    people_affected: self.people_affected,
                    priority: self.priority,
                    priority_reason,
                })
            }
            _ => Err(errors),
        }
    }
}

fn optional<T, E>(value: &Option<String>, parse: impl Fn(&str) -> Result<T, E>) -> Result<Option<T>, E> {
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

/// An RFC 9457 problem details document: every 4xx and 5xx answer of the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A stable URI reference naming the kind of problem, e.g. `/problems/validation`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Short, human, in the request's language.
    pub title: String,
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The request id that the logs carry too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// For a version conflict: the incident as it is now, so the user sees the newer values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<Box<Incident>>,
}

/// A life-cycle command, made on the version the user saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommandRequest {
    pub expected_version: u64,
    #[serde(flatten)]
    pub command: IncidentCommand,
}

/// An incident with its whole history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IncidentDetail {
    pub incident: Incident,
    pub events: Vec<Event>,
}

/// One page of the open board, most urgent first, then oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardPage {
    pub incidents: Vec<Incident>,
    /// Pass back as `cursor` for the next page; absent on the last page.
    pub next: Option<String>,
}

// ---- intake: callers, duplicates, linked reports, the board's changes -------------------------------

/// `POST /api/incidents/{id}/reports`: another call about an incident already open, linked to it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewReport {
    pub caller_phone: Option<String>,
    pub caller_name: Option<String>,
    pub description: Option<String>,
}

impl NewReport {
    /// The caller and what they said, every problem named per field.
    pub fn parse(&self, lang: Lang) -> Result<(Caller, Option<Text>), Vec<FieldError>> {
        let mut errors = Vec::new();
        let phone = optional(&self.caller_phone, PhoneNumber::parse);
        if phone.is_err() {
            errors.push(FieldError::new("caller_phone", FieldProblem::BadPhone, lang));
        }
        let name = Text::parse_optional(self.caller_name.as_deref());
        if name.is_err() {
            errors.push(FieldError::new("caller_name", FieldProblem::TooLong(Text::MAX_CHARS), lang));
        }
        let description = Text::parse_optional(self.description.as_deref());
        if description.is_err() {
            errors.push(FieldError::new("description", FieldProblem::TooLong(Text::MAX_CHARS), lang));
        }
        match (phone, name, description) {
            (Ok(phone), Ok(name), Ok(description)) => {
                Ok((Caller { phone, name: name.map(String::from), masked_phone: None }, description))
            }
            _ => Err(errors),
        }
    }
}

/// `GET /api/callers/{phone}`: what the intake shows while the caller is on the line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallerHistory {
    pub phone: PhoneNumber,
    /// The number's earlier calls, newest first (at most [`CALLER_HISTORY_LIMIT`]).
    pub calls: Vec<CallRecord>,
    /// Prank calls in the last 24 hours.
    pub prank_calls_24h: u32,
    /// True when the prank calls reach the threshold and the number is not blocked already.
    pub block_proposed: bool,
    /// The block in force, if any.
    pub block: Option<CallerBlock>,
}

/// The most earlier calls a caller history lists.
pub const CALLER_HISTORY_LIMIT: usize = 20;

/// `PUT /api/callers/{phone}/block` (supervisor): blocks a number for a while.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewBlock {
    pub reason: String,
    /// How long; the deployment's default (24 h) when absent. 1 to [`MAX_BLOCK_HOURS`].
    pub hours: Option<u32>,
}

/// The longest block: a month.
pub const MAX_BLOCK_HOURS: u32 = 30 * 24;

impl NewBlock {
    /// The reason and the length in hours, `default_hours` when none is given.
    pub fn parse(&self, default_hours: u32, lang: Lang) -> Result<(Reason, u32), Vec<FieldError>> {
        let mut errors = Vec::new();
        let reason = Reason::parse(&self.reason);
        if let Err(err) = &reason {
            let problem = match err {
                crate::text::TextError::Empty => FieldProblem::Required,
                crate::text::TextError::TooLong { max } => FieldProblem::TooLong(*max),
            };
            errors.push(FieldError::new("reason", problem, lang));
        }
        let hours = self.hours.unwrap_or(default_hours);
        if !(1..=MAX_BLOCK_HOURS).contains(&hours) {
            errors.push(FieldError::new("hours", FieldProblem::TooMany(MAX_BLOCK_HOURS), lang));
        }
        match reason {
            Ok(reason) if errors.is_empty() => Ok((reason, hours)),
            _ => Err(errors),
        }
    }
}

/// An open incident that may be the event a new call is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DuplicateCandidate {
    pub incident: Incident,
    pub same_village: bool,
    /// Metres between the pins, when both have one.
    pub distance_m: Option<u32>,
}

/// `GET /api/incidents/duplicates`: nearest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DuplicatesPage {
    pub candidates: Vec<DuplicateCandidate>,
}

/// `GET /api/incidents/changes`: the incidents changed since the cursor, open or not (a board drops
/// those that are no longer open), oldest change first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangesPage {
    pub incidents: Vec<Incident>,
    /// Pass back as `since` on the next poll.
    pub cursor: String,
}

/// Which open incidents a board shows; every given criterion must hold.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BoardFilter {
    pub status: Option<IncidentStatus>,
    pub priority: Option<Priority>,
    pub category: Option<CategoryCode>,
    pub district: Option<KodeWilayah>,
}

impl BoardFilter {
    pub fn matches(&self, incident: &Incident) -> bool {
        self.status.is_none_or(|status| incident.status == status)
            && self.priority.is_none_or(|priority| incident.priority == priority)
            && self.category.as_ref().is_none_or(|category| incident.category == *category)
            && self.district.as_ref().is_none_or(|district| {
                incident.location.district.as_ref().is_some_and(|d| d.code == *district)
                    || incident.location.village.as_ref().is_some_and(|v| v.code.is_within(district))
            })
    }

    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// `GET /api/intake/counts?date=`: the calls taken on one local day (the deployment's UTC offset:
/// WIB, WITA or WIT), per category, P0 calls included: what the center reports about its traffic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IntakeCounts {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub total: u32,
    pub by_category: std::collections::BTreeMap<CategoryCode, u32>,
    /// Calls linked to an existing incident as extra reports.
    pub linked_reports: u32,
}

// ---- photos ------------------------------------------------------------------------------------

/// `POST /api/incidents/{id}/photos`: what the browser is about to upload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewPhoto {
    /// `image/jpeg`, `image/png` or `image/webp`.
    pub content_type: String,
    /// Bytes; at most the deployment's maximum (8 MiB by default).
    pub size: u64,
}

/// A header the upload must carry exactly as given (it is part of the signature).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadHeader {
    pub name: String,
    pub value: String,
}

/// Where and how to upload the photo's bytes, straight to storage; then confirm with
/// `POST /api/incidents/{id}/photos/{photo}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhotoUpload {
    pub photo: crate::PhotoId,
    pub url: String,
    /// `PUT`.
    pub method: String,
    pub headers: Vec<UploadHeader>,
    pub expires_at: Timestamp,
}

/// `GET /api/incidents/{id}/photos/{photo}`: a short-lived address of the photo (the viewing copy, or
/// the original with `?original=true`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhotoView {
    pub url: String,
    pub expires_at: Timestamp,
}

// ---- notifications -----------------------------------------------------------------------------

/// `GET /api/notifications`: the signed-in user's, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationsPage {
    pub notifications: Vec<crate::notification::Notification>,
    /// Unread among the user's recent notifications (the bell's number).
    pub unread: u32,
}

/// `POST /api/notifications/read`: marks these read; none named marks all read.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkRead {
    #[serde(default)]
    pub ids: Vec<String>,
}

/// `GET /api/push/key`: the VAPID public key browsers subscribe with (base64url), none where the
/// deployment has no Web Push.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushKey {
    pub public_key: Option<String>,
}

/// `PUT /api/me/push-subscriptions` (and `DELETE` with the same body): a browser's
/// `PushSubscription.toJSON()`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushSubscriptionJson {
    pub endpoint: String,
    pub keys: PushKeys,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushKeys {
    pub p256dh: String,
    pub auth: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    pub status: String,
    pub version: String,
}

// ---- accounts ----------------------------------------------------------------------------------

/// `POST /api/auth/login`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

/// What login and refresh answer (the refresh token travels only in its HttpOnly cookie).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Session {
    /// Send as `Authorization: Bearer …`; short-lived.
    pub access_token: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    pub user: User,
}

/// `POST /api/me/password`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// `POST /api/users` (admin).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// Required for agency officers and heads, absent for everyone else.
    pub agency: Option<String>,
    /// The first password; the user must change it at first login.
    pub password: String,
}

/// `PATCH /api/users/{username}` (admin): only the fields present change.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserUpdate {
    pub display_name: Option<String>,
    pub role: Option<Role>,
    /// With `role`: the agency for an officer or head (`null` for other roles).
    pub agency: Option<String>,
    pub disabled: Option<bool>,
}

/// `POST /api/users/{username}/password` (admin): sets a temporary password to change at next login.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordReset {
    pub new_password: String,
}

// Passwords and tokens never reach a log line through `{:?}`: their Debug forms are redacted.
const REDACTED: &str = "<redacted>";

impl std::fmt::Debug for LoginRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginRequest").field("username", &self.username).field("password", &REDACTED).finish()
    }
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("access_token", &REDACTED)
            .field("expires_in", &self.expires_in)
            .field("user", &self.user)
            .finish()
    }
}

impl std::fmt::Debug for PasswordChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordChange").field("current_password", &REDACTED).field("new_password", &REDACTED).finish()
    }
}

impl std::fmt::Debug for NewUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewUser")
            .field("username", &self.username)
            .field("display_name", &self.display_name)
            .field("role", &self.role)
            .field("agency", &self.agency)
            .field("password", &REDACTED)
            .finish()
    }
}

impl std::fmt::Debug for PasswordReset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordReset").field("new_password", &REDACTED).finish()
    }
}

/// The length rule every new password must meet, as a field problem (the server also refuses common
/// passwords, which needs a list the app does not carry).
pub fn password_length_problem(password: &str) -> Option<FieldProblem> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        Some(FieldProblem::TooShort(MIN_PASSWORD_CHARS))
    } else if chars > MAX_PASSWORD_CHARS {
        Some(FieldProblem::TooLong(MAX_PASSWORD_CHARS))
    } else {
        None
    }
}

/// The longest display name.
pub const MAX_DISPLAY_NAME_CHARS: usize = 100;

/// A [`NewUser`] whose fields have all parsed; the agency is still to be looked up, the password
/// still to be checked against the common ones.
#[derive(Clone, PartialEq, Eq)]
pub struct UserDraft {
    pub username: Username,
    pub display_name: String,
    pub role: Role,
    pub agency: Option<AgencyCode>,
    pub password: String,
}

impl std::fmt::Debug for UserDraft {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserDraft")
            .field("username", &self.username)
            .field("display_name", &self.display_name)
            .field("role", &self.role)
            .field("agency", &self.agency)
            .field("password", &REDACTED)
            .finish()
    }
}

/// A display name: trimmed, 1 to [`MAX_DISPLAY_NAME_CHARS`] characters.
pub fn parse_display_name(input: &str) -> Result<String, FieldProblem> {
    let name = input.trim();
    if name.is_empty() {
        Err(FieldProblem::Required)
    } else if name.chars().count() > MAX_DISPLAY_NAME_CHARS {
        Err(FieldProblem::TooLong(MAX_DISPLAY_NAME_CHARS))
    } else {
        Ok(name.to_owned())
    }
}

/// An agency field: blank is none; otherwise a code, which must fit the role.
pub fn parse_agency_for_role(role: Role, agency: Option<&str>) -> Result<Option<AgencyCode>, FieldProblem> {
    let agency = match agency.map(str::trim) {
        None | Some("") => None,
        Some(code) => Some(AgencyCode::parse(code).map_err(|_| FieldProblem::UnknownAgency)?),
    };
    match User::check_role_and_agency(role, agency.as_ref()) {
        Ok(()) => Ok(agency),
        Err(UserError::AgencyRequired) => Err(FieldProblem::AgencyRequired),
        Err(UserError::AgencyNotAllowed) => Err(FieldProblem::AgencyNotAllowed),
    }
}

impl NewUser {
    /// Parses every field, collecting all problems rather than stopping at the first.
    pub fn parse(&self, lang: Lang) -> Result<UserDraft, Vec<FieldError>> {
        let mut errors = Vec::new();
        let username = Username::parse(&self.username);
        if username.is_err() {
            errors.push(FieldError::new("username", FieldProblem::BadUsername, lang));
        }
        let display_name = parse_display_name(&self.display_name);
        if let Err(problem) = &display_name {
            errors.push(FieldError::new("display_name", *problem, lang));
        }
        let agency = parse_agency_for_role(self.role, self.agency.as_deref());
        if let Err(problem) = &agency {
            errors.push(FieldError::new("agency", *problem, lang));
        }
        if let Some(problem) = password_length_problem(&self.password) {
            errors.push(FieldError::new("password", problem, lang));
        }
        match (username, display_name, agency) {
            (Ok(username), Ok(display_name), Ok(agency)) if errors.is_empty() => {
                Ok(UserDraft { username, display_name, role: self.role, agency, password: self.password.clone() })
            }
            _ => Err(errors),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AuditAction {
    Login,
    LoginFailed,
    /// A login refused because the account or the source address is cooling down.
    LoginThrottled,
    Logout,
    /// A refresh token was used twice: its whole session family was revoked.
    RefreshReuse,
    PasswordChanged,
    PasswordReset,
    UserCreated,
    UserUpdated,
    /// An admin created or changed a category.
    CategorySaved,
    /// An admin created or changed an agency.
    AgencySaved,
    /// A supervisor blocked a caller's number for a while (`detail`: the number, reason and end).
    CallerBlocked,
    /// A supervisor lifted a number's block before its end (`detail`: the number, the block's reason and end).
    CallerUnblocked,
    /// A user changed how they are notified, or went on or off duty (`detail`: what changed).
    NotificationSettingsChanged,
}

/// One audited account event: who, when, from where, what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub at: Timestamp,
    pub action: AuditAction,
    /// Who acted (for a failed login: the name that was tried, if it is a valid username).
    pub actor: Option<Username>,
    /// Whom it concerned, for user changes.
    pub subject: Option<Username>,
    /// The source address of the request.
    pub source: Option<String>,
    /// What changed, for user and catalog changes (e.g. `role: operator -> supervisor`,
    /// `FIRE: dispatch_target: 5 -> 7`).
    pub detail: Option<String>,
}

/// `GET /api/audit` (admin): newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub next: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> NewIncident {
        NewIncident {
            category: "fire".into(),
            village: Some("64.09.01.2001".into()),
            description: Some("Rumah terbakar dekat pasar".into()),
            caller_phone: Some("0812 3456 7890".into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_good_form_parses_and_the_village_implies_its_district() {
        let draft = form().parse(Lang::Id).unwrap();
        assert_eq!(draft.category.as_str(), "FIRE");
        assert_eq!(draft.district.unwrap().as_str(), "64.09.01");
        assert_eq!(draft.caller.phone.unwrap().as_str(), "+6281234567890");
    }

    #[test]
    fn every_bad_field_is_reported_at_once_in_the_readers_language() {
        let bad = NewIncident {
            category: "?".into(),
            caller_phone: Some("12345".into()),
            district: Some("64.09.02".into()),
            village: Some("64.09.01.2001".into()),
            people_affected: Some(MAX_PEOPLE_AFFECTED + 1),
            ..Default::default()
        };
        let errors = bad.parse(Lang::En).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["category", "village", "caller_phone", "people_affected"]);
        assert_eq!(errors[1].code, "village_outside_district");
        assert_eq!(errors[2].message, "An Indonesian phone number: 08…, 62… or +62…");
        let errors = bad.parse(Lang::Id).unwrap_err();
        assert_eq!(errors[1].message, "Desa tidak berada di kecamatan ini.");
        let blank = NewIncident { category: " ".into(), ..Default::default() };
        assert_eq!(blank.parse(Lang::Id).unwrap_err()[0].message, "Wajib diisi.");
    }

    #[test]
    fn a_new_user_parses_with_every_problem_named() {
        let good = NewUser {
            username: " Operator1 ".into(),
            display_name: " Siti ".into(),
            role: Role::AgencyOfficer,
            agency: Some("damkar".into()),
            password: "tanggap112".into(),
        };
        let draft = good.parse(Lang::En).unwrap();
        assert_eq!((draft.username.as_str(), draft.display_name.as_str()), ("operator1", "Siti"));
        assert_eq!(draft.agency.unwrap().as_str(), "DAMKAR");
        let bad = NewUser {
            username: "a b".into(),
            display_name: " ".into(),
            role: Role::Operator,
            agency: Some("DAMKAR".into()),
            password: "short".into(),
        };
        let codes: Vec<(String, String)> =
            bad.parse(Lang::En).unwrap_err().into_iter().map(|e| (e.field, e.code)).collect();
        let expected = [
            ("username", "bad_username"),
            ("display_name", "required"),
            ("agency", "agency_not_allowed"),
            ("password", "too_short"),
        ];
        assert_eq!(codes, expected.map(|(f, c)| (f.to_owned(), c.to_owned())));
    }

    #[test]
    fn secrets_never_show_in_debug_output() {
        let login = LoginRequest { username: "admin".into(), password: "hunter2hunter2".into() };
        let change = PasswordChange { current_password: "old-secret-1".into(), new_password: "new-secret-2".into() };
        let printed = format!("{login:?} {change:?} {:?}", PasswordReset { new_password: "reset-secret-3".into() });
        for secret in ["hunter2", "old-secret", "new-secret", "reset-secret"] {
            assert!(!printed.contains(secret), "{printed}");
        }
        assert!(printed.contains("admin"));
    }

    #[test]
    fn a_command_request_reads_as_flat_json() {
        let json = r#"{"expected_version":3,"command":"close_as_false_report","reason":"anak-anak iseng"}"#;
        let request: CommandRequest = serde_json::from_str(json).unwrap();
        assert_eq!(request.expected_version, 3);
        assert!(matches!(request.command, IncidentCommand::CloseAsFalseReport { .. }));
        let blank = r#"{"expected_version":3,"command":"close_as_false_report","reason":"  "}"#;
        assert!(serde_json::from_str::<CommandRequest>(blank).is_err(), "a blank reason must not parse");
    }
}
