//! The morning brief: once the center's clock passes the regency's brief hour, the sweeper writes
//! yesterday's brief (from the dashboard's counters and the incidents open now) to the bell of each
//! executive, agency head and supervisor who asked for it, and queues it on the channels they turned
//! on. Each user's brief is written once (its id is the day's), so a sweep that dies half-way is
//! finished by the next; the day is marked sent only when every brief is stored.

use anyhow::Context as _;
use tanggap_domain::Timestamp;
use tanggap_domain::dashboard::{self, brief};
use tanggap_domain::dto::{DashboardFilter, DayRange};
use tanggap_domain::notification::briefs_for;

use super::fan_out::{notify_one, recipients};
use crate::state::AppState;

/// Sends yesterday's brief if it is due at `now` and not sent yet; how many briefs it stored.
pub async fn send_due(state: &AppState, now: Timestamp) -> anyhow::Result<usize> {
    let Some(day) = brief::due(now, state.intake.utc_offset_hours, state.morning_brief_hour) else { return Ok(0) };
    if state.notifications.brief_sent(day).await.context("reading whether the brief went out")? {
        return Ok(0);
    }
    let range = DayRange { from: day, to: day };
    // The brief compares with nothing: the day alone is read (its previous period's figures stay zero).
    let read = state.dashboard.counters(&[range]).await.context("reading the day's counters")?;
    let open = state.incidents.open_incidents().await.context("reading the open incidents")?;
    let work: Vec<dashboard::OpenWork> = open.iter().filter_map(dashboard::OpenWork::of).collect();
    let figures = dashboard::dashboard(range, &DashboardFilter::default(), &read.counters, &work, read.items_read);
    let brief = brief::brief(&figures, &open);
    let recipients = recipients(state).await?;
    let (mut stored, mut failed) = (0, 0);
    for notification in briefs_for(&brief, &recipients, now) {
        let Some(recipient) = recipients.iter().find(|r| r.username == notification.username) else { continue };
        match notify_one(state, &notification, recipient, now).await {
            Ok(_) => stored += 1,
            Err(error) => {
                failed += 1;
                tracing::error!(notification = %notification.id, error = format!("{error:#}"), "storing a brief");
            }
        }
    }
    anyhow::ensure!(failed == 0, "{failed} brief(s) not stored; the next sweep tries again");
    state.notifications.brief_done(day, now).await.context("marking the brief sent")?;
    if stored > 0 {
        state.delivery.queued.notify_one();
    }
    tracing::info!(%day, stored, "morning brief sent");
    Ok(stored)
}
