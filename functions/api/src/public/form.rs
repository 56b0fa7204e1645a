//! The public pages' forms as they arrive: `multipart/form-data` (the report, with its photo) or
//! `application/x-www-form-urlencoded`, read into plain strings with every part bounded, then parsed
//! into what the pages need. Anything a citizen types that looks like markup is refused, not stored.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header;
use sha2::{Digest as _, Sha256};
use tanggap_domain::citizen::Stars;
use tanggap_domain::dto::{FieldError, FieldProblem, NewIncident};
use tanggap_domain::geo::RawCoordinates;
use tanggap_domain::{Lang, Text};

use super::ticket::TicketToken;

/// The longest text field accepted, in bytes: the longest description (4,000 characters) of
/// four-byte characters, with room.
const MAX_FIELD_BYTES: usize = 20 * 1024;
/// The fields a form may have at most; a body of thousands of empty parts is refused early.
const MAX_FIELDS: usize = 32;

/// Why a form could not be read at all (its fields are checked later, one by one).
#[derive(Debug, thiserror::Error)]
pub enum FormError {
    #[error("the body is neither multipart/form-data nor application/x-www-form-urlencoded")]
    UnsupportedMediaType,
    #[error("the body or one of its parts is larger than the limit")]
    TooLarge,
    #[error("the body is not a well-formed form: {0}")]
    Malformed(String),
}

/// A form's fields, and its file when it has one.
#[derive(Debug, Default)]
pub struct Form {
    fields: BTreeMap<String, String>,
    pub photo: Option<Bytes>,
}

impl Form {
    pub async fn read<S: Send + Sync>(request: Request, state: &S) -> Result<Self, FormError> {
        let content_type = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(|value| value.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
            .unwrap_or_default();
        match content_type.as_str() {
            "multipart/form-data" => Self::multipart(request, state).await,
            "application/x-www-form-urlencoded" => {
                let axum::Form(pairs) = axum::Form::<Vec<(String, String)>>::from_request(request, state)
                    .await
                    .map_err(|rejection| match rejection.status() {
                        axum::http::StatusCode::PAYLOAD_TOO_LARGE => FormError::TooLarge,
                        _ => FormError::Malformed(rejection.body_text()),
                    })?;
                let mut form = Self::default();
                for (name, value) in pairs {
                    form.insert(name, value)?;
                }
                Ok(form)
            }
            _ => Err(FormError::UnsupportedMediaType),
        }
    }

    async fn multipart<S: Send + Sync>(request: Request, state: &S) -> Result<Self, FormError> {
        let mut multipart =
            Multipart::from_request(request, state).await.map_err(|e| FormError::Malformed(e.body_text()))?;
        let mut form = Self::default();
        loop {
            let field = match multipart.next_field().await {
                Ok(Some(field)) => field,
                Ok(None) => return Ok(form),
                Err(err) if err.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                    return Err(FormError::TooLarge);
                }
                Err(err) => return Err(FormError::Malformed(err.body_text())),
            };
            let name = field.name().unwrap_or_default().to_owned();
            let is_file = field.file_name().is_some();
            let bytes = field.bytes().await.map_err(|err| match err.status() {
                axum::http::StatusCode::PAYLOAD_TOO_LARGE => FormError::TooLarge,
                _ => FormError::Malformed(err.body_text()),
            })?;
            if name == "photo" && is_file {
                // A form with no file chosen still sends the part, empty.
                form.photo = (!bytes.is_empty()).then_some(bytes);
                continue;
            }
            if bytes.len() > MAX_FIELD_BYTES {
                return Err(FormError::TooLarge);
            }
            let value = String::from_utf8(bytes.to_vec())
                .map_err(|_| FormError::Malformed(format!("field `{name}` is not UTF-8 text")))?;
            form.insert(name, value)?;
        }
    }

    fn insert(&mut self, name: String, value: String) -> Result<(), FormError> {
        if value.len() > MAX_FIELD_BYTES {
            return Err(FormError::TooLarge);
        }
        if self.fields.len() >= MAX_FIELDS && !self.fields.contains_key(&name) {
            return Err(FormError::Malformed(format!("more than {MAX_FIELDS} fields")));
        }
        self.fields.insert(name, value);
        Ok(())
    }

    /// A field's value, trimmed; `None` when absent or blank.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(|value| value.trim()).filter(|value| !value.is_empty())
    }

    fn owned(&self, name: &str) -> Option<String> {
        self.get(name).map(str::to_owned)
    }

    /// The honeypot: a field people never see, which only a robot fills in.
    pub fn is_from_a_robot(&self) -> bool {
        self.get(HONEYPOT).is_some()
    }

    /// The language the page was in.
    pub fn lang(&self) -> Option<Lang> {
        self.get("lang").map(Lang::from_accept_language)
    }

    /// Every field as it was typed, to fill the form in again when it is refused.
    pub fn values(&self) -> &BTreeMap<String, String> {
        &self.fields
    }
}

/// The honeypot field's name: one an autofilling robot cannot resist.
pub const HONEYPOT: &str = "website";

/// A report as the public page sends it, before its codes are looked up.
#[derive(Debug)]
pub struct ReportForm {
    pub incident: NewIncident,
    /// The form's own key: makes a retry of the same report one report, and the tracking link of it.
    pub key: TicketToken,
    /// Identifies the request behind its key: the SHA-256 of every field and the photo.
    pub fingerprint: String,
}

impl ReportForm {
    /// Parses what the page sent; every problem at once. A key that is absent or malformed is replaced
    /// by a fresh one (the submit then has no retry to match).
    pub fn parse(form: &Form, lang: Lang) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut require = |field: &str| {
            if form.get(field).is_none() {
                errors.push(FieldError::new(field, FieldProblem::Required, lang));
            }
        };
        require("category");
        require("description");
        require("caller_phone");
        if form.get("village").is_none() {
            require("district");
        }
        for field in ["description", "landmark", "caller_name"] {
            if form.get(field).is_some_and(looks_like_markup) {
                errors.push(FieldError::new(field, FieldProblem::Invalid, lang));
            }
        }
        let coordinates = match (form.get("lat"), form.get("lon")) {
            (None, None) => None,
            (Some(lat), Some(lon)) => match (lat.parse::<f64>(), lon.parse::<f64>()) {
                (Ok(lat), Ok(lon)) => Some(RawCoordinates { lat, lon }),
                _ => {
                    errors.push(FieldError::new("coordinates", FieldProblem::BadCoordinates, lang));
                    None
                }
            },
            _ => {
                errors.push(FieldError::new("coordinates", FieldProblem::BadCoordinates, lang));
                None
            }
        };
        let incident = NewIncident {
            category: form.owned("category").unwrap_or_default(),
            district: form.owned("district"),
            village: form.owned("village"),
            landmark: form.owned("landmark"),
            coordinates,
            description: form.owned("description"),
            caller_phone: form.owned("caller_phone"),
            caller_name: form.owned("caller_name"),
            people_affected: None,
            priority: None,
            priority_reason: None,
            // Nobody at the center handled it.
            intake_seconds: None,
        };
        // The intake's own rules (lengths, phone, codes' shapes), reported beside the page's.
        if let Err(more) = incident.parse(lang) {
            let new: Vec<FieldError> =
                more.into_iter().filter(|e| !errors.iter().any(|known| known.field == e.field)).collect();
            errors.extend(new);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let key =
            form.get("key").and_then(TicketToken::parse).map_or_else(TicketToken::generate, Ok).map_err(|err| {
                tracing::error!(error = %err, "no key for a public report");
                vec![FieldError::new("key", FieldProblem::Invalid, lang)]
            })?;
        let mut digest = Sha256::new();
        for (name, value) in form.values().iter().filter(|(name, _)| *name != "key" && *name != "lang") {
            digest.update(name.as_bytes());
            digest.update([0]);
            digest.update(value.trim().as_bytes());
            digest.update([0]);
        }
        if let Some(photo) = &form.photo {
            digest.update(Sha256::digest(photo));
        }
        Ok(Self { incident, key, fingerprint: format!("{:x}", digest.finalize()) })
    }
}

/// A rating as the tracking page sends it.
#[derive(Debug)]
pub struct RatingForm {
    pub stars: Stars,
    pub comment: Option<Text>,
}

impl RatingForm {
    pub fn parse(form: &Form, lang: Lang) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let stars = form.get("stars").and_then(|stars| stars.parse::<u8>().ok()).and_then(|s| Stars::new(s).ok());
        if stars.is_none() {
            errors.push(FieldError::new("stars", FieldProblem::Required, lang));
        }
        let comment = comment(form, lang, &mut errors);
        match stars {
            Some(stars) if errors.is_empty() => Ok(Self { stars, comment }),
            _ => Err(errors),
        }
    }
}

/// The reporter's word that the problem is not solved: what is still wrong, if they say.
pub struct ComplaintForm {
    pub comment: Option<Text>,
}

impl ComplaintForm {
    pub fn parse(form: &Form, lang: Lang) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let comment = comment(form, lang, &mut errors);
        if errors.is_empty() { Ok(Self { comment }) } else { Err(errors) }
    }
}

/// The form's optional `comment`: plain text within [`Text::MAX_CHARS`].
fn comment(form: &Form, lang: Lang, errors: &mut Vec<FieldError>) -> Option<Text> {
    match form.get("comment") {
        Some(text) if looks_like_markup(text) => {
            errors.push(FieldError::new("comment", FieldProblem::Invalid, lang));
            None
        }
        text => Text::parse_optional(text).unwrap_or_else(|_| {
            errors.push(FieldError::new("comment", FieldProblem::TooLong(Text::MAX_CHARS), lang));
            None
        }),
    }
}

/// Whether text holds a tag, a comment or a processing instruction (`<b`, `</`, `<!`, `<?`). Such text
/// from the public is refused: it is never rendered as HTML anyway, but nobody reporting a fallen
/// tree types it, and other systems may read the stored text less carefully. "a < b" and "<3" pass.
pub fn looks_like_markup(text: &str) -> bool {
    text.as_bytes()
        .windows(2)
        .any(|pair| pair[0] == b'<' && (pair[1].is_ascii_alphabetic() || matches!(pair[1], b'/' | b'!' | b'?')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_told_from_plain_text_with_angle_brackets() {
        assert!(looks_like_markup("pohon <script>alert(1)</script>"));
        assert!(looks_like_markup("<img src=x onerror=alert(1)>"));
        assert!(looks_like_markup("a <!-- b -->"));
        assert!(!looks_like_markup("suhu < 30 derajat, kami <3 petugas"));
    }
}
