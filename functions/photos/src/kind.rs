use std::fmt;
use std::str::FromStr;

use crate::error::PhotoError;

/// The image formats officers may send: what phones and browsers produce, and nothing that runs code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PhotoType {
    Jpeg,
    Png,
    Webp,
}

impl PhotoType {
    pub const ALL: [PhotoType; 3] = [PhotoType::Jpeg, PhotoType::Png, PhotoType::Webp];

    /// From a declared content type ("image/jpeg", "image/png", "image/webp"; case and parameters ignored).
    pub fn from_content_type(content_type: &str) -> Result<Self, PhotoError> {
        let essence = content_type.split(';').next().unwrap_or_default().trim();
        Self::ALL
            .into_iter()
            .find(|kind| kind.content_type().eq_ignore_ascii_case(essence))
            .ok_or_else(|| PhotoError::UnsupportedType(content_type.to_owned()))
    }

    pub fn content_type(self) -> &'static str {
        match self {
            PhotoType::Jpeg => "image/jpeg",
            PhotoType::Png => "image/png",
            PhotoType::Webp => "image/webp",
        }
    }

    /// What the bytes are, from their magic numbers; `None` when they are none of the three.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(PhotoType::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(PhotoType::Png)
        } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
            Some(PhotoType::Webp)
        } else {
            None
        }
    }

    pub(crate) fn image_format(self) -> image::ImageFormat {
        match self {
            PhotoType::Jpeg => image::ImageFormat::Jpeg,
            PhotoType::Png => image::ImageFormat::Png,
            PhotoType::Webp => image::ImageFormat::WebP,
        }
    }
}

impl fmt::Display for PhotoType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.content_type())
    }
}

impl FromStr for PhotoType {
    type Err = PhotoError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_content_type(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_content_types_are_read_leniently_and_written_canonically() {
        assert_eq!(PhotoType::from_content_type("image/jpeg"), Ok(PhotoType::Jpeg));
        assert_eq!(PhotoType::from_content_type("IMAGE/PNG; charset=binary"), Ok(PhotoType::Png));
        assert_eq!(PhotoType::from_content_type("image/webp").map(PhotoType::content_type), Ok("image/webp"));
        for refused in ["image/svg+xml", "image/gif", "text/html", "image/jpg", ""] {
            assert_eq!(PhotoType::from_content_type(refused), Err(PhotoError::UnsupportedType(refused.to_owned())));
        }
    }

    #[test]
    fn bytes_are_recognised_by_their_magic_numbers_only() {
        assert_eq!(PhotoType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), Some(PhotoType::Jpeg));
        assert_eq!(PhotoType::sniff(b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR"), Some(PhotoType::Png));
        assert_eq!(PhotoType::sniff(b"RIFF\x24\0\0\0WEBPVP8L"), Some(PhotoType::Webp));
        assert_eq!(PhotoType::sniff(b"RIFF\x24\0\0\0WAVEfmt "), None);
        assert_eq!(PhotoType::sniff(b"<svg xmlns="), None);
        assert_eq!(PhotoType::sniff(b""), None);
    }
}

/// The formats of the dashboard's exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ExportType {
    Xlsx,
    Csv,
}

impl ExportType {
    pub const ALL: [ExportType; 2] = [ExportType::Xlsx, ExportType::Csv];

    pub fn extension(self) -> &'static str {
        match self {
            ExportType::Xlsx => "xlsx",
            ExportType::Csv => "csv",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            ExportType::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ExportType::Csv => "text/csv; charset=utf-8",
        }
    }
}
