//! The person who called or reported. Personal data under UU 27/2022 (PDP): shown in full only to
//! roles that need it (see [`crate::Role::sees_caller_identity`]).

use serde::{Deserialize, Serialize};

use crate::PhoneNumber;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Caller {
    /// Absent when the network gave no number (or for a walk-in report), and in masked views.
    pub phone: Option<PhoneNumber>,
    pub name: Option<String>,
    /// Only in a masked view: the number with its middle digits hidden, `+62 812-****-4321`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub masked_phone: Option<String>,
}

impl Caller {
    /// The caller as shown to a role that may not see personal data: the number with its middle
    /// digits hidden, the name reduced to initials. Stored values are never masked.
    pub fn masked(&self) -> Caller {
        Caller {
            phone: None,
            name: self.name.as_deref().map(initials),
            masked_phone: self.phone.as_ref().map(PhoneNumber::masked).or_else(|| self.masked_phone.clone()),
        }
    }

    /// The number to show: in full where allowed, masked otherwise.
    pub fn phone_for_display(&self) -> Option<&str> {
        self.phone.as_ref().map(PhoneNumber::as_str).or(self.masked_phone.as_deref())
    }
}

fn initials(name: &str) -> String {
    name.split_whitespace().filter_map(|w| w.chars().next()).map(|c| format!("{c}.")).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_masked_caller_keeps_only_the_ends_of_the_number_and_initials() {
        let caller = Caller {
            phone: Some(PhoneNumber::parse("0812-3456-4321").unwrap()),
            name: Some("Siti Rahma".into()),
            masked_phone: None,
        };
        let masked = caller.masked();
        assert_eq!(masked.phone, None);
        assert_eq!(masked.phone_for_display(), Some("+62 812-****-4321"));
        assert_eq!(masked.name.as_deref(), Some("S. R."));
        assert_eq!(masked.masked(), masked, "masking twice changes nothing");
        assert!(!serde_json::to_string(&masked).unwrap().contains("3456"));
    }
}
