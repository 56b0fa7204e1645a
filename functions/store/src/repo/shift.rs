//! Shifts: the center's pattern, the month's rosters, and sign-ons. Each person's latest sign-on is one
//! item (who is on duty is read from these, a few dozen); each sign-on is also kept in its shift's
//! partition, which is that shift's history.

use std::sync::Arc;

use tanggap_domain::shift::{Handover, Roster, ShiftBreach, ShiftPattern, ShiftRef, SignOn};
use tanggap_domain::{Change, Day, Event, Incident, Timestamp, Username};

use super::{RepoError, decode, encode, read_all};
use crate::table::{Condition, Item, Key, Query, StoreError, Table, Write, attr};

const PATTERN: &str = "pattern";
const ROSTER: &str = "roster";
const SIGN_ON: &str = "sign_on";
const HANDOVER: &str = "handover";
const BREACHES: &str = "breaches";
/// Everyone's latest sign-on, one item each by username.
const DUTY: &str = "DUTY";

fn pattern_key() -> Key {
    Key::new("SHIFTS", "PATTERN")
}

fn roster_key(month: Day) -> Key {
    Key::new(format!("ROSTER#{}", month.first_of_month()), "ROSTER")
}

fn duty_key(username: &Username) -> Key {
    Key::new(DUTY, username.as_str())
}

/// A shift's partition: its sign-ons (and, later, its handover).
fn shift_partition(shift: ShiftRef) -> String {
    format!("SHIFT#{shift}")
}

fn history_key(sign_on: &SignOn) -> Key {
    Key::new(shift_partition(sign_on.shift), format!("ON#{}#{}", sign_on.on_at.sortable(), sign_on.username))
}

fn handover_key(shift: ShiftRef) -> Key {
    Key::new(shift_partition(shift), "HANDOVER")
}

/// The targets the sweeper found missed on a local day.
fn breaches_partition(day: Day) -> String {
    format!("BREACH#{day}")
}

/// The item a change adds for the targets it records missed (the sweeper's `sla_breached` events), in
/// the change's transaction: all of them in one item, in the partition of the day the change was made
/// and keyed by its time, so that a shift's handover lists the breaches found in its hours without
/// reading incidents, and a sweep that records many adds one item.
pub fn breach_write(incident: &Incident, events: &[Event], utc_offset_hours: i8) -> Option<Write> {
    let breaches: Vec<ShiftBreach> = events
        .iter()
        .filter_map(|event| match &event.change {
            Change::SlaBreached { agency, clock, due } => Some(ShiftBreach {
                incident: incident.id.clone(),
                category: incident.category.clone(),
                priority: incident.priority,
                agency: agency.clone(),
                clock: *clock,
                due: *due,
            }),
            _ => None,
        })
        .collect();
    if breaches.is_empty() {
        return None;
    }
    let at = incident.updated_at;
    let key = Key::new(
        breaches_partition(Day::of(at, utc_offset_hours)),
        format!("{}#{}#{:010}", at.sortable(), incident.id, incident.version),
    );
    Some(Write::Put { item: Item::new(&key).with(BREACHES, encode(&breaches)), condition: Condition::None })
}

/// A shift's handover as read, with its version.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredHandover {
    pub handover: Handover,
    pub version: u64,
}

/// A month's roster as read, with the version its next change must name (0: none saved yet).
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRoster {
    pub roster: Roster,
    pub version: u64,
}

/// Someone's latest sign-on as read, with its version.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSignOn {
    pub sign_on: SignOn,
    pub version: u64,
}

#[derive(Clone)]
pub struct ShiftRepo {
    table: Arc<dyn Table>,
}

impl ShiftRepo {
    pub fn new(table: Arc<dyn Table>) -> Self {
        Self { table }
    }

    /// The center's pattern; the default (07–15–23) until one is saved.
    #[tracing::instrument(level = "debug", skip(self))]
    pub async fn pattern(&self) -> Result<ShiftPattern, RepoError> {
        match self.table.get(&pattern_key()).await? {
            Some(item) => decode(&item, PATTERN),
            None => Ok(ShiftPattern::default()),
        }
    }

    #[tracing::instrument(level = "debug", skip(self))]
    pub async fn put_pattern(&self, pattern: &ShiftPattern) -> Result<(), RepoError> {
        let item = Item::new(&pattern_key()).with(PATTERN, encode(pattern));
        Ok(self.table.put(item, Condition::None).await?)
    }

    /// The roster of the month `month` is in; empty (version 0) when nobody made one.
    #[tracing::instrument(level = "debug", skip(self))]
    pub async fn roster(&self, month: Day) -> Result<StoredRoster, RepoError> {
        match self.table.get(&roster_key(month)).await? {
            Some(item) => Ok(StoredRoster { roster: decode(&item, ROSTER)?, version: item.version().unwrap_or(1) }),
            None => Ok(StoredRoster { roster: Roster::empty(month), version: 0 }),
        }
    }

    /// Replaces the roster read as `stored`; `VersionConflict` when another supervisor saved it since.
    #[tracing::instrument(level = "debug", skip_all, fields(month = %roster.month))]
    pub async fn save_roster(&self, stored: &StoredRoster, roster: Roster) -> Result<StoredRoster, RepoError> {
        let version = stored.version + 1;
        let item = Item::new(&roster_key(roster.month)).with(attr::VERSION, version).with(ROSTER, encode(&roster));
        let condition =
            if stored.version == 0 { Condition::NotExists } else { Condition::VersionEquals(stored.version) };
        match self.table.put(item, condition).await {
            Ok(()) => Ok(StoredRoster { roster, version }),
            Err(StoreError::ConditionFailed { .. } | StoreError::Conflict(_)) => Err(RepoError::VersionConflict),
            Err(err) => Err(err.into()),
        }
    }

    /// `username`'s latest sign-on, if they ever signed on.
    #[tracing::instrument(level = "debug", skip(self))]
    pub async fn last_sign_on(&self, username: &Username) -> Result<Option<StoredSignOn>, RepoError> {
        match self.table.get(&duty_key(username)).await? {
            Some(item) => {
                Ok(Some(StoredSignOn { sign_on: decode(&item, SIGN_ON)?, version: item.version().unwrap_or(1) }))
            }
            None => Ok(None),
        }
    }

    /// Everyone's latest sign-on: one partition of one item per person who ever signed on.
    #[tracing::instrument(level = "debug", skip(self))]
    pub async fn latest_sign_ons(&self) -> Result<Vec<SignOn>, RepoError> {
        let items = read_all(self.table.as_ref(), Query::partition(DUTY)).await?;
        items.iter().map(|item| decode(item, SIGN_ON)).collect()
    }

    /// Saves `sign_on` as its person's latest in place of `last` (as read), in one transaction with
    /// its record in its shift's history and, if signing on closed an earlier one, that one's record.
    /// `VersionConflict` when the person signed on or off elsewhere since `last` was read.
    #[tracing::instrument(level = "debug", skip_all, fields(user = %sign_on.username, shift = %sign_on.shift))]
    pub async fn save_sign_on(
        &self,
        last: Option<&StoredSignOn>,
        sign_on: &SignOn,
        closed: Option<&SignOn>,
    ) -> Result<(), RepoError> {
        let version = last.map_or(1, |last| last.version + 1);
        let condition = last.map_or(Condition::NotExists, |last| Condition::VersionEquals(last.version));
        let latest =
            Item::new(&duty_key(&sign_on.username)).with(attr::VERSION, version).with(SIGN_ON, encode(sign_on));
        let mut writes = vec![
            Write::Put { item: latest, condition },
            Write::Put {
                item: Item::new(&history_key(sign_on)).with(SIGN_ON, encode(sign_on)),
                condition: Condition::None,
            },
        ];
        if let Some(closed) = closed {
            let item = Item::new(&history_key(closed)).with(SIGN_ON, encode(closed));
            writes.push(Write::Put { item, condition: Condition::None });
        }
        match self.table.transact(writes).await {
            Ok(()) => Ok(()),
            Err(StoreError::ConditionFailed { .. } | StoreError::Conflict(_)) => Err(RepoError::VersionConflict),
            Err(err) => Err(err.into()),
        }
    }

    #[tracing::instrument(level = "debug", skip(self))]
    pub async fn handover(&self, shift: ShiftRef) -> Result<Option<StoredHandover>, RepoError> {
        match self.table.get(&handover_key(shift)).await? {
            Some(item) => {
                Ok(Some(StoredHandover { handover: decode(&item, HANDOVER)?, version: item.version().unwrap_or(1) }))
            }
            None => Ok(None),
        }
    }

    /// Saves the handover read as `existing` (None: none was written yet); `VersionConflict` when
    /// someone wrote or acknowledged it since.
    #[tracing::instrument(level = "debug", skip_all, fields(shift = %handover.shift))]
    pub async fn save_handover(
        &self,
        existing: Option<&StoredHandover>,
        handover: &Handover,
    ) -> Result<StoredHandover, RepoError> {
        let version = existing.map_or(1, |stored| stored.version + 1);
        let condition = existing.map_or(Condition::NotExists, |stored| Condition::VersionEquals(stored.version));
        let item =
            Item::new(&handover_key(handover.shift)).with(attr::VERSION, version).with(HANDOVER, encode(handover));
        match self.table.put(item, condition).await {
            Ok(()) => Ok(StoredHandover { handover: handover.clone(), version }),
            Err(StoreError::ConditionFailed { .. } | StoreError::Conflict(_)) => Err(RepoError::VersionConflict),
            Err(err) => Err(err.into()),
        }
    }

    /// The targets the sweeper found missed from `from` (included) to `to` (excluded), in the order found.
    #[tracing::instrument(level = "debug", skip(self))]
    pub async fn breaches_between(
        &self,
        from: Timestamp,
        to: Timestamp,
        utc_offset_hours: i8,
    ) -> Result<Vec<ShiftBreach>, RepoError> {
        let (mut day, last) = (Day::of(from, utc_offset_hours), Day::of(to, utc_offset_hours));
        let mut breaches = Vec::new();
        while day <= last {
            // Sort keys are the change's time and more: one made at `to` sorts after `to` itself.
            let query = Query::partition(breaches_partition(day)).between(from.sortable(), to.sortable());
            for item in read_all(self.table.as_ref(), query).await? {
                breaches.extend(decode::<Vec<ShiftBreach>>(&item, BREACHES)?);
            }
            day = day.next();
        }
        Ok(breaches)
    }

    /// Everyone who signed on to `shift`, in the order they did, as they stand now.
    #[tracing::instrument(level = "debug", skip(self))]
    pub async fn sign_ons_of(&self, shift: ShiftRef) -> Result<Vec<SignOn>, RepoError> {
        let query = Query::partition(shift_partition(shift)).prefix("ON#");
        let items = read_all(self.table.as_ref(), query).await?;
        items.iter().map(|item| decode(item, SIGN_ON)).collect()
    }
}
