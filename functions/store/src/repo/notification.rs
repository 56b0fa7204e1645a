//! Notifications: each user's in-app list (the bell), how each user wants to be reached, the browsers
//! they subscribed for Web Push, and the outbox of deliveries that leave the system.
//!
//! A change that notifies someone (a dispatch, a support request, an escalation) is stored with a
//! [`PendingNotice`] in the change's own transaction; turning it into each user's notifications (the
//! fan-out) happens right after, and again from the sweeper for any notice still pending, so that a
//! process that dies between the two loses nothing.
//!
//! A notification and the deliveries it causes are written in one transaction, the notification only if
//! absent: the same event never notifies a user twice, and a delivery is never queued without (or
//! twice for) its notification. Deliveries wait in the outbox, ordered by when they are due across
//! all users in the secondary index, until a delivery run claims, sends and removes them.

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use tanggap_domain::dto::PushSubscriptionJson;
use tanggap_domain::notification::{Notification, NotificationSettings};
use tanggap_domain::{Day, Event, Incident, IncidentId, Timestamp, Username};

use super::citizen::ReporterMessage;

use super::{EXPIRES_AT, RepoError, decode, encode, read_all};
use crate::table::{Condition, Index, Item, Key, Query, StoreError, Table, Write, attr};

/// Every user's notification settings, in the secondary index.
const SETTINGS_INDEX: &str = "NOTIFY_SETTINGS";
const SETTINGS_SK: &str = "NOTIFY_SETTINGS";
const PUSH_PREFIX: &str = "PUSH#";
/// Every queued delivery, by due time, in the secondary index.
const OUTBOX_INDEX: &str = "OUTBOX";
/// Every pending notice, oldest first, in the secondary index.
const NOTICES_INDEX: &str = "NOTICES";
const DELIVERY_SK: &str = "DELIVERY";
/// Payload attributes.
const NOTIFICATION: &str = "notification";
const SETTINGS: &str = "settings";
const SUBSCRIPTION: &str = "subscription";
const CREATED_AT: &str = "created_at";
const CHANNEL: &str = "channel";
const ATTEMPTS: &str = "attempts";
const DUE: &str = "due";
const LAST_ERROR: &str = "last_error";
const INCIDENT: &str = "incident";
const EVENTS: &str = "events";
const REPORTER: &str = "reporter";

/// How long a notification is kept: long enough to look back over a quarter's work, short enough that
/// nobody's list grows without end (DynamoDB's TTL deletes it some time after).
pub const NOTIFICATION_DAYS: i64 = 90;

/// How many of a user's newest notifications the bell considers: its unread count, and what "mark all
/// read" marks. Older ones are history, not news.
pub const RECENT_NOTIFICATIONS: usize = 100;

/// How long a delivery may sit in the outbox past its due time before the table forgets it: far beyond
/// the retry schedule (about three hours), so only a delivery nobody ran is lost, and only after two days.
const OUTBOX_KEEP_SECONDS: i64 = 2 * 24 * 60 * 60;

fn list_partition(username: &Username) -> String {
    format!("NOTIFY#{username}")
}

fn notification_key(notification: &Notification) -> Key {
    Key::new(list_partition(&notification.username), format!("{}#{}", notification.at.sortable(), notification.id))
}

fn brief_key(day: Day) -> Key {
    Key::new(format!("BRIEF#{day}"), "SENT")
}

fn user_partition(username: &Username) -> String {
    format!("USER#{username}")
}

fn settings_key(username: &Username) -> Key {
    Key::new(user_partition(username), SETTINGS_SK)
}

fn subscription_key(username: &Username, endpoint: &str) -> Key {
    Key::new(user_partition(username), format!("{PUSH_PREFIX}{}", endpoint_hash(endpoint)))
}

fn delivery_key(id: &str) -> Key {
    Key::new(format!("OUTBOX#{id}"), DELIVERY_SK)
}

/// Hex SHA-256 of a push endpoint: a key of fixed length and charset, whatever URL a push service hands
/// out (they run to hundreds of characters).
pub fn endpoint_hash(endpoint: &str) -> String {
    format!("{:x}", Sha256::digest(endpoint.as_bytes()))
}

fn notice_key(incident: &IncidentId, version: u64) -> Key {
    Key::new(format!("NOTICE#{incident}"), format!("{version:010}"))
}

fn seconds(at: Timestamp) -> i64 {
    at.unix_millis().div_euclid(1000)
}

fn instant(item: &Item, name: &str) -> Result<Timestamp, RepoError> {
    let millis: i64 = decode(item, name)?;
    Timestamp::from_unix_millis(millis).ok_or_else(|| RepoError::Corrupt(format!("item {}: bad `{name}`", item.key())))
}

/// A browser a user subscribed for Web Push, and since when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscribed {
    pub subscription: PushSubscriptionJson,
    pub created_at: Timestamp,
}

/// Where a delivery goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "channel", rename_all = "snake_case")]
pub enum Channel {
    /// One of the recipient's subscribed browsers, by its endpoint (the subscription's keys are read
    /// when it is sent, so that an unsubscribed browser is not pushed to).
    Push { endpoint: String },
    /// The deployment's webhook, addressed to the recipient's contact.
    Webhook { contact: String },
}

/// What a delivery sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outgoing {
    /// A user's notification, over one of their channels.
    Notification { channel: Channel, notification: Notification },
    /// A message to an incident's reporter through the regency's webhook; where to is read when it is
    /// sent (see [`super::CitizenRepo::reporter_contact`]).
    Reporter(ReporterMessage),
}

/// One notification to send over one channel, or one message to a reporter, as the outbox holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// `<notification id>/push/<endpoint hash, 16 hex>`, `<notification id>/webhook`, or
    /// `<incident>.<version>/reporter/<ticket|rate>`.
    pub id: String,
    pub message: Outgoing,
    /// Attempts begun so far.
    pub attempts: u32,
    /// Not to be attempted before this.
    pub due: Timestamp,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// The item's version: claiming and rescheduling name the version read.
    pub version: u64,
}

impl Delivery {
    /// A push of `notification` to the browser at `endpoint`, due at `due` (not stored yet).
    pub fn push(notification: &Notification, endpoint: &str, due: Timestamp) -> Self {
        let id = format!("{}/push/{}", notification.id, &endpoint_hash(endpoint)[..16]);
        Self::new(id, Channel::Push { endpoint: endpoint.to_owned() }, notification, due)
    }

    /// A message to an incident's reporter, due at `due`, to be written in the change's transaction.
    pub fn reporter(message: ReporterMessage, version: u64, due: Timestamp) -> Self {
        let id = format!("{}.{version}/reporter/{}", message.incident, message.kind.as_str());
        Self { id, message: Outgoing::Reporter(message), attempts: 0, due, last_error: None, version: 0 }
    }

    /// The user's notification it sends, if it sends one.
    pub fn notification(&self) -> Option<&Notification> {
        match &self.message {
            Outgoing::Notification { notification, .. } => Some(notification),
            Outgoing::Reporter(_) => None,
        }
    }

    /// The user's channel it goes over, if it sends a user's notification.
    pub fn channel(&self) -> Option<&Channel> {
        match &self.message {
            Outgoing::Notification { channel, .. } => Some(channel),
            Outgoing::Reporter(_) => None,
        }
    }

    /// Its item, queued in a change's transaction (once: the id names the change's version).
    pub fn write(&self) -> Write {
        Write::Put { item: self.item(1), condition: Condition::NotExists }
    }

    /// A webhook call about `notification` for `contact`, due at `due` (not stored yet).
    pub fn webhook(notification: &Notification, contact: &str, due: Timestamp) -> Self {
        let id = format!("{}/webhook", notification.id);
        Self::new(id, Channel::Webhook { contact: contact.to_owned() }, notification, due)
    }

    fn new(id: String, channel: Channel, notification: &Notification, due: Timestamp) -> Self {
        let message = Outgoing::Notification { channel, notification: notification.clone() };
        Self { id, message, attempts: 0, due, last_error: None, version: 0 }
    }

    fn item(&self, version: u64) -> Item {
        let mut item = Item::new(&delivery_key(&self.id))
            .with(attr::GSI1PK, OUTBOX_INDEX)
            .with(attr::GSI1SK, format!("{}#{}", self.due.sortable(), self.id))
            .with(attr::VERSION, version)
            .with(ATTEMPTS, self.attempts)
            .with(DUE, self.due.unix_millis())
            .with(EXPIRES_AT, seconds(self.due) + OUTBOX_KEEP_SECONDS);
        if let Some(error) = &self.last_error {
            item.set(LAST_ERROR, error.as_str());
        }
        match &self.message {
            Outgoing::Notification { channel, notification } => {
                item.set(CHANNEL, encode(channel));
                item.set(NOTIFICATION, encode(notification));
            }
            Outgoing::Reporter(message) => item.set(REPORTER, encode(message)),
        }
        item
    }

    fn from_item(item: &Item) -> Result<Self, RepoError> {
        let id = item
            .key()
            .pk
            .strip_prefix("OUTBOX#")
            .map(str::to_owned)
            .ok_or_else(|| RepoError::Corrupt(format!("item {} is not a delivery", item.key())))?;
        let last_error = match item.get(LAST_ERROR) {
            None | Some(Value::Null) => None,
            Some(_) => Some(decode(item, LAST_ERROR)?),
        };
        let message = match item.get(REPORTER) {
            Some(_) => Outgoing::Reporter(decode(item, REPORTER)?),
            None => {
                Outgoing::Notification { channel: decode(item, CHANNEL)?, notification: decode(item, NOTIFICATION)? }
            }
        };
        Ok(Self {
            id,
            message,
            attempts: decode(item, ATTEMPTS)?,
            due: instant(item, DUE)?,
            last_error,
            version: item.version().ok_or_else(|| RepoError::Corrupt(format!("item {} has no version", item.key())))?,
        })
    }
}

/// A stored change whose notifications are still to be written: the incident as the change left it,
/// and the change's events that may notify someone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingNotice {
    pub incident: Incident,
    pub events: Vec<Event>,
}

impl PendingNotice {
    /// The notice's item, to be written in the transaction of its change (once: its key is the
    /// incident's version after the change).
    pub fn write(&self) -> Write {
        let at = self.incident.updated_at;
        let item = Item::new(&notice_key(&self.incident.id, self.incident.version))
            .with(attr::GSI1PK, NOTICES_INDEX)
            .with(attr::GSI1SK, format!("{}#{}#{:010}", at.sortable(), self.incident.id, self.incident.version))
            .with(INCIDENT, encode(&self.incident))
            .with(EVENTS, encode(&self.events))
            .with(EXPIRES_AT, seconds(at) + OUTBOX_KEEP_SECONDS);
        Write::Put { item, condition: Condition::NotExists }
    }

    fn from_item(item: &Item) -> Result<Self, RepoError> {
        Ok(Self { incident: decode(item, INCIDENT)?, events: decode(item, EVENTS)? })
    }
}

/// Users' notifications, notification settings and push subscriptions, pending notices, and the outbox.
#[derive(Clone)]
pub struct NotificationRepo {
    table: Arc<dyn Table>,
}

impl NotificationRepo {
    pub fn new(table: Arc<dyn Table>) -> Self {
        Self { table }
    }

    // ---- the in-app list -------------------------------------------------------------------------

    /// Stores `notification` with the `deliveries` it causes, unless it is stored already: `false` then,
    /// and nothing was written (the same event never notifies twice, nor queues its deliveries twice).
    /// At most 99 deliveries (one transaction).
    #[tracing::instrument(level = "debug", skip_all, fields(notification = %notification.id, deliveries = deliveries.len()))]
    pub async fn add(&self, notification: &Notification, deliveries: &[Delivery]) -> Result<bool, RepoError> {
        let item = Item::new(&notification_key(notification))
            .with(NOTIFICATION, encode(notification))
            .with(EXPIRES_AT, seconds(notification.at) + NOTIFICATION_DAYS * 24 * 60 * 60);
        let mut writes = vec![Write::Put { item, condition: Condition::NotExists }];
        writes.extend(deliveries.iter().map(|d| Write::Put { item: d.item(1), condition: Condition::NotExists }));
        match self.table.transact(writes).await {
            Ok(()) => Ok(true),
            Err(StoreError::ConditionFailed { .. }) => Ok(false),
            Err(err) => Err(err.into()),
        }
    }

    /// The user's `limit` newest notifications (at most [`RECENT_NOTIFICATIONS`]), and how many of the
    /// recent ones are unread.
    #[tracing::instrument(level = "debug", skip_all, fields(username = %username, limit))]
    pub async fn recent(&self, username: &Username, limit: usize) -> Result<(Vec<Notification>, u32), RepoError> {
        let mut notifications: Vec<Notification> = self
            .recent_items(username)
            .await?
            .iter()
            .map(|item| decode(item, NOTIFICATION))
            .collect::<Result<_, _>>()?;
        let unread = notifications.iter().filter(|n| !n.read).count();
        notifications.truncate(limit.min(RECENT_NOTIFICATIONS));
        Ok((notifications, u32::try_from(unread).unwrap_or(u32::MAX)))
    }

    /// Marks read those of the user's recent notifications whose ids are in `ids`, or all of them when
    /// `ids` is `None`. Ids not among the recent ones, or not the user's, are ignored. Returns how many
    /// changed.
    #[tracing::instrument(level = "debug", skip_all, fields(username = %username))]
    pub async fn mark_read(&self, username: &Username, ids: Option<&[String]>) -> Result<usize, RepoError> {
        let mut writes = Vec::new();
        for mut item in self.recent_items(username).await? {
            let mut notification: Notification = decode(&item, NOTIFICATION)?;
            if notification.read || ids.is_some_and(|ids| !ids.contains(&notification.id)) {
                continue;
            }
            notification.read = true;
            // The item as it was (its time to live included), with the flag set.
            item.set(NOTIFICATION, encode(&notification));
            writes.push(Write::Put { item, condition: Condition::None });
        }
        let changed = writes.len();
        // RECENT_NOTIFICATIONS fits one transaction; all or none keeps the count honest.
        if !writes.is_empty() {
            self.table.transact(writes).await?;
        }
        Ok(changed)
    }

    async fn recent_items(&self, username: &Username) -> Result<Vec<Item>, RepoError> {
        let query = Query::partition(list_partition(username)).descending().limit(RECENT_NOTIFICATIONS);
        Ok(self.table.query(&query).await?.items)
    }

    // ---- settings --------------------------------------------------------------------------------

    /// The user's settings; the defaults (nothing but the bell, off duty) when they never saved any.
    #[tracing::instrument(level = "debug", skip_all, fields(username = %username))]
    pub async fn settings(&self, username: &Username) -> Result<NotificationSettings, RepoError> {
        match self.table.get(&settings_key(username)).await? {
            Some(item) => decode(&item, SETTINGS),
            None => Ok(NotificationSettings::default()),
        }
    }

    /// Replaces the user's settings (the last save wins: only the user changes them).
    #[tracing::instrument(level = "debug", skip_all, fields(username = %username))]
    pub async fn put_settings(&self, username: &Username, settings: &NotificationSettings) -> Result<(), RepoError> {
        let item = Item::new(&settings_key(username))
            .with(attr::GSI1PK, SETTINGS_INDEX)
            .with(attr::GSI1SK, username.as_str())
            .with(SETTINGS, encode(settings));
        Ok(self.table.put(item, Condition::None).await?)
    }

    /// Every user's saved settings, by username (users who never saved any are absent). Read from the
    /// secondary index, so on DynamoDB a save of the last moment may not show yet.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn all_settings(&self) -> Result<HashMap<Username, NotificationSettings>, RepoError> {
        let items = read_all(&*self.table, Query::partition(SETTINGS_INDEX).on(Index::Gsi1)).await?;
        items
            .iter()
            .map(|item| {
                let username = item
                    .str(attr::GSI1SK)
                    .and_then(|name| Username::parse(name).ok())
                    .ok_or_else(|| RepoError::Corrupt(format!("item {}: bad username", item.key())))?;
                Ok((username, decode(item, SETTINGS)?))
            })
            .collect()
    }

    // ---- push subscriptions ----------------------------------------------------------------------

    /// Stores a browser's subscription for the user, replacing one with the same endpoint (a browser
    /// that subscribes again may have new keys).
    #[tracing::instrument(level = "debug", skip_all, fields(username = %username))]
    pub async fn put_subscription(
        &self,
        username: &Username,
        subscription: &PushSubscriptionJson,
        now: Timestamp,
    ) -> Result<(), RepoError> {
        let item = Item::new(&subscription_key(username, &subscription.endpoint))
            .with(SUBSCRIPTION, encode(subscription))
            .with(CREATED_AT, now.unix_millis());
        Ok(self.table.put(item, Condition::None).await?)
    }

    /// The user's subscription for `endpoint`, if they still have it.
    #[tracing::instrument(level = "debug", skip_all, fields(username = %username))]
    pub async fn subscription(
        &self,
        username: &Username,
        endpoint: &str,
    ) -> Result<Option<PushSubscriptionJson>, RepoError> {
        match self.table.get(&subscription_key(username, endpoint)).await? {
            Some(item) => decode(&item, SUBSCRIPTION).map(Some),
            None => Ok(None),
        }
    }

    /// Every browser the user subscribed, oldest first.
    #[tracing::instrument(level = "debug", skip_all, fields(username = %username))]
    pub async fn subscriptions(&self, username: &Username) -> Result<Vec<Subscribed>, RepoError> {
        let items = read_all(&*self.table, Query::partition(user_partition(username)).prefix(PUSH_PREFIX)).await?;
        let mut subscribed = items
            .iter()
            .map(|item| {
                Ok(Subscribed { subscription: decode(item, SUBSCRIPTION)?, created_at: instant(item, CREATED_AT)? })
            })
            .collect::<Result<Vec<_>, RepoError>>()?;
        subscribed.sort_by_key(|s| s.created_at);
        Ok(subscribed)
    }

    /// Forgets the user's subscription for `endpoint`; `false` when there was none.
    #[tracing::instrument(level = "debug", skip_all, fields(username = %username))]
    pub async fn remove_subscription(&self, username: &Username, endpoint: &str) -> Result<bool, RepoError> {
        let key = subscription_key(username, endpoint);
        match self.table.transact(vec![Write::Delete { key, condition: Condition::Exists }]).await {
            Ok(()) => Ok(true),
            Err(StoreError::ConditionFailed { .. }) => Ok(false),
            Err(err) => Err(err.into()),
        }
    }

    // ---- pending notices ---------------------------------------------------------------------------

    /// Up to `limit` (1 to 1000) notices still to be fanned out, the oldest first. Read from the
    /// secondary index: on DynamoDB one stored a moment ago may not show yet (the next run finds it).
    #[tracing::instrument(level = "debug", skip_all, fields(limit))]
    pub async fn pending_notices(&self, limit: usize) -> Result<Vec<PendingNotice>, RepoError> {
        let query = Query::partition(NOTICES_INDEX).on(Index::Gsi1).limit(limit);
        self.table.query(&query).await?.items.iter().map(PendingNotice::from_item).collect()
    }

    /// A strongly consistent read of the notice of `incident`'s change to `version`, if it is still pending.
    #[tracing::instrument(level = "debug", skip_all, fields(incident = %incident, version))]
    pub async fn notice(&self, incident: &IncidentId, version: u64) -> Result<Option<PendingNotice>, RepoError> {
        match self.table.get(&notice_key(incident, version)).await? {
            Some(item) => PendingNotice::from_item(&item).map(Some),
            None => Ok(None),
        }
    }

    /// Forgets a notice whose notifications are all stored.
    #[tracing::instrument(level = "debug", skip_all, fields(incident = %notice.incident.id, version = notice.incident.version))]
    pub async fn notice_done(&self, notice: &PendingNotice) -> Result<(), RepoError> {
        let key = notice_key(&notice.incident.id, notice.incident.version);
        Ok(self.table.transact(vec![Write::Delete { key, condition: Condition::None }]).await?)
    }

    // ---- the morning brief ----------------------------------------------------------------------

    /// Whether the brief of `day` went out to everyone who asked for it.
    pub async fn brief_sent(&self, day: Day) -> Result<bool, RepoError> {
        Ok(self.table.get(&brief_key(day)).await?.is_some())
    }

    /// Marks the brief of `day` as sent to everyone, at `at`, so that later sweeps leave it; kept for a
    /// week.
    pub async fn brief_done(&self, day: Day, at: Timestamp) -> Result<(), RepoError> {
        let item = Item::new(&brief_key(day)).with(EXPIRES_AT, seconds(at) + 7 * 24 * 60 * 60);
        Ok(self.table.transact(vec![Write::Put { item, condition: Condition::None }]).await?)
    }

    // ---- the outbox ------------------------------------------------------------------------------

    /// Up to `limit` (1 to 1000) deliveries due at `now`, the longest waiting first. Read from the
    /// secondary index: on DynamoDB one queued a moment ago may not show yet (the next run finds it).
    #[tracing::instrument(level = "debug", skip_all, fields(now = %now, limit))]
    pub async fn due(&self, now: Timestamp, limit: usize) -> Result<Vec<Delivery>, RepoError> {
        // Sortable instants start with a digit; `~` sorts after every character of a delivery id.
        let query =
            Query::partition(OUTBOX_INDEX).on(Index::Gsi1).between("0", format!("{}#~", now.sortable())).limit(limit);
        self.table.query(&query).await?.items.iter().map(Delivery::from_item).collect()
    }

    /// A strongly consistent read of one queued delivery.
    #[tracing::instrument(level = "debug", skip_all, fields(delivery = %id))]
    pub async fn delivery(&self, id: &str) -> Result<Option<Delivery>, RepoError> {
        match self.table.get(&delivery_key(id)).await? {
            Some(item) => Delivery::from_item(&item).map(Some),
            None => Ok(None),
        }
    }

    /// Takes `delivery` (as read) for an attempt: counts the attempt and sets when it is due again
    /// should this attempt come to nothing (fail, or the process die). `None` when another run took or
    /// finished it first: that run sends it, this one must not.
    #[tracing::instrument(level = "debug", skip_all, fields(delivery = %delivery.id, version = delivery.version))]
    pub async fn claim(&self, delivery: &Delivery, again_at: Timestamp) -> Result<Option<Delivery>, RepoError> {
        let claimed = Delivery { attempts: delivery.attempts + 1, due: again_at, ..delivery.clone() };
        let next = delivery.version + 1;
        match self.table.put(claimed.item(next), Condition::VersionEquals(delivery.version)).await {
            Ok(()) => Ok(Some(Delivery { version: next, ..claimed })),
            Err(StoreError::ConditionFailed { .. } | StoreError::Conflict(_)) => Ok(None),
            Err(err) => Err(err.into()),
        }
    }

    /// Records why the claimed `delivery`'s attempt failed; it stays due when the claim said. `false`
    /// when the delivery changed meanwhile (nothing written).
    #[tracing::instrument(level = "debug", skip_all, fields(delivery = %delivery.id))]
    pub async fn failed(&self, delivery: &Delivery, error: &str) -> Result<bool, RepoError> {
        let failed = Delivery { last_error: Some(error.to_owned()), ..delivery.clone() };
        match self.table.put(failed.item(delivery.version + 1), Condition::VersionEquals(delivery.version)).await {
            Ok(()) => Ok(true),
            Err(StoreError::ConditionFailed { .. } | StoreError::Conflict(_)) => Ok(false),
            Err(err) => Err(err.into()),
        }
    }

    /// Removes a delivery from the outbox: sent, or given up.
    #[tracing::instrument(level = "debug", skip_all, fields(delivery = %id))]
    pub async fn remove_delivery(&self, id: &str) -> Result<(), RepoError> {
        Ok(self.table.transact(vec![Write::Delete { key: delivery_key(id), condition: Condition::None }]).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endpoint_hash_is_fixed_width_hex_and_tells_endpoints_apart() {
        let a = endpoint_hash("https://fcm.googleapis.com/fcm/send/abc");
        let b = endpoint_hash("https://fcm.googleapis.com/fcm/send/abd");
        assert_eq!(a.len(), 64);
        assert!(a.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }
}
