//! Photos in an S3 bucket: the browser uploads and fetches through presigned URLs, the API reads and
//! writes with the SDK.

use std::time::{Duration, UNIX_EPOCH};

use async_trait::async_trait;
use aws_config::BehaviorVersion;
use aws_sdk_s3::Client;
use aws_sdk_s3::config::{Credentials, Region, RequestChecksumCalculation};
use aws_sdk_s3::error::DisplayErrorContext;
use aws_sdk_s3::operation::get_object::GetObjectError;
use aws_sdk_s3::presigning::PresigningConfig;
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{BucketLocationConstraint, CreateBucketConfiguration};

use crate::error::PhotoError;
use crate::key::{ExportKey, ObjectKey, PhotoKey};
use crate::kind::PhotoType;
use crate::{BUCKET_VAR, DEFAULT_MAX_BYTES, PhotoStore, UPLOAD_URL_SECONDS, Upload, VIEW_URL_SECONDS};

/// The region of local S3-compatible servers, which accept any.
const LOCAL_REGION: &str = "ap-southeast-3";

/// Photos in one S3 bucket, under their keys as they are (`incidents/<ULID>/<ULID>[.view.jpg]`).
#[derive(Debug, Clone)]
pub struct S3Photos {
    client: Client,
    bucket: String,
    max_bytes: u64,
}

impl S3Photos {
    /// The client should not add checksums to requests that do not require them (see [`Self::from_env`]).
    pub fn new(client: Client, bucket: impl Into<String>) -> Self {
        Self { client, bucket: bucket.into(), max_bytes: DEFAULT_MAX_BYTES }
    }

    /// The bucket named by `TANGGAP_PHOTO_BUCKET`, with the Lambda's credentials and region, and the
    /// maximum size from `TANGGAP_PHOTO_MAX_BYTES`.
    pub async fn from_env() -> Result<Self, PhotoError> {
        let bucket = std::env::var(BUCKET_VAR)
            .ok()
            .filter(|bucket| !bucket.trim().is_empty())
            .ok_or_else(|| PhotoError::Config(format!("{BUCKET_VAR} is not set")))?;
        let shared = aws_config::load_defaults(BehaviorVersion::latest()).await;
        // Otherwise a presigned PUT may carry a checksum of the empty body it was signed without.
        let config = aws_sdk_s3::config::Builder::from(&shared)
            .request_checksum_calculation(RequestChecksumCalculation::WhenRequired)
            .build();
        Ok(Self::new(Client::from_conf(config), bucket).with_max_bytes(crate::max_bytes_from_env()?))
    }

    /// A bucket on an S3-compatible server such as moto's, with path-style URLs and dummy credentials.
    pub fn connect_local(endpoint_url: impl Into<String>, bucket: impl Into<String>) -> Self {
        let config = aws_sdk_s3::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(LOCAL_REGION))
            .credentials_provider(Credentials::new("local", "local", None, None, "tanggap-local"))
            .endpoint_url(endpoint_url)
            .force_path_style(true)
            .request_checksum_calculation(RequestChecksumCalculation::WhenRequired)
            .build();
        Self::new(Client::from_conf(config), bucket)
    }

    /// The largest upload [`PhotoStore::upload_url`] signs for ([`DEFAULT_MAX_BYTES`] unless set).
    pub fn with_max_bytes(mut self, max_bytes: u64) -> Self {
        self.max_bytes = max_bytes;
        self
    }

    pub fn bucket(&self) -> &str {
        &self.bucket
    }

    /// Creates the bucket in the client's region (for tests and local servers; on AWS, Terraform does).
    pub async fn create_bucket(&self) -> Result<(), PhotoError> {
        // S3 wants the region named, except for the one it started in.
        let location =
            self.client.config().region().map(Region::as_ref).filter(|&region| region != "us-east-1").map(|region| {
                CreateBucketConfiguration::builder().location_constraint(BucketLocationConstraint::from(region)).build()
            });
        self.client
            .create_bucket()
            .bucket(&self.bucket)
            .set_create_bucket_configuration(location)
            .send()
            .await
            .map(drop)
            .map_err(|e| storage("creating the bucket", &self.bucket, e))
    }
}

#[async_trait]
impl PhotoStore for S3Photos {
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
        let length = i64::try_from(size).map_err(|_| PhotoError::TooLarge { max: self.max_bytes })?;
        // Content type and length are signed headers: S3 refuses a different type or size.
        let presigned = self
            .client
            .put_object()
            .bucket(&self.bucket)
            .key(key.as_str())
            .content_type(kind.content_type())
            .content_length(length)
            .presigned(presigning(now_unix, UPLOAD_URL_SECONDS)?)
            .await
            .map_err(|e| storage("presigning the upload of", key, e))?;
        Ok(Upload {
            url: presigned.uri().to_owned(),
            method: presigned.method().to_owned(),
            // The browser sets Content-Length from the body and may not set it itself; Host likewise.
            headers: presigned
                .headers()
                .filter(|(name, _)| !name.eq_ignore_ascii_case("content-length") && !name.eq_ignore_ascii_case("host"))
                .map(|(name, value)| (name.to_owned(), value.to_owned()))
                .collect(),
            expires_at_unix: now_unix + UPLOAD_URL_SECONDS,
        })
    }

    async fn read(&self, key: &str) -> Result<Option<Vec<u8>>, PhotoError> {
        let object = ObjectKey::parse(key)?;
        let output = match self.client.get_object().bucket(&self.bucket).key(object.to_string()).send().await {
            Ok(output) => output,
            Err(e) if matches!(e.as_service_error(), Some(GetObjectError::NoSuchKey(_))) => return Ok(None),
            Err(e) => return Err(storage("reading", &object, e)),
        };
        let bytes = output.body.collect().await.map_err(|e| storage("reading", &object, e))?;
        Ok(Some(bytes.to_vec()))
    }

    async fn write(&self, key: &str, bytes: Vec<u8>, content_type: &str) -> Result<(), PhotoError> {
        let object = ObjectKey::parse_photo(key)?;
        let kind = PhotoType::from_content_type(content_type)?;
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(object.to_string())
            .content_type(kind.content_type())
            .body(ByteStream::from(bytes))
            .send()
            .await
            .map(drop)
            .map_err(|e| storage("writing", &object, e))
    }

    async fn view_url(&self, key: &str, now_unix: i64) -> Result<String, PhotoError> {
        let object = ObjectKey::parse_photo(key)?;
        let presigned = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(object.to_string())
            // As the local store answers: browsers may keep it for the URL's lifetime, shared caches not.
            .response_cache_control("private, max-age=300")
            .presigned(presigning(now_unix, VIEW_URL_SECONDS)?)
            .await
            .map_err(|e| storage("presigning the view of", &object, e))?;
        Ok(presigned.uri().to_owned())
    }

    async fn write_export(&self, key: &ExportKey, bytes: Vec<u8>) -> Result<(), PhotoError> {
        let object = ObjectKey::Export(key.clone());
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(object.to_string())
            .content_type(key.kind().content_type())
            .body(ByteStream::from(bytes))
            .send()
            .await
            .map(drop)
            .map_err(|e| storage("writing", &object, e))
    }

    async fn download_url(&self, key: &ExportKey, filename: &str, now_unix: i64) -> Result<String, PhotoError> {
        let object = ObjectKey::Export(key.clone());
        let presigned = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(object.to_string())
            .response_content_type(key.kind().content_type())
            .response_content_disposition(format!("attachment; filename=\"{}\"", crate::safe_filename(filename)))
            .response_cache_control("private, max-age=300")
            .presigned(presigning(now_unix, VIEW_URL_SECONDS)?)
            .await
            .map_err(|e| storage("presigning the download of", &object, e))?;
        Ok(presigned.uri().to_owned())
    }
}

/// Signed as of `now_unix` (the caller's clock, as the expiry it reports), valid for `seconds`.
fn presigning(now_unix: i64, seconds: i64) -> Result<PresigningConfig, PhotoError> {
    let start = u64::try_from(now_unix)
        .map(|secs| UNIX_EPOCH + Duration::from_secs(secs))
        .map_err(|_| PhotoError::Config(format!("{now_unix} is before 1970")))?;
    PresigningConfig::builder()
        .start_time(start)
        .expires_in(Duration::from_secs(seconds.unsigned_abs()))
        .build()
        .map_err(|e| PhotoError::Config(format!("presigning for {seconds} s: {e}")))
}

fn storage(doing: &str, key: impl std::fmt::Display, error: impl std::error::Error) -> PhotoError {
    PhotoError::Storage(format!("{doing} {key}: {}", DisplayErrorContext(error)))
}
