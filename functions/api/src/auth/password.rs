//! Passwords: argon2id hashes, and the policy a new password must meet.

use std::sync::{Arc, OnceLock};

use anyhow::{Context as _, anyhow};
use argon2::password_hash::phc::PasswordHash as Phc;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use argon2::{Algorithm, Argon2, Params, Version};
use tanggap_domain::dto::{FieldProblem, password_length_problem};
use tanggap_store::repo::PasswordHash;

/// Argon2id's cost. The production choice is OWASP's minimum for argon2id: 19 MiB of memory, 2
/// passes, 1 lane. Why no more: a function runs with 128 to 256 MB, of which one hash takes 19 MiB
/// (several logins at once still fit), and at the CPU share of such a Lambda one hash takes roughly a
/// tenth to a quarter of a second, which a person signing in does not notice but which makes guessing
/// offline from a stolen table slow. One lane, because a small Lambda has about one vCPU to give.
/// Failed logins are throttled as well, so online guessing is bounded by the throttle, not by this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cost {
    pub memory_kib: u32,
    pub passes: u32,
    pub lanes: u32,
}

impl Cost {
    pub const PRODUCTION: Cost = Cost { memory_kib: 19 * 1024, passes: 2, lanes: 1 };
    /// For tests only: cheap enough for hundreds of logins, still a real argon2id hash.
    pub const TESTING: Cost = Cost { memory_kib: 64, passes: 1, lanes: 1 };
}

/// Hashes and verifies passwords, off the async threads (a hash takes a noticeable moment by design).
#[derive(Clone)]
pub struct Passwords {
    argon2: Arc<Argon2<'static>>,
    /// A hash of nothing, verified against when the user does not exist, so that an unknown username
    /// takes as long to refuse as a wrong password.
    dummy: Arc<OnceLock<PasswordHash>>,
}

impl std::fmt::Debug for Passwords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Passwords").finish_non_exhaustive()
    }
}

impl Default for Passwords {
    fn default() -> Self {
        Self::new(Cost::PRODUCTION).expect("the production cost is a valid argon2 cost")
    }
}

impl Passwords {
    pub fn new(cost: Cost) -> anyhow::Result<Self> {
        let params = Params::new(cost.memory_kib, cost.passes, cost.lanes, None)
            .map_err(|e| anyhow!("argon2 parameters {cost:?}: {e}"))?;
        Ok(Self {
            argon2: Arc::new(Argon2::new(Algorithm::Argon2id, Version::V0x13, params)),
            dummy: Arc::new(OnceLock::new()),
        })
    }

    /// A new hash of `password`, with a fresh random salt.
    pub async fn hash(&self, password: &str) -> anyhow::Result<PasswordHash> {
        let argon2 = self.argon2.clone();
        let password = password.to_owned();
        tokio::task::spawn_blocking(move || hash_now(&argon2, &password)).await.context("the hashing task failed")?
    }

    /// Whether `password` is the one `hash` was made from. The hash carries its own cost, so hashes
    /// made with an older cost still verify.
    pub async fn verify(&self, password: &str, hash: &PasswordHash) -> anyhow::Result<bool> {
        let argon2 = self.argon2.clone();
        let password = password.to_owned();
        let hash = hash.clone();
        tokio::task::spawn_blocking(move || {
            let phc = Phc::new(hash.as_str()).map_err(|e| anyhow!("a stored password hash does not parse: {e}"))?;
            Ok(argon2.verify_password(password.as_bytes(), &phc).is_ok())
        })
        .await
        .context("the verifying task failed")?
    }

    /// Spends the time a verification takes, for a user who does not exist; always `false`.
    pub async fn verify_nobody(&self, password: &str) -> anyhow::Result<bool> {
        let argon2 = self.argon2.clone();
        let dummy = self.dummy.clone();
        let hash = tokio::task::spawn_blocking(move || match dummy.get() {
            Some(hash) => Ok(hash.clone()),
            None => {
                let hash = hash_now(&argon2, "no such user")?;
                Ok::<_, anyhow::Error>(dummy.get_or_init(|| hash).clone())
            }
        })
        .await
        .context("the hashing task failed")??;
        self.verify(password, &hash).await.map(|_| false)
    }
}

fn hash_now(argon2: &Argon2<'static>, password: &str) -> anyhow::Result<PasswordHash> {
    let phc = argon2.hash_password(password.as_bytes()).map_err(|e| anyhow!("hashing a password: {e}"))?;
    Ok(PasswordHash::new(phc.to_string()))
}

/// The least zxcvbn score a new password needs: 3 of 4, "more than 10^8 guesses" by its estimate.
/// zxcvbn (Dropbox's estimator) knows the commonest passwords of leaked lists, English words, names,
/// keyboard walks, sequences and repeats, and counts how guessable what is left is; that refuses
/// `password123`, `1234567890` and `qwertyuiop` while a passphrase, or an Indonesian word with digits
/// such as the demo's `tanggap112`, passes.
pub const MIN_SCORE: u8 = 3;

/// Checks a new password against the policy (NIST SP 800-63B: a minimum length, no maximum below 64,
/// no composition rules, and a check against known and easily guessed passwords). `related` are the
/// user's own words (username, display name), which make a password easy to guess for them.
pub fn check_policy(password: &str, related: &[&str]) -> Result<(), FieldProblem> {
    if let Some(problem) = password_length_problem(password) {
        return Err(problem);
    }
    let score: u8 = zxcvbn::zxcvbn(password, related).score().into();
    if score < MIN_SCORE { Err(FieldProblem::TooCommon) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_password_passes_and_the_commonest_do_not() {
        assert_eq!(check_policy("tanggap112", &["admin", "Admin"]), Ok(()));
        assert_eq!(check_policy("kopi susu di pagi hari", &[]), Ok(()));
        for common in ["password123", "1234567890", "qwertyuiop", "iloveyou12", "passw0rd123", "qwerty123456"] {
            assert_eq!(check_policy(common, &[]), Err(FieldProblem::TooCommon), "{common}");
        }
        assert_eq!(check_policy("siti.rahma2024", &["siti.rahma", "Siti Rahma"]), Err(FieldProblem::TooCommon));
    }

    #[test]
    fn length_is_checked_first() {
        assert_eq!(check_policy("Xk9#", &[]), Err(FieldProblem::TooShort(10)));
        assert!(matches!(check_policy(&"x".repeat(129), &[]), Err(FieldProblem::TooLong(128))));
    }

    #[tokio::test]
    async fn a_hash_verifies_only_its_password_and_is_argon2id() {
        let passwords = Passwords::new(Cost::TESTING).unwrap();
        let hash = passwords.hash("tanggap112").await.unwrap();
        assert!(hash.as_str().starts_with("$argon2id$v=19$m=64,t=1,p=1$"), "{}", hash.as_str());
        assert!(passwords.verify("tanggap112", &hash).await.unwrap());
        assert!(!passwords.verify("tanggap113", &hash).await.unwrap());
        assert!(!passwords.verify_nobody("tanggap112").await.unwrap());
    }

    #[test]
    fn production_cost_is_owasps_minimum_for_argon2id() {
        assert_eq!(Cost::PRODUCTION, Cost { memory_kib: 19_456, passes: 2, lanes: 1 });
        assert!(Passwords::new(Cost::PRODUCTION).is_ok());
    }
}
