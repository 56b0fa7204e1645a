//! Photos from the field: the upload is presigned, then confirmed.

use serde::{Deserialize, Serialize};

use crate::Timestamp;

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
