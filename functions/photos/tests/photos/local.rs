use std::path::Path;
use std::sync::Arc;

use axum::http::StatusCode;
use tanggap_photos::{
    ExportKey, ExportType, LocalPhotos, PhotoError, PhotoKey, PhotoStore, PhotoType, UPLOAD_URL_SECONDS,
    VIEW_URL_SECONDS, local_router, process,
};
use tempfile::TempDir;

use crate::support::{Body, INCIDENT, get, jpeg, now_unix, png, send};

/// A local store behind its router on a free port of 127.0.0.1, handing out absolute URLs to it.
struct Served {
    photos: Arc<LocalPhotos>,
    dir: TempDir,
}

async fn serve(max_bytes: u64) -> Served {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let address = listener.local_addr().expect("the bound address");
    let key = LocalPhotos::generate_signing_key().expect("a signing key");
    let photos = Arc::new(
        LocalPhotos::new(dir.path().join("photos"), key)
            .with_url_prefix(format!("http://{address}/"))
            .with_max_bytes(max_bytes),
    );
    let router = local_router(photos.clone());
    tokio::spawn(async move { axum::serve(listener, router).await.expect("the photo server stopped") });
    Served { photos, dir }
}

fn files_under(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.map(|e| e.expect("a directory entry")) {
            if entry.file_type().expect("a file type").is_dir() {
                pending.push(entry.path());
            } else {
                found.push(entry.file_name().to_string_lossy().into_owned());
            }
        }
    }
    found.sort();
    found
}

#[tokio::test]
async fn an_officer_uploads_through_the_signed_url_and_a_permitted_viewer_fetches_the_viewing_copy() {
    let served = serve(1024 * 1024).await;
    let key = PhotoKey::new_photo(INCIDENT).expect("a photo key");
    let photo = jpeg(1600, 1200);
    let now = now_unix();

    let upload = served.photos.upload_url(&key, PhotoType::Jpeg, photo.len() as u64, now).await.expect("an upload URL");
    assert_eq!(upload.method, "PUT");
    assert_eq!(upload.headers, vec![("Content-Type".to_owned(), "image/jpeg".to_owned())]);
    assert_eq!(upload.expires_at_unix, now + UPLOAD_URL_SECONDS);
    let put = send(&upload.method, &upload.url, &upload.headers, Body::Sized(photo.clone())).await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.text());

    let stored = served.photos.read(key.as_str()).await.expect("reading the original");
    assert_eq!(stored.as_deref(), Some(&photo[..]));
    let processed = process(&photo, PhotoType::Jpeg, 1024 * 1024).expect("the upload is a photo");
    served.photos.write(&key.view_key(), processed.view_jpeg.clone(), "image/jpeg").await.expect("writing the copy");
    assert_eq!(
        files_under(served.dir.path()),
        vec![key.photo().to_owned(), format!("{}.view.jpg", key.photo())],
        "no temporary files are left behind"
    );

    let url = served.photos.view_url(&key.view_key(), now_unix()).await.expect("a view URL");
    let fetched = get(&url).await;
    assert_eq!(fetched.status, StatusCode::OK, "{}", fetched.text());
    assert_eq!(fetched.body, processed.view_jpeg);
    assert_eq!(fetched.header("content-type"), Some("image/jpeg"));
    assert_eq!(fetched.header("cache-control"), Some("private, max-age=300"));
    assert_eq!(fetched.header("x-content-type-options"), Some("nosniff"));

    // The original is there too, served as what its bytes are.
    let original = get(&served.photos.view_url(key.as_str(), now_unix()).await.expect("a view URL")).await;
    assert_eq!((original.status, original.body), (StatusCode::OK, photo));
}

#[tokio::test]
async fn an_expired_upload_url_is_refused_and_nothing_is_stored() {
    let served = serve(1024 * 1024).await;
    let key = PhotoKey::new_photo(INCIDENT).expect("a photo key");
    let photo = jpeg(32, 32);
    let issued = now_unix() - UPLOAD_URL_SECONDS - 1;

    let upload = served.photos.upload_url(&key, PhotoType::Jpeg, photo.len() as u64, issued).await.expect("a URL");
    let put = send("PUT", &upload.url, &upload.headers, Body::Sized(photo)).await;
    assert_eq!(put.status, StatusCode::FORBIDDEN);
    assert!(put.text().contains("expired"), "{}", put.text());
    assert_eq!(served.photos.read(key.as_str()).await, Ok(None));
}

#[tokio::test]
async fn an_upload_url_works_only_as_signed() {
    let served = serve(1024 * 1024).await;
    let key = PhotoKey::new_photo(INCIDENT).expect("a photo key");
    let other = PhotoKey::new_photo(INCIDENT).expect("another photo key");
    let photo = jpeg(32, 32);
    let size = photo.len() as u64;
    let upload = served.photos.upload_url(&key, PhotoType::Jpeg, size, now_unix()).await.expect("an upload URL");

    let tampered = {
        let (rest, signature) = upload.url.rsplit_once('=').expect("a signature");
        let flipped = if signature.starts_with('0') { "1" } else { "0" };
        format!("{rest}={flipped}{}", &signature[1..])
    };
    let refused = [
        ("a tampered signature", tampered, upload.headers.clone()),
        ("another photo's key", upload.url.replace(key.photo(), other.photo()), upload.headers.clone()),
        ("a later expiry", upload.url.replace("expires=", "expires=9"), upload.headers.clone()),
        (
            "a larger size",
            upload.url.replace(&format!("size={size}"), &format!("size={}", size * 10)),
            upload.headers.clone(),
        ),
        ("another content type", upload.url.clone(), vec![("Content-Type".to_owned(), "image/png".to_owned())]),
        ("no content type", upload.url.clone(), vec![]),
        ("no signature", upload.url.split("&signature=").next().expect("a URL").to_owned(), upload.headers.clone()),
    ];
    for (what, url, headers) in refused {
        let put = send("PUT", &url, &headers, Body::Sized(photo.clone())).await;
        assert_eq!(put.status, StatusCode::FORBIDDEN, "{what}: {}", put.text());
    }
    assert_eq!(served.photos.read(key.as_str()).await, Ok(None));
    assert_eq!(served.photos.read(other.as_str()).await, Ok(None));

    // A view URL does not upload.
    let view = served.photos.view_url(key.as_str(), now_unix()).await.expect("a view URL");
    let put = send("PUT", &view, &upload.headers, Body::Sized(photo)).await;
    assert_eq!(put.status, StatusCode::FORBIDDEN, "{}", put.text());
}

#[tokio::test]
async fn a_body_larger_than_signed_is_refused_whether_or_not_it_says_so_up_front() {
    let served = serve(1024 * 1024).await;
    let key = PhotoKey::new_photo(INCIDENT).expect("a photo key");
    let photo = jpeg(64, 64);
    let signed = photo.len() as u64 - 1;
    let upload = served.photos.upload_url(&key, PhotoType::Jpeg, signed, now_unix()).await.expect("an upload URL");

    let sized = send("PUT", &upload.url, &upload.headers, Body::Sized(photo.clone())).await;
    assert_eq!(sized.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", sized.text());
    let chunked = send("PUT", &upload.url, &upload.headers, Body::Chunked(photo)).await;
    assert_eq!(chunked.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", chunked.text());
    assert_eq!(served.photos.read(key.as_str()).await, Ok(None));
}

#[tokio::test]
async fn a_body_that_is_not_the_signed_type_is_refused() {
    let served = serve(1024 * 1024).await;
    let key = PhotoKey::new_photo(INCIDENT).expect("a photo key");
    let html = b"<html><script>alert(document.cookie)</script></html>".to_vec();
    let upload = served.photos.upload_url(&key, PhotoType::Jpeg, html.len() as u64, now_unix()).await.expect("a URL");

    let put = send("PUT", &upload.url, &upload.headers, Body::Sized(html)).await;
    assert_eq!(put.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", put.text());
    let png = png(8, 8, 255);
    let upload = served.photos.upload_url(&key, PhotoType::Jpeg, png.len() as u64, now_unix()).await.expect("a URL");
    let put = send("PUT", &upload.url, &upload.headers, Body::Sized(png)).await;
    assert_eq!(put.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "a PNG sent as a JPEG: {}", put.text());
    assert_eq!(served.photos.read(key.as_str()).await, Ok(None));
}

#[tokio::test]
async fn upload_urls_are_not_signed_for_more_than_the_maximum() {
    let served = serve(1000).await;
    let key = PhotoKey::new_photo(INCIDENT).expect("a photo key");
    assert_eq!(
        served.photos.upload_url(&key, PhotoType::Png, 1001, now_unix()).await,
        Err(PhotoError::TooLarge { max: 1000 })
    );
    assert!(served.photos.upload_url(&key, PhotoType::Png, 1000, now_unix()).await.is_ok());
}

#[tokio::test]
async fn a_view_url_expires_and_opens_only_its_own_photo() {
    let served = serve(1024 * 1024).await;
    let key = PhotoKey::new_photo(INCIDENT).expect("a photo key");
    let other = PhotoKey::new_photo(INCIDENT).expect("another photo key");
    for k in [&key, &other] {
        served.photos.write(k.as_str(), jpeg(16, 16), "image/jpeg").await.expect("writing a photo");
    }

    let expired = served.photos.view_url(key.as_str(), now_unix() - VIEW_URL_SECONDS - 1).await.expect("a URL");
    let fetched = get(&expired).await;
    assert_eq!(fetched.status, StatusCode::FORBIDDEN);
    assert!(fetched.text().contains("expired"), "{}", fetched.text());

    let url = served.photos.view_url(key.as_str(), now_unix()).await.expect("a view URL");
    assert_eq!(get(&url).await.status, StatusCode::OK);
    for (what, forged) in [
        ("another photo", url.replace(key.photo(), other.photo())),
        ("its viewing copy", url.replace(key.photo(), &format!("{}.view.jpg", key.photo()))),
        ("a later expiry", url.replace("expires=", "expires=9")),
        ("no signature", url.split("&signature=").next().expect("a URL").to_owned()),
    ] {
        let fetched = get(&forged).await;
        assert_eq!(fetched.status, StatusCode::FORBIDDEN, "{what}: {}", fetched.text());
    }

    // Signed, but never uploaded.
    let missing = PhotoKey::new_photo(INCIDENT).expect("a photo key");
    let fetched = get(&served.photos.view_url(missing.as_str(), now_unix()).await.expect("a URL")).await;
    assert_eq!(fetched.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn paths_outside_the_photo_keys_are_not_served() {
    let served = serve(1024 * 1024).await;
    std::fs::write(served.dir.path().join("secret.txt"), "not a photo").expect("writing a file beside the photos");
    let key = PhotoKey::new_photo(INCIDENT).expect("a photo key");
    let base = served.photos.view_url(key.as_str(), now_unix()).await.expect("a view URL");
    let (origin, _) = base.split_once("/files/").expect("a files URL");
    let query = base.split_once('?').expect("a query").1;
    for path in ["../secret.txt", "%2e%2e/secret.txt", "incidents/%2e%2e/%2e%2e/secret.txt", "..%2fsecret.txt"] {
        let fetched = get(&format!("{origin}/files/{path}?{query}")).await;
        assert_eq!(fetched.status, StatusCode::NOT_FOUND, "{path}: {}", fetched.text());
    }

    for bad in ["../secret.txt", "incidents/../../secret.txt", "secret.txt", ""] {
        assert_eq!(served.photos.read(bad).await, Err(PhotoError::InvalidKey(bad.to_owned())));
        assert_eq!(served.photos.write(bad, vec![1], "image/jpeg").await, Err(PhotoError::InvalidKey(bad.to_owned())));
        assert!(served.photos.view_url(bad, now_unix()).await.is_err());
    }
    assert_eq!(
        served.photos.write(key.as_str(), vec![1], "text/html").await,
        Err(PhotoError::UnsupportedType("text/html".to_owned()))
    );
}

#[tokio::test]
async fn an_exports_file_downloads_under_its_signed_name_and_type_and_only_so() {
    let served = serve(1024 * 1024).await;
    let job = ulid::Ulid::new().to_string();
    let key = ExportKey::new(&job, ExportType::Csv).expect("an export key");
    served.photos.write_export(&key, b"a,b\n1,2\n".to_vec()).await.expect("writing the export");

    let url = served.photos.download_url(&key, "tanggap 2026-11-16.csv", now_unix()).await.expect("a download URL");
    let fetched = get(&url).await;
    assert_eq!(fetched.status, StatusCode::OK, "{}", fetched.text());
    assert_eq!(fetched.text(), "a,b\n1,2\n");
    assert_eq!(fetched.header("content-type"), Some("text/csv; charset=utf-8"));
    assert_eq!(fetched.header("content-disposition"), Some("attachment; filename=\"tanggap2026-11-16.csv\""));
    for (what, forged) in [
        ("another name", url.replace("filename=tanggap", "filename=evil")),
        ("no name", url.replace("filename=tanggap2026-11-16.csv&", "")),
        ("the XLSX", url.replace(".csv?", ".xlsx?")),
    ] {
        assert_eq!(get(&forged).await.status, StatusCode::FORBIDDEN, "{what}");
    }
    // A photo's write or view never reaches an export.
    let refused = PhotoError::InvalidKey(key.to_string());
    assert_eq!(served.photos.write(&key.to_string(), jpeg(8, 8), "image/jpeg").await, Err(refused.clone()));
    assert_eq!(served.photos.view_url(&key.to_string(), now_unix()).await, Err(refused));
    assert!(ExportKey::parse("exports/../secret.csv").is_err());
    assert!(ExportKey::parse(&format!("exports/{job}.html")).is_err());
}
