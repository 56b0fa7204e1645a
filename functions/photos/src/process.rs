//! Checking a received photo and making the copy that screens show.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageError, ImageReader, Limits, RgbImage};

use crate::error::PhotoError;
use crate::kind::PhotoType;

/// Larger images are refused before they are decoded: a small file can declare a huge image (a
/// decompression bomb), and 40 megapixels covers every phone camera's default output.
pub const MAX_PIXELS: u64 = 40_000_000;
/// The viewing copy's longest side, in pixels: enough for a dispatcher's screen, small over mobile links.
pub const VIEW_MAX_SIDE: u32 = 1280;
pub const VIEW_JPEG_QUALITY: u8 = 80;
/// A backstop for the decoders' own allocations (image's default, stated so it cannot change under us):
/// a 40-megapixel 16-bit RGBA PNG needs 320 MiB.
const MAX_DECODER_ALLOC: u64 = 512 * 1024 * 1024;
/// No camera makes an image wider or taller than this; a strict limit the decoders check on the header.
const MAX_SIDE: u32 = 30_000;

/// A checked photo and its viewing copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    pub kind: PhotoType,
    /// The photo's size as shown, i.e. after its EXIF orientation is applied.
    pub width: u32,
    pub height: u32,
    /// A JPEG of the photo, upright, longest side at most [`VIEW_MAX_SIDE`], without metadata (no GPS).
    pub view_jpeg: Vec<u8>,
}

/// Checks that `bytes` are at most `max_bytes` long and are the image type that was declared, decodes
/// them and makes the viewing copy. CPU-bound (about half a second for a 12-megapixel photo with the
/// image crates optimised): call it from `tokio::task::spawn_blocking` in a server.
pub fn process(bytes: &[u8], declared: PhotoType, max_bytes: u64) -> Result<Processed, PhotoError> {
    if u64::try_from(bytes.len()).map_or(true, |len| len > max_bytes) {
        return Err(PhotoError::TooLarge { max: max_bytes });
    }
    let found = PhotoType::sniff(bytes).ok_or(PhotoError::NotAnImage)?;
    if found != declared {
        return Err(PhotoError::TypeMismatch { declared, found });
    }

    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODER_ALLOC);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), found.image_format());
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(decode_error)?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(PhotoError::TooManyPixels { max_pixels: MAX_PIXELS });
    }
    // Phones store photos sideways and say so in EXIF; the copy is made upright because it drops EXIF.
    let orientation = decoder.orientation().map_err(decode_error)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(decode_error)?;
    image.apply_orientation(orientation);

    let view_jpeg = view_copy(&image)?;
    Ok(Processed { kind: found, width: image.width(), height: image.height(), view_jpeg })
}

fn view_copy(image: &DynamicImage) -> Result<Vec<u8>, PhotoError> {
    let (width, height) = (image.width(), image.height());
    let longest = width.max(height);
    let scaled = if longest <= VIEW_MAX_SIDE {
        None
    } else {
        let scale =
            |side: u32| (u64::from(side) * u64::from(VIEW_MAX_SIDE) + u64::from(longest) / 2) / u64::from(longest);
        let (view_width, view_height) = (scale(width).max(1) as u32, scale(height).max(1) as u32);
        if longest <= 2 * VIEW_MAX_SIDE {
            Some(image.resize_exact(view_width, view_height, FilterType::Triangle))
        } else {
            // Filtering a 40-megapixel image directly takes a float copy of it; area-averaging down to twice
            // the size first is cheap in memory and time, and the filter then removes its aliasing.
            let near = image.thumbnail_exact(2 * view_width, 2 * view_height);
            Some(near.resize_exact(view_width, view_height, FilterType::Triangle))
        }
    };
    let rgb = flatten_on_white(scaled.as_ref().unwrap_or(image));

    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, VIEW_JPEG_QUALITY)
        .encode_image(&rgb)
        .map_err(|e| PhotoError::Encoding(e.to_string()))?;
    Ok(jpeg)
}

/// JPEG has no transparency; transparent pixels would turn black, which hides dark drawings on them.
fn flatten_on_white(image: &DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        return image.to_rgb8();
    }
    let rgba = image.to_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let over_white = |c: u8| ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a)) + 127) / 255) as u8;
        image::Rgb([over_white(r), over_white(g), over_white(b)])
    })
}

fn decode_error(error: ImageError) -> PhotoError {
    match error {
        ImageError::Limits(_) => PhotoError::TooManyPixels { max_pixels: MAX_PIXELS },
        other => PhotoError::Undecodable(other.to_string()),
    }
}
