//! The sweeper: once a minute (EventBridge Scheduler on AWS, a timer in the local server) it walks the
//! open incidents, records the SLA breaches the domain finds ([`Incident::record_sweep`]) with their
//! escalations, tells whoever they are escalated to, fans out the notices a process left pending, adds
//! the dashboard counts left pending to their days, sends the morning brief when it is due, and retries
//! the notifications that could not be delivered before.
//!
//! A breach is recorded in the incident's own history with a version check, so that two sweeps that
//! overlap (a slow one and the next) record it once: the second finds the version moved, reads again,
//! and finds nothing left to record.

use anyhow::Context as _;
use tanggap_domain::{Incident, IncidentStatus, Timestamp};

use crate::incidents::{self, Acting, ChangeError, Decision, Outcome};
use crate::state::AppState;

/// What one sweep did, for its log line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SweepReport {
    /// Dispatched incidents looked at.
    pub incidents: usize,
    /// Incidents with something recorded.
    pub recorded: usize,
    /// Breaches and escalations recorded.
    pub events: usize,
    /// Incidents that changed under the sweep twice in a row: left for the next sweep.
    pub skipped: usize,
}

/// One sweep at `now`. An incident that cannot be read or written is logged and left for the next
/// sweep; only a failure to list the open incidents fails the sweep.
#[tracing::instrument(name = "sweep", skip_all, fields(now = %now))]
pub async fn run(state: &AppState, now: Timestamp) -> anyhow::Result<SweepReport> {
    let open = state.incidents.open_incidents().await.context("listing the open incidents")?;
    // Once per store: the open work of incidents opened before the backlog was kept beside them.
    if let Err(error) = state.dashboard.backfill_open_work(&open).await {
        tracing::warn!(error = format!("{error:#}"), "open work left for the next sweep");
    }
    let mut report = SweepReport::default();
    for incident in open.into_iter().filter(|incident| incident.status == IncidentStatus::Dispatched) {
        report.incidents += 1;
        let id = incident.id.clone();
        match sweep_one(state, incident, now).await {
            Ok(Some(events)) => {
                report.recorded += 1;
                report.events += events;
            }
            Ok(None) => {}
            Err(err) => {
                report.skipped += 1;
                tracing::warn!(incident = %id, error = format!("{err:#}"), "incident left for the next sweep");
            }
        }
    }
    // Notices a process left pending (it died, or storage failed, right after the change).
    crate::notify::fan_out_pending(state).await;
    fold_counters(state).await;
    // After the fold, so that the brief counts yesterday's last changes.
    if let Err(error) = crate::notify::send_brief_due(state, now).await {
        tracing::warn!(error = format!("{error:#}"), "morning brief left for the next sweep");
    }
    crate::notify::deliver_due(state, now).await;
    if report.events > 0 || report.skipped > 0 {
        tracing::info!(?report, "sweep recorded breaches");
    }
    Ok(report)
}

/// The most folds one sweep makes: enough for a flood hour's backlog (40 changes each), bounded so
/// that a sweep always ends.
const MAX_FOLDS: usize = 250;

/// Adds the dashboard counts that the minute's changes left pending to their days: one rewrite of a
/// day's item for up to 40 changes, instead of one per change.
async fn fold_counters(state: &AppState) {
    for _ in 0..MAX_FOLDS {
        match state.dashboard.fold().await {
            Ok(folded) if folded.more => {}
            Ok(_) => return,
            Err(err) => {
                tracing::warn!(error = format!("{err:#}"), "dashboard counters left for the next sweep");
                return;
            }
        }
    }
}

/// Records what is due on one incident, through the one write path (which decides again on a newer
/// version when an officer's step lands first); the number of events written, if any.
async fn sweep_one(state: &AppState, incident: Incident, now: Timestamp) -> anyhow::Result<Option<usize>> {
    let decision = Decision::Sweep { id: incident.id, now, rules: state.escalation };
    match incidents::execute(state, Acting::System, decision, None).await {
        Ok(Outcome::Changed { events, .. }) => Ok(Some(events.len())),
        Ok(Outcome::Unchanged(_) | Outcome::Replayed(_)) => Ok(None),
        // Closed or cancelled since the board was read: nothing left to sweep.
        Err(ChangeError::NotFound) => Ok(None),
        Err(ChangeError::Conflict(_)) => anyhow::bail!("the incident kept changing under the sweep"),
        Err(err) => Err(anyhow::Error::new(err).context("recording the breaches")),
    }
}
