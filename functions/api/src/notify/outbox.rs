//! Getting queued notifications out: [`deliver_due`] sends what the outbox holds, retrying failures on
//! [`tanggap_channels::backoff`]'s schedule; the sweeper runs it every minute, the `notifier` function
//! when deliveries are queued (from the table's stream), and the local server's delivery task when
//! [`super::Delivery::queued`] wakes it.

use anyhow::Context as _;
use futures::StreamExt as _;
use serde::Serialize;
use serde_json::json;
use tanggap_channels::{DeliveryError, PushSubscription};
use tanggap_domain::notification::{Notification, NotificationKind, Subject, Urgency};
use tanggap_domain::{Lang, Timestamp};
use tanggap_store::repo::{
    Channel, Delivery as Queued, Outgoing, ReporterContact, ReporterMessage, ReporterMessageKind,
};
use tracing::Instrument as _;

use crate::state::AppState;

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
    let sent = match &claimed.message {
        Outgoing::Notification { channel: Channel::Push { endpoint }, notification } => {
            let Some(vapid) = &state.delivery.vapid else {
                return give_up(state, &claimed, "this deployment no longer has Web Push").await;
            };
            let username = &notification.username;
            let subscription = repo.subscription(username, endpoint).await.context("reading the push subscription")?;
            let Some(subscription) = subscription else {
                // Unsubscribed since it was queued.
                repo.remove_delivery(&claimed.id).await.context("removing a delivery to a removed browser")?;
                return Ok(Outcome::Dropped);
            };
            let ttl = push_ttl(notification, now);
            if ttl == 0 {
                return give_up(state, &claimed, "too old to push").await;
            }
            let to = PushSubscription {
                endpoint: subscription.endpoint,
                p256dh: subscription.keys.p256dh,
                auth: subscription.keys.auth,
            };
            let urgency = match notification.urgency {
                Urgency::Urgent => tanggap_channels::Urgency::High,
                Urgency::Routine => tanggap_channels::Urgency::Normal,
            };
            let payload = push_payload(notification);
            state.delivery.sender.push(vapid, &to, &payload, ttl, urgency).await
        }
        Outgoing::Notification { channel: Channel::Webhook { contact }, notification } => {
            let Some(hook) = &state.delivery.webhook else {
                return give_up(state, &claimed, "this deployment no longer has a webhook").await;
            };
            let body = webhook_body(notification, contact);
            state.delivery.sender.webhook(hook, &body, now.unix_millis().div_euclid(1000)).await
        }
        Outgoing::Reporter(message) => {
            let contact =
                state.citizens.reporter_contact(&message.incident).await.context("reading the reporter's contact")?;
            let Some(contact) = contact else {
                // Never asked to be messaged, or kept past its time.
                repo.remove_delivery(&claimed.id).await.context("removing a message to nobody")?;
                return Ok(Outcome::Dropped);
            };
            let (Some(hook), Some(site_url)) = (&state.delivery.webhook, &state.delivery.site_url) else {
                return give_up(state, &claimed, "this deployment has no webhook or no site address").await;
            };
            let body = reporter_body(&claimed.id, message, &contact, site_url);
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
            if let Outgoing::Notification { channel: Channel::Push { endpoint }, notification } = &claimed.message {
                repo.remove_subscription(&notification.username, endpoint)
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
        NotificationKind::MorningBrief { .. } => "Ketuk untuk membuka dasbor hari itu.",
        NotificationKind::PoorRating { .. } => "Ketuk untuk melihat kejadian dan menghubungi pelapor.",
        NotificationKind::NotSolved => "Ketuk untuk membuka kembali kejadian atau menjawab pelapor.",
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
    let mut body = json!({
        "id": notification.id,
        "username": notification.username,
        "contact": contact,
        "title": notification.title(Lang::Id),
        "url": notification.path(),
        "kind": notification.kind,
        "urgency": notification.urgency,
        "at": notification.at,
    });
    // What it is about beside them: `incident`, `priority` and `category`, or the brief's `day`.
    match &notification.subject {
        Subject::Incident { incident, category, priority } => {
            body["incident"] = json!(incident);
            body["priority"] = json!(priority);
            body["category"] = json!(category);
        }
        Subject::Day { day } => body["day"] = json!(day),
    }
    body.to_string().into_bytes()
}

/// The webhook's JSON body for a message to a reporter: `contact` (their phone) and `text` are all an
/// SMS or WhatsApp gateway needs; `kind` is `reporter_ticket` or `reporter_rate`, so that a gateway
/// that tells them apart from the staff's notifications can.
pub fn reporter_body(id: &str, message: &ReporterMessage, contact: &ReporterContact, site_url: &str) -> Vec<u8> {
    let url = format!("{site_url}{}", contact.path);
    let text = reporter_text(message.kind, contact.lang, message.code.as_str(), &url);
    let body = json!({
        "id": id,
        "kind": format!("reporter_{}", message.kind.as_str()),
        "contact": contact.phone,
        "text": text,
        "url": url,
        "code": message.code,
        "incident": message.incident,
        "at": message.at,
    });
    body.to_string().into_bytes()
}

/// What a reporter reads, in their language.
pub fn reporter_text(kind: ReporterMessageKind, lang: Lang, code: &str, url: &str) -> String {
    match (kind, lang) {
        // Short enough for one SMS with the link (160 characters).
        (ReporterMessageKind::Ticket, Lang::Id) => format!("Laporan 112 Anda: tiket {code}. Ikuti di {url}"),
        (ReporterMessageKind::Ticket, Lang::En) => format!("Your 112 report: ticket {code}. Follow it at {url}"),
        (ReporterMessageKind::Rate, Lang::Id) => {
            format!("Tiket 112 {code} selesai ditangani. Beri penilaian, atau bilang bila belum beres: {url}")
        }
        (ReporterMessageKind::Rate, Lang::En) => {
            format!("112 ticket {code} is handled. Rate it, or tell us if it is not solved: {url}")
        }
    }
}

#[cfg(test)]
mod tests {
    use tanggap_domain::{AgencyCode, CategoryCode, IncidentId, Priority, Username};

    use super::*;

    fn notification(urgency: Urgency) -> Notification {
        Notification {
            id: "01JDGZ6Q8X4T3N2M1K0H9G8F01.2.damkar".into(),
            username: Username::parse("damkar").unwrap(),
            subject: Subject::Incident {
                incident: IncidentId::parse("01JDGZ6Q8X4T3N2M1K0H9G8F01").unwrap(),
                category: CategoryCode::parse("FIRE").unwrap(),
                priority: Priority::P1,
            },
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
    fn every_message_to_a_reporter_fits_one_sms_with_its_link() {
        // An own domain of a regency, and an English link: the longest a link gets in practice.
        let url = "https://112.penajampaserutara.go.id/t/01JDGZ6Q8X4T3N2M1K0H9G8F7E?lang=en";
        for kind in [ReporterMessageKind::Ticket, ReporterMessageKind::Rate] {
            for lang in [Lang::Id, Lang::En] {
                let text = reporter_text(kind, lang, "9G8F-7E2K", url);
                assert!(text.chars().count() <= 160, "{} characters: {text}", text.chars().count());
                assert!(text.contains("9G8F-7E2K") && text.ends_with(url), "{text}");
            }
        }
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
}
