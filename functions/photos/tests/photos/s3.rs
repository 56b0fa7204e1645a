//! `S3Photos` against an S3-compatible server (moto's): `TANGGAP_TEST_S3_ENDPOINT=http://127.0.0.1:<port>`.
//! moto's server answers S3 on the same port as DynamoDB, so the DynamoDB tests' server will do.

use axum::http::StatusCode;
use tanggap_photos::{
    ExportKey, ExportType, PhotoError, PhotoKey, PhotoStore, PhotoType, S3Photos, UPLOAD_URL_SECONDS, process,
};

use crate::support::{Body, INCIDENT, get, jpeg, now_unix, send};

/// The variable naming the S3-compatible server that [`bucket`] creates buckets on.
const S3_ENDPOINT_VAR: &str = "TANGGAP_TEST_S3_ENDPOINT";

/// A new, uniquely named bucket, or `None` (with a note on stdout) when no S3 server is configured.
async fn bucket() -> Option<S3Photos> {
    let Ok(endpoint) = std::env::var(S3_ENDPOINT_VAR) else {
        println!("skipped: {S3_ENDPOINT_VAR} is not set (start moto_server and name it to run the S3 tests)");
        return None;
    };
    let name = format!("tanggap-test-{}", ulid::Ulid::new().to_string().to_lowercase());
    let photos = S3Photos::connect_local(endpoint.clone(), name.clone());
    if let Err(e) = photos.create_bucket().await {
        panic!("creating the test bucket {name} on {endpoint}: {e}");
    }
    Some(photos)
}

fn query_param<'a>(url: &'a str, name: &str) -> Option<&'a str> {
    url.split_once('?')?.1.split('&').find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
}

#[tokio::test]
async fn an_officer_uploads_through_the_presigned_url_and_a_permitted_viewer_fetches_the_viewing_copy() {
    let Some(photos) = bucket().await else { return };
    let key = PhotoKey::new_photo(INCIDENT).expect("a photo key");
    let photo = jpeg(640, 480);
    let now = now_unix();

    let upload = photos.upload_url(&key, PhotoType::Jpeg, photo.len() as u64, now).await.expect("an upload URL");
    assert_eq!(upload.method, "PUT");
    assert_eq!(upload.expires_at_unix, now + UPLOAD_URL_SECONDS);
    assert!(upload.headers.iter().any(|(n, v)| n.eq_ignore_ascii_case("content-type") && v == "image/jpeg"));
    let put = send(&upload.method, &upload.url, &upload.headers, Body::Sized(photo.clone())).await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.text());

    let stored = photos.read(key.as_str()).await.expect("reading the original");
    assert_eq!(stored.as_deref(), Some(&photo[..]));
    let processed = process(&photo, PhotoType::Jpeg, 1024 * 1024).expect("the upload is a photo");
    photos.write(&key.view_key(), processed.view_jpeg.clone(), "image/jpeg").await.expect("writing the copy");

    let url = photos.view_url(&key.view_key(), now_unix()).await.expect("a view URL");
    let fetched = get(&url).await;
    assert_eq!(fetched.status, StatusCode::OK, "{}", fetched.text());
    assert_eq!(fetched.body, processed.view_jpeg);
    assert_eq!(fetched.header("content-type"), Some("image/jpeg"));
    assert_eq!(fetched.header("cache-control"), Some("private, max-age=300"));
}

/// Presigning is computed locally: these need no server.
fn presigner() -> S3Photos {
    S3Photos::connect_local("http://127.0.0.1:9", "tanggap-photos").with_max_bytes(1_000_000)
}

#[tokio::test]
async fn the_presigned_upload_signs_type_and_size_and_expires_after_ten_minutes() {
    // moto does not check presigned signatures, expiry or signed headers (it stores a PUT with another
    // type, a larger body or an expired URL alike), so what S3 enforces is checked in the URL itself.
    let key = PhotoKey::new_photo(INCIDENT).expect("a photo key");
    let now = 1_800_000_000; // 2027-01-15T08:00:00Z

    let upload = presigner().upload_url(&key, PhotoType::Webp, 12345, now).await.expect("an upload URL");
    assert!(upload.url.starts_with(&format!("http://127.0.0.1:9/tanggap-photos/{key}?")), "{}", upload.url);
    assert_eq!(query_param(&upload.url, "X-Amz-SignedHeaders"), Some("content-length%3Bcontent-type%3Bhost"));
    assert_eq!(query_param(&upload.url, "X-Amz-Date"), Some("20270115T080000Z"));
    assert_eq!(query_param(&upload.url, "X-Amz-Expires"), Some("600"));
    assert_eq!(upload.expires_at_unix, now + 600);
    assert_eq!(query_param(&upload.url, "x-amz-checksum-crc32"), None, "no checksum of an empty body is signed");
    assert_eq!(upload.headers, vec![("content-type".to_owned(), "image/webp".to_owned())]);

    let other_size = presigner().upload_url(&key, PhotoType::Webp, 12346, now).await.expect("an upload URL");
    let other_type = presigner().upload_url(&key, PhotoType::Png, 12345, now).await.expect("an upload URL");
    let signature = |url: &str| query_param(url, "X-Amz-Signature").map(str::to_owned);
    assert_ne!(signature(&upload.url), signature(&other_size.url));
    assert_ne!(signature(&upload.url), signature(&other_type.url));
}

#[tokio::test]
async fn the_presigned_view_expires_after_five_minutes_and_caches_privately() {
    let key = PhotoKey::new_photo(INCIDENT).expect("a photo key");
    let view = presigner().view_url(&key.view_key(), 1_800_000_000).await.expect("a view URL");
    assert!(view.starts_with(&format!("http://127.0.0.1:9/tanggap-photos/{key}.view.jpg?")), "{view}");
    assert_eq!(query_param(&view, "X-Amz-Expires"), Some("300"));
    assert_eq!(query_param(&view, "X-Amz-SignedHeaders"), Some("host"));
    assert_eq!(query_param(&view, "response-cache-control"), Some("private%2C%20max-age%3D300"));
    assert!(query_param(&view, "X-Amz-Signature").is_some_and(|s| s.len() == 64));
}

#[tokio::test]
async fn only_photo_keys_and_sizes_up_to_the_maximum_are_signed() {
    let key = PhotoKey::new_photo(INCIDENT).expect("a photo key");
    assert_eq!(
        presigner().upload_url(&key, PhotoType::Jpeg, 1_000_001, 0).await,
        Err(PhotoError::TooLarge { max: 1_000_000 })
    );
    for bad in ["../secret", "incidents/x/y", ""] {
        assert_eq!(presigner().view_url(bad, 0).await, Err(PhotoError::InvalidKey(bad.to_owned())));
    }
}

#[tokio::test]
async fn a_photo_never_uploaded_reads_as_none() {
    let Some(photos) = bucket().await else { return };
    let key = PhotoKey::new_photo(INCIDENT).expect("a photo key");
    assert_eq!(photos.read(key.as_str()).await, Ok(None));
    assert_eq!(photos.read(&key.view_key()).await, Ok(None));
    assert!(photos.read("incidents/../x").await.is_err());
}

#[tokio::test]
async fn an_exports_file_downloads_through_a_presigned_url_as_an_attachment() {
    let Some(photos) = bucket().await else { return };
    let key = ExportKey::new(&ulid::Ulid::new().to_string(), ExportType::Xlsx).expect("an export key");
    photos.write_export(&key, b"PK\x03\x04 not really a workbook".to_vec()).await.expect("writing the export");
    assert_eq!(
        photos.read(&key.to_string()).await.expect("reading it back").as_deref(),
        Some(&b"PK\x03\x04 not really a workbook"[..])
    );

    let url = photos.download_url(&key, "tanggap-2026-11.xlsx", now_unix()).await.expect("a download URL");
    let fetched = get(&url).await;
    assert_eq!(fetched.status, StatusCode::OK, "{}", fetched.text());
    assert_eq!(fetched.header("content-disposition"), Some("attachment; filename=\"tanggap-2026-11.xlsx\""));
    assert_eq!(
        fetched.header("content-type"),
        Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    );
    assert_eq!(
        photos.write(&key.to_string(), jpeg(8, 8), "image/jpeg").await,
        Err(PhotoError::InvalidKey(key.to_string()))
    );
}
