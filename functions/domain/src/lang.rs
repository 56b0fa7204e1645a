//! The two languages the product speaks: Bahasa Indonesia by default, English on request.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    /// Picks the language from an HTTP `Accept-Language` value: English only when it is preferred
    /// over Indonesian; anything else (absent, unknown) falls back to Indonesian.
    pub fn from_accept_language(header: &str) -> Self {
        for part in header.split(',') {
            let tag = part.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
            if tag.starts_with("id") || tag.starts_with("in") {
                return Lang::Id;
            }
            if tag.starts_with("en") {
                return Lang::En;
            }
        }
        Lang::Id
    }

    /// Chooses between the two spellings of a message.
    pub const fn pick<'a>(self, id: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Id => id,
            Lang::En => en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indonesian_is_the_default_and_english_must_be_asked_for() {
        assert_eq!(Lang::from_accept_language(""), Lang::Id);
        assert_eq!(Lang::from_accept_language("fr-FR"), Lang::Id);
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9"), Lang::En);
        assert_eq!(Lang::from_accept_language("id-ID,en;q=0.8"), Lang::Id);
    }
}
