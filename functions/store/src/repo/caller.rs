//! Callers: each number's calls (its history, for the intake screen and prank blocks), blocks, and the
//! calls taken per local day (the intake counts).
//!
//! A call's items ([`CallTaken::writes`]) are written in the transaction of the incident it opened or
//! was linked to (see [`super::IncidentWriter::commit`]), so a call is never counted without its
//! incident, nor twice.

use std::sync::Arc;

use tanggap_domain::caller::{CallRecord, CallerBlock};
pub use tanggap_domain::time::{Day, DayError};
use tanggap_domain::{CategoryCode, PhoneNumber, Timestamp};

use super::{EXPIRES_AT, RepoError, decode, encode, read_all};
use crate::table::{Condition, Index, Item, Key, Query, Table, Write, attr};

const BLOCK: &str = "BLOCK";
/// The secondary index's partition of every stored block: the handover lists the numbers blocked.
const BLOCKS_INDEX: &str = "BLOCKS";
/// Payload attributes.
const CALL: &str = "call";
const BLOCK_ATTR: &str = "block";
const CATEGORY: &str = "category";
const LINKED: &str = "linked";

fn history_partition(phone: &PhoneNumber) -> String {
    format!("CALLER#{}", phone.as_str())
}

fn block_key(phone: &PhoneNumber) -> Key {
    Key::new(format!("BLOCK#{}", phone.as_str()), BLOCK)
}

fn day_partition(day: &Day) -> String {
    format!("CALLS#{day}")
}

/// One call taken at intake, as the caller's history and the day's calls record it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallTaken {
    /// The caller's number; without one there is no history to add to (the call is still counted).
    pub phone: Option<PhoneNumber>,
    /// The call as the history lists it (`linked` for an extra report on an open incident).
    pub record: CallRecord,
    /// For a linked report, the sequence number of its `report_linked` event, which tells two linked
    /// reports on one incident apart.
    pub report_seq: Option<u64>,
    /// The local day it was taken on.
    pub day: Day,
}

impl CallTaken {
    /// `<sortable time>#<incident id>[#<report seq>]`: by time, and unique per call.
    fn sort_key(&self) -> String {
        let base = format!("{}#{}", self.record.at.sortable(), self.record.incident);
        match self.report_seq {
            Some(seq) => format!("{base}#{seq:010}"),
            None => base,
        }
    }

    /// The items this call adds, each written once: the day's call, and the caller's when there is a number.
    pub fn writes(&self) -> Vec<Write> {
        let sort = self.sort_key();
        let day = Item::new(&Key::new(day_partition(&self.day), sort.clone()))
            .with(CATEGORY, self.record.category.as_str())
            .with(LINKED, self.record.linked);
        let mut writes = vec![Write::Put { item: day, condition: Condition::NotExists }];
        if let Some(phone) = &self.phone {
            let history = Item::new(&Key::new(history_partition(phone), sort)).with(CALL, encode(&self.record));
            writes.push(Write::Put { item: history, condition: Condition::NotExists });
        }
        writes
    }
}

/// One call of a day's counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayCall {
    pub category: CategoryCode,
    /// Linked to an incident already open, as an extra report.
    pub linked: bool,
}

/// Callers' histories, blocks, and the calls of each day.
#[derive(Clone)]
pub struct CallerRepo {
    table: Arc<dyn Table>,
}

impl CallerRepo {
    pub fn new(table: Arc<dyn Table>) -> Self {
        Self { table }
    }

    /// The number's calls, newest first, as they were recorded (each with the status its incident had
    /// then): the `newest` latest, and more if needed to hold every call at or after `since`, so that
    /// a window can be counted whatever the number of calls shown.
    #[tracing::instrument(level = "debug", skip_all, fields(newest, since = %since))]
    pub async fn calls(
        &self,
        phone: &PhoneNumber,
        newest: usize,
        since: Timestamp,
    ) -> Result<Vec<CallRecord>, RepoError> {
        let page_size = newest.clamp(1, Query::MAX_LIMIT);
        let mut query = Query::partition(history_partition(phone)).descending().limit(page_size);
        let mut calls: Vec<CallRecord> = Vec::with_capacity(page_size);
        loop {
            let page = self.table.query(&query).await?;
            for item in &page.items {
                calls.push(decode(item, CALL)?);
            }
            let window_read = calls.last().is_some_and(|call| call.at < since);
            match page.next {
                Some(next) if calls.len() < newest || !window_read => query = query.after(Some(next)),
                _ => break,
            }
        }
        // The last page may reach past both bounds.
        let wanted = calls.iter().enumerate().take_while(|(i, call)| *i < newest || call.at >= since).count();
        calls.truncate(wanted);
        Ok(calls)
    }

    /// The number's block as stored, which may have ended: whether it is in force is
    /// [`CallerBlock::is_active`]'s to say (the table's TTL deletes it only some time after).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn block(&self, phone: &PhoneNumber) -> Result<Option<CallerBlock>, RepoError> {
        match self.table.get(&block_key(phone)).await? {
            Some(item) => decode(&item, BLOCK_ATTR).map(Some),
            None => Ok(None),
        }
    }

    /// Blocks the number until `block.until`, replacing any block it had.
    #[tracing::instrument(level = "debug", skip_all, fields(until = %block.until))]
    pub async fn put_block(&self, block: &CallerBlock) -> Result<(), RepoError> {
        let item = Item::new(&block_key(&block.phone))
            .with(BLOCK_ATTR, encode(block))
            .with(EXPIRES_AT, block.until.unix_millis().div_euclid(1000))
            .with(attr::GSI1PK, BLOCKS_INDEX)
            .with(attr::GSI1SK, block.phone.as_str());
        Ok(self.table.put(item, Condition::None).await?)
    }

    /// Lifts the number's block; returns the block that was stored, if any.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn lift_block(&self, phone: &PhoneNumber) -> Result<Option<CallerBlock>, RepoError> {
        let stored = self.block(phone).await?;
        if stored.is_some() {
            self.table.transact(vec![Write::Delete { key: block_key(phone), condition: Condition::None }]).await?;
        }
        Ok(stored)
    }

    /// The numbers blocked at `now`, by number. From the secondary index: on DynamoDB a block made a
    /// moment ago may not show yet.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn blocks(&self, now: Timestamp) -> Result<Vec<CallerBlock>, RepoError> {
        let items = read_all(&*self.table, Query::partition(BLOCKS_INDEX).on(Index::Gsi1)).await?;
        let blocks: Result<Vec<CallerBlock>, RepoError> = items.iter().map(|item| decode(item, BLOCK_ATTR)).collect();
        Ok(blocks?.into_iter().filter(|block| block.is_active(now)).collect())
    }

    /// Every call taken on `day`, in the order taken.
    #[tracing::instrument(level = "debug", skip_all, fields(day = %day))]
    pub async fn calls_on(&self, day: &Day) -> Result<Vec<DayCall>, RepoError> {
        let items = read_all(&*self.table, Query::partition(day_partition(day))).await?;
        items
            .iter()
            .map(|item| Ok(DayCall { category: decode(item, CATEGORY)?, linked: decode(item, LINKED)? }))
            .collect()
    }
}
