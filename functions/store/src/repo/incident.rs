//! Incidents: a head item holding the current state, the events that produced it, and the open board.

use std::sync::Arc;

use tanggap_domain::{AgencyCode, Event, Incident, IncidentId};

use super::{RepoError, decode, encode, read_all};
use crate::cursor::Position;
use crate::table::{Condition, Cursor, Index, Item, Key, Query, StoreError, Table, Write, attr};

/// The open board's partition in the secondary index. Only open incidents carry it (the index is sparse).
const BOARD_OPEN: &str = "BOARD#OPEN";
const HEAD: &str = "HEAD";
const EVENT_PREFIX: &str = "EVT#";
/// Payload attributes.
const INCIDENT: &str = "incident";
const EVENT: &str = "event";
const INCIDENT_ID: &str = "incident_id";
const FINGERPRINT: &str = "fingerprint";

fn partition(id: &IncidentId) -> String {
    format!("INC#{id}")
}

fn head_key(id: &IncidentId) -> Key {
    Key::new(partition(id), HEAD)
}

/// Zero-padded so that events sort by sequence number as text.
fn event_key(id: &IncidentId, seq: u64) -> Key {
    Key::new(partition(id), format!("{EVENT_PREFIX}{seq:010}"))
}

fn idempotency_key(key: &IdempotencyKey) -> Key {
    Key::new(format!("IDEM#{}", key.0), "IDEM")
}

fn head_item(incident: &Incident) -> Item {
    let item =
        Item::new(&head_key(&incident.id)).with(attr::VERSION, incident.version).with(INCIDENT, encode(incident));
    if !incident.status.is_open() {
        return item;
    }
    // Most urgent first, then oldest first; the id keeps equal instants apart.
    let board_position = format!("{}#{}#{}", incident.priority.rank(), incident.received_at.sortable(), incident.id);
    item.with(attr::GSI1PK, BOARD_OPEN).with(attr::GSI1SK, board_position)
}

fn event_item(id: &IncidentId, event: &Event) -> Item {
    Item::new(&event_key(id, event.seq)).with(EVENT, encode(event))
}

/// The key a client sends with a create so that retrying it never opens a second incident.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("an idempotency key is 8 to 128 letters, digits, '-' or '_'")]
pub struct IdempotencyKeyError;

impl IdempotencyKey {
    pub fn parse(input: &str) -> Result<Self, IdempotencyKeyError> {
        let ok = (8..=128).contains(&input.len())
            && input.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if ok { Ok(Self(input.to_owned())) } else { Err(IdempotencyKeyError) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for IdempotencyKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a create did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Created {
    /// The incident and its events are stored.
    New,
    /// The key was already used for the same request: nothing was written, and the first request's
    /// incident is the answer.
    Replayed { id: IncidentId },
}

/// Incidents and their histories.
#[derive(Clone)]
pub struct IncidentRepo {
    table: Arc<dyn Table>,
}

impl IncidentRepo {
    pub fn new(table: Arc<dyn Table>) -> Self {
        Self { table }
    }

    /// Stores a new incident with its first events, once per idempotency key. `fingerprint` identifies
    /// the request (a hash of its body): the same key with the same fingerprint is a retry and gets the
    /// first incident back; with another fingerprint it is refused.
    #[tracing::instrument(level = "debug", skip_all, fields(id = %incident.id, key = %key))]
    pub async fn create(
        &self,
        key: &IdempotencyKey,
        fingerprint: &str,
        incident: &Incident,
        events: &[Event],
    ) -> Result<Created, RepoError> {
        let record =
            Item::new(&idempotency_key(key)).with(INCIDENT_ID, incident.id.as_str()).with(FINGERPRINT, fingerprint);
        let mut writes = vec![
            Write::Put { item: record, condition: Condition::NotExists },
            Write::Put { item: head_item(incident), condition: Condition::NotExists },
        ];
        writes.extend(
            events.iter().map(|e| Write::Put { item: event_item(&incident.id, e), condition: Condition::NotExists }),
        );
        match self.table.transact(writes).await {
            Ok(()) => Ok(Created::New),
            // A failed condition, or a concurrent transaction, may mean the key is taken: if the first
            // use is visible, answer as it was answered.
            Err(err @ (StoreError::ConditionFailed { .. } | StoreError::Conflict(_))) => {
                let Some(first) = self.table.get(&idempotency_key(key)).await? else {
                    return Err(err.into());
                };
                if decode::<String>(&first, FINGERPRINT)? != fingerprint {
                    return Err(RepoError::IdempotencyKeyReused);
                }
                let id = decode::<IncidentId>(&first, INCIDENT_ID)?;
                Ok(Created::Replayed { id })
            }
            Err(err) => Err(err.into()),
        }
    }

    #[tracing::instrument(level = "debug", skip_all, fields(id = %id))]
    pub async fn get(&self, id: &IncidentId) -> Result<Option<Incident>, RepoError> {
        match self.table.get(&head_key(id)).await? {
            Some(item) => decode(&item, INCIDENT).map(Some),
            None => Ok(None),
        }
    }

    /// The whole history, oldest first. Empty for an unknown incident.
    #[tracing::instrument(level = "debug", skip_all, fields(id = %id))]
    pub async fn events(&self, id: &IncidentId) -> Result<Vec<Event>, RepoError> {
        let items = read_all(&*self.table, Query::partition(partition(id)).prefix(EVENT_PREFIX)).await?;
        items.iter().map(|item| decode(item, EVENT)).collect()
    }

    /// Stores a change: the new state, if the stored one is still at `before_version`, and its events.
    /// Refused with [`RepoError::VersionConflict`] (writing nothing) when someone changed it first.
    #[tracing::instrument(level = "debug", skip_all, fields(id = %incident.id, before_version))]
    pub async fn save(&self, before_version: u64, incident: &Incident, events: &[Event]) -> Result<(), RepoError> {
        let mut writes =
            vec![Write::Put { item: head_item(incident), condition: Condition::VersionEquals(before_version) }];
        writes.extend(
            events.iter().map(|e| Write::Put { item: event_item(&incident.id, e), condition: Condition::NotExists }),
        );
        match self.table.transact(writes).await {
            Ok(()) => Ok(()),
            // A writer mid-transaction on the same incident is, to this caller, a writer that got there first.
            Err(StoreError::ConditionFailed { .. } | StoreError::Conflict(_)) => Err(RepoError::VersionConflict),
            Err(err) => Err(err.into()),
        }
    }

    /// One page of the open incidents, most urgent first, then oldest first, and the cursor to the next
    /// page when this one is full. A cursor that is not one this board gave is [`StoreError::InvalidCursor`].
    #[tracing::instrument(level = "debug", skip(self, cursor))]
    pub async fn board(
        &self,
        limit: usize,
        cursor: Option<Cursor>,
    ) -> Result<(Vec<Incident>, Option<Cursor>), RepoError> {
        let query = Query::partition(BOARD_OPEN).on(Index::Gsi1).limit(limit).after(cursor);
        let page = self.table.query(&query).await?;
        let incidents = page.items.iter().map(|item| decode(item, INCIDENT)).collect::<Result<_, _>>()?;
        Ok((incidents, page.next))
    }

    /// Like [`Self::board`], but only the open incidents on which `agency` has an assignment: what an
    /// agency's officers see. It reads the board in chunks and keeps the agency's incidents; the open
    /// board is what a center works on right now (tens to hundreds), so reading through it is cheap.
    #[tracing::instrument(level = "debug", skip(self, cursor))]
    pub async fn board_for_agency(
        &self,
        agency: &AgencyCode,
        limit: usize,
        cursor: Option<Cursor>,
    ) -> Result<(Vec<Incident>, Option<Cursor>), RepoError> {
        const CHUNK: usize = 200;
        let mut query = Query::partition(BOARD_OPEN).on(Index::Gsi1).limit(CHUNK).after(cursor);
        let mut found = Vec::with_capacity(limit);
        loop {
            let page = self.table.query(&query).await?;
            for item in &page.items {
                let incident: Incident = decode(item, INCIDENT)?;
                if incident.assignment(agency).is_none() {
                    continue;
                }
                found.push(incident);
                if found.len() == limit {
                    // The page is full: the next one resumes right after this incident.
                    return Ok((found, Some(Position::of(item, Index::Gsi1).encode())));
                }
            }
            match page.next {
                Some(next) => query = query.after(Some(next)),
                None => return Ok((found, None)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idempotency_keys_are_bounded_and_url_safe() {
        assert!(IdempotencyKey::parse("01JDGZ6Q8X4T3N2M1K0H9G8F7E").is_ok());
        assert!(IdempotencyKey::parse("a-uuid_like-key").is_ok());
        for bad in ["short", "has space in it", "slash/in/the/key", "ünïcode-key", &"k".repeat(129)] {
            assert_eq!(IdempotencyKey::parse(bad), Err(IdempotencyKeyError), "{bad}");
        }
    }
}
