use std::time::Instant;

use image::GenericImageView;
use tanggap_photos::{MAX_PIXELS, PhotoError, PhotoType, VIEW_MAX_SIDE, process};

use crate::support::{decode_jpeg, jpeg, png, webp};

const MAX: u64 = 8 * 1024 * 1024;

#[test]
fn a_phone_photo_gets_a_viewing_copy_1280_pixels_on_its_longest_side_with_its_aspect_kept() {
    let processed = process(&jpeg(3000, 2000), PhotoType::Jpeg, MAX).expect("a photo is accepted");
    assert_eq!((processed.kind, processed.width, processed.height), (PhotoType::Jpeg, 3000, 2000));
    let view = decode_jpeg(&processed.view_jpeg);
    assert_eq!(view.dimensions(), (VIEW_MAX_SIDE, 853));

    let portrait = process(&jpeg(1500, 2000), PhotoType::Jpeg, MAX).expect("a portrait photo is accepted");
    assert_eq!(decode_jpeg(&portrait.view_jpeg).dimensions(), (960, VIEW_MAX_SIDE));
}

#[test]
fn a_small_image_keeps_its_size_and_any_format_becomes_a_jpeg_for_viewing() {
    for (bytes, kind) in
        [(jpeg(64, 48), PhotoType::Jpeg), (png(64, 48, 255), PhotoType::Png), (webp(64, 48), PhotoType::Webp)]
    {
        let processed = process(&bytes, kind, MAX).unwrap_or_else(|e| panic!("a {kind} is accepted: {e}"));
        assert_eq!((processed.kind, processed.width, processed.height), (kind, 64, 48));
        assert_eq!(decode_jpeg(&processed.view_jpeg).dimensions(), (64, 48), "{kind}");
    }
}

#[test]
fn transparent_parts_of_a_png_are_shown_on_white() {
    let processed = process(&png(16, 16, 0), PhotoType::Png, MAX).expect("a transparent PNG is accepted");
    let view = decode_jpeg(&processed.view_jpeg).to_rgb8();
    assert!(view.pixels().all(|p| p.0.iter().all(|&c| c > 245)), "the transparent image is white, not black");
}

#[test]
fn a_sideways_phone_photo_is_shown_upright() {
    // Orientation 6 (EXIF): the camera was turned a quarter clockwise; viewers rotate before showing.
    let exif: &[u8] = &[
        0xFF, 0xE1, 0x00, 0x22, b'E', b'x', b'i', b'f', 0, 0, // APP1, length 34, "Exif\0\0"
        b'M', b'M', 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08, // big-endian TIFF, first IFD at 8
        0x00, 0x01, // one entry:
        0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x00, 0x00, // Orientation, SHORT, 1, 6
        0x00, 0x00, 0x00, 0x00, // no next IFD
    ];
    let plain = jpeg(64, 32);
    let sideways = [&plain[..2], exif, &plain[2..]].concat();

    let processed = process(&sideways, PhotoType::Jpeg, MAX).expect("a photo with EXIF is accepted");
    assert_eq!((processed.width, processed.height), (32, 64));
    assert_eq!(decode_jpeg(&processed.view_jpeg).dimensions(), (32, 64));
}

#[test]
fn a_photo_over_the_maximum_size_is_refused_with_the_maximum() {
    let bytes = jpeg(200, 200);
    let max = bytes.len() as u64 - 1;
    let refused = process(&bytes, PhotoType::Jpeg, max);
    assert_eq!(refused, Err(PhotoError::TooLarge { max }));
    assert_eq!(
        refused.map(drop).unwrap_err().to_string(),
        format!("the photo is larger than the maximum of {max} bytes")
    );
    assert!(process(&bytes, PhotoType::Jpeg, max + 1).is_ok(), "exactly the maximum is fine");
}

#[test]
fn a_photo_must_be_what_it_was_declared_as() {
    let refused = process(&jpeg(32, 32), PhotoType::Png, MAX);
    assert_eq!(refused, Err(PhotoError::TypeMismatch { declared: PhotoType::Png, found: PhotoType::Jpeg }));
    assert_eq!(refused.map(drop).unwrap_err().to_string(), "the file was declared as image/png but is image/jpeg");
    assert_eq!(
        process(&webp(8, 8), PhotoType::Jpeg, MAX),
        Err(PhotoError::TypeMismatch { declared: PhotoType::Jpeg, found: PhotoType::Webp })
    );
}

#[test]
fn other_files_are_not_images() {
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
    for bytes in [&svg[..], b"<html><body>hi</body></html>", b"GIF89a\x01\x00\x01\x00", b""] {
        assert_eq!(process(bytes, PhotoType::Jpeg, MAX), Err(PhotoError::NotAnImage));
    }
}

#[test]
fn a_file_that_only_starts_like_an_image_is_refused_as_undecodable() {
    let mut broken = vec![0xFF, 0xD8, 0xFF, 0xDB];
    broken.extend(std::iter::repeat_n(0x55, 500));
    let refused = process(&broken, PhotoType::Jpeg, MAX);
    assert!(matches!(refused, Err(PhotoError::Undecodable(_))), "{refused:?}");

    let mut png = png(32, 32, 255);
    png.truncate(60);
    let refused = process(&png, PhotoType::Png, MAX);
    assert!(matches!(refused, Err(PhotoError::Undecodable(_))), "{refused:?}");
}

#[test]
fn a_decompression_bomb_is_refused_from_its_header_without_being_decoded() {
    // 10 000 × 10 000 pixels declared in a few dozen bytes: decoding it would take 300 MB.
    let bomb = png_header_only(10_000, 10_000);
    let started = Instant::now();
    assert_eq!(process(&bomb, PhotoType::Png, MAX), Err(PhotoError::TooManyPixels { max_pixels: MAX_PIXELS }));
    assert!(started.elapsed().as_millis() < 500, "refused before decoding");

    // Few pixels in all but absurdly wide: the decoder's own limits refuse it.
    assert_eq!(
        process(&png_header_only(1_000_000, 1), PhotoType::Png, MAX),
        Err(PhotoError::TooManyPixels { max_pixels: MAX_PIXELS })
    );
}

/// A PNG's signature, header and the start of its pixel data: what a decoder reads before allocating.
fn png_header_only(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = Vec::new();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]); // 8 bits, RGB, deflate, no filter, no interlacing
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [(b"IHDR", &ihdr[..]), (b"IDAT", &[0x78, 0x9C, 0x01][..]), (b"IEND", &[][..])] {
        out.extend(u32::try_from(data.len()).expect("a short chunk").to_be_bytes());
        let start = out.len();
        out.extend(kind);
        out.extend(data);
        let crc = crc32(&out[start..]);
        out.extend(crc.to_be_bytes());
    }
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    !bytes.iter().fold(u32::MAX, |crc, &byte| {
        (0..8).fold(crc ^ u32::from(byte), |c, _| if c & 1 == 1 { (c >> 1) ^ 0xEDB8_8320 } else { c >> 1 })
    })
}

#[test]
fn a_narrow_panorama_keeps_at_least_one_pixel_on_its_short_side() {
    let processed = process(&png(6000, 2, 255), PhotoType::Png, MAX).expect("a panorama is accepted");
    assert_eq!(decode_jpeg(&processed.view_jpeg).dimensions(), (VIEW_MAX_SIDE, 1));
}
