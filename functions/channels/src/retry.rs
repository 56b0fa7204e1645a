//! When to try a failed delivery again.

use std::time::Duration;

/// Minutes to wait after the 1st, 2nd, ... failed attempt: doubling from a minute (a push service's or
/// receiver's hiccup), then hourly up to about three hours in all (an agency's server down for the
/// afternoon), then the delivery is given up and shown as failed.
const SCHEDULE_MINUTES: [u64; 8] = [1, 2, 4, 8, 16, 32, 60, 60];

/// How many attempts a delivery gets in all: the first and one retry per step of the schedule.
pub const DELIVERY_ATTEMPTS: u32 = SCHEDULE_MINUTES.len() as u32 + 1;

/// How long to wait after attempt `attempt` (counted from 1) failed: 1, 2, 4, 8, 16, 32, 60, 60 minutes,
/// then `None`: give up. Attempt 0 is read as 1, so a caller counting from 0 still waits rather than stops.
pub fn backoff(attempt: u32) -> Option<Duration> {
    let step = attempt.max(1) - 1;
    let minutes = SCHEDULE_MINUTES.get(usize::try_from(step).ok()?)?;
    Some(Duration::from_secs(minutes * 60))
}
