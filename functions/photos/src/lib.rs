//! Field photos from agency officers: checked, downscaled for viewing, and stored behind one interface,
//! in S3 on AWS (`S3Photos`, feature `s3`) and in the data directory locally ([`LocalPhotos`]); the
//! dashboard's exports are files of the same store, under `exports/` ([`ExportKey`]), downloaded through
//! the same kind of signed URL.
//!
//! The flow: the API checks that the caller may add photos to the incident, makes a [`PhotoKey`] and
//! hands out [`PhotoStore::upload_url`]; the browser sends the file straight to storage with it; the API
//! then [`read`](PhotoStore::read)s it, [`process`]es it (size, type, decodable, not a decompression
//! bomb) and [`write`](PhotoStore::write)s the viewing copy at [`PhotoKey::view_key`]. To show a photo,
//! the API checks that the caller's role may see the incident, then hands out a short-lived
//! [`PhotoStore::view_url`]: storage itself knows nothing about roles, only about signatures.

mod error;
mod key;
mod kind;
mod local;
mod process;
#[cfg(feature = "s3")]
mod s3;

pub use error::PhotoError;
pub use key::{ExportKey, ObjectKey, PhotoKey};
pub use kind::{ExportType, PhotoType};
pub use local::{LocalPhotos, local_router};
pub use process::{MAX_PIXELS, Processed, VIEW_JPEG_QUALITY, VIEW_MAX_SIDE, process};
#[cfg(feature = "s3")]
pub use s3::S3Photos;

use async_trait::async_trait;

/// How long an upload URL works: long enough for a photo over a weak mobile link.
pub const UPLOAD_URL_SECONDS: i64 = 10 * 60;
/// How long a view URL works: a leaked link soon stops working, and roles are checked again for a new one.
pub const VIEW_URL_SECONDS: i64 = 5 * 60;
/// The largest photo accepted unless [`MAX_BYTES_VAR`] says otherwise.
pub const DEFAULT_MAX_BYTES: u64 = 8 * 1024 * 1024;
/// The largest photo accepted, in bytes.
pub const MAX_BYTES_VAR: &str = "TANGGAP_PHOTO_MAX_BYTES";
/// The S3 bucket that holds the photos (on AWS).
pub const BUCKET_VAR: &str = "TANGGAP_PHOTO_BUCKET";

/// [`MAX_BYTES_VAR`] if set (a positive number of bytes), else [`DEFAULT_MAX_BYTES`].
pub fn max_bytes_from_env() -> Result<u64, PhotoError> {
    match std::env::var(MAX_BYTES_VAR) {
        Ok(value) => {
            value.trim().parse::<u64>().ok().filter(|&max| max > 0).ok_or_else(|| {
                PhotoError::Config(format!("{MAX_BYTES_VAR}={value:?} is not a positive number of bytes"))
            })
        }
        Err(std::env::VarError::NotPresent) => Ok(DEFAULT_MAX_BYTES),
        Err(e) => Err(PhotoError::Config(format!("{MAX_BYTES_VAR}: {e}"))),
    }
}

/// How the browser sends a photo straight to storage: `method` to `url` with exactly these `headers`
/// and a body of exactly the size that was signed for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    pub url: String,
    /// Always "PUT".
    pub method: String,
    /// The signed headers the browser must send (the content type); `Content-Length` is left out
    /// because browsers set it themselves from the body.
    pub headers: Vec<(String, String)>,
    pub expires_at_unix: i64,
}

/// Where photos are kept. Keys are [`PhotoKey`]s or their [`view_key`](PhotoKey::view_key)s; any other
/// key is refused with [`PhotoError::InvalidKey`].
#[async_trait]
pub trait PhotoStore: Send + Sync {
    /// A URL to upload the original of `key` with, valid for [`UPLOAD_URL_SECONDS`] from `now_unix`.
    /// The content type and size are part of the signature; sizes above the store's maximum are refused.
    async fn upload_url(&self, key: &PhotoKey, kind: PhotoType, size: u64, now_unix: i64)
    -> Result<Upload, PhotoError>;

    /// The object's bytes, or `None` if nothing was stored under `key`.
    async fn read(&self, key: &str) -> Result<Option<Vec<u8>>, PhotoError>;

    /// Stores `bytes` under `key`, replacing what was there. `content_type` must be a [`PhotoType`]'s.
    async fn write(&self, key: &str, bytes: Vec<u8>, content_type: &str) -> Result<(), PhotoError>;

    /// A URL to fetch the object with, valid for [`VIEW_URL_SECONDS`] from `now_unix`. Whether the
    /// object exists is not checked (the URL then answers 404). Check the caller's role first.
    async fn view_url(&self, key: &str, now_unix: i64) -> Result<String, PhotoError>;

    /// Stores an export's file, replacing what was there.
    async fn write_export(&self, key: &ExportKey, bytes: Vec<u8>) -> Result<(), PhotoError>;

    /// A URL that downloads an export's file as `filename` (letters, digits, `-`, `_` and `.`), valid for
    /// [`VIEW_URL_SECONDS`] from `now_unix`. Check the caller first.
    async fn download_url(&self, key: &ExportKey, filename: &str, now_unix: i64) -> Result<String, PhotoError>;
}

/// A download's file name as the store puts it in `Content-Disposition`: only characters that need no
/// quoting anywhere.
pub fn safe_filename(filename: &str) -> String {
    filename.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')).collect()
}
