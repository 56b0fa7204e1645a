//! The conformance suite on the embedded (redb) backend.

#[macro_use]
mod conformance;

conformance_suite!(tanggap_store::testing::embedded);

use tanggap_store::embedded::EmbeddedTable;
use tanggap_store::{Condition, Index, Item, Key, Query, StoreError, Table};

#[tokio::test]
async fn items_survive_reopening_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tanggap.redb");
    let head = Item::new(&Key::new("INC#01J", "HEAD")).with("version", 1).with("gsi1pk", "OPEN").with("gsi1sk", "1");
    {
        let table = EmbeddedTable::open(&path).unwrap();
        table.put(head.clone(), Condition::NotExists).await.unwrap();
    }

    let reopened = EmbeddedTable::open(&path).unwrap();

    assert_eq!(reopened.get(&head.key()).await.unwrap(), Some(head.clone()));
    let board = reopened.query(&Query::partition("OPEN").on(Index::Gsi1)).await.unwrap();
    assert_eq!(board.items, vec![head]);
}

#[tokio::test]
async fn a_file_in_use_is_refused_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tanggap.redb");
    let _first = EmbeddedTable::open(&path).unwrap();

    let second = EmbeddedTable::open(&path);

    match second {
        Err(StoreError::Backend(message)) => assert!(message.contains("tanggap.redb"), "{message}"),
        other => panic!("a second open of the same file must fail, got {other:?}"),
    }
}
