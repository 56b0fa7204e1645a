//! The dashboard's counters on both backends: pending counts are read before they are folded, a fold
//! adds each exactly once however many run at the same moment, and a fold leaves nothing pending.

use tanggap_domain::dashboard::staff::StaffDays;
use tanggap_domain::dashboard::tally::{Cell, CellKey};
use tanggap_domain::dashboard::{CallOutcome, DayTallies, DayTally};
use tanggap_domain::dto::DayRange;
use tanggap_domain::{CategoryCode, Day, IncidentId, Priority, Timestamp};
use tanggap_store::on_both_backends;
use tanggap_store::repo::{DashboardRepo, pending_counts};
use tanggap_store::table::{Condition, Item, Key, Page, Query, StoreError, Table, Write};
use tanggap_store::testing::TestTable;

on_both_backends!(
    pending_counts_are_read_before_they_are_folded,
    concurrent_folds_add_every_change_exactly_once,
    a_change_that_takes_away_moves_a_count_between_cells,
    a_long_range_reads_whole_months_and_the_days_at_its_ends,
    a_fold_landing_while_the_days_are_read_loses_no_count,
);

fn day(text: &str) -> Day {
    Day::parse(text).unwrap()
}

fn id(n: u32) -> IncidentId {
    IncidentId::parse(&format!("01JDGZ6Q8X4T3N2M1K0H9G{n:04}")).unwrap()
}

fn key(category: &str) -> CellKey {
    CellKey {
        category: CategoryCode::parse(category).unwrap(),
        district: None,
        priority: Priority::P1,
        agencies: vec![],
    }
}

/// `sign` real calls of `category` on `on`.
fn calls(on: &str, category: &str, sign: i64) -> DayTallies {
    let mut cell = Cell::default();
    cell.calls.insert(CallOutcome::Real, 1);
    cell.incidents = 1;
    let mut tally = DayTally::default();
    tally.add_cell(key(category), &cell, sign);
    DayTallies::from([(day(on), tally)])
}

async fn write_pending(table: &TestTable, n: u32, version: u64, counts: &DayTallies) {
    let at = Timestamp::from_unix_millis(1_795_000_000_000).unwrap().plus_seconds(i64::from(n));
    let write = pending_counts(&id(n), version, at, counts, &StaffDays::new()).expect("counts to write");
    table.table.transact(vec![write]).await.unwrap();
}

fn incidents(read: &DayTallies, on: &str, category: &str) -> i64 {
    read.get(&day(on)).and_then(|t| t.cells.get(&key(category))).map_or(0, |c| c.incidents)
}

fn range(from: &str, to: &str) -> DayRange {
    DayRange::new(day(from), day(to)).unwrap()
}

async fn pending_counts_are_read_before_they_are_folded(table: TestTable) {
    let repo = DashboardRepo::new(table.table.clone());
    write_pending(&table, 1, 1, &calls("2026-11-16", "FIRE", 1)).await;
    write_pending(&table, 2, 1, &calls("2026-11-17", "FIRE", 1)).await;

    let before = repo.counters(&[range("2026-11-16", "2026-11-16")]).await.unwrap();
    assert_eq!(incidents(&before.counters.days, "2026-11-16", "FIRE"), 1);
    assert!(!before.counters.days.contains_key(&day("2026-11-17")), "a day outside the range is left out");
    assert_eq!(before.items_read, 2, "no day item yet, two pending changes");

    let folded = repo.fold().await.unwrap();
    assert_eq!((folded.changes, folded.more), (2, false));
    let after = repo.counters(&[range("2026-11-16", "2026-11-17")]).await.unwrap();
    assert_eq!(
        (incidents(&after.counters.days, "2026-11-16", "FIRE"), incidents(&after.counters.days, "2026-11-17", "FIRE")),
        (1, 1)
    );
    assert_eq!(after.items_read, 2, "one item per day, nothing pending");
    assert_eq!(repo.fold().await.unwrap().changes, 0, "nothing is left to fold");
}

async fn concurrent_folds_add_every_change_exactly_once(table: TestTable) {
    let repo = DashboardRepo::new(table.table.clone());
    for n in 0..100 {
        write_pending(&table, n, 1, &calls("2026-11-16", "FIRE", 1)).await;
    }
    // Four folders at once, each folding until nothing is left; losers of a race write nothing.
    let folder = |repo: DashboardRepo| async move {
        for _ in 0..100 {
            if !repo.fold().await.unwrap().more {
                break;
            }
        }
    };
    tokio::join!(folder(repo.clone()), folder(repo.clone()), folder(repo.clone()), folder(repo.clone()));
    while repo.fold().await.unwrap().more {}

    let read = repo.counters(&[range("2026-11-16", "2026-11-16")]).await.unwrap();
    assert_eq!(incidents(&read.counters.days, "2026-11-16", "FIRE"), 100);
    assert_eq!(read.items_read, 1);
}

async fn a_change_that_takes_away_moves_a_count_between_cells(table: TestTable) {
    let repo = DashboardRepo::new(table.table.clone());
    write_pending(&table, 1, 1, &calls("2026-11-16", "FIRE", 1)).await;
    repo.fold().await.unwrap();
    // The same incident, now counted as a fallen tree: FIRE taken away, TREE added.
    let mut moved = calls("2026-11-16", "FIRE", -1);
    moved.get_mut(&day("2026-11-16")).unwrap().add(&calls("2026-11-16", "TREE", 1)[&day("2026-11-16")], 1);
    write_pending(&table, 1, 2, &moved).await;
    repo.fold().await.unwrap();

    let read = repo.counters(&[range("2026-11-16", "2026-11-16")]).await.unwrap();
    assert_eq!(incidents(&read.counters.days, "2026-11-16", "FIRE"), 0);
    assert_eq!(incidents(&read.counters.days, "2026-11-16", "TREE"), 1);
    let cells = &read.counters.days[&day("2026-11-16")].cells;
    assert_eq!(cells.len(), 1, "an emptied cell is dropped, not kept as zeros: {cells:?}");
}

async fn a_long_range_reads_whole_months_and_the_days_at_its_ends(table: TestTable) {
    let repo = DashboardRepo::new(table.table.clone());
    let days = ["2025-01-20", "2025-02-03", "2025-02-27", "2025-03-15", "2025-04-02", "2025-04-20"];
    for (n, on) in (0..).zip(days) {
        write_pending(&table, n, 1, &calls(on, "FIRE", 1)).await;
    }
    // 15 January to 2 April: the days of January and April, February and March whole.
    let long = range("2025-01-15", "2025-04-02");
    let pending = repo.counters(&[long]).await.unwrap();
    while repo.fold().await.unwrap().more {}
    let folded = repo.counters(&[long]).await.unwrap();
    for read in [&pending, &folded] {
        let counters = &read.counters;
        let month =
            |on: &str| counters.months.get(&day(on)).and_then(|t| t.cells.get(&key("FIRE"))).map(|c| c.incidents);
        assert_eq!((month("2025-02-01"), month("2025-03-01")), (Some(2), Some(1)));
        assert_eq!(incidents(&counters.days, "2025-01-20", "FIRE"), 1);
        assert_eq!(incidents(&counters.days, "2025-04-02", "FIRE"), 1);
        assert!(!counters.days.contains_key(&day("2025-02-03")), "a whole month's days are not read");
        assert!(!counters.days.contains_key(&day("2025-04-20")), "nor days past the range");
    }
    assert_eq!(folded.items_read, 2 + 2, "two days and two months");

    // Stored deflated: a string, not the tally's thousands of attributes.
    let month = table.table.get(&Key::new("DASHM#2025", "2025-02")).await.unwrap().expect("February's item");
    assert!(month.get("tally").is_some_and(|tally| tally.is_string()), "{month:?}");
}

/// The table, with one fold run by another reader as soon as a day of the counters is first queried:
/// the moment between reading the days and reading the changes still pending.
struct FoldsDuringTheRead {
    inner: std::sync::Arc<dyn Table>,
    folded: tokio::sync::Mutex<bool>,
}

#[async_trait::async_trait]
impl Table for FoldsDuringTheRead {
    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError> {
        self.inner.get(key).await
    }

    async fn put(&self, item: Item, condition: Condition) -> Result<(), StoreError> {
        self.inner.put(item, condition).await
    }

    async fn query(&self, query: &Query) -> Result<Page, StoreError> {
        let page = self.inner.query(query).await?;
        let mut folded = self.folded.lock().await;
        if query.partition.starts_with("DASH#") && !*folded {
            *folded = true;
            DashboardRepo::new(self.inner.clone()).fold().await.map_err(|e| StoreError::Backend(e.to_string()))?;
        }
        Ok(page)
    }

    async fn transact(&self, writes: Vec<Write>) -> Result<(), StoreError> {
        self.inner.transact(writes).await
    }
}

async fn a_fold_landing_while_the_days_are_read_loses_no_count(table: TestTable) {
    write_pending(&table, 1, 1, &calls("2026-11-16", "FIRE", 1)).await;
    write_pending(&table, 2, 1, &calls("2026-11-16", "FIRE", 1)).await;
    let racing = FoldsDuringTheRead { inner: table.table.clone(), folded: tokio::sync::Mutex::new(false) };
    let repo = DashboardRepo::new(std::sync::Arc::new(racing));

    let read = repo.counters(&[range("2026-11-16", "2026-11-16")]).await.unwrap();

    assert_eq!(incidents(&read.counters.days, "2026-11-16", "FIRE"), 2, "the folded changes are in the day read again");
    assert_eq!(read.items_read, 1, "one day item, nothing pending: what was used");
}
