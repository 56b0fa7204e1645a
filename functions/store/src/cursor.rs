//! The opaque query cursor, encoded the same way by both backends.
//!
//! A cursor is the key of the last item a page returned: `pk` and `sk`, plus `gsi1pk` and `gsi1sk` on the
//! secondary index (DynamoDB's `LastEvaluatedKey` for that index holds exactly these four). It travels as
//! URL-safe base64 of a small JSON object, so the API can hand it to clients as a plain string, and a
//! cursor taken from one backend means the same position on the other. It is not signed: a client can
//! only move itself to another position inside the partition it is already allowed to read, which is why
//! decoding checks the partition.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

use crate::table::{Cursor, Index, Item, Page, Query, StoreError};

/// A position in a query: the key attributes of the item a page ended on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Position {
    pub pk: String,
    pub sk: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gsi1pk: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gsi1sk: Option<String>,
}

impl Position {
    /// The position of `item` in the ordering of `index`.
    pub fn of(item: &Item, index: Index) -> Self {
        let key = item.key();
        let (gsi1pk, gsi1sk) = match (index, item.gsi1()) {
            (Index::Gsi1, Some(gsi1)) => (Some(gsi1.pk), Some(gsi1.sk)),
            _ => (None, None),
        };
        Self { pk: key.pk, sk: key.sk, gsi1pk, gsi1sk }
    }

    pub fn encode(&self) -> Cursor {
        let json = serde_json::to_vec(self).expect("a struct of strings always serialises to JSON");
        Cursor(URL_SAFE_NO_PAD.encode(json))
    }

    /// Decodes `query`'s cursor, if it has one. A cursor that does not decode, that belongs to the other
    /// index, or that points into another partition is [`StoreError::InvalidCursor`].
    pub fn from_query(query: &Query) -> Result<Option<Self>, StoreError> {
        let Some(cursor) = &query.cursor else { return Ok(None) };
        let bytes = URL_SAFE_NO_PAD.decode(&cursor.0).map_err(|_| StoreError::InvalidCursor)?;
        let position: Self = serde_json::from_slice(&bytes).map_err(|_| StoreError::InvalidCursor)?;
        let partition = match (query.index, &position.gsi1pk, &position.gsi1sk) {
            (Index::Primary, None, None) => &position.pk,
            (Index::Gsi1, Some(gsi1pk), Some(_)) => gsi1pk,
            _ => return Err(StoreError::InvalidCursor),
        };
        if *partition != query.partition || position.pk.is_empty() || position.sk.is_empty() {
            return Err(StoreError::InvalidCursor);
        }
        Ok(Some(position))
    }
}

/// Wraps the items of a query's page, with a cursor after the last one exactly when the page is full.
///
/// Both backends decide `next` this way rather than trusting DynamoDB's `LastEvaluatedKey`, which
/// DynamoDB sets on a full page even when nothing follows but moto's server sets only when something
/// does. Without a filter expression the last evaluated key is the last item's key, so the cursors agree.
pub(crate) fn page(items: Vec<Item>, query: &Query) -> Page {
    let next = match items.last() {
        Some(last) if items.len() == query.limit => Some(Position::of(last, query.index).encode()),
        _ => None,
    };
    Page { items, next }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Key;

    fn indexed_item() -> Item {
        Item::new(&Key::new("INC#1", "EVENT#001")).with("gsi1pk", "OPEN").with("gsi1sk", "2025-01-01")
    }

    #[test]
    fn a_position_survives_the_round_trip_on_both_indexes() {
        for (index, partition) in [(Index::Primary, "INC#1"), (Index::Gsi1, "OPEN")] {
            let position = Position::of(&indexed_item(), index);
            let query = Query::partition(partition).on(index).after(Some(position.encode()));
            assert_eq!(Position::from_query(&query).unwrap(), Some(position));
        }
    }

    #[test]
    fn the_cursor_is_url_safe() {
        let item = Item::new(&Key::new("A/B+C?", "~~~~>>>>????")).with("gsi1pk", "ÿÿ").with("gsi1sk", "?");
        let cursor = Position::of(&item, Index::Gsi1).encode();
        assert!(cursor.0.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'), "{}", cursor.0);
    }

    #[test]
    fn garbage_and_foreign_cursors_are_refused() {
        let primary = Position::of(&indexed_item(), Index::Primary).encode();
        let gsi1 = Position::of(&indexed_item(), Index::Gsi1).encode();
        let refused = [
            (Query::partition("INC#1"), Cursor("not base64!".into())),
            (Query::partition("INC#1"), Cursor(URL_SAFE_NO_PAD.encode("not json"))),
            (Query::partition("INC#1"), Cursor(URL_SAFE_NO_PAD.encode(r#"{"pk":"INC#1"}"#))),
            (Query::partition("INC#2"), primary.clone()),
            (Query::partition("INC#1"), gsi1.clone()),
            (Query::partition("OPEN").on(Index::Gsi1), primary),
            (Query::partition("CLOSED").on(Index::Gsi1), gsi1),
        ];
        for (query, cursor) in refused {
            let query = query.after(Some(cursor.clone()));
            assert!(
                matches!(Position::from_query(&query), Err(StoreError::InvalidCursor)),
                "{cursor:?} accepted for {query:?}"
            );
        }
    }
}
