//! The dashboard's counters: one item per day with that day's tally, one per month with the sum of its
//! days' (what a long range reads instead of its days), and the changes still to be added to them. The
//! operators' counts are kept the same way in items of their own, folded from the same changes.
//!
//! A change of an incident does not update a day's counters itself: in a flood hour hundreds of
//! changes a minute would all rewrite today's item, and their transactions would conflict on it. The
//! change writes its counts as a **pending** item of its own instead (keyed by incident and version, so
//! never contended), in its own transaction; [`DashboardRepo::fold`] then adds pending counts to their
//! days' and months' items and deletes them in one transaction with a version check on each, so every count
//! is added exactly once whoever folds, however many fold at once. The sweeper folds once a minute: a
//! day's item (which may be large) is rewritten once for a batch of changes, never once per change,
//! and no command waits for it.
//! A reader adds the counts still pending to the days' items, so the figures do not wait for a fold.
//! (A fold that lands between a reader's two reads makes that one answer miss, or on DynamoDB's
//! eventually consistent index count twice, the few changes it folded; the next answer is right.)

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;
use tanggap_domain::dashboard::staff::{StaffCounters, StaffDays, StaffTally};
use tanggap_domain::dashboard::{Block, Counters, DayTallies, DayTally, OpenWork, RegisterEntry};
use tanggap_domain::dto::{DayRange, LateAssignment};
use tanggap_domain::{AgencyCode, Day, Incident, IncidentId, Timestamp};

use super::{RepoError, decode, encode, pack, read_all, unpack};
use crate::table::{Condition, Index, Item, Key, Query, StoreError, Table, Write, attr};

/// How many times the counters are read when folds keep landing during the read (see
/// [`DashboardRepo::counters`]): a fold comes once a minute, so a second read almost always holds.
const READ_ATTEMPTS: usize = 3;

/// Every pending change of the counters, oldest first, in the secondary index.
const PENDING_INDEX: &str = "DASH_PENDING";
/// A day's or month's tally, packed (see `super::pack`): a month's is 148 KB at most in the
/// generated Bogor year.
const TALLY: &str = "tally";
/// An incident's entry in the register.
const ENTRY: &str = "entry";
const DAYS: &str = "days";
/// A pending change's counts of the operators (absent in those written before they were counted).
const STAFF: &str = "staff";
const LATE: &str = "late";
const AGENCIES: &str = "agencies";

/// The most pending changes one fold takes: each is deleted in the fold's transaction, beside the
/// day and month items it adds to.
const FOLD_BATCH: usize = 40;
/// The most days one fold rewrites, and so the most months, of each kind (the dashboard's, the
/// operators'): 40 deletions and at most 32 puts stay under DynamoDB's 100 items a transaction, and (a
/// dashboard month's item being the largest) under its 4 MB.
const FOLD_DAYS: usize = 8;

/// A kind of counters kept by day and month and folded from the pending changes: the dashboard's
/// tallies, and the operators' counts (kept in items of their own, so the dashboard never reads them).
trait Tally: Default + Serialize + DeserializeOwned {
    /// The partitions of its day and month items, by year.
    const DAYS: &'static str;
    const MONTHS: &'static str;
    fn add_counts(&mut self, other: &Self, sign: i64);
}

impl Tally for DayTally {
    const DAYS: &'static str = "DASH";
    const MONTHS: &'static str = "DASHM";
    fn add_counts(&mut self, other: &Self, sign: i64) {
        self.add(other, sign);
    }
}

impl Tally for StaffTally {
    const DAYS: &'static str = "STAFF";
    const MONTHS: &'static str = "STAFFM";
    fn add_counts(&mut self, other: &Self, sign: i64) {
        self.add(other, sign);
    }
}

fn day_key<T: Tally>(day: Day) -> Key {
    let date = day.date();
    Key::new(format!("{}#{:04}", T::DAYS, date.year()), day.to_string())
}

/// A whole month's tally, beside its days': what a range of more than two months reads instead of them.
fn month_key<T: Tally>(first: Day) -> Key {
    let date = first.date();
    Key::new(format!("{}#{:04}", T::MONTHS, date.year()), format!("{:04}-{:02}", date.year(), u8::from(date.month())))
}

fn pending_key(incident: &IncidentId, version: u64) -> Key {
    Key::new(format!("DASHQ#{incident}"), format!("{version:010}"))
}

/// The partition of the late assignments of incidents received in `day`'s month.
fn late_partition(day: Day) -> String {
    let date = day.date();
    format!("LATE#{:04}-{:02}", date.year(), u8::from(date.month()))
}

/// An incident's late assignments (all of its agencies', in one item), to be written in the change's
/// transaction that made one of them late or later; it replaces what an earlier change wrote.
pub fn late_write(incident: &Incident, received_on: Day, late: &[LateAssignment]) -> Write {
    let key = Key::new(late_partition(received_on), format!("{}#{}", incident.received_at.sortable(), incident.id));
    let agencies: Vec<&str> = late.iter().map(|l| l.agency.as_str()).collect();
    let item = Item::new(&key).with(AGENCIES, encode(&agencies)).with(LATE, encode(&late));
    Write::Put { item, condition: Condition::None }
}

/// The register's item of an incident received on `received_on` (which never changes).
fn register_key(received_on: Day, received_at: Timestamp, incident: &IncidentId) -> Key {
    Key::new(format!("REG#{received_on}"), format!("{}#{incident}", received_at.sortable()))
}

/// The incident's entry in the register as a change leaves it, written in the change's transaction
/// (replacing the entry before it); None (nothing to write) or a deletion when the change took a real
/// incident out of the register (merged into another as a duplicate).
pub fn register_write(before: Option<&Incident>, incident: &Incident, received_on: Day) -> Option<Write> {
    let key = register_key(received_on, incident.received_at, &incident.id);
    match RegisterEntry::of(incident) {
        Some(entry) => {
            Some(Write::Put { item: Item::new(&key).with(ENTRY, encode(&entry)), condition: Condition::None })
        }
        None => before.and_then(RegisterEntry::of).map(|_| Write::Delete { key, condition: Condition::None }),
    }
}

/// Every open incident's open work, one item each: what the scorecard's backlog reads.
const OPEN_WORK: &str = "OPENWORK";
const WORK: &str = "work";
/// Put once the open work of the incidents open before the projection existed has been written.
fn open_work_marker() -> Key {
    Key::new("OPENWORK_SINCE", "BACKFILLED")
}

fn open_work_key(incident: &IncidentId) -> Key {
    Key::new(OPEN_WORK, incident.as_str())
}

/// The incident's open work as a change leaves it: put when it has some and it changed, deleted when
/// the change ended the last of it; None when the change did not move it.
pub fn open_work_write(before: Option<&Incident>, incident: &Incident) -> Option<Write> {
    let (was, is) = (before.and_then(OpenWork::of), OpenWork::of(incident));
    if was == is {
        return None;
    }
    let key = open_work_key(&incident.id);
    Some(match is {
        Some(work) => Write::Put { item: Item::new(&key).with(WORK, encode(&work)), condition: Condition::None },
        None => Write::Delete { key, condition: Condition::None },
    })
}

/// The counts one change adds, the dashboard's and the operators', to be written in the change's own
/// transaction; None when it moves no count (a note, a photo).
pub fn pending_counts(
    incident: &IncidentId,
    version: u64,
    at: Timestamp,
    counts: &DayTallies,
    staff: &StaffDays,
) -> Option<Write> {
    if counts.is_empty() && staff.is_empty() {
        return None;
    }
    let mut item = Item::new(&pending_key(incident, version))
        .with(attr::GSI1PK, PENDING_INDEX)
        .with(attr::GSI1SK, format!("{}#{incident}#{version:010}", at.sortable()))
        .with(DAYS, encode(counts));
    if !staff.is_empty() {
        item = item.with(STAFF, encode(staff));
    }
    Some(Write::Put { item, condition: Condition::NotExists })
}

/// The counters of the blocks of some ranges, as read, and how many items it took.
#[derive(Debug, Default)]
pub struct CountersRead {
    pub counters: Counters,
    pub items_read: usize,
}

/// What one fold did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Folded {
    /// Pending changes added to their days and deleted.
    pub changes: usize,
    /// Pending changes left (someone else folded at the same moment, or more than one batch waits).
    pub more: bool,
}

#[derive(Clone)]
pub struct DashboardRepo {
    table: Arc<dyn Table>,
}

impl DashboardRepo {
    pub fn new(table: Arc<dyn Table>) -> Self {
        Self { table }
    }

    /// The counters of every block of `ranges` (the range shown and the one it is compared with: their
    /// days, or whole months for long ranges), with the changes not yet folded into them added. One
    /// query per run of consecutive days and per calendar year of months, one item per day or month
    /// that counted anything, and the pending changes (normally none or a few), read before and after.
    ///
    /// A fold between reading the days and reading the pending changes would leave its changes out of
    /// both (the days read before it, the changes deleted by it). A fold takes the oldest pending
    /// changes first, so it shows as a change pending before the days were read and gone after: then
    /// everything is read again, at most [`READ_ATTEMPTS`] times.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn counters(&self, ranges: &[DayRange]) -> Result<CountersRead, RepoError> {
        let (days, months, items_read) = self.read::<DayTally>(ranges, |pending| &pending.counts).await?;
        Ok(CountersRead { counters: Counters { days, months }, items_read })
    }

    /// The operators' counts of the blocks of `range`, with the changes not yet folded into them
    /// added, read as [`Self::counters`] reads the dashboard's; and how many items it took.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn staff_counters(&self, range: DayRange) -> Result<(StaffCounters, usize), RepoError> {
        let (days, months, items_read) = self.read::<StaffTally>(&[range], |pending| &pending.staff).await?;
        Ok((StaffCounters { days, months }, items_read))
    }

    /// The day and month items of one kind of counters for `ranges`' blocks, with the pending changes'
    /// counts of that kind (`of`) added where the blocks read them; and how many items it took.
    async fn read<T: Tally>(
        &self,
        ranges: &[DayRange],
        of: impl Fn(&Pending) -> &BTreeMap<Day, T>,
    ) -> Result<(BTreeMap<Day, T>, BTreeMap<Day, T>, usize), RepoError> {
        let mut before = self.pending(None).await?;
        let mut attempt = 1;
        loop {
            let (mut days, mut months, mut items_read) = self.blocks::<T>(ranges).await?;
            let after = self.pending(None).await?;
            let folded_meanwhile = before.iter().any(|change| !after.iter().any(|still| still.key == change.key));
            if !folded_meanwhile || attempt == READ_ATTEMPTS {
                let blocks = blocks_of(ranges);
                for pending in &after {
                    items_read += 1;
                    for (day, tally) in of(pending) {
                        // Where a range reads it: its day, or its month when the month is read whole.
                        if blocks.contains(&Block::Day(*day)) {
                            days.entry(*day).or_default().add_counts(tally, 1);
                        }
                        let month = day.first_of_month();
                        if blocks.contains(&Block::Month(month)) {
                            months.entry(month).or_default().add_counts(tally, 1);
                        }
                    }
                }
                return Ok((days, months, items_read));
            }
            (before, attempt) = (after, attempt + 1);
        }
    }

    /// The stored day and month items of one kind for `ranges`' blocks, without the pending changes.
    async fn blocks<T: Tally>(
        &self,
        ranges: &[DayRange],
    ) -> Result<(BTreeMap<Day, T>, BTreeMap<Day, T>, usize), RepoError> {
        let (mut days_read, mut months_read, mut items_read) = (BTreeMap::new(), BTreeMap::new(), 0);
        let blocks = blocks_of(ranges);
        let days: Vec<Day> =
            blocks.iter().filter_map(|b| if let Block::Day(d) = b { Some(*d) } else { None }).collect();
        let months: Vec<Day> =
            blocks.iter().filter_map(|b| if let Block::Month(m) = b { Some(*m) } else { None }).collect();
        for (first, last) in runs(&days, |day| day.next()) {
            let query = Query::partition(day_key::<T>(first).pk).between(first.to_string(), last.to_string());
            for item in read_all(self.table.as_ref(), query).await? {
                items_read += 1;
                let day = Day::parse(&item.key().sk)
                    .map_err(|_| RepoError::Corrupt(format!("item {}: not a day", item.key())))?;
                days_read.insert(day, unpack(&item, TALLY)?);
            }
        }
        for (first, last) in runs(&months, Day::first_of_next_month) {
            let query =
                Query::partition(month_key::<T>(first).pk).between(month_key::<T>(first).sk, month_key::<T>(last).sk);
            for item in read_all(self.table.as_ref(), query).await? {
                items_read += 1;
                let month = Day::parse(&format!("{}-01", item.key().sk))
                    .map_err(|_| RepoError::Corrupt(format!("item {}: not a month", item.key())))?;
                months_read.insert(month, unpack(&item, TALLY)?);
            }
        }
        Ok((days_read, months_read, items_read))
    }

    /// `agency`'s late assignments of incidents received in `range`, newest first, at most `limit` of
    /// them, and whether there were more. One query per month of the range, newest month first.
    #[tracing::instrument(level = "debug", skip(self))]
    pub async fn late(
        &self,
        range: DayRange,
        utc_offset_hours: i8,
        agency: &AgencyCode,
        limit: usize,
    ) -> Result<(Vec<LateAssignment>, bool), RepoError> {
        let (from, to) =
            (range.from.start(utc_offset_hours).sortable(), range.to.next().start(utc_offset_hours).sortable());
        let mut months = Vec::new();
        let mut day = range.to.first_of_month();
        while day >= range.from.first_of_month() {
            months.push(day);
            day = day.previous().first_of_month();
        }
        let mut found = Vec::new();
        for month in months {
            let mut query = Query::partition(late_partition(month)).between(from.clone(), to.clone()).descending();
            loop {
                let page = self.table.query(&query.clone().limit(Query::MAX_LIMIT)).await?;
                for item in &page.items {
                    let late: Vec<LateAssignment> = decode(item, LATE)?;
                    found.extend(late.into_iter().filter(|l| l.agency == *agency));
                    if found.len() > limit {
                        found.truncate(limit);
                        return Ok((found, true));
                    }
                }
                match page.next {
                    Some(next) => query = query.after(Some(next)),
                    None => break,
                }
            }
        }
        Ok((found, false))
    }

    /// Every open incident's open work: one query of small items, however many incidents are open.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn open_work(&self) -> Result<Vec<OpenWork>, RepoError> {
        let items = read_all(self.table.as_ref(), Query::partition(OPEN_WORK)).await?;
        items.iter().map(|item| decode(item, WORK)).collect()
    }

    /// Writes the open work of `open` (the incidents open now) once, for a store whose incidents were
    /// opened before the projection existed; false when it was done before.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn backfill_open_work(&self, open: &[Incident]) -> Result<bool, RepoError> {
        if self.table.get(&open_work_marker()).await?.is_some() {
            return Ok(false);
        }
        for incident in open {
            if let Some(write) = open_work_write(None, incident) {
                self.table.transact(vec![write]).await?;
            }
        }
        self.table.put(Item::new(&open_work_marker()), Condition::None).await?;
        Ok(true)
    }

    /// The register's entries of incidents received in `range` that `keep` keeps, oldest first: at most
    /// `limit` of them, and whether there were more. One query per day of the range, and pages of it.
    #[tracing::instrument(level = "debug", skip(self, keep))]
    pub async fn register(
        &self,
        range: DayRange,
        keep: impl Fn(&RegisterEntry) -> bool,
        limit: usize,
    ) -> Result<(Vec<RegisterEntry>, bool), RepoError> {
        let mut found = Vec::new();
        let mut day = range.from;
        while day <= range.to {
            let mut query = Query::partition(format!("REG#{day}")).limit(Query::MAX_LIMIT);
            loop {
                let page = self.table.query(&query).await?;
                for item in &page.items {
                    let entry: RegisterEntry = decode(item, ENTRY)?;
                    if !keep(&entry) {
                        continue;
                    }
                    if found.len() == limit {
                        return Ok((found, true));
                    }
                    found.push(entry);
                }
                match page.next {
                    Some(next) => query = query.after(Some(next)),
                    None => break,
                }
            }
            day = day.next();
        }
        Ok((found, false))
    }

    /// Adds a batch of pending changes, oldest first, to their days' counters and deletes them, in one
    /// transaction. A fold that loses a race with another (the same changes, or the same days) writes
    /// nothing and says so in `more`; the other has folded them, or the next fold will.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn fold(&self) -> Result<Folded, RepoError> {
        let pending = self.pending(Some(FOLD_BATCH + 1)).await?;
        let mut batch: Vec<&Pending> = Vec::new();
        let mut days: BTreeMap<Day, DayTally> = BTreeMap::new();
        let mut staff: BTreeMap<Day, StaffTally> = BTreeMap::new();
        let mut touched: BTreeSet<Day> = BTreeSet::new();
        for change in pending.iter().take(FOLD_BATCH) {
            let mut with = touched.clone();
            with.extend(change.counts.keys().chain(change.staff.keys()).copied());
            if !batch.is_empty() && with.len() > FOLD_DAYS {
                break;
            }
            touched = with;
            for (day, tally) in &change.counts {
                days.entry(*day).or_default().add(tally, 1);
            }
            for (day, tally) in &change.staff {
                staff.entry(*day).or_default().add(tally, 1);
            }
            batch.push(change);
        }
        if batch.is_empty() {
            return Ok(Folded::default());
        }
        let mut writes = self.folded_writes(days).await?;
        writes.extend(self.folded_writes(staff).await?);
        writes
            .extend(batch.iter().map(|change| Write::Delete { key: change.key.clone(), condition: Condition::Exists }));
        let more = pending.len() > batch.len();
        match self.table.transact(writes).await {
            Ok(()) => Ok(Folded { changes: batch.len(), more }),
            Err(StoreError::ConditionFailed { .. } | StoreError::Conflict(_)) => Ok(Folded { changes: 0, more: true }),
            Err(err) => Err(err.into()),
        }
    }

    /// The puts that add `days`' counts to their day items and their months' items, each on the version
    /// read (`NotExists` for one not written yet).
    async fn folded_writes<T: Tally>(&self, days: BTreeMap<Day, T>) -> Result<Vec<Write>, RepoError> {
        let mut months: BTreeMap<Day, T> = BTreeMap::new();
        for (day, counts) in &days {
            months.entry(day.first_of_month()).or_default().add_counts(counts, 1);
        }
        let mut writes = Vec::with_capacity(days.len() + months.len());
        let tallies = days.into_iter().map(|(day, counts)| (day_key::<T>(day), counts));
        for (key, counts) in tallies.chain(months.into_iter().map(|(month, counts)| (month_key::<T>(month), counts))) {
            let stored = self.table.get(&key).await?;
            let (mut tally, condition) = match &stored {
                Some(item) => (unpack::<T>(item, TALLY)?, Condition::VersionEquals(item.version().unwrap_or(0))),
                None => (T::default(), Condition::NotExists),
            };
            let version = stored.as_ref().and_then(Item::version).unwrap_or(0) + 1;
            tally.add_counts(&counts, 1);
            let item = Item::new(&key).with(attr::VERSION, version).with(TALLY, pack(&tally));
            writes.push(Write::Put { item, condition });
        }
        Ok(writes)
    }

    /// Pending changes, oldest first: all of them, or the first `limit`. Read from the secondary index:
    /// on DynamoDB one written a moment ago may not show yet, and one folded a moment ago may still.
    async fn pending(&self, limit: Option<usize>) -> Result<Vec<Pending>, RepoError> {
        let query = Query::partition(PENDING_INDEX).on(Index::Gsi1);
        let items = match limit {
            Some(limit) => self.table.query(&query.limit(limit)).await?.items,
            None => read_all(self.table.as_ref(), query).await?,
        };
        items
            .iter()
            .map(|item| {
                let staff = if item.get(STAFF).is_some() { decode(item, STAFF)? } else { StaffDays::new() };
                Ok(Pending { key: item.key(), counts: decode(item, DAYS)?, staff })
            })
            .collect()
    }
}

/// One change's counts, not yet added to its days.
struct Pending {
    key: Key,
    counts: DayTallies,
    staff: StaffDays,
}

/// Every block `ranges` read, each once, in order.
fn blocks_of(ranges: &[DayRange]) -> Vec<Block> {
    let mut blocks: Vec<Block> = ranges.iter().flat_map(DayRange::blocks).collect();
    blocks.sort();
    blocks.dedup();
    blocks
}

/// The runs of consecutive values in `sorted` (consecutive by `next`), as their first and last.
fn runs(sorted: &[Day], next: impl Fn(Day) -> Day) -> Vec<(Day, Day)> {
    let mut runs: Vec<(Day, Day)> = Vec::new();
    for &day in sorted {
        match runs.last_mut() {
            // A run stays in one calendar year: each year is a partition of its own.
            Some((first, last)) if next(*last) == day && first.date().year() == day.date().year() => *last = day,
            _ => runs.push((day, day)),
        }
    }
    runs
}
