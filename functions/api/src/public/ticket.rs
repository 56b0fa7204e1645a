//! The tracking link's token: 128 random bits, written as 26 letters and digits (Crockford's base32,
//! like an id), given to the reporter once and never stored; the table keeps only its SHA-256.

use sha2::{Digest as _, Sha256};

#[derive(Clone, PartialEq, Eq)]
pub struct TicketToken(String);

// A token in a log line would let its reader follow and rate in the reporter's name.
impl std::fmt::Debug for TicketToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TicketToken(..)")
    }
}

impl TicketToken {
    pub fn generate() -> anyhow::Result<Self> {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).map_err(|err| anyhow::anyhow!("no random bytes for a ticket token: {err}"))?;
        Ok(Self(ulid::Ulid(u128::from_be_bytes(bytes)).to_string()))
    }

    /// A token as a link carries it; `None` for anything that cannot be one (which then opens nothing).
    pub fn parse(input: &str) -> Option<Self> {
        let token = input.trim().to_ascii_uppercase();
        ulid::Ulid::from_string(&token).ok().map(|_| Self(token))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Another token made from this one for `purpose`, which tells nothing of it: a report form's key
    /// gives the report's idempotency key and its tracking link's token, so that a retry of the form
    /// finds both again while the table holds neither the key nor the token.
    pub fn derive(&self, purpose: &str) -> Self {
        let digest = Sha256::digest(format!("{purpose}:{}", self.0).as_bytes());
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest[..16]);
        Self(ulid::Ulid(u128::from_be_bytes(bytes)).to_string())
    }

    /// What the table keeps: the hex SHA-256 of the token.
    pub fn hash(&self) -> String {
        format!("{:x}", Sha256::digest(self.0.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_random_reads_back_and_is_kept_only_as_its_hash() {
        let token = TicketToken::generate().unwrap();
        assert_ne!(token, TicketToken::generate().unwrap());
        assert_eq!(token.as_str().len(), 26);
        assert_eq!(TicketToken::parse(&token.as_str().to_ascii_lowercase()), Some(token.clone()));
        assert_eq!(token.hash().len(), 64);
        assert!(!format!("{token:?}").contains(token.as_str()));
        assert_eq!(TicketToken::parse("<script>"), None);
    }
}
