//! Free text that has been trimmed and bounded, so that no empty reason and no megabyte description
//! ever reaches storage.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("must not be empty")]
    Empty,
    #[error("must be at most {max} characters")]
    TooLong { max: usize },
}

macro_rules! bounded_text {
    ($(#[$doc:meta])* $name:ident, $max:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String))]
        pub struct $name(String);

        impl $name {
            pub const MAX_CHARS: usize = $max;

            pub fn parse(input: &str) -> Result<Self, TextError> {
                let trimmed = input.trim();
                if trimmed.is_empty() {
                    return Err(TextError::Empty);
                }
                if trimmed.chars().count() > Self::MAX_CHARS {
                    return Err(TextError::TooLong { max: Self::MAX_CHARS });
                }
                Ok(Self(trimmed.to_owned()))
            }

            /// Empty or blank input means "not given".
            pub fn parse_optional(input: Option<&str>) -> Result<Option<Self>, TextError> {
                match input.map(str::trim) {
                    None | Some("") => Ok(None),
                    Some(text) => Self::parse(text).map(Some),
                }
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        crate::newtype::string_newtype!($name, TextError);
    };
}

bounded_text!(
    /// A description, note or landmark: up to 4000 characters, what Open311 allows a request's description.
    Text,
    4000
);
bounded_text!(
    /// Why something was closed, cancelled, declined or late: required, up to 500 characters.
    Reason,
    500
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_reasons_are_refused_and_text_is_trimmed() {
        assert_eq!(Reason::parse("   "), Err(TextError::Empty));
        assert_eq!(Reason::parse("  no fuel ").unwrap().as_str(), "no fuel");
        assert_eq!(Text::parse_optional(Some("  ")), Ok(None));
        assert!(Reason::parse(&"x".repeat(501)).is_err());
    }
}
