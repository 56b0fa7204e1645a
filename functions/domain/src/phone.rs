//! Indonesian phone numbers, normalised to E.164 (`+62…`) so that one caller is one key whatever way
//! the number was typed or presented by the network.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, example = "+6281234567890"))]
pub struct PhoneNumber(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("a phone number has only digits, spaces, dashes, dots, brackets and a leading +")]
    BadCharacters,
    #[error("not an Indonesian number: use 08…, 62… or +62…")]
    NotIndonesian,
    #[error("an Indonesian number has 8 to 12 digits after the 0 or +62")]
    BadLength,
}

impl PhoneNumber {
    /// Accepts `0812-3456-7890`, `+62 812 3456 7890`, `62812…`, `(0542) 765432`.
    pub fn parse(input: &str) -> Result<Self, PhoneError> {
        let trimmed = input.trim();
        let (plus, rest) = match trimmed.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, trimmed),
        };
        if !rest.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')')) {
            return Err(PhoneError::BadCharacters);
        }
        let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
        let national = if let Some(n) = digits.strip_prefix("62") {
            n
        } else if plus {
            return Err(PhoneError::NotIndonesian);
        } else if let Some(n) = digits.strip_prefix('0') {
            n
        } else {
            return Err(PhoneError::NotIndonesian);
        };
        if national.starts_with('0') {
            return Err(PhoneError::NotIndonesian);
        }
        if !(8..=12).contains(&national.len()) {
            return Err(PhoneError::BadLength);
        }
        Ok(Self(format!("+62{national}")))
    }

    /// The E.164 form, `+6281234567890`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// For roles that may not see callers' numbers: keeps the operator prefix and the last four digits,
    /// `+62 812-****-7890`.
    pub fn masked(&self) -> String {
        let national = &self.0[3..];
        let (head, tail) = (&national[..3], &national[national.len() - 4..]);
        format!("+62 {head}-****-{tail}")
    }
}

crate::newtype::string_newtype!(PhoneNumber, PhoneError);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_common_way_of_writing_a_mobile_number_gives_the_same_number() {
        for input in ["081234567890", "0812-3456-7890", "+62 812 3456 7890", "62812.3456.7890", " +6281234567890 "] {
            assert_eq!(PhoneNumber::parse(input).unwrap().as_str(), "+6281234567890", "{input}");
        }
    }

    #[test]
    fn a_landline_with_its_area_code_is_accepted() {
        assert_eq!(PhoneNumber::parse("(0542) 765432").unwrap().as_str(), "+62542765432");
    }

    #[test]
    fn foreign_short_and_malformed_numbers_are_refused() {
        assert_eq!(PhoneNumber::parse("+1 555 123 4567"), Err(PhoneError::NotIndonesian));
        assert_eq!(PhoneNumber::parse("112"), Err(PhoneError::NotIndonesian));
        assert_eq!(PhoneNumber::parse("0812"), Err(PhoneError::BadLength));
        assert_eq!(PhoneNumber::parse("0812345678901234"), Err(PhoneError::BadLength));
        assert_eq!(PhoneNumber::parse("0812abc4567"), Err(PhoneError::BadCharacters));
        assert_eq!(PhoneNumber::parse("00812345678"), Err(PhoneError::NotIndonesian));
        assert_eq!(PhoneNumber::parse(""), Err(PhoneError::NotIndonesian));
    }

    #[test]
    fn masking_hides_the_middle_digits() {
        assert_eq!(PhoneNumber::parse("081234564321").unwrap().masked(), "+62 812-****-4321");
    }

    #[test]
    fn deserialising_parses() {
        let n: PhoneNumber = serde_json::from_str("\"0812 3456 7890\"").unwrap();
        assert_eq!(n.as_str(), "+6281234567890");
        assert!(serde_json::from_str::<PhoneNumber>("\"hello\"").is_err());
    }

    proptest! {
        #[test]
        fn parsing_is_idempotent(national in "[1-9][0-9]{7,11}") {
            let once = PhoneNumber::parse(&format!("0{national}")).unwrap();
            let twice = PhoneNumber::parse(once.as_str()).unwrap();
            prop_assert_eq!(once, twice);
        }

        #[test]
        fn parse_never_panics(input in "\\PC{0,30}") {
            let _ = PhoneNumber::parse(&input);
        }
    }
}
