//! Throttling failed logins: after [`MAX_FAILURES`] failures within [`WINDOW_SECONDS`], an account, or
//! a source address, cools down for [`COOLING_SECONDS`], during which every login for it is refused
//! with 429 and `Retry-After`, whatever the password. Counting per account stops guessing one
//! person's password from many addresses; per address, guessing many accounts' from one.
//!
//! A 112 center usually reaches the internet through one address for the whole room, and a locked
//! room cannot take emergency calls: the address limit is therefore well above a room's honest typing
//! mistakes (a shift change of 50 operators), while still stopping one address guessing through many
//! accounts. The per-account limit is the tight one.

use tanggap_domain::{Timestamp, Username};
use tanggap_store::repo::{RepoError, Subject, ThrottleRepo, Window};

/// Failures that start a cooling period, for an account.
pub const MAX_FAILURES: usize = 5;
/// Failures that start a cooling period, for a source address (a whole center behind one NAT).
pub const MAX_FAILURES_PER_ADDRESS: usize = 50;
/// How far back failures count.
pub const WINDOW_SECONDS: i64 = 15 * 60;
/// How long a cooling period lasts.
pub const COOLING_SECONDS: i64 = 15 * 60;

/// The windows a login attempt counts against.
pub fn subjects(username: Option<&Username>, source: &str) -> Vec<Subject> {
    let mut subjects = vec![Subject::Address(source.to_owned())];
    if let Some(username) = username {
        subjects.insert(0, Subject::Account(username.clone()));
    }
    subjects
}

fn limit(subject: &Subject) -> usize {
    match subject {
        Subject::Account(_) => MAX_FAILURES,
        Subject::Address(_) | Subject::PublicAddress(_) | Subject::PublicPhone(_) => MAX_FAILURES_PER_ADDRESS,
    }
}

/// Seconds until the longest cooling period among `subjects` ends; `None` when none is cooling.
pub async fn retry_after(repo: &ThrottleRepo, subjects: &[Subject], now: Timestamp) -> Result<Option<u64>, RepoError> {
    let mut longest: Option<u64> = None;
    for subject in subjects {
        let window = repo.get(subject).await?;
        if let Some(until) = window.locked_until {
            let millis = until.unix_millis() - now.unix_millis();
            if millis > 0 {
                // Whole seconds, rounded up, so that a client that waits this long is let in.
                let seconds = u64::try_from(millis).unwrap_or(0).div_ceil(1000);
                longest = Some(longest.map_or(seconds, |l| l.max(seconds)));
            }
        }
    }
    Ok(longest)
}

/// Counts a failed login against each subject, starting a cooling period where it reaches the limit.
pub async fn record_failure(repo: &ThrottleRepo, subjects: &[Subject], now: Timestamp) -> Result<(), RepoError> {
    let forget_after = now.plus_seconds(WINDOW_SECONDS + COOLING_SECONDS);
    for subject in subjects {
        let limit = limit(subject);
        repo.update(subject, forget_after, |window| {
            if window.locked_until.is_some_and(|until| until > now) {
                return window;
            }
            let mut failures: Vec<Timestamp> =
                window.failures.into_iter().filter(|at| now.seconds_since(*at) < WINDOW_SECONDS).collect();
            failures.push(now);
            if failures.len() >= limit {
                Window { failures: Vec::new(), locked_until: Some(now.plus_seconds(COOLING_SECONDS)) }
            } else {
                Window { failures, locked_until: None }
            }
        })
        .await?;
    }
    Ok(())
}

/// Forgets an account's failures after it signed in (its address's failures still count).
pub async fn clear_account(repo: &ThrottleRepo, username: &Username, now: Timestamp) -> Result<(), RepoError> {
    let subject = Subject::Account(username.clone());
    if repo.get(&subject).await?.failures.is_empty() {
        return Ok(());
    }
    repo.update(&subject, now, |window| Window { failures: Vec::new(), ..window }).await.map(|_| ())
}
