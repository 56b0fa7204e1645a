//! What the public's side keeps besides the incident: which incident a tracking link's token opens,
//! and the list of ratings the supervisors read. Both are projections of an incident's change,
//! written in its own transaction (see `tanggap_api::incidents`).

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tanggap_domain::citizen::{PublicRequest, TicketCode};
use tanggap_domain::dto::{AppKey, RatedIncident};
use tanggap_domain::{Change, Day, Event, Incident, IncidentId, Lang, Timestamp};

use super::{EXPIRES_AT, RepoError, decode, encode, read_all};
use crate::table::{Condition, Item, Key, Query, Table, Write};

const TICKET: &str = "TICKET";
const RATINGS: &str = "RATINGS";
const INCIDENT: &str = "incident";
const RATING: &str = "rating";
const REQUEST: &str = "request";
const APP_KEYS: &str = "APPKEYS";
const APP: &str = "app";
const CREATED_AT: &str = "created_at";
const CONTACT: &str = "contact";

/// How long a reporter's contact is kept after it was given: the handling and its 7 days to say "not
/// solved" fit many times over; then the table's TTL deletes it, phone number and link with it.
const CONTACT_DAYS: i64 = 60;

/// Where the regency's gateway messages an incident's reporter: their phone and their tracking link's
/// path. The path holds the link's token, which the table otherwise never keeps; it is kept, beside the
/// phone number it goes to, only for a reporter who is messaged, so that the link to rate can follow
/// when the handling is done, and only for [`CONTACT_DAYS`].
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReporterContact {
    pub phone: String,
    /// `/t/<token>`.
    pub path: String,
    /// The reporter's language, for the message's words.
    pub lang: Lang,
}

// The path is a credential and the phone personal: neither belongs in a log line.
impl std::fmt::Debug for ReporterContact {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReporterContact").field("lang", &self.lang).finish_non_exhaustive()
    }
}

/// What a message to a reporter says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReporterMessageKind {
    /// The ticket's code and tracking link.
    Ticket,
    /// The handling is done: the link to rate it (and to say it is not solved).
    Rate,
}

impl ReporterMessageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ticket => "ticket",
            Self::Rate => "rate",
        }
    }
}

/// A message to an incident's reporter, as the outbox holds it (the contact is read when it is sent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReporterMessage {
    pub incident: IncidentId,
    pub kind: ReporterMessageKind,
    pub code: TicketCode,
    pub at: Timestamp,
}

fn contact_key(incident: &IncidentId) -> Key {
    Key::new(format!("REPORTER#{incident}"), "CONTACT")
}

/// The reporter's contact, written in the change that gives the ticket.
pub fn reporter_contact_write(incident: &IncidentId, contact: &ReporterContact, at: Timestamp) -> Write {
    let item = Item::new(&contact_key(incident))
        .with(CONTACT, encode(contact))
        .with(EXPIRES_AT, at.unix_millis().div_euclid(1000) + CONTACT_DAYS * 24 * 60 * 60);
    Write::Put { item, condition: Condition::None }
}

/// The partition of the online reports received in `month` (UTC; its first day): `PUBREQ#2026-12`.
fn requests_partition(month: Day) -> String {
    format!("PUBREQ#{}", &month.to_string()[..7])
}

/// An online report's public view as the change leaves it, replacing the last; none for a call.
pub fn public_request_write(incident: &Incident) -> Option<Write> {
    let request = PublicRequest::of(incident)?;
    let key = Key::new(
        requests_partition(Day::of(incident.received_at, 0).first_of_month()),
        format!("{}#{}", incident.received_at.sortable(), incident.id),
    );
    Some(Write::Put { item: Item::new(&key).with(REQUEST, encode(&request)), condition: Condition::None })
}

/// The issued keys share one partition (an admin lists them; there are a handful).
fn app_key_key(key_hash: &str) -> Key {
    Key::new(APP_KEYS, key_hash)
}

fn ticket_key(token_hash: &str) -> Key {
    Key::new(format!("TICKET#{token_hash}"), TICKET)
}

/// The token's lookup, when the change gave the incident its ticket. Its condition makes a second
/// ticket with the same token (which 128 random bits never give) fail the whole change.
pub fn ticket_write(incident: &Incident, events: &[Event]) -> Option<Write> {
    let token_hash = events.iter().find_map(|event| match &event.change {
        Change::TicketIssued { token_hash, .. } => Some(token_hash),
        _ => None,
    })?;
    let item = Item::new(&ticket_key(token_hash)).with(INCIDENT, incident.id.as_str());
    Some(Write::Put { item, condition: Condition::NotExists })
}

/// The rating's line in the supervisors' list, when the change is the rating.
pub fn rating_write(before: Option<&Incident>, incident: &Incident) -> Option<Write> {
    let rating = incident.rating.as_ref()?;
    if before.is_some_and(|before| before.rating.is_some()) {
        return None;
    }
    let entry = RatedIncident::of(incident, rating);
    let key = Key::new(RATINGS, format!("{}#{}", rating.at.sortable(), incident.id));
    Some(Write::Put { item: Item::new(&key).with(RATING, encode(&entry)), condition: Condition::None })
}

#[derive(Clone)]
pub struct CitizenRepo {
    table: Arc<dyn Table>,
}

impl CitizenRepo {
    pub fn new(table: Arc<dyn Table>) -> Self {
        Self { table }
    }

    /// The incident a token's hash opens, if any.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn ticketed(&self, token_hash: &str) -> Result<Option<IncidentId>, RepoError> {
        let Some(item) = self.table.get(&ticket_key(token_hash)).await? else { return Ok(None) };
        decode(&item, INCIDENT).map(Some)
    }

    /// The online reports received from `from` to `to` (inclusive), oldest first.
    #[tracing::instrument(level = "debug", skip(self))]
    pub async fn public_requests(&self, from: Timestamp, to: Timestamp) -> Result<Vec<PublicRequest>, RepoError> {
        let mut requests = Vec::new();
        // Each month's partition the range touches, in order.
        let (mut month, last) = (Day::of(from, 0).first_of_month(), Day::of(to, 0).first_of_month());
        while month <= last {
            let query =
                Query::partition(requests_partition(month)).between(from.sortable(), format!("{}~", to.sortable()));
            for item in read_all(self.table.as_ref(), query).await? {
                requests.push(decode(&item, REQUEST)?);
            }
            month = month.first_of_next_month();
        }
        Ok(requests)
    }

    /// Registers an app's key (its SHA-256) for Open311, with the app's name.
    pub async fn put_app_key(&self, key: &AppKey) -> Result<(), RepoError> {
        let item =
            Item::new(&app_key_key(&key.id)).with(APP, key.app.as_str()).with(CREATED_AT, encode(&key.created_at));
        self.table.put(item, Condition::NotExists).await.map_err(Into::into)
    }

    /// The app a key (its SHA-256) was issued to, if it still stands.
    pub async fn app_of_key(&self, key_hash: &str) -> Result<Option<String>, RepoError> {
        let Some(item) = self.table.get(&app_key_key(key_hash)).await? else { return Ok(None) };
        decode(&item, APP).map(Some)
    }

    /// Every key issued and not revoked, newest first.
    pub async fn app_keys(&self) -> Result<Vec<AppKey>, RepoError> {
        let items = read_all(self.table.as_ref(), Query::partition(APP_KEYS)).await?;
        let mut keys: Vec<AppKey> = items
            .iter()
            .map(|item| {
                Ok(AppKey { id: item.key().sk, app: decode(item, APP)?, created_at: decode(item, CREATED_AT)? })
            })
            .collect::<Result<_, RepoError>>()?;
        keys.sort_by(|a, b| b.created_at.cmp(&a.created_at));
        Ok(keys)
    }

    /// Revokes a key: `false` when there was none of that id.
    pub async fn revoke_app_key(&self, id: &str) -> Result<bool, RepoError> {
        let write = Write::Delete { key: app_key_key(id), condition: Condition::Exists };
        match self.table.transact(vec![write]).await {
            Ok(()) => Ok(true),
            Err(crate::table::StoreError::ConditionFailed { .. }) => Ok(false),
            Err(error) => Err(error.into()),
        }
    }

    /// Where to message the incident's reporter, when they are to be messaged.
    #[tracing::instrument(level = "debug", skip(self))]
    pub async fn reporter_contact(&self, incident: &IncidentId) -> Result<Option<ReporterContact>, RepoError> {
        let Some(item) = self.table.get(&contact_key(incident)).await? else { return Ok(None) };
        decode(&item, CONTACT).map(Some)
    }

    /// The latest ratings, newest first.
    #[tracing::instrument(level = "debug", skip(self))]
    pub async fn ratings(&self, limit: usize) -> Result<Vec<RatedIncident>, RepoError> {
        let page =
            self.table.query(&Query::partition(RATINGS).descending().limit(limit.clamp(1, Query::MAX_LIMIT))).await?;
        page.items.iter().map(|item| decode(item, RATING)).collect()
    }
}
