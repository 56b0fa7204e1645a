use std::fmt;
use std::str::FromStr;

use ulid::Ulid;

use crate::error::PhotoError;
use crate::kind::ExportType;

const PREFIX: &str = "incidents/";
const VIEW_SUFFIX: &str = ".view.jpg";
const ULID_LEN: usize = 26;

/// Where an incident's photo is stored: `incidents/<INCIDENT_ULID>/<PHOTO_ULID>`.
///
/// Both ids are canonical ULIDs (26 upper-case Crockford base32 characters), so a key is also a safe
/// relative path: the local store derives file names from parsed keys only.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PhotoKey(String);

impl PhotoKey {
    /// The key of photo `photo` of incident `incident` (e.g. a `tanggap_domain::IncidentId`'s text).
    pub fn new(incident: &str, photo: Ulid) -> Result<Self, PhotoError> {
        Self::parse(&format!("{PREFIX}{incident}/{photo}"))
    }

    /// A key for a new photo of `incident`.
    pub fn new_photo(incident: &str) -> Result<Self, PhotoError> {
        Self::new(incident, Ulid::new())
    }

    pub fn from_ulids(incident: Ulid, photo: Ulid) -> Self {
        Self(format!("{PREFIX}{incident}/{photo}"))
    }

    /// Accepts exactly `incidents/<ULID>/<ULID>` in canonical form: no other spelling of the same key.
    pub fn parse(input: &str) -> Result<Self, PhotoError> {
        let invalid = || PhotoError::InvalidKey(input.to_owned());
        let rest = input.strip_prefix(PREFIX).ok_or_else(invalid)?;
        let (incident, photo) = rest.split_once('/').ok_or_else(invalid)?;
        if is_canonical_ulid(incident) && is_canonical_ulid(photo) {
            Ok(Self(input.to_owned()))
        } else {
            Err(invalid())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The incident's id, as in the key.
    pub fn incident(&self) -> &str {
        &self.0[PREFIX.len()..PREFIX.len() + ULID_LEN]
    }

    /// The photo's own id, as in the key.
    pub fn photo(&self) -> &str {
        &self.0[self.0.len() - ULID_LEN..]
    }

    /// The key of the downscaled JPEG made for viewing: `<key>.view.jpg`.
    pub fn view_key(&self) -> String {
        format!("{}{VIEW_SUFFIX}", self.0)
    }
}

fn is_canonical_ulid(s: &str) -> bool {
    // Round-tripping rejects lower case and Crockford's aliases (I, L, O), which decode to the same id.
    s.len() == ULID_LEN && Ulid::from_string(s).is_ok_and(|id| id.to_string() == s)
}

impl fmt::Display for PhotoKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for PhotoKey {
    type Err = PhotoError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl AsRef<str> for PhotoKey {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Where a file of the dashboard's exports is stored: `exports/<JOB ULID>.<xlsx|csv>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ExportKey {
    job: String,
    kind: ExportType,
}

impl ExportKey {
    /// The file of export job `job` (a canonical ULID) in the format `kind`.
    pub fn new(job: &str, kind: ExportType) -> Result<Self, PhotoError> {
        if is_canonical_ulid(job) {
            Ok(Self { job: job.to_owned(), kind })
        } else {
            Err(PhotoError::InvalidKey(format!("{EXPORTS}{job}.{}", kind.extension())))
        }
    }

    /// Accepts exactly `exports/<ULID>.xlsx` or `exports/<ULID>.csv`.
    pub fn parse(input: &str) -> Result<Self, PhotoError> {
        let invalid = || PhotoError::InvalidKey(input.to_owned());
        let (job, extension) = input.strip_prefix(EXPORTS).and_then(|rest| rest.split_once('.')).ok_or_else(invalid)?;
        let kind = ExportType::ALL.into_iter().find(|k| k.extension() == extension).ok_or_else(invalid)?;
        Self::new(job, kind).map_err(|_| invalid())
    }

    pub fn kind(&self) -> ExportType {
        self.kind
    }
}

impl fmt::Display for ExportKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{EXPORTS}{}.{}", self.job, self.kind.extension())
    }
}

const EXPORTS: &str = "exports/";

/// One stored object: a photo's original as uploaded, its viewing copy, or an export's file. The
/// `&str` keys of [`PhotoStore`](crate::PhotoStore) are parsed into this, so nothing else can be read
/// or written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ObjectKey {
    Original(PhotoKey),
    View(PhotoKey),
    Export(ExportKey),
}

impl ObjectKey {
    pub fn parse(input: &str) -> Result<Self, PhotoError> {
        if input.starts_with(EXPORTS) {
            return ExportKey::parse(input).map(ObjectKey::Export);
        }
        match input.strip_suffix(VIEW_SUFFIX) {
            Some(original) => PhotoKey::parse(original).map(ObjectKey::View),
            None => PhotoKey::parse(input).map(ObjectKey::Original),
        }
        .map_err(|_| PhotoError::InvalidKey(input.to_owned()))
    }

    /// A key of a photo's object, not an export's: what a photo's write and view accept.
    pub fn parse_photo(input: &str) -> Result<Self, PhotoError> {
        Self::parse(input)
            .ok()
            .filter(|key| key.photo_key().is_some())
            .ok_or_else(|| PhotoError::InvalidKey(input.to_owned()))
    }

    /// The photo's key; None for an export's file.
    pub fn photo_key(&self) -> Option<&PhotoKey> {
        match self {
            ObjectKey::Original(key) | ObjectKey::View(key) => Some(key),
            ObjectKey::Export(_) => None,
        }
    }

    pub fn is_view(&self) -> bool {
        matches!(self, ObjectKey::View(_))
    }
}

impl fmt::Display for ObjectKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ObjectKey::Original(key) => write!(f, "{key}"),
            ObjectKey::View(key) => write!(f, "{key}{VIEW_SUFFIX}"),
            ObjectKey::Export(key) => write!(f, "{key}"),
        }
    }
}

impl From<PhotoKey> for ObjectKey {
    fn from(key: PhotoKey) -> Self {
        ObjectKey::Original(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const INCIDENT: &str = "01JZ8Q4M3T5V6W7X8Y9Z0ABCDE";
    const PHOTO: &str = "01JZ8Q5N0PQRSTVWXYZ0123456";

    #[test]
    fn a_key_names_its_incident_and_photo_and_its_viewing_copy() {
        let key = PhotoKey::parse(&format!("incidents/{INCIDENT}/{PHOTO}")).expect("a canonical key");
        assert_eq!(key.incident(), INCIDENT);
        assert_eq!(key.photo(), PHOTO);
        assert_eq!(key.view_key(), format!("incidents/{INCIDENT}/{PHOTO}.view.jpg"));
        assert_eq!(PhotoKey::new(INCIDENT, PHOTO.parse().expect("a ULID")), Ok(key.clone()));
        assert_eq!(PhotoKey::from_ulids(INCIDENT.parse().expect("a ULID"), PHOTO.parse().expect("a ULID")), key);
        assert_eq!(ObjectKey::parse(&key.view_key()), Ok(ObjectKey::View(key.clone())));
        assert_eq!(ObjectKey::parse(key.as_str()), Ok(ObjectKey::Original(key.clone())));
        assert_eq!(ObjectKey::View(key.clone()).to_string(), key.view_key());
    }

    #[test]
    fn anything_but_a_canonical_key_is_refused() {
        let lower = format!("incidents/{}/{PHOTO}", INCIDENT.to_lowercase());
        let alias = format!("incidents/{}/{PHOTO}", INCIDENT.replace('0', "O"));
        for input in [
            "",
            "incidents/",
            &format!("incidents/{INCIDENT}"),
            &format!("incidents/{INCIDENT}/{PHOTO}/"),
            &format!("incidents/{INCIDENT}/{PHOTO}/x"),
            &format!("/incidents/{INCIDENT}/{PHOTO}"),
            &format!("incidents/../{INCIDENT}/{PHOTO}"),
            &format!("incidents/{INCIDENT}/../{PHOTO}"),
            &format!("incidents/{INCIDENT}/{PHOTO}.view.png"),
            &format!("incidents/{INCIDENT}/{PHOTO}.view.jpg.view.jpg"),
            &format!("INCIDENTS/{INCIDENT}/{PHOTO}"),
            &format!("incidents\\{INCIDENT}\\{PHOTO}"),
            // The first character of a ULID is at most 7: larger values overflow 128 bits.
            &format!("incidents/8{}/{PHOTO}", &INCIDENT[1..]),
            &lower,
            &alias,
        ] {
            assert_eq!(ObjectKey::parse(input), Err(PhotoError::InvalidKey(input.to_owned())), "{input:?}");
        }
        assert!(PhotoKey::new("../../etc", Ulid::new()).is_err());
        assert!(PhotoKey::new_photo(INCIDENT).is_ok());
    }
}
