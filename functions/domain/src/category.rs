//! Kinds of call, each with its default priority, dispatch target and agencies. Categories are data
//! that an admin edits; the defaults of DOMAIN.md are seeded, not compiled in.

use serde::{Deserialize, Serialize};

use crate::{AgencyCode, Priority};

macro_rules! code {
    ($(#[$doc:meta])* $name:ident, $error:ident, $what:literal, $example:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, example = $example))]
        pub struct $name(String);

        #[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
        #[error("a {} code is 2 to 16 capital letters, digits or _", $what)]
        pub struct $error;

        impl $name {
            /// Accepts any case and surrounding spaces; stores capitals.
            pub fn parse(input: &str) -> Result<Self, $error> {
                let code = input.trim().to_ascii_uppercase();
                let ok = (2..=16).contains(&code.len())
                    && code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
                if ok { Ok(Self(code)) } else { Err($error) }
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        crate::newtype::string_newtype!($name, $error);
    };
}
pub(crate) use code;

code!(
    /// `FIRE`, `MEDICAL`, `PRANK` …
    CategoryCode,
    CategoryCodeError,
    "category",
    "FIRE"
);

/// From report to the first agency acknowledging, in whole minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = u32))]
pub struct DispatchTarget(u32);

impl DispatchTarget {
    pub fn minutes(minutes: u32) -> Self {
        Self(minutes)
    }

    pub fn as_minutes(self) -> u32 {
        self.0
    }

    pub fn as_seconds(self) -> i64 {
        i64::from(self.0) * 60
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Category {
    pub code: CategoryCode,
    /// Name in Bahasa Indonesia.
    pub name_id: String,
    /// Name in English.
    pub name_en: String,
    pub priority: Priority,
    /// None for P0 categories, which are closed at intake.
    pub dispatch_target: Option<DispatchTarget>,
    /// Agencies that lead the response.
    pub lead_agencies: Vec<AgencyCode>,
    /// Agencies that support it.
    pub support_agencies: Vec<AgencyCode>,
}

impl Category {
    pub fn name(&self, lang: crate::Lang) -> &str {
        lang.pick(&self.name_id, &self.name_en)
    }

    /// Closed at intake, never dispatched (prank, silent, wrong number, information).
    pub fn closes_at_intake(&self) -> bool {
        !self.priority.is_dispatchable()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_normalised_to_capitals_and_bounded() {
        assert_eq!(CategoryCode::parse(" fire ").unwrap().as_str(), "FIRE");
        assert!(CategoryCode::parse("F").is_err());
        assert!(CategoryCode::parse("FIRE!").is_err());
        assert!(CategoryCode::parse(&"A".repeat(17)).is_err());
    }
}
