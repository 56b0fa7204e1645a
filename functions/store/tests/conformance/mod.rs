//! The behaviour every [`Table`] backend owes its callers, one function per behaviour.
//!
//! `tests/embedded.rs` and `tests/dynamodb.rs` run every case listed in [`conformance_suite!`] on a fresh
//! table of their backend, so a behaviour is specified once and holds on both. Keys mimic the
//! repositories' single-table layout (an incident's head, events and assignments in one partition) but the
//! cases only rely on the contract.

use std::time::Duration;

use futures::future::join_all;
use serde_json::json;
use tanggap_store::{Condition, Cursor, Index, Item, Key, Page, Query, StoreError, Table, Write};

/// Defines one `#[tokio::test]` per case, each on a fresh table from `$backend()`.
macro_rules! conformance_suite {
    ($backend:path) => {
        conformance_suite!(@cases $backend;
            put_then_get_returns_the_item,
            get_of_a_missing_key_is_none,
            create_refuses_a_duplicate,
            exists_condition_refuses_a_missing_item,
            stale_version_is_refused_and_current_version_accepted,
            transaction_is_all_or_nothing,
            transaction_check_guards_without_writing,
            transaction_delete_removes_the_item,
            malformed_requests_are_refused_before_storage,
            query_orders_by_sort_key_both_directions,
            query_prefix_and_between_select_the_range,
            pagination_walks_every_item_once_in_order,
            query_stays_within_its_partition,
            secondary_index_is_sparse_and_ordered,
            invalid_cursor_is_refused,
            idempotent_replay,
            concurrent_version_updates_let_exactly_one_win,
        );
    };
    (@cases $backend:path; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread")]
            async fn $case() {
                let table = $backend().await;
                crate::conformance::$case(&*table).await;
            }
        )*
    };
}

fn item(pk: &str, sk: &str) -> Item {
    Item::new(&Key::new(pk, sk))
}

fn put(item: Item, condition: Condition) -> Write {
    Write::Put { item, condition }
}

fn sort_keys(items: &[Item]) -> Vec<&str> {
    items.iter().map(|item| item.str("sk").unwrap()).collect()
}

/// Writes items unconditionally, in one transaction.
async fn seed(table: &dyn Table, items: impl IntoIterator<Item = Item>) {
    let writes = items.into_iter().map(|item| put(item, Condition::None)).collect();
    table.transact(writes).await.unwrap();
}

/// Follows `next` to the end, checking that only the last page is short.
async fn walk(table: &dyn Table, query: Query) -> Vec<Item> {
    let limit = query.limit;
    let mut all = Vec::new();
    let mut cursor = None;
    loop {
        let Page { items, next } = table.query(&query.clone().after(cursor)).await.unwrap();
        assert!(items.len() <= limit, "a page holds at most `limit` items");
        assert_eq!(next.is_some(), items.len() == limit, "`next` is set exactly on a full page");
        all.extend(items);
        match next {
            Some(next) => cursor = Some(next),
            None => return all,
        }
    }
}

pub async fn put_then_get_returns_the_item(table: &dyn Table) {
    let incident = item("INC#01J", "HEAD")
        .with("version", 1)
        .with("status", "dispatched")
        .with("empty", "")
        .with("priority", 2.5)
        .with("verified", true)
        .with("closed_at", json!(null))
        .with("location", json!({"lat": -6.2, "lon": 106.8, "kode_wilayah": "32.04"}))
        .with("agencies", json!(["damkar", "pmi"]));

    table.put(incident.clone(), Condition::None).await.unwrap();

    assert_eq!(table.get(&Key::new("INC#01J", "HEAD")).await.unwrap(), Some(incident));
}

pub async fn get_of_a_missing_key_is_none(table: &dyn Table) {
    assert_eq!(table.get(&Key::new("INC#NOPE", "HEAD")).await.unwrap(), None);
}

pub async fn create_refuses_a_duplicate(table: &dyn Table) {
    let first = item("USER#siti", "PROFILE").with("name", "Siti");
    table.put(first.clone(), Condition::NotExists).await.unwrap();

    let second = item("USER#siti", "PROFILE").with("name", "Someone else");
    let refused = table.put(second, Condition::NotExists).await;

    assert!(matches!(refused, Err(StoreError::ConditionFailed { index: None })), "{refused:?}");
    assert_eq!(table.get(&first.key()).await.unwrap(), Some(first));
}

pub async fn exists_condition_refuses_a_missing_item(table: &dyn Table) {
    let refused = table.put(item("AGENCY#bpbd", "PROFILE"), Condition::Exists).await;
    assert!(matches!(refused, Err(StoreError::ConditionFailed { index: None })), "{refused:?}");
    assert_eq!(table.get(&Key::new("AGENCY#bpbd", "PROFILE")).await.unwrap(), None);

    table.put(item("AGENCY#bpbd", "PROFILE"), Condition::None).await.unwrap();
    let renamed = item("AGENCY#bpbd", "PROFILE").with("name", "BPBD");
    table.put(renamed.clone(), Condition::Exists).await.unwrap();
    assert_eq!(table.get(&renamed.key()).await.unwrap(), Some(renamed));
}

pub async fn stale_version_is_refused_and_current_version_accepted(table: &dyn Table) {
    let head = |version: u64| item("INC#01J", "HEAD").with("version", version);
    table.put(head(1), Condition::NotExists).await.unwrap();
    table.put(head(2), Condition::VersionEquals(1)).await.unwrap();

    let stale = table.put(head(3), Condition::VersionEquals(1)).await;

    assert!(matches!(stale, Err(StoreError::ConditionFailed { index: None })), "{stale:?}");
    assert_eq!(table.get(&head(0).key()).await.unwrap(), Some(head(2)));
    let missing = table.put(item("INC#NOPE", "HEAD").with("version", 2), Condition::VersionEquals(1)).await;
    assert!(matches!(missing, Err(StoreError::ConditionFailed { index: None })), "{missing:?}");
}

pub async fn transaction_is_all_or_nothing(table: &dyn Table) {
    let refused = table
        .transact(vec![
            put(item("INC#01J", "HEAD").with("version", 1), Condition::NotExists),
            put(item("INC#01J", "EVENT#0001"), Condition::NotExists),
            put(item("INC#01J", "ASSIGNMENT#damkar").with("version", 8), Condition::VersionEquals(7)),
        ])
        .await;

    assert!(matches!(refused, Err(StoreError::ConditionFailed { index: Some(2) })), "{refused:?}");
    assert_eq!(table.get(&Key::new("INC#01J", "HEAD")).await.unwrap(), None);
    assert_eq!(table.get(&Key::new("INC#01J", "EVENT#0001")).await.unwrap(), None);

    table
        .transact(vec![
            put(item("INC#01J", "HEAD").with("version", 1), Condition::NotExists),
            put(item("INC#01J", "EVENT#0001"), Condition::NotExists),
        ])
        .await
        .unwrap();
    assert!(table.get(&Key::new("INC#01J", "HEAD")).await.unwrap().is_some());
    assert!(table.get(&Key::new("INC#01J", "EVENT#0001")).await.unwrap().is_some());
}

pub async fn transaction_check_guards_without_writing(table: &dyn Table) {
    let head = item("INC#01J", "HEAD").with("version", 1);
    table.put(head.clone(), Condition::None).await.unwrap();
    let note = item("INC#01J", "NOTE#0001").with("text", "caller hung up");
    let guarded = |version| {
        vec![
            Write::Check { key: head.key(), condition: Condition::VersionEquals(version) },
            put(note.clone(), Condition::NotExists),
        ]
    };

    let refused = table.transact(guarded(2)).await;
    assert!(matches!(refused, Err(StoreError::ConditionFailed { index: Some(0) })), "{refused:?}");
    assert_eq!(table.get(&note.key()).await.unwrap(), None);

    table.transact(guarded(1)).await.unwrap();
    assert_eq!(table.get(&note.key()).await.unwrap(), Some(note));
    assert_eq!(table.get(&head.key()).await.unwrap(), Some(head), "a check writes nothing");

    let unguarded = Write::Check { key: Key::new("INC#NOPE", "HEAD"), condition: Condition::None };
    table.transact(vec![unguarded]).await.unwrap();
    assert_eq!(table.get(&Key::new("INC#NOPE", "HEAD")).await.unwrap(), None);
}

pub async fn transaction_delete_removes_the_item(table: &dyn Table) {
    let block = item("BLOCK#081234567890", "BLOCK").with("version", 3).with("gsi1pk", "BLOCKS").with("gsi1sk", "2025");
    table.put(block.clone(), Condition::None).await.unwrap();

    let stale = table.transact(vec![Write::Delete { key: block.key(), condition: Condition::VersionEquals(2) }]).await;
    assert!(matches!(stale, Err(StoreError::ConditionFailed { index: Some(0) })), "{stale:?}");
    assert_eq!(table.get(&block.key()).await.unwrap(), Some(block.clone()));

    table.transact(vec![Write::Delete { key: block.key(), condition: Condition::VersionEquals(3) }]).await.unwrap();
    assert_eq!(table.get(&block.key()).await.unwrap(), None);
    let index = table.query(&Query::partition("BLOCKS").on(Index::Gsi1)).await.unwrap();
    assert!(index.items.is_empty(), "a deleted item leaves the index: {index:?}");
}

pub async fn malformed_requests_are_refused_before_storage(table: &dyn Table) {
    for limit in [0, 1001] {
        let refused = table.query(&Query::partition("INC#01J").limit(limit)).await;
        assert!(matches!(refused, Err(StoreError::InvalidQuery(_))), "limit {limit}: {refused:?}");
    }
    let reversed = table.query(&Query::partition("INC#01J").between("B", "A")).await;
    assert!(matches!(reversed, Err(StoreError::InvalidQuery(_))), "{reversed:?}");

    let too_many = (0..101).map(|n| put(item("BULK", &format!("ITEM#{n:03}")), Condition::None)).collect();
    let refused = table.transact(too_many).await;
    assert!(matches!(refused, Err(StoreError::InvalidQuery(_))), "{refused:?}");

    let twice = vec![put(item("INC#01J", "HEAD"), Condition::None), put(item("INC#01J", "HEAD"), Condition::None)];
    let refused = table.transact(twice).await;
    assert!(matches!(refused, Err(StoreError::InvalidItem(_))), "{refused:?}");

    let half_indexed = item("INC#01J", "HEAD").with("gsi1pk", "OPEN");
    let refused = table.put(half_indexed, Condition::None).await;
    assert!(matches!(refused, Err(StoreError::InvalidItem(_))), "{refused:?}");

    let refused = table.get(&Key::new("", "HEAD")).await;
    assert!(matches!(refused, Err(StoreError::InvalidItem(_))), "{refused:?}");
    assert_eq!(table.query(&Query::partition("BULK")).await.unwrap().items, vec![]);
}

pub async fn query_orders_by_sort_key_both_directions(table: &dyn Table) {
    seed(table, ["EVENT#0002", "HEAD", "EVENT#0010", "EVENT#0001", "ASSIGNMENT#pmi"].map(|sk| item("INC#01J", sk)))
        .await;

    let ascending = table.query(&Query::partition("INC#01J")).await.unwrap();
    let descending = table.query(&Query::partition("INC#01J").descending()).await.unwrap();

    assert_eq!(sort_keys(&ascending.items), ["ASSIGNMENT#pmi", "EVENT#0001", "EVENT#0002", "EVENT#0010", "HEAD"]);
    assert_eq!(sort_keys(&descending.items), ["HEAD", "EVENT#0010", "EVENT#0002", "EVENT#0001", "ASSIGNMENT#pmi"]);
    assert_eq!((ascending.next, descending.next), (None, None));
}

pub async fn query_prefix_and_between_select_the_range(table: &dyn Table) {
    let sort_keys_of = async |query: Query| {
        let page = table.query(&query).await.unwrap();
        page.items.iter().map(|item| item.str("sk").unwrap().to_owned()).collect::<Vec<_>>()
    };
    seed(
        table,
        ["EVENT", "EVENT#0001", "EVENT#0002", "EVENT$", "EVENTS", "HEAD", "NOTE#1"].map(|sk| item("INC#01J", sk)),
    )
    .await;

    let events = Query::partition("INC#01J").prefix("EVENT#");
    assert_eq!(sort_keys_of(events.clone()).await, ["EVENT#0001", "EVENT#0002"]);
    assert_eq!(sort_keys_of(events.descending()).await, ["EVENT#0002", "EVENT#0001"]);

    let between = Query::partition("INC#01J").between("EVENT#0002", "HEAD");
    assert_eq!(sort_keys_of(between.clone()).await, ["EVENT#0002", "EVENT$", "EVENTS", "HEAD"]);
    assert_eq!(sort_keys_of(between.descending()).await, ["HEAD", "EVENTS", "EVENT$", "EVENT#0002"]);
    assert_eq!(sort_keys_of(Query::partition("INC#01J").between("HEAD", "HEAD")).await, ["HEAD"]);
    assert!(sort_keys_of(Query::partition("INC#01J").prefix("ZZZ")).await.is_empty());
}

pub async fn pagination_walks_every_item_once_in_order(table: &dyn Table) {
    let expected: Vec<String> = (0..25).map(|n| format!("EVENT#{n:04}")).collect();
    seed(table, expected.iter().map(|sk| item("INC#01J", sk))).await;
    seed(table, [item("INC#01J", "HEAD"), item("INC#01K", "EVENT#0000")]).await;
    let events = Query::partition("INC#01J").prefix("EVENT#").limit(7);

    let ascending = walk(table, events.clone()).await;
    let descending = walk(table, events.descending()).await;

    assert_eq!(sort_keys(&ascending), expected);
    assert_eq!(sort_keys(&descending), expected.iter().rev().collect::<Vec<_>>());
    let exact = walk(table, Query::partition("INC#01J").prefix("EVENT#").limit(5)).await;
    assert_eq!(sort_keys(&exact), expected, "a last page that is exactly full may lead to an empty one");
}

pub async fn query_stays_within_its_partition(table: &dyn Table) {
    seed(table, ["INC#1", "INC#10", "INC#1\u{0}", "INC#", "INC#2"].map(|pk| item(pk, "HEAD").with("partition", pk)))
        .await;
    seed(table, [item("INC#1", "EVENT#0001")]).await;

    for query in [Query::partition("INC#1"), Query::partition("INC#1").descending()] {
        let page = table.query(&query).await.unwrap();
        assert_eq!(page.items.len(), 2, "{page:?}");
        assert!(page.items.iter().all(|item| item.str("pk") == Some("INC#1")), "{page:?}");
    }
    assert!(table.query(&Query::partition("INC")).await.unwrap().items.is_empty());
}

pub async fn secondary_index_is_sparse_and_ordered(table: &dyn Table) {
    let open = |id: &str, since: &str| item(&format!("INC#{id}"), "HEAD").with("gsi1pk", "OPEN").with("gsi1sk", since);
    seed(
        table,
        [
            open("A", "2025-06-01T08:00"),
            open("B", "2025-06-01T07:00"),
            open("C", "2025-06-01T07:00"),
            item("INC#D", "HEAD"),
            item("INC#E", "HEAD").with("gsi1pk", "CLOSED").with("gsi1sk", "2025-06-01T06:00"),
        ],
    )
    .await;
    let incidents = async || {
        let page = table.query(&Query::partition("OPEN").on(Index::Gsi1)).await.unwrap();
        page.items.iter().map(|item| item.str("pk").unwrap().to_owned()).collect::<Vec<_>>()
    };
    let b_or_c = ["INC#B", "INC#C"];

    let listed = incidents().await;
    assert_eq!(listed.len(), 3, "{listed:?}");
    assert!(b_or_c.contains(&listed[0].as_str()) && b_or_c.contains(&listed[1].as_str()), "{listed:?}");
    assert_eq!(listed[2], "INC#A");
    let paged = walk(table, Query::partition("OPEN").on(Index::Gsi1).limit(1)).await;
    assert_eq!(paged.iter().map(|item| item.str("pk").unwrap()).collect::<Vec<_>>(), listed, "pages keep the order");

    table.put(open("A", "2025-06-01T06:00"), Condition::None).await.unwrap();
    assert_eq!(incidents().await[0], "INC#A", "a changed gsi1sk re-sorts the item");

    table.put(item("INC#B", "HEAD"), Condition::None).await.unwrap();
    table.transact(vec![Write::Delete { key: Key::new("INC#C", "HEAD"), condition: Condition::Exists }]).await.unwrap();
    assert_eq!(incidents().await, ["INC#A"], "items without index attributes leave the index");

    let between = Query::partition("CLOSED").on(Index::Gsi1).between("2025-06-01", "2025-06-02");
    let closed = table.query(&between).await.unwrap();
    assert_eq!(closed.items, vec![item("INC#E", "HEAD").with("gsi1pk", "CLOSED").with("gsi1sk", "2025-06-01T06:00")]);
}

pub async fn invalid_cursor_is_refused(table: &dyn Table) {
    seed(table, ["A", "B"].map(|sk| item("INC#01J", sk).with("gsi1pk", "OPEN").with("gsi1sk", sk))).await;
    let on_table = table.query(&Query::partition("INC#01J").limit(1)).await.unwrap().next.unwrap();
    let on_index = table.query(&Query::partition("OPEN").on(Index::Gsi1).limit(1)).await.unwrap().next.unwrap();

    let refused = [
        Query::partition("INC#01J").after(Some(Cursor("garbage!".into()))),
        Query::partition("INC#01K").after(Some(on_table.clone())),
        Query::partition("OPEN").on(Index::Gsi1).after(Some(on_table)),
        Query::partition("INC#01J").after(Some(on_index)),
    ];
    for query in refused {
        let result = table.query(&query).await;
        assert!(matches!(result, Err(StoreError::InvalidCursor)), "{query:?}: {result:?}");
    }
}

pub async fn idempotent_replay(table: &dyn Table) {
    let create = |incident: &str| {
        vec![
            put(item(incident, "HEAD").with("version", 1), Condition::NotExists),
            put(item("IDEMPOTENCY#call-7f3a", "RESULT").with("incident", incident), Condition::NotExists),
        ]
    };
    table.transact(create("INC#01J")).await.unwrap();

    let replay = table.transact(create("INC#01K")).await;

    assert!(matches!(replay, Err(StoreError::ConditionFailed { index: Some(1) })), "{replay:?}");
    let stored = table.get(&Key::new("IDEMPOTENCY#call-7f3a", "RESULT")).await.unwrap().unwrap();
    assert_eq!(stored.str("incident"), Some("INC#01J"));
    assert_eq!(table.get(&Key::new("INC#01K", "HEAD")).await.unwrap(), None);
}

pub async fn concurrent_version_updates_let_exactly_one_win(table: &dyn Table) {
    let head = Key::new("INC#01J", "HEAD");
    table.put(Item::new(&head).with("version", 1), Condition::None).await.unwrap();

    // Each writer retries a conflict, as `Conflict` asks (real DynamoDB may cancel every colliding
    // transaction); what it must never see is its stale version accepted.
    let update = async |writer: usize| {
        let writes = vec![
            put(Item::new(&head).with("version", 2).with("writer", writer), Condition::VersionEquals(1)),
            put(item("INC#01J", &format!("EVENT#{writer}")), Condition::NotExists),
        ];
        for _ in 0..20 {
            match table.transact(writes.clone()).await {
                Err(StoreError::Conflict(_)) => tokio::time::sleep(Duration::from_millis(10 + 7 * writer as u64)).await,
                result => return result,
            }
        }
        panic!("writer {writer} kept conflicting");
    };
    let results = join_all((0..8).map(update)).await;

    let winners: Vec<usize> = results.iter().enumerate().filter(|(_, r)| r.is_ok()).map(|(w, _)| w).collect();
    assert_eq!(winners.len(), 1, "{results:?}");
    for result in &results {
        assert!(matches!(result, Ok(()) | Err(StoreError::ConditionFailed { index: Some(0) })), "{result:?}");
    }
    let stored = table.get(&head).await.unwrap().unwrap();
    assert_eq!(stored.get("writer"), Some(&json!(winners[0])));
    let events = table.query(&Query::partition("INC#01J").prefix("EVENT#")).await.unwrap();
    assert_eq!(events.items.len(), 1, "only the winner's event is written");
}
