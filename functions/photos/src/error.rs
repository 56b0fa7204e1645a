use crate::kind::PhotoType;

/// Why a photo was refused or could not be stored. The messages are meant for the officer who sent it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhotoError {
    #[error("the photo is larger than the maximum of {max} bytes")]
    TooLarge { max: u64 },
    #[error("the image is too large in pixels (at most {max_pixels} pixels are accepted)")]
    TooManyPixels { max_pixels: u64 },
    #[error("the file is not a JPEG, PNG or WebP image")]
    NotAnImage,
    #[error("the file was declared as {declared} but is {found}")]
    TypeMismatch { declared: PhotoType, found: PhotoType },
    #[error("photos must be image/jpeg, image/png or image/webp, not {0:?}")]
    UnsupportedType(String),
    #[error("the image could not be read: {0}")]
    Undecodable(String),
    #[error(
        "{0:?} is not a stored file's key (incidents/<incident ULID>/<photo ULID>, optionally with .view.jpg, or exports/<job ULID>.xlsx or .csv)"
    )]
    InvalidKey(String),
    #[error("the viewing copy could not be made: {0}")]
    Encoding(String),
    #[error("photo storage failed: {0}")]
    Storage(String),
    #[error("photo configuration: {0}")]
    Config(String),
}
