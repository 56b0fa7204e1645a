//! How often the public may write, counted in the table (so that every function instance sees the same
//! counts): reports and ratings per source address and reports per phone number in a sliding hour,
//! and tracking links that open nothing per address, so that tokens cannot be guessed by trying.
//!
//! Mobile networks put many phones behind one address (carrier-grade NAT), so the per-address limits
//! are far above one person's use; the per-phone limit is the tight one.

use std::sync::atomic::{AtomicU64, Ordering};

use tanggap_domain::{PhoneNumber, Timestamp};
use tanggap_store::repo::{RepoError, Subject, ThrottleRepo, Window};

/// Reports and ratings from one address in [`WINDOW_SECONDS`].
pub const WRITES_PER_ADDRESS: usize = 30;
/// Reports with one phone number in [`WINDOW_SECONDS`].
pub const REPORTS_PER_PHONE: usize = 5;
/// Tracking links that open nothing, from one address in [`WINDOW_SECONDS`].
pub const MISSES_PER_ADDRESS: usize = 20;
pub const WINDOW_SECONDS: i64 = 60 * 60;

/// A limit reached: seconds until the oldest counted request leaves the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limited {
    pub retry_after: u64,
}

/// What is counted.
#[derive(Debug, Clone)]
pub enum Counted {
    /// A report or a rating from an address.
    Write { address: String },
    /// A report with this phone number.
    Report { phone: PhoneNumber },
    /// A tracking link from an address that opened nothing.
    Miss { address: String },
}

impl Counted {
    fn subject(&self) -> Subject {
        match self {
            Self::Write { address } => Subject::PublicAddress(format!("W#{address}")),
            Self::Report { phone } => Subject::PublicPhone(phone.as_str().to_owned()),
            Self::Miss { address } => Subject::PublicAddress(format!("M#{address}")),
        }
    }

    fn limit(&self) -> usize {
        match self {
            Self::Write { .. } => WRITES_PER_ADDRESS,
            Self::Report { .. } => REPORTS_PER_PHONE,
            Self::Miss { .. } => MISSES_PER_ADDRESS,
        }
    }
}

/// Counts one request, unless its limit is reached already (then nothing is counted).
pub async fn count(repo: &ThrottleRepo, counted: &Counted, now: Timestamp) -> Result<Result<(), Limited>, RepoError> {
    let limit = counted.limit();
    // Seconds to wait when refused, 0 when counted (the change may run more than once on a race).
    let refused = AtomicU64::new(0);
    repo.update(&counted.subject(), now.plus_seconds(WINDOW_SECONDS), |window| {
        let mut recent: Vec<Timestamp> =
            window.failures.into_iter().filter(|at| now.seconds_since(*at) < WINDOW_SECONDS).collect();
        if recent.len() >= limit {
            refused.store(retry_after(&recent, now), Ordering::Relaxed);
        } else {
            refused.store(0, Ordering::Relaxed);
            recent.push(now);
        }
        Window { failures: recent, locked_until: None }
    })
    .await?;
    Ok(match refused.load(Ordering::Relaxed) {
        0 => Ok(()),
        retry_after => Err(Limited { retry_after }),
    })
}

/// Whether the limit is reached, without counting (a tracking link is checked before it is looked up).
pub async fn reached(repo: &ThrottleRepo, counted: &Counted, now: Timestamp) -> Result<Option<Limited>, RepoError> {
    let window = repo.get(&counted.subject()).await?;
    let recent: Vec<Timestamp> =
        window.failures.into_iter().filter(|at| now.seconds_since(*at) < WINDOW_SECONDS).collect();
    Ok((recent.len() >= counted.limit()).then(|| Limited { retry_after: retry_after(&recent, now) }))
}

fn retry_after(recent: &[Timestamp], now: Timestamp) -> u64 {
    let oldest = recent.iter().min().copied().unwrap_or(now);
    u64::try_from(WINDOW_SECONDS - now.seconds_since(oldest)).unwrap_or(1).max(1)
}
