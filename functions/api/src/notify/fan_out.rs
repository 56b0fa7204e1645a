//! From a stored change to each user's notifications: a [`PendingNotice`], written in the change's own
//! transaction, is turned into notifications by the domain's rules (`tanggap_domain::notification`),
//! each written to its user's in-app list with the Web Push messages and webhook calls the user's
//! settings ask for queued in the outbox. The service fans a notice out right after its change; should
//! the process die in between (or storage fail), the `notifier` function does it seconds later from
//! the table's stream, and the sweeper a minute later for any notice still pending, so nothing is lost. Fanning out twice writes nothing twice: a notification is written only if absent.

use anyhow::Context as _;
use tanggap_domain::notification::{Notification, Recipient, notifications_for};
use tanggap_domain::{Change, IncidentId, Timestamp};
use tanggap_store::repo::{Delivery as Queued, PendingNotice};

use crate::duty::DutyNow;
use crate::state::AppState;

/// Whether a change may notify someone: the changes [`notifications_for`] has rules for. Most changes
/// (notes, edits, steps) notify nobody and need no notice.
pub fn may_notify(change: &Change) -> bool {
    match change {
        Change::Dispatched { .. } | Change::SupportRequested { .. } | Change::Escalated { .. } => true,
        Change::Rated { stars, .. } => stars.is_poor(),
        Change::Complained { .. } => true,
        _ => false,
    }
}

/// The most browsers a user keeps subscribed (subscribing another forgets the oldest): each is one
/// delivery in its notification's transaction, and a user rarely has more than a phone and a desk.
pub const MAX_BROWSERS_PER_USER: usize = 10;

/// How many pending notices one sweep fans out: far more than a minute's changes ever leave behind.
const PENDING_BATCH: usize = 100;

/// Writes the notice's notifications and forgets it; returns how many deliveries it queued and wakes
/// the local delivery task for them. Never fails the caller: on a failure the notice stays pending for
/// the sweeper, and the failure is logged with its context.
pub async fn fan_out(state: &AppState, notice: &PendingNotice) -> usize {
    match notify(state, notice).await {
        Ok(queued) => {
            if queued > 0 {
                tracing::debug!(incident = %notice.incident.id, queued, "deliveries queued");
                state.delivery.queued.notify_one();
            }
            queued
        }
        Err(error) => {
            tracing::error!(
                incident = %notice.incident.id,
                version = notice.incident.version,
                error = format!("{error:#}"),
                "notifying of an incident's change; left for the sweeper"
            );
            0
        }
    }
}

/// Fans out every notice still pending (the sweeper's backstop).
pub async fn fan_out_pending(state: &AppState) {
    let pending = match state.notifications.pending_notices(PENDING_BATCH).await {
        Ok(pending) => pending,
        Err(error) => {
            tracing::error!(error = %error, "reading the pending notices");
            return;
        }
    };
    for notice in &pending {
        tracing::info!(incident = %notice.incident.id, version = notice.incident.version, "fanning out a pending notice");
        fan_out(state, notice).await;
    }
}

/// Fans out the notices named by `(incident, version)` that are still pending, read strongly
/// consistent: for a caller told of new notices (the `notifier` function, from the table's stream),
/// which must not wait for the index to show them. A notice fanned out already is gone and skipped.
pub async fn fan_out_named(state: &AppState, named: &[(IncidentId, u64)]) -> usize {
    let mut queued = 0;
    for (incident, version) in named {
        match state.notifications.notice(incident, *version).await {
            Ok(Some(notice)) => queued += fan_out(state, &notice).await,
            Ok(None) => {}
            Err(error) => tracing::error!(%incident, version, error = %error, "reading a pending notice"),
        }
    }
    queued
}

/// What [`fan_out`] does; the number of deliveries queued. The notice is forgotten only when every
/// notification is stored.
async fn notify(state: &AppState, notice: &PendingNotice) -> anyhow::Result<usize> {
    let recipients = recipients(state).await?;
    let now = state.clock.now();
    let mut queued = 0;
    let mut failed = 0;
    for event in notice.events.iter().filter(|event| may_notify(&event.change)) {
        for notification in notifications_for(&notice.incident, event, &recipients) {
            // One user's failure (a storage hiccup) must not keep the others from being told.
            let Some(recipient) = recipients.iter().find(|r| r.username == notification.username) else { continue };
            match notify_one(state, &notification, recipient, now).await {
                Ok(n) => queued += n,
                Err(error) => {
                    failed += 1;
                    tracing::error!(notification = %notification.id, error = format!("{error:#}"), "storing a notification");
                }
            }
        }
    }
    anyhow::ensure!(failed == 0, "{failed} notification(s) not stored");
    state.notifications.notice_done(notice).await.context("forgetting the notice")?;
    Ok(queued)
}

/// Every active user, with their notification settings and how firmly they are on duty now.
pub(super) async fn recipients(state: &AppState) -> anyhow::Result<Vec<Recipient>> {
    let users = state.users.list().await.context("listing the users to notify")?;
    let mut settings = state.notifications.all_settings().await.context("reading the users' notification settings")?;
    let duty = DutyNow::read(state).await?;
    Ok(users
        .into_iter()
        .filter(|user| !user.disabled)
        .map(|user| {
            let settings = settings.remove(&user.username).unwrap_or_default();
            Recipient {
                duty: duty.duty(&user.username, settings.on_duty),
                settings,
                username: user.username,
                role: user.role,
                agency: user.agency,
            }
        })
        .collect())
}

/// Stores one notification with its deliveries, unless the event notified the user already; returns
/// how many deliveries it queued.
pub(super) async fn notify_one(
    state: &AppState,
    notification: &Notification,
    recipient: &Recipient,
    now: Timestamp,
) -> anyhow::Result<usize> {
    let mut deliveries = Vec::new();
    if state.delivery.vapid.is_some() && recipient.pushes(notification) {
        let browsers = state.notifications.subscriptions(&recipient.username).await.context("reading subscriptions")?;
        // The newest browsers: an old one is likelier to be gone.
        for browser in browsers.iter().rev().take(MAX_BROWSERS_PER_USER) {
            deliveries.push(Queued::push(notification, &browser.subscription.endpoint, now));
        }
    }
    if state.delivery.webhook.is_some()
        && recipient.hooks(notification)
        && let Some(contact) = &recipient.settings.contact
    {
        deliveries.push(Queued::webhook(notification, contact, now));
    }
    let added = state.notifications.add(notification, &deliveries).await.context("storing the notification")?;
    Ok(if added { deliveries.len() } else { 0 })
}
