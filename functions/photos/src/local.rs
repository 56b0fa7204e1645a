//! Photos in a directory, for the local server: the same signed-URL flow as S3, served by [`local_router`].

use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use axum::Router;
use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;

use crate::error::PhotoError;
use crate::key::{ExportKey, ObjectKey, PhotoKey};
use crate::kind::PhotoType;
use crate::{DEFAULT_MAX_BYTES, PhotoStore, UPLOAD_URL_SECONDS, Upload, VIEW_URL_SECONDS};

type HmacSha256 = Hmac<Sha256>;

/// Photos as files under one directory (the local server passes `<data dir>/photos`), handed out
/// through URLs signed with HMAC-SHA256 that [`local_router`] checks.
///
/// An upload URL is `/files/<key>?expires=<unix>&size=<bytes>&signature=<hex>`, signed over the method,
/// key, expiry, content type and size; a view URL is `/files/<key>?expires=<unix>&signature=<hex>`,
/// signed over the method, key and expiry. The signing key lives in memory only: URLs die with the process.
pub struct LocalPhotos {
    dir: PathBuf,
    signing_key: [u8; 32],
    url_prefix: String,
    max_bytes: u64,
}

impl fmt::Debug for LocalPhotos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LocalPhotos")
            .field("dir", &self.dir)
            .field("url_prefix", &self.url_prefix)
            .field("max_bytes", &self.max_bytes)
            .finish_non_exhaustive()
    }
}

impl LocalPhotos {
    /// Photos under `dir` (created when the first photo is written), URLs signed with `signing_key`.
    pub fn new(dir: impl Into<PathBuf>, signing_key: [u8; 32]) -> Self {
        Self { dir: dir.into(), signing_key, url_prefix: String::new(), max_bytes: DEFAULT_MAX_BYTES }
    }

    /// 32 random bytes from the operating system, for [`LocalPhotos::new`].
    pub fn generate_signing_key() -> Result<[u8; 32], PhotoError> {
        let mut key = [0; 32];
        getrandom::fill(&mut key).map_err(|e| PhotoError::Config(format!("no randomness for the signing key: {e}")))?;
        Ok(key)
    }

    /// Put before `/files/...` in the URLs handed out, e.g. `http://127.0.0.1:8080` when the browser
    /// does not load the app from the server that serves [`local_router`]. Empty by default.
    pub fn with_url_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.url_prefix = prefix.into().trim_end_matches('/').to_owned();
        self
    }

    /// The largest upload [`PhotoStore::upload_url`] signs for ([`DEFAULT_MAX_BYTES`] unless set).
    pub fn with_max_bytes(mut self, max_bytes: u64) -> Self {
        self.max_bytes = max_bytes;
        self
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file of an object. Only parsed keys get here: their parts are ULIDs, so the path stays in `dir`.
    fn path(&self, key: &ObjectKey) -> PathBuf {
        self.dir.join(key.to_string())
    }

    fn mac(&self) -> HmacSha256 {
        HmacSha256::new_from_slice(&self.signing_key).expect("HMAC takes keys of any length")
    }

    fn put_mac(&self, key: &ObjectKey, expires: i64, content_type: &str, size: u64) -> HmacSha256 {
        let mut mac = self.mac();
        mac.update(format!("PUT\n{key}\n{expires}\n{content_type}\n{size}").as_bytes());
        mac
    }

    /// A download's file name is signed too, so a link cannot be made to save the file as another.
    fn get_mac(&self, key: &ObjectKey, expires: i64, filename: Option<&str>) -> HmacSha256 {
        let mut mac = self.mac();
        mac.update(format!("GET\n{key}\n{expires}").as_bytes());
        if let Some(filename) = filename {
            mac.update(format!("\n{filename}").as_bytes());
        }
        mac
    }
}

#[async_trait]
impl PhotoStore for LocalPhotos {
    async fn upload_url(
        &self,
        key: &PhotoKey,
        kind: PhotoType,
        size: u64,
        now_unix: i64,
    ) -> Result<Upload, PhotoError> {
        if size > self.max_bytes {
            return Err(PhotoError::TooLarge { max: self.max_bytes });
        }
        let object = ObjectKey::Original(key.clone());
        let expires = now_unix + UPLOAD_URL_SECONDS;
        let signature = hex(&self.put_mac(&object, expires, kind.content_type(), size).finalize().into_bytes());
        Ok(Upload {
            url: format!("{}/files/{object}?expires={expires}&size={size}&signature={signature}", self.url_prefix),
            method: "PUT".to_owned(),
            headers: vec![("Content-Type".to_owned(), kind.content_type().to_owned())],
            expires_at_unix: expires,
        })
    }

    async fn read(&self, key: &str) -> Result<Option<Vec<u8>>, PhotoError> {
        let path = self.path(&ObjectKey::parse(key)?);
        match tokio::fs::read(&path).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(PhotoError::Storage(format!("reading {}: {e}", path.display()))),
        }
    }

    /// The content type is checked but not kept: [`local_router`] serves what the bytes are.
    async fn write(&self, key: &str, bytes: Vec<u8>, content_type: &str) -> Result<(), PhotoError> {
        let path = self.path(&ObjectKey::parse_photo(key)?);
        PhotoType::from_content_type(content_type)?;
        write_atomically(path, bytes).await
    }

    async fn view_url(&self, key: &str, now_unix: i64) -> Result<String, PhotoError> {
        let object = ObjectKey::parse_photo(key)?;
        let expires = now_unix + VIEW_URL_SECONDS;
        let signature = hex(&self.get_mac(&object, expires, None).finalize().into_bytes());
        Ok(format!("{}/files/{object}?expires={expires}&signature={signature}", self.url_prefix))
    }

    async fn write_export(&self, key: &ExportKey, bytes: Vec<u8>) -> Result<(), PhotoError> {
        write_atomically(self.path(&ObjectKey::Export(key.clone())), bytes).await
    }

    async fn download_url(&self, key: &ExportKey, filename: &str, now_unix: i64) -> Result<String, PhotoError> {
        let object = ObjectKey::Export(key.clone());
        let expires = now_unix + VIEW_URL_SECONDS;
        let filename = crate::safe_filename(filename);
        let signature = hex(&self.get_mac(&object, expires, Some(&filename)).finalize().into_bytes());
        Ok(format!("{}/files/{object}?expires={expires}&filename={filename}&signature={signature}", self.url_prefix))
    }
}

/// Readers see the old file or the new one, never half of one: write a temporary file beside it, rename.
async fn write_atomically(path: PathBuf, bytes: Vec<u8>) -> Result<(), PhotoError> {
    let failed = |step: &str, path: &Path, e: io::Error| PhotoError::Storage(format!("{step} {}: {e}", path.display()));
    tokio::task::spawn_blocking(move || {
        let dir =
            path.parent().ok_or_else(|| failed("finding the directory of", &path, io::ErrorKind::NotFound.into()))?;
        std::fs::create_dir_all(dir).map_err(|e| failed("creating", dir, e))?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let temp = dir.join(format!(".{name}.{}.tmp", ulid::Ulid::new()));
        let written = std::fs::File::create_new(&temp).and_then(|mut file| {
            file.write_all(&bytes)?;
            file.sync_all()
        });
        let renamed = written.and_then(|()| std::fs::rename(&temp, &path));
        if let Err(e) = renamed {
            let _ = std::fs::remove_file(&temp);
            return Err(failed("writing", &path, e));
        }
        Ok(())
    })
    .await
    .map_err(|e| PhotoError::Storage(format!("the photo writer stopped: {e}")))?
}

/// `PUT` and `GET /files/{*key}` for the URLs a [`LocalPhotos`] hands out. The signature is the only
/// authorisation: the API checks who may see an incident before it signs a URL.
pub fn local_router(photos: Arc<LocalPhotos>) -> Router {
    Router::new().route("/files/{*key}", get(serve).put(accept)).with_state(photos)
}

#[derive(Debug, Deserialize)]
struct Signed {
    expires: i64,
    size: Option<u64>,
    /// The name a download is saved as (exports).
    filename: Option<String>,
    signature: String,
}

const NOT_FOUND: (StatusCode, &str) = (StatusCode::NOT_FOUND, "no such photo");
const BAD_SIGNATURE: (StatusCode, &str) = (StatusCode::FORBIDDEN, "the link's signature does not match");
const EXPIRED: (StatusCode, &str) = (StatusCode::FORBIDDEN, "the link has expired; ask for a new one");

async fn accept(
    State(photos): State<Arc<LocalPhotos>>,
    UrlPath(key): UrlPath<String>,
    signed: Result<Query<Signed>, QueryRejection>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let Ok(object @ ObjectKey::Original(_)) = ObjectKey::parse(&key) else {
        return NOT_FOUND.into_response();
    };
    let Ok(Query(signed)) = signed else {
        return BAD_SIGNATURE.into_response();
    };
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let (Some(size), Some(signature)) = (signed.size, unhex(&signed.signature)) else {
        return BAD_SIGNATURE.into_response();
    };
    if photos.put_mac(&object, signed.expires, content_type, size).verify_slice(&signature).is_err() {
        return BAD_SIGNATURE.into_response();
    }
    if now_unix() > signed.expires {
        return EXPIRED.into_response();
    }
    let too_large = (StatusCode::PAYLOAD_TOO_LARGE, format!("the photo is larger than the {size} bytes signed for"));
    let declared_length = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared_length.is_some_and(|length| length > size) {
        return too_large.into_response();
    }
    let bytes = match axum::body::to_bytes(body, usize::try_from(size).unwrap_or(usize::MAX)).await {
        Ok(bytes) => bytes,
        Err(e) if is_length_limit(&e) => return too_large.into_response(),
        Err(e) => return (StatusCode::BAD_REQUEST, format!("reading the photo: {e}")).into_response(),
    };
    // The type is signed; the bytes must match it too, as this origin also serves the app.
    if PhotoType::sniff(&bytes).map(PhotoType::content_type) != Some(content_type) {
        return (StatusCode::UNSUPPORTED_MEDIA_TYPE, format!("the body is not {content_type}")).into_response();
    }
    match write_atomically(photos.path(&object), bytes.to_vec()).await {
        Ok(()) => StatusCode::OK.into_response(),
        Err(e) => {
            tracing::error!(error = %e, key = %object, "storing an uploaded photo");
            (StatusCode::INTERNAL_SERVER_ERROR, "the photo could not be stored").into_response()
        }
    }
}

async fn serve(
    State(photos): State<Arc<LocalPhotos>>,
    UrlPath(key): UrlPath<String>,
    signed: Result<Query<Signed>, QueryRejection>,
) -> Response {
    let Ok(object) = ObjectKey::parse(&key) else {
        return NOT_FOUND.into_response();
    };
    let Ok(Query(signed)) = signed else {
        return BAD_SIGNATURE.into_response();
    };
    let Some(signature) = unhex(&signed.signature) else {
        return BAD_SIGNATURE.into_response();
    };
    if photos.get_mac(&object, signed.expires, signed.filename.as_deref()).verify_slice(&signature).is_err() {
        return BAD_SIGNATURE.into_response();
    }
    if now_unix() > signed.expires {
        return EXPIRED.into_response();
    }
    let bytes = match photos.read(&key).await {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, key = %object, "reading a photo");
            return (StatusCode::INTERNAL_SERVER_ERROR, "the photo could not be read").into_response();
        }
    };
    // What the bytes are, not what someone said they were; never let a browser guess otherwise. An
    // export is what its key says, and is saved, never shown.
    let (content_type, disposition) = match (&object, signed.filename) {
        (ObjectKey::Export(key), Some(filename)) => {
            (key.kind().content_type(), HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")).ok())
        }
        _ => (PhotoType::sniff(&bytes).map_or("application/octet-stream", PhotoType::content_type), None),
    };
    let mut response = (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=300")),
            (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
            (header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; sandbox")),
        ],
        bytes,
    )
        .into_response();
    if let Some(disposition) = disposition {
        response.headers_mut().insert(header::CONTENT_DISPOSITION, disposition);
    }
    response
}

fn is_length_limit(error: &axum::Error) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = cause {
        if e.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        cause = e.source();
    }
    false
}

fn now_unix() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_lower_case_hex_and_read_back() {
        assert_eq!(hex(&[0x00, 0xab, 0xff]), "00abff");
        assert_eq!(unhex("00abff"), Some(vec![0x00, 0xab, 0xff]));
        assert_eq!(unhex("00ABFF"), Some(vec![0x00, 0xab, 0xff]));
        assert_eq!(unhex("0"), None);
        assert_eq!(unhex("zz"), None);
        assert_eq!(unhex("+1"), None, "from_str_radix would take a sign");
        assert_eq!(unhex("é0"), None);
    }
}
