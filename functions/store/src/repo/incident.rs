//! Incidents: a head item holding the current state, the events that produced it, and the open board.

use std::sync::Arc;

use tanggap_domain::{AgencyCode, Event, Incident, IncidentId, Timestamp};

use super::{EXPIRES_AT, RepoError, decode, encode, read_all};
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
/// How long a change stays in the feed: far longer than the oldest cursor the API accepts (an hour),
/// so that expiry never races a reader.
const FEED_KEPT_SECONDS: i64 = 24 * 3600;
/// Sorts after every feed sort key (they start with a digit): the open end of a range.
const FEED_END: &str = "~";

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

/// How long the first use of an idempotency key is remembered: far longer than any client retries
/// (the app keeps a key only until the create is confirmed), short enough that the records do not
/// pile up for years.
const IDEMPOTENCY_KEPT_SECONDS: i64 = 7 * 24 * 3600;

/// The first use of `key`, answering for `incident` (created or linked to) at its latest change.
fn idempotency_record(key: &IdempotencyKey, fingerprint: &str, incident: &Incident) -> Item {
    Item::new(&idempotency_key(key))
        .with(INCIDENT_ID, incident.id.as_str())
        .with(FINGERPRINT, fingerprint)
        .with(EXPIRES_AT, incident.updated_at.unix_millis().div_euclid(1000) + IDEMPOTENCY_KEPT_SECONDS)
}

/// The changes feed's partition of the UTC hour of `at`: `FEED#2026-11-22T07`.
fn feed_partition(at: Timestamp) -> String {
    format!("FEED#{}", &at.sortable()[..13])
}

/// The incident as it is after a write, in the feed: sorted by when it changed, then which incident and
/// which version, so that a reader takes the changes in order and keeps the highest version per id.
fn feed_item(incident: &Incident) -> Item {
    let at = incident.updated_at;
    let sort = format!("{}#{}#{:010}", at.sortable(), incident.id, incident.version);
    Item::new(&Key::new(feed_partition(at), sort))
        .with(INCIDENT, encode(incident))
        .with(EXPIRES_AT, at.unix_millis().div_euclid(1000) + FEED_KEPT_SECONDS)
}

/// A place in the changes feed: the sort key of a feed item.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FeedPosition(pub String);

/// What one read of the changes feed found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedRead {
    /// Oldest change first; an incident may appear at several versions.
    pub incidents: Vec<Incident>,
    /// The position of the last incident returned.
    pub last: Option<FeedPosition>,
    /// The limit was reached: more changes may follow `last`.
    pub full: bool,
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

/// One change of an incident as it is to be written: the incident after it, the events that made it,
/// and what else must be stored with it (its projections), all in one transaction.
#[derive(Debug, Clone)]
pub struct Commit<'a> {
    pub incident: &'a Incident,
    pub events: &'a [Event],
    /// The version the change was decided on; `None` for a new incident (written only if absent).
    pub before_version: Option<u64>,
    /// The request's idempotency key and the fingerprint of its body, for a create or a linked report.
    pub idempotency: Option<(&'a IdempotencyKey, &'a str)>,
    /// Items of other partitions written with the change (the feed, callers' histories, notices...).
    pub projections: Vec<Write>,
}

impl<'a> Commit<'a> {
    /// A new incident with its first events.
    pub fn new(incident: &'a Incident, events: &'a [Event]) -> Self {
        Self { incident, events, before_version: None, idempotency: None, projections: Vec::new() }
    }

    /// A change of an incident that was at `version` when the change was decided.
    pub fn change(before_version: u64, incident: &'a Incident, events: &'a [Event]) -> Self {
        Self { before_version: Some(before_version), ..Self::new(incident, events) }
    }

    /// Written once per key: a retry with the same `fingerprint` is answered as the first request was.
    pub fn idempotent(self, key: &'a IdempotencyKey, fingerprint: &'a str) -> Self {
        Self { idempotency: Some((key, fingerprint)), ..self }
    }

    pub fn with(mut self, projections: impl IntoIterator<Item = Write>) -> Self {
        self.projections.extend(projections);
        self
    }

    /// How many items the transaction writes (DynamoDB takes at most 100 in one).
    pub fn item_count(&self) -> usize {
        1 + self.events.len() + usize::from(self.idempotency.is_some()) + self.projections.len()
    }
}

/// The incident as one write left it, for the changes feed: written with every change of a head, so that
/// a reader of the feed never misses a change that was stored, and never sees one that was not.
pub fn feed_write(incident: &Incident) -> Write {
    Write::Put { item: feed_item(incident), condition: Condition::None }
}

/// Writes incidents: the only way an incident's head and events are stored. The functions hold it
/// privately in their one application service (`tanggap_api::incidents`), so that every change is
/// decided, checked and projected the same way.
#[derive(Clone)]
pub struct IncidentWriter {
    table: Arc<dyn Table>,
    reads: IncidentRepo,
}

impl IncidentWriter {
    pub fn new(table: Arc<dyn Table>) -> Self {
        Self { reads: IncidentRepo::new(table.clone()), table }
    }

    /// Stores a change in one transaction: the head (if still at the version it was decided on, or
    /// absent for a new incident), each event (once), the idempotency record (once per key) and the
    /// projections. [`RepoError::VersionConflict`] when someone changed the incident first, writing
    /// nothing; [`Created::Replayed`] when the key was used for the same request before (nothing
    /// written), [`RepoError::IdempotencyKeyReused`] when it was used for another.
    #[tracing::instrument(level = "debug", skip_all, fields(id = %commit.incident.id, before_version = ?commit.before_version))]
    pub async fn commit(&self, commit: Commit<'_>) -> Result<Created, RepoError> {
        let Commit { incident, events, before_version, idempotency, projections } = commit;
        let head = match before_version {
            Some(version) => Condition::VersionEquals(version),
            None => Condition::NotExists,
        };
        let mut writes = Vec::with_capacity(2 + events.len() + projections.len());
        if let Some((key, fingerprint)) = idempotency {
            let record = idempotency_record(key, fingerprint, incident);
            writes.push(Write::Put { item: record, condition: Condition::NotExists });
        }
        writes.push(Write::Put { item: head_item(incident), condition: head });
        writes.extend(
            events.iter().map(|e| Write::Put { item: event_item(&incident.id, e), condition: Condition::NotExists }),
        );
        writes.extend(projections);
        match self.table.transact(writes).await {
            Ok(()) => Ok(Created::New),
            // A failed condition, or a concurrent transaction, may mean the key is taken: if the first
            // use is visible, answer as it was answered.
            Err(err @ (StoreError::ConditionFailed { .. } | StoreError::Conflict(_))) => {
                if let Some((key, fingerprint)) = idempotency
                    && let Some(id) = self.reads.replayed(key, fingerprint).await?
                {
                    return Ok(Created::Replayed { id });
                }
                // A writer mid-transaction on the same incident is, to this caller, a writer that got
                // there first.
                match before_version {
                    Some(_) => Err(RepoError::VersionConflict),
                    None => Err(err.into()),
                }
            }
            Err(err) => Err(err.into()),
        }
    }
}

/// Incidents and their histories, as read.
#[derive(Clone)]
pub struct IncidentRepo {
    table: Arc<dyn Table>,
}

impl IncidentRepo {
    pub fn new(table: Arc<dyn Table>) -> Self {
        Self { table }
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

    /// The incident the first request with `key` was answered with, when that request had this
    /// `fingerprint`; `None` when the key is unused; [`RepoError::IdempotencyKeyReused`] when it was
    /// used for another request.
    #[tracing::instrument(level = "debug", skip_all, fields(key = %key))]
    pub async fn replayed(&self, key: &IdempotencyKey, fingerprint: &str) -> Result<Option<IncidentId>, RepoError> {
        let Some(first) = self.table.get(&idempotency_key(key)).await? else { return Ok(None) };
        if decode::<String>(&first, FINGERPRINT)? != fingerprint {
            return Err(RepoError::IdempotencyKeyReused);
        }
        decode(&first, INCIDENT_ID).map(Some)
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
    /// agency's officers see.
    #[tracing::instrument(level = "debug", skip(self, cursor))]
    pub async fn board_for_agency(
        &self,
        agency: &AgencyCode,
        limit: usize,
        cursor: Option<Cursor>,
    ) -> Result<(Vec<Incident>, Option<Cursor>), RepoError> {
        self.board_where(|incident| incident.assignment(agency).is_some(), limit, cursor).await
    }

    /// Like [`Self::board`], but only the open incidents that `keep` accepts (an agency's, a filter's).
    /// It reads the board in chunks and keeps what matches; the open board is what a center works on
    /// right now (tens to hundreds), so reading through it is cheap. The cursor is the last kept
    /// incident's board position.
    #[tracing::instrument(level = "debug", skip(self, keep, cursor))]
    pub async fn board_where(
        &self,
        keep: impl Fn(&Incident) -> bool + Send,
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
                if !keep(&incident) {
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

    /// Every open incident, in board order (what duplicates are looked for among).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn open_incidents(&self) -> Result<Vec<Incident>, RepoError> {
        let items = read_all(&*self.table, Query::partition(BOARD_OPEN).on(Index::Gsi1)).await?;
        items.iter().map(|item| decode(item, INCIDENT)).collect()
    }

    /// The changes feed from `from` on, oldest change first: the incidents written at or after `from`,
    /// read hour partition by hour partition up to `until`'s hour, those that `keep` rejects left out.
    /// At most `limit` changes are counted; those at or before `counted_after` (a position an earlier
    /// read ended on, re-read because readers overlap) are returned but not counted, so that a reader
    /// always gets further.
    #[tracing::instrument(level = "debug", skip(self, keep))]
    pub async fn changes(
        &self,
        from: Timestamp,
        until: Timestamp,
        counted_after: Option<&FeedPosition>,
        limit: usize,
        keep: impl Fn(&Incident) -> bool + Send,
    ) -> Result<FeedRead, RepoError> {
        const HOUR_MS: i64 = 3_600_000;
        // A day of partitions at most: the API accepts cursors of the last hour only.
        const MAX_HOURS: i64 = 24;
        const CHUNK: usize = 200;
        let limit = limit.max(1);
        let first_hour = from.unix_millis().div_euclid(HOUR_MS);
        let last_hour = until.unix_millis().div_euclid(HOUR_MS).clamp(first_hour, first_hour + MAX_HOURS);
        let mut read = FeedRead { incidents: Vec::new(), last: None, full: false };
        let mut counted = 0;
        for hour in first_hour..=last_hour {
            let start = Timestamp::from_unix_millis(hour * HOUR_MS)
                .ok_or_else(|| RepoError::Corrupt(format!("hour {hour} is not a time")))?;
            let mut query = Query::partition(feed_partition(start)).between(from.sortable(), FEED_END).limit(CHUNK);
            loop {
                let page = self.table.query(&query).await?;
                for item in &page.items {
                    let incident: Incident = decode(item, INCIDENT)?;
                    if !keep(&incident) {
                        continue;
                    }
                    let position = FeedPosition(item.key().sk);
                    if counted_after.is_none_or(|after| position > *after) {
                        counted += 1;
                    }
                    read.incidents.push(incident);
                    read.last = Some(position);
                    if counted >= limit {
                        read.full = true;
                        return Ok(read);
                    }
                }
                match page.next {
                    Some(next) => query = query.after(Some(next)),
                    None => break,
                }
            }
        }
        Ok(read)
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
