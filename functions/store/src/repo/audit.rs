//! The audit log of accounts: logins, failures, logouts, password and user changes.
//!
//! One partition per calendar month (UTC), sorted by time, so that writes spread over partitions and a
//! month can be read, exported or expired as one. Reading newest first walks back month by month, down
//! to the month of the first entry ever written, which a marker item remembers.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use tanggap_domain::Timestamp;
use tanggap_domain::dto::AuditEntry;

use super::{RepoError, decode, encode};
use crate::table::{Condition, Cursor, Item, Key, Query, StoreError, Table};

const ENTRY: &str = "entry";
/// The marker: the month of the first entry, where reading back stops.
const MARKER_PK: &str = "AUDIT";
const MARKER_SK: &str = "SINCE";
const MONTH: &str = "month";

fn partition(month: &Month) -> String {
    format!("AUDIT#{}", month.0)
}

/// A calendar month, `yyyy-mm`, which sorts like time.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
struct Month(String);

impl Month {
    fn of(at: Timestamp) -> Self {
        Self(at.sortable()[..7].to_owned())
    }

    fn parts(&self) -> (i32, u32) {
        // Only built by `of` or checked by `try_from`, so both parts are numbers.
        let year = self.0[..4].parse().unwrap_or(0);
        let month = self.0[5..7].parse().unwrap_or(1);
        (year, month)
    }

    fn previous(&self) -> Self {
        let (year, month) = self.parts();
        let (year, month) = if month <= 1 { (year - 1, 12) } else { (year, month - 1) };
        Self(format!("{year:04}-{month:02}"))
    }
}

impl TryFrom<String> for Month {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        let b = value.as_bytes();
        let ok = b.len() == 7
            && b[4] == b'-'
            && b.iter().enumerate().all(|(i, c)| i == 4 || c.is_ascii_digit())
            && (1..=12).contains(&value[5..7].parse::<u32>().unwrap_or(0));
        if ok { Ok(Self(value)) } else { Err(format!("not a month: {value:?}")) }
    }
}

impl From<Month> for String {
    fn from(value: Month) -> Self {
        value.0
    }
}

/// Where a page of the log stopped: the month being read, and the position inside it.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Position {
    month: Month,
    after: Option<String>,
}

impl Position {
    fn encode(&self) -> Cursor {
        let json = serde_json::to_vec(self).expect("a struct of strings always serialises to JSON");
        Cursor(URL_SAFE_NO_PAD.encode(json))
    }

    fn decode(cursor: &Cursor) -> Result<Self, StoreError> {
        let bytes = URL_SAFE_NO_PAD.decode(&cursor.0).map_err(|_| StoreError::InvalidCursor)?;
        serde_json::from_slice(&bytes).map_err(|_| StoreError::InvalidCursor)
    }
}

/// The audit log.
#[derive(Clone)]
pub struct AuditRepo {
    table: Arc<dyn Table>,
    /// Whether this process has made sure the marker exists, to spare a write per entry.
    marked: Arc<AtomicBool>,
}

impl AuditRepo {
    pub fn new(table: Arc<dyn Table>) -> Self {
        Self { table, marked: Arc::new(AtomicBool::new(false)) }
    }

    /// Appends an entry; entries are never changed.
    #[tracing::instrument(level = "debug", skip_all, fields(action = ?entry.action))]
    pub async fn append(&self, entry: &AuditEntry) -> Result<(), RepoError> {
        let month = Month::of(entry.at);
        if !self.marked.load(Ordering::Relaxed) {
            let marker = Item::new(&Key::new(MARKER_PK, MARKER_SK)).with(MONTH, encode(&month));
            match self.table.put(marker, Condition::NotExists).await {
                Ok(()) | Err(StoreError::ConditionFailed { .. }) => self.marked.store(true, Ordering::Relaxed),
                Err(err) => return Err(err.into()),
            }
        }
        // The ULID keeps entries of the same millisecond apart, in the order they were made.
        let sort = format!("{}#{}", entry.at.sortable(), ulid::Ulid::new());
        let item = Item::new(&Key::new(partition(&month), sort)).with(ENTRY, encode(entry));
        Ok(self.table.put(item, Condition::NotExists).await?)
    }

    /// One page of entries, newest first, from `now`'s month back to the first entry, and the cursor
    /// to the next page when this one is full. A cursor this log did not give is
    /// [`StoreError::InvalidCursor`].
    #[tracing::instrument(level = "debug", skip(self, cursor))]
    pub async fn page(
        &self,
        now: Timestamp,
        limit: usize,
        cursor: Option<Cursor>,
    ) -> Result<(Vec<AuditEntry>, Option<Cursor>), RepoError> {
        let (mut month, mut after) = match &cursor {
            Some(cursor) => {
                let position = Position::decode(cursor)?;
                (position.month, position.after.map(Cursor))
            }
            None => (Month::of(now), None),
        };
        let Some(marker) = self.table.get(&Key::new(MARKER_PK, MARKER_SK)).await? else {
            return Ok((Vec::new(), None));
        };
        let since: Month = decode(&marker, MONTH)?;
        let mut entries = Vec::with_capacity(limit);
        while month >= since {
            let query = Query::partition(partition(&month)).descending().limit(limit - entries.len()).after(after);
            let page = self.table.query(&query).await?;
            for item in &page.items {
                entries.push(decode(item, ENTRY)?);
            }
            if let Some(next) = page.next {
                // The page is full: there may be more in this month.
                return Ok((entries, Some(Position { month, after: Some(next.0) }.encode())));
            }
            month = month.previous();
            after = None;
            if entries.len() == limit {
                let next = (month >= since).then(|| Position { month, after: None }.encode());
                return Ok((entries, next));
            }
        }
        Ok((entries, None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_step_back_across_years() {
        let january = Month::try_from("2026-01".to_owned()).unwrap();
        assert_eq!(january.previous().0, "2025-12");
        assert_eq!(Month::try_from("2026-11".to_owned()).unwrap().previous().0, "2026-10");
        assert_eq!(Month::of(Timestamp::from_unix_millis(1_763_796_312_123).unwrap()).0, "2025-11");
        for bad in ["2026-13", "2026-00", "2026/01", "26-01", "2026-1"] {
            assert!(Month::try_from(bad.to_owned()).is_err(), "{bad}");
        }
    }
}
