//! Real images made here, and a plain HTTP client that talks to real servers.

use std::convert::Infallible;
use std::io::Cursor;

use axum::body::Bytes;
use axum::http::{HeaderMap, Request, StatusCode};
use futures::stream;
use http_body_util::BodyExt;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::{DynamicImage, ExtendedColorType, ImageEncoder, ImageFormat, ImageReader, Rgb, RgbImage, Rgba, RgbaImage};

pub const INCIDENT: &str = "01JZ8Q4M3T5V6W7X8Y9Z0ABCDE";

/// A colourful gradient, so that the encoders have something to encode.
pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let image = RgbImage::from_fn(width, height, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 90).encode_image(&image).expect("encoding a test JPEG");
    out
}

pub fn png(width: u32, height: u32, alpha: u8) -> Vec<u8> {
    let image = RgbaImage::from_fn(width, height, |x, y| Rgba([(x % 256) as u8, (y % 256) as u8, 0, alpha]));
    let mut out = Vec::new();
    PngEncoder::new(&mut out)
        .write_image(image.as_raw(), width, height, ExtendedColorType::Rgba8)
        .expect("encoding a test PNG");
    out
}

pub fn webp(width: u32, height: u32) -> Vec<u8> {
    let image = RgbaImage::from_fn(width, height, |x, y| Rgba([(x % 256) as u8, 40, (y % 256) as u8, 255]));
    let mut out = Vec::new();
    WebPEncoder::new_lossless(&mut out)
        .encode(image.as_raw(), width, height, ExtendedColorType::Rgba8)
        .expect("encoding a test WebP");
    out
}

/// Decodes a viewing copy as a browser would, insisting that it is a JPEG.
pub fn decode_jpeg(bytes: &[u8]) -> DynamicImage {
    let reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().expect("reading from memory");
    assert_eq!(reader.format(), Some(ImageFormat::Jpeg), "the viewing copy is a JPEG");
    reader.decode().expect("the viewing copy decodes")
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

pub enum Body {
    /// Sent with a Content-Length.
    Sized(Vec<u8>),
    /// Sent in chunks, without a Content-Length: the server learns the size only by reading.
    Chunked(Vec<u8>),
}

pub async fn send(method: &str, url: &str, headers: &[(String, String)], body: Body) -> Reply {
    let client = Client::builder(TokioExecutor::new()).build_http::<axum::body::Body>();
    let body = match body {
        Body::Sized(bytes) => axum::body::Body::from(bytes),
        Body::Chunked(bytes) => {
            let chunks: Vec<Result<Bytes, Infallible>> =
                bytes.chunks(1024).map(|chunk| Ok(Bytes::copy_from_slice(chunk))).collect();
            axum::body::Body::from_stream(stream::iter(chunks))
        }
    };
    let mut request = Request::builder().method(method).uri(url);
    for (name, value) in headers {
        request = request.header(name, value);
    }
    let request = request.body(body).expect("a well-formed request");
    let response = client.request(request).await.unwrap_or_else(|e| panic!("{method} {url}: {e}"));
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.expect("reading the response").to_bytes().to_vec();
    Reply { status, headers, body }
}

pub async fn get(url: &str) -> Reply {
    send("GET", url, &[], Body::Sized(Vec::new())).await
}

pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .expect("the clock is after 1970")
}
