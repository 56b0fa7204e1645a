//! Photos from the field, attached to an incident once the functions have checked them. The bytes live
//! in storage (S3, or the local data directory); the incident keeps only what names and describes them.

use serde::{Deserialize, Serialize};

use crate::{AgencyCode, Timestamp, Username};

/// A photo's identifier: a ULID, like an incident's.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, example = "01JDGZ6Q8X4T3N2M1K0H9G8F7E"))]
pub struct PhotoId(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a photo id is 26 letters and digits")]
pub struct PhotoIdError;

impl PhotoId {
    pub fn parse(input: &str) -> Result<Self, PhotoIdError> {
        let id = input.trim().to_ascii_uppercase();
        if id.len() == 26 && id.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()) {
            Ok(Self(id))
        } else {
            Err(PhotoIdError)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

crate::newtype::string_newtype!(PhotoId, PhotoIdError);

/// A checked photo on an incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Photo {
    pub id: PhotoId,
    /// The agency whose officer took it, if an officer did.
    pub agency: Option<AgencyCode>,
    pub by: Option<Username>,
    pub at: Timestamp,
    /// The size of the original, in pixels.
    pub width: u32,
    pub height: u32,
}
