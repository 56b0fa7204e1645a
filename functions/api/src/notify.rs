//! Notifications: what an incident's change means for each user, and getting it to them.
//!
//! [`after_change`] runs after every stored change of an incident: it turns the change's events into
//! notifications by the domain's rules (`tanggap_domain::notification`), writes each one to its user's
//! in-app list, and queues in the outbox the Web Push messages and webhook calls the user's settings ask
//! for. [`deliver_due`] sends what the outbox holds, retrying failures on
//! [`tanggap_channels::backoff`]'s schedule; the sweeper runs it every minute, the `notifier` function
//! when deliveries are queued (from the table's stream), and the local server's delivery task when
//! [`Delivery::queued`] wakes it.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context as _;
use futures::StreamExt as _;
use serde::Serialize;
use serde_json::json;
use tanggap_channels::{DeliveryError, PushSubscription, Sender, Vapid, VapidKey, Webhook};
use tanggap_domain::notification::{Notification, NotificationKind, Recipient, Urgency, notifications_for};
use tanggap_domain::{Change, Event, Incident, Lang, Timestamp};
use tanggap_store::repo::{Channel, Delivery as Queued};
use tokio::sync::Notify;
use tracing::Instrument as _;

use crate::state::AppState;

/// The channels that leave the system, as this deployment has them, and the HTTP client they share.
#[derive(Clone)]
pub struct Delivery {
    /// Web Push: the server's key and contact; none where the deployment has no Web Push.
    pub vapid: Option<Vapid>,
    /// The regency's webhook (a WhatsApp or Telegram gateway); none where it has none.
    pub webhook: Option<Webhook>,
    pub sender: Sender,
    /// Woken when deliveries were queued: the local server's delivery task waits on it.
    pub queued: Arc<Notify>,
}

impl Delivery {
    /// Delivery over these channels (either may be absent).
    pub fn new(vapid: Option<Vapid>, webhook: Option<Webhook>) -> Self {
        Self { vapid, webhook, sender: Sender::new(), queued: Arc::new(Notify::new()) }
    }

    /// Only the bell: nothing leaves the system.
    pub fn none() -> Self {
        Self::new(None, None)
    }

    /// The local server's: the VAPID key in `<data dir>/vapid.key` (made on first start), the subject
    /// from `TANGGAP_VAPID_SUBJECT`, the webhook from `TANGGAP_WEBHOOK_URL` and `TANGGAP_WEBHOOK_SECRET`.
    pub async fn local(data_dir: &Path, lookup: impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        let config = DeliveryConfig::from_lookup(&lookup)?;
        let path = data_dir.join(VAPID_KEY_FILE);
        let key = tokio::task::spawn_blocking(move || load_or_create_vapid_key(&path))
            .await
            .context("the VAPID key file task")??;
        let webhook = match (config.webhook_url, lookup(DeliveryConfig::WEBHOOK_SECRET)) {
            (Some(url), Some(secret)) => Some(webhook(url, secret)?),
            (Some(_), None) => {
                anyhow::bail!("{} needs {}", DeliveryConfig::WEBHOOK_URL, DeliveryConfig::WEBHOOK_SECRET)
            }
            (None, _) => None,
        };
        Ok(Self::new(Some(Vapid { key, subject: config.vapid_subject }), webhook))
    }

    /// A Lambda function's, from its environment: the VAPID key and the webhook's secret from SSM
    /// Parameter Store (one call per cold start, none when neither is configured).
    #[cfg(feature = "ssm")]
    pub async fn lambda() -> anyhow::Result<Self> {
        let config = DeliveryConfig::from_lookup(|name| std::env::var(name).ok())?;
        let names: Vec<String> =
            [&config.vapid_key_parameter, &config.webhook_secret_parameter].into_iter().flatten().cloned().collect();
        let values = ssm_parameters(&names).await?;
        let value = |name: &Option<String>| -> anyhow::Result<Option<String>> {
            let Some(name) = name else { return Ok(None) };
            values.get(name).cloned().map(Some).with_context(|| format!("SSM parameter {name} has no value"))
        };
        let vapid = match value(&config.vapid_key_parameter)? {
            Some(text) => Some(Vapid {
                key: VapidKey::from_base64url(&text).with_context(|| {
                    format!("the VAPID key in SSM parameter {}", config.vapid_key_parameter.as_deref().unwrap_or(""))
                })?,
                subject: config.vapid_subject,
            }),
            None => None,
        };
        let webhook = match (config.webhook_url, value(&config.webhook_secret_parameter)?) {
            (Some(url), Some(secret)) => Some(webhook(url, secret)?),
            (Some(_), None) => {
                anyhow::bail!("{} needs {}", DeliveryConfig::WEBHOOK_URL, DeliveryConfig::WEBHOOK_SECRET_PARAMETER)
            }
            (None, _) => None,
        };
        tracing::info!(push = vapid.is_some(), webhook = webhook.is_some(), "notification channels ready");
        Ok(Self::new(vapid, webhook))
    }
}

impl Default for Delivery {
    fn default() -> Self {
        Self::none()
    }
}

impl std::fmt::Debug for Delivery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Delivery").field("vapid", &self.vapid).field("webhook", &self.webhook).finish_non_exhaustive()
    }
}

/// The notification channels' configuration, from environment variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryConfig {
    /// `TANGGAP_VAPID_KEY_PARAMETER`: the SSM SecureString holding the VAPID private key (base64url of
    /// the 32-byte P-256 scalar). Without it, no Web Push (Lambda functions).
    pub vapid_key_parameter: Option<String>,
    /// `TANGGAP_VAPID_SUBJECT`, default `mailto:112@localhost`: how push services reach the operator.
    pub vapid_subject: String,
    /// `TANGGAP_WEBHOOK_URL`: where the regency's gateway takes notifications. Without it, no webhook.
    pub webhook_url: Option<String>,
    /// `TANGGAP_WEBHOOK_SECRET_PARAMETER`: the SSM SecureString holding the webhook's signing secret
    /// (Lambda functions; the local server reads `TANGGAP_WEBHOOK_SECRET`).
    pub webhook_secret_parameter: Option<String>,
}

impl DeliveryConfig {
    pub const VAPID_KEY_PARAMETER: &str = "TANGGAP_VAPID_KEY_PARAMETER";
    pub const VAPID_SUBJECT: &str = "TANGGAP_VAPID_SUBJECT";
    pub const WEBHOOK_URL: &str = "TANGGAP_WEBHOOK_URL";
    pub const WEBHOOK_SECRET_PARAMETER: &str = "TANGGAP_WEBHOOK_SECRET_PARAMETER";
    /// The local server's webhook secret, as is.
    pub const WEBHOOK_SECRET: &str = "TANGGAP_WEBHOOK_SECRET";
    pub const DEFAULT_SUBJECT: &str = "mailto:112@localhost";

    /// Reads the configuration through `lookup` (the environment, or a map in tests). A blank value is
    /// unset.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        let given = |name: &str| lookup(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let vapid_subject = given(Self::VAPID_SUBJECT).unwrap_or_else(|| Self::DEFAULT_SUBJECT.to_owned());
        if !(vapid_subject.starts_with("mailto:") || vapid_subject.starts_with("https://")) {
            anyhow::bail!("{}={vapid_subject:?} is not a mailto: or https: URL", Self::VAPID_SUBJECT);
        }
        Ok(Self {
            vapid_key_parameter: given(Self::VAPID_KEY_PARAMETER),
            vapid_subject,
            webhook_url: given(Self::WEBHOOK_URL),
            webhook_secret_parameter: given(Self::WEBHOOK_SECRET_PARAMETER),
        })
    }
}

fn webhook(url: String, secret: String) -> anyhow::Result<Webhook> {
    Webhook::new(url.clone(), secret).with_context(|| format!("{}={url:?}", DeliveryConfig::WEBHOOK_URL))
}

/// The local server's VAPID key file, in the data directory.
pub const VAPID_KEY_FILE: &str = "vapid.key";

/// Reads the key file, or makes it with a new key, readable only by its owner. The key must outlive
/// restarts: browsers subscribed with its public half.
fn load_or_create_vapid_key(path: &Path) -> anyhow::Result<VapidKey> {
    use std::io::Write as _;
    match std::fs::read_to_string(path) {
        Ok(text) => {
            return VapidKey::from_base64url(&text).with_context(|| format!("the VAPID key in {}", path.display()));
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
        Err(err) => return Err(err).with_context(|| format!("reading the VAPID key {}", path.display())),
    }
    let key = VapidKey::generate();
    let mut options = std::fs::OpenOptions::new();
    // `create_new`: if two processes race, one creates it and the other fails rather than overwrite.
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).with_context(|| format!("creating the VAPID key {}", path.display()))?;
    file.write_all(format!("{}\n", key.to_base64url()).as_bytes())
        .and_then(|()| file.sync_all())
        .with_context(|| format!("writing the VAPID key {}", path.display()))?;
    tracing::info!(path = %path.display(), "created a new VAPID key for Web Push");
    Ok(key)
}

#[cfg(feature = "ssm")]
async fn ssm_parameters(names: &[String]) -> anyhow::Result<std::collections::HashMap<String, String>> {
    if names.is_empty() {
        return Ok(Default::default());
    }
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let output = aws_sdk_ssm::Client::new(&config)
        .get_parameters()
        .set_names(Some(names.to_vec()))
        .with_decryption(true)
        .send()
        .await
        .map_err(|e| anyhow::anyhow!("{}", aws_sdk_ssm::error::DisplayErrorContext(e)))
        .with_context(|| format!("reading SSM parameters {}", names.join(", ")))?;
    if !output.invalid_parameters().is_empty() {
        anyhow::bail!("SSM parameters not found: {}", output.invalid_parameters().join(", "));
    }
    Ok(output.parameters().iter().filter_map(|p| Some((p.name()?.to_owned(), p.value()?.trim().to_owned()))).collect())
}

// ---- after a change ------------------------------------------------------------------------------

/// Notifies whom `events` (just stored, and applied in `incident`) concern. Never fails the caller:
/// the change is stored whatever becomes of its notifications; a failure is logged with its context.
pub async fn after_change(state: &AppState, incident: &Incident, events: &[Event]) {
    match notify(state, incident, events).await {
        Ok(0) => {}
        Ok(queued) => {
            tracing::debug!(incident = %incident.id, queued, "deliveries queued");
            state.delivery.queued.notify_one();
        }
        Err(error) => {
            tracing::error!(incident = %incident.id, error = format!("{error:#}"), "notifying of an incident's change");
        }
    }
}

/// What `after_change` does; returns how many deliveries it queued.
async fn notify(state: &AppState, incident: &Incident, events: &[Event]) -> anyhow::Result<usize> {
    // Most changes (notes, edits, steps) notify nobody: they need not read every user. These are the
    // changes `notifications_for` has rules for.
    let notifies = |event: &Event| {
        matches!(event.change, Change::Dispatched { .. } | Change::SupportRequested { .. } | Change::Escalated { .. })
    };
    if !events.iter().any(notifies) {
        return Ok(0);
    }
    let users = state.users.list().await.context("listing the users to notify")?;
    let mut settings = state.notifications.all_settings().await.context("reading the users' notification settings")?;
    let recipients: Vec<Recipient> = users
        .into_iter()
        .filter(|user| !user.disabled)
        .map(|user| Recipient {
            settings: settings.remove(&user.username).unwrap_or_default(),
            username: user.username,
            role: user.role,
            agency: user.agency,
        })
        .collect();
    let now = state.clock.now();
    let mut queued = 0;
    for event in events.iter().filter(|event| notifies(event)) {
        for notification in notifications_for(incident, event, &recipients) {
            // One user's failure (a storage hiccup) must not keep the others from being told.
            let Some(recipient) = recipients.iter().find(|r| r.username == notification.username) else { continue };
            match notify_one(state, &notification, recipient, now).await {
                Ok(n) => queued += n,
                Err(error) => tracing::error!(
                    notification = %notification.id,
                    error = format!("{error:#}"),
                    "storing a notification"
                ),
            }
        }
    }
    Ok(queued)
}

/// The most browsers a user keeps subscribed (subscribing another forgets the oldest): each is one
/// delivery in its notification's transaction, and a user rarely has more than a phone and a desk.
pub const MAX_BROWSERS_PER_USER: usize = 10;

/// Stores one notification with its deliveries, unless the event notified the user already; returns
/// how many deliveries it queued.
async fn notify_one(
    state: &AppState,
    notification: &Notification,
    recipient: &Recipient,
    now: Timestamp,
) -> anyhow::Result<usize> {
    let mut deliveries = Vec::new();
    if state.delivery.vapid.is_some() && recipient.settings.pushes(notification.urgency) {
        let browsers = state.notifications.subscriptions(&recipient.username).await.context("reading subscriptions")?;
        // The newest browsers: an old one is likelier to be gone.
        for browser in browsers.iter().rev().take(MAX_BROWSERS_PER_USER) {
            deliveries.push(Queued::push(notification, &browser.subscription.endpoint, now));
        }
    }
    if state.delivery.webhook.is_some()
        && recipient.settings.hooks(notification.urgency)
        && let Some(contact) = &recipient.settings.contact
    {
        deliveries.push(Queued::webhook(notification, contact, now));
    }
    let added = state.notifications.add(notification, &deliveries).await.context("storing the notification")?;
    Ok(if added { deliveries.len() } else { 0 })
}

// ---- delivering --------------------------------------------------------------------------------

/// What one delivery run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DeliveryReport {
    /// Accepted by the push service or the webhook.
    pub sent: u32,
    /// Failed for now; due again later.
    pub retrying: u32,
    /// Not sent and given up: refused, out of attempts, too old to matter, or its channel is gone
    /// from the deployment.
    pub failed: u32,
    /// The browser's subscription is gone (404/410) or was removed: dropped.
    pub dropped: u32,
    /// Taken by another run first.
    pub skipped: u32,
}

impl DeliveryReport {
    fn add(&mut self, outcome: Outcome) {
        let count = match outcome {
            Outcome::Sent => &mut self.sent,
            Outcome::Retrying => &mut self.retrying,
            Outcome::Failed => &mut self.failed,
            Outcome::Dropped => &mut self.dropped,
            Outcome::Skipped => &mut self.skipped,
        };
        *count += 1;
    }

    /// Whether the run did nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Sent,
    Retrying,
    Failed,
    Dropped,
    Skipped,
}

/// How many deliveries one run reads at a time, and sends at once: push services and gateways answer
/// in tens of milliseconds, and a slow one (up to the sender's 10 s timeout) must not hold up the rest.
const BATCH: usize = 100;
const CONCURRENT: usize = 8;
/// A run stops after this many batches: a backlog larger than that is left for the next run rather
/// than keeping a Lambda function busy to its timeout.
const MAX_BATCHES: usize = 10;

/// How long a claim holds a delivery whose attempt is the last: should the process die while sending,
/// another run tries once more after this.
const LAST_CLAIM_SECONDS: i64 = 60 * 60;

/// Delivers what the outbox holds due at `now`. Idempotent and safe to run concurrently: each
/// delivery is claimed before it is sent, so two runs never send it both. Never fails: problems are
/// logged, and what could not be sent stays queued.
pub async fn deliver_due(state: &AppState, now: Timestamp) -> DeliveryReport {
    let mut report = DeliveryReport::default();
    for _ in 0..MAX_BATCHES {
        let due = match state.notifications.due(now, BATCH).await {
            Ok(due) => due,
            Err(error) => {
                tracing::error!(error = %error, "reading the deliveries due");
                break;
            }
        };
        let full = due.len() == BATCH;
        let outcomes: Vec<Outcome> = futures::stream::iter(due)
            .map(|queued| deliver(state, queued, now))
            .buffer_unordered(CONCURRENT)
            .collect()
            .await;
        let progressed = outcomes.iter().any(|o| *o != Outcome::Skipped);
        outcomes.into_iter().for_each(|outcome| report.add(outcome));
        // A full batch may hide more; one where nothing moved would only be read again.
        if !full || !progressed {
            break;
        }
    }
    if !report.is_empty() {
        tracing::info!(?report, "deliveries run");
    }
    report
}

/// Delivers the queued deliveries named by `ids` that are due at `now` (those already sent or not due
/// are left alone): read strongly consistent, for a caller that knows what was just queued (the
/// `notifier` function, from the table's stream) and must not wait for the index to show it.
pub async fn deliver_ids(state: &AppState, ids: &[String], now: Timestamp) -> DeliveryReport {
    let mut report = DeliveryReport::default();
    let read = futures::stream::iter(ids).map(|id| async move { (id, state.notifications.delivery(id).await) });
    let found: Vec<Queued> = read
        .buffer_unordered(CONCURRENT)
        .filter_map(|(id, read)| async move {
            match read {
                Ok(queued) => queued.filter(|q| q.due <= now),
                Err(error) => {
                    tracing::error!(delivery = %id, error = %error, "reading a queued delivery");
                    None
                }
            }
        })
        .collect()
        .await;
    let outcomes: Vec<Outcome> = futures::stream::iter(found)
        .map(|queued| deliver(state, queued, now))
        .buffer_unordered(CONCURRENT)
        .collect()
        .await;
    outcomes.into_iter().for_each(|outcome| report.add(outcome));
    report
}

/// Claims, sends and settles one delivery.
async fn deliver(state: &AppState, queued: Queued, now: Timestamp) -> Outcome {
    let span = tracing::info_span!("delivery", id = %queued.id, attempt = queued.attempts + 1);
    match attempt(state, &queued, now).instrument(span).await {
        Ok(outcome) => outcome,
        Err(error) => {
            // A storage failure around the send: the claim (if made) brings it back when it runs out.
            tracing::error!(delivery = %queued.id, error = format!("{error:#}"), "delivering a notification");
            Outcome::Retrying
        }
    }
}

async fn attempt(state: &AppState, queued: &Queued, now: Timestamp) -> anyhow::Result<Outcome> {
    let repo = &state.notifications;
    let attempt = queued.attempts + 1;
    if attempt > tanggap_channels::DELIVERY_ATTEMPTS {
        tracing::warn!(delivery = %queued.id, error = ?queued.last_error, "delivery given up after every attempt");
        repo.remove_delivery(&queued.id).await.context("removing a delivery out of attempts")?;
        return Ok(Outcome::Failed);
    }
    let again_in = tanggap_channels::backoff(attempt).map_or(LAST_CLAIM_SECONDS, |wait| wait.as_secs() as i64);
    let Some(claimed) = repo.claim(queued, now.plus_seconds(again_in)).await.context("claiming a delivery")? else {
        return Ok(Outcome::Skipped);
    };
    let sent = match &claimed.channel {
        Channel::Push { endpoint } => {
            let Some(vapid) = &state.delivery.vapid else {
                return give_up(state, &claimed, "this deployment no longer has Web Push").await;
            };
            let username = &claimed.notification.username;
            let subscription = repo.subscription(username, endpoint).await.context("reading the push subscription")?;
            let Some(subscription) = subscription else {
                // Unsubscribed since it was queued.
                repo.remove_delivery(&claimed.id).await.context("removing a delivery to a removed browser")?;
                return Ok(Outcome::Dropped);
            };
            let ttl = push_ttl(&claimed.notification, now);
            if ttl == 0 {
                return give_up(state, &claimed, "too old to push").await;
            }
            let to = PushSubscription {
                endpoint: subscription.endpoint,
                p256dh: subscription.keys.p256dh,
                auth: subscription.keys.auth,
            };
            let urgency = match claimed.notification.urgency {
                Urgency::Urgent => tanggap_channels::Urgency::High,
                Urgency::Routine => tanggap_channels::Urgency::Normal,
            };
            let payload = push_payload(&claimed.notification);
            state.delivery.sender.push(vapid, &to, &payload, ttl, urgency).await
        }
        Channel::Webhook { contact } => {
            let Some(hook) = &state.delivery.webhook else {
                return give_up(state, &claimed, "this deployment no longer has a webhook").await;
            };
            let body = webhook_body(&claimed.notification, contact);
            state.delivery.sender.webhook(hook, &body, now.unix_millis().div_euclid(1000)).await
        }
    };
    match sent {
        Ok(()) => {
            repo.remove_delivery(&claimed.id).await.context("removing a sent delivery")?;
            Ok(Outcome::Sent)
        }
        Err(DeliveryError::Gone) => {
            repo.remove_delivery(&claimed.id).await.context("removing a delivery to a gone destination")?;
            if let Channel::Push { endpoint } = &claimed.channel {
                repo.remove_subscription(&claimed.notification.username, endpoint)
                    .await
                    .context("dropping a gone push subscription")?;
                tracing::info!(delivery = %claimed.id, "push subscription gone: dropped");
                Ok(Outcome::Dropped)
            } else {
                tracing::warn!(delivery = %claimed.id, "the webhook answered gone (404/410)");
                Ok(Outcome::Failed)
            }
        }
        Err(DeliveryError::Retry(reason)) if tanggap_channels::backoff(claimed.attempts).is_some() => {
            tracing::warn!(delivery = %claimed.id, attempt = claimed.attempts, %reason, due = %claimed.due, "delivery failed; retrying later");
            repo.failed(&claimed, &reason).await.context("recording a failed attempt")?;
            Ok(Outcome::Retrying)
        }
        Err(error) => give_up(state, &claimed, &error.to_string()).await,
    }
}

/// Removes a delivery that will never go out, saying why.
async fn give_up(state: &AppState, claimed: &Queued, reason: &str) -> anyhow::Result<Outcome> {
    tracing::warn!(delivery = %claimed.id, attempt = claimed.attempts, reason, "delivery given up");
    state.notifications.remove_delivery(&claimed.id).await.context("removing a delivery given up")?;
    Ok(Outcome::Failed)
}

/// How long a push service keeps a message for a device that is offline (the `TTL` header), counted
/// from the notification's event. Urgent work: 10 minutes. Past that the acknowledgement target has
/// run out, the breach has gone up to the agency head and supervisor, and the center is on the phone:
/// a phone that comes back later should not ring for an alarm that others have since acted on (the
/// bell still lists it). Routine work: an hour. It waits for the shift anyway, and an hour-old reminder
/// still helps whoever comes back online; older, the bell says it as well. 0 when the time has passed.
pub fn push_ttl(notification: &Notification, now: Timestamp) -> u32 {
    let ttl: i64 = match notification.urgency {
        Urgency::Urgent => URGENT_PUSH_TTL_SECONDS,
        Urgency::Routine => ROUTINE_PUSH_TTL_SECONDS,
    };
    let left = ttl - now.seconds_since(notification.at).max(0);
    u32::try_from(left.max(0)).unwrap_or(0)
}

pub const URGENT_PUSH_TTL_SECONDS: i64 = 10 * 60;
pub const ROUTINE_PUSH_TTL_SECONDS: i64 = 60 * 60;

/// The Web Push message the service worker shows: `{title, body, url, tag, urgency}`. The tag is the
/// notification's id, so a message delivered twice shows once.
pub fn push_payload(notification: &Notification) -> Vec<u8> {
    let body = match notification.kind {
        NotificationKind::Dispatched { .. } => "Ketuk untuk membuka tugas dan mengonfirmasi.",
        NotificationKind::SupportRequested { .. } => "Ketuk untuk mengirim atau menolak bantuan.",
        NotificationKind::Breached { .. } => "Ketuk untuk melihat kejadian dan menindaklanjuti.",
    };
    let payload = json!({
        "title": notification.title(Lang::Id),
        "body": body,
        "url": notification.path(),
        "tag": notification.id,
        "urgency": notification.urgency,
    });
    payload.to_string().into_bytes()
}

/// The webhook's JSON body: what a gateway needs to send `contact` a message, and the facts for one
/// that does more.
pub fn webhook_body(notification: &Notification, contact: &str) -> Vec<u8> {
    let body = json!({
        "id": notification.id,
        "username": notification.username,
        "contact": contact,
        "title": notification.title(Lang::Id),
        "url": notification.path(),
        "incident": notification.incident,
        "priority": notification.priority,
        "category": notification.category,
        "kind": notification.kind,
        "urgency": notification.urgency,
        "at": notification.at,
    });
    body.to_string().into_bytes()
}

#[cfg(test)]
mod tests {
    use tanggap_domain::{AgencyCode, CategoryCode, IncidentId, Priority, Username};

    use super::*;

    fn notification(urgency: Urgency) -> Notification {
        Notification {
            id: "01JDGZ6Q8X4T3N2M1K0H9G8F01.2.damkar".into(),
            username: Username::parse("damkar").unwrap(),
            incident: IncidentId::parse("01JDGZ6Q8X4T3N2M1K0H9G8F01").unwrap(),
            category: CategoryCode::parse("FIRE").unwrap(),
            priority: Priority::P1,
            kind: NotificationKind::Dispatched { agency: AgencyCode::parse("DAMKAR").unwrap() },
            urgency,
            at: Timestamp::from_unix_millis(1_795_000_000_000).unwrap(),
            read: false,
        }
    }

    #[test]
    fn a_push_is_kept_ten_minutes_when_urgent_an_hour_when_routine_counted_from_the_event() {
        let urgent = notification(Urgency::Urgent);
        assert_eq!(push_ttl(&urgent, urgent.at), 600);
        assert_eq!(push_ttl(&urgent, urgent.at.plus_seconds(240)), 360, "a retry has less time left");
        assert_eq!(push_ttl(&urgent, urgent.at.plus_seconds(601)), 0);
        let routine = notification(Urgency::Routine);
        assert_eq!(push_ttl(&routine, routine.at), 3600);
        assert_eq!(push_ttl(&routine, routine.at.plus_seconds(-30)), 3600, "a clock behind is no bonus");
    }

    #[test]
    fn the_payloads_carry_what_the_contract_names() {
        let urgent = notification(Urgency::Urgent);
        let push: serde_json::Value = serde_json::from_slice(&push_payload(&urgent)).unwrap();
        assert_eq!(push["title"], urgent.title(Lang::Id));
        assert_eq!(push["url"], "/tugas/01JDGZ6Q8X4T3N2M1K0H9G8F01");
        assert_eq!(push["tag"], urgent.id);
        assert_eq!(push["urgency"], "urgent");
        let hook: serde_json::Value = serde_json::from_slice(&webhook_body(&urgent, "+628123")).unwrap();
        assert_eq!(hook["contact"], "+628123");
        assert_eq!(hook["kind"], json!({"kind": "dispatched", "agency": "DAMKAR"}));
        assert_eq!(hook["priority"], "P1");
        assert_eq!(hook["at"], serde_json::to_value(urgent.at).unwrap());
    }

    #[test]
    fn the_channels_config_reads_the_environment_and_checks_the_subject() {
        let config = DeliveryConfig::from_lookup(|_| None).unwrap();
        assert_eq!(config.vapid_subject, "mailto:112@localhost");
        assert_eq!((config.vapid_key_parameter, config.webhook_url), (None, None));
        let config = DeliveryConfig::from_lookup(|name| match name {
            DeliveryConfig::VAPID_KEY_PARAMETER => Some("/tanggap/vapid".into()),
            DeliveryConfig::VAPID_SUBJECT => Some("https://112.ppu.go.id".into()),
            DeliveryConfig::WEBHOOK_URL => Some(" ".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(config.vapid_key_parameter.as_deref(), Some("/tanggap/vapid"));
        assert_eq!(config.webhook_url, None, "blank is unset");
        assert!(
            DeliveryConfig::from_lookup(|name| (name == DeliveryConfig::VAPID_SUBJECT).then(|| "ops".into())).is_err()
        );
    }

    #[test]
    fn the_local_vapid_key_is_made_once_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(VAPID_KEY_FILE);
        let made = load_or_create_vapid_key(&path).unwrap();
        let read = load_or_create_vapid_key(&path).unwrap();
        assert_eq!(made.public_key_base64url(), read.public_key_base64url());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }
}
