//! What the public's side keeps besides the incident: which incident a tracking link's token opens,
//! and the list of ratings the supervisors read. Both are projections of an incident's change,
//! written in its own transaction (see `tanggap_api::incidents`).

use std::sync::Arc;

use tanggap_domain::dto::RatedIncident;
use tanggap_domain::{Change, Event, Incident, IncidentId};

use super::{RepoError, decode, encode};
use crate::table::{Condition, Item, Key, Query, Table, Write};

const TICKET: &str = "TICKET";
const RATINGS: &str = "RATINGS";
const INCIDENT: &str = "incident";
const RATING: &str = "rating";

fn ticket_key(token_hash: &str) -> Key {
    Key::new(format!("TICKET#{token_hash}"), TICKET)
}

/// The token's lookup, when the change gave the incident its ticket. Its condition makes a second
/// ticket with the same token (which 128 random bits never give) fail the whole change.
pub fn ticket_write(incident: &Incident, events: &[Event]) -> Option<Write> {
    let token_hash = events.iter().find_map(|event| match &event.change {
        Change::TicketIssued { token_hash, .. } => Some(token_hash),
        _ => None,
    })?;
    let item = Item::new(&ticket_key(token_hash)).with(INCIDENT, incident.id.as_str());
    Some(Write::Put { item, condition: Condition::NotExists })
}

/// The rating's line in the supervisors' list, when the change is the rating.
pub fn rating_write(before: Option<&Incident>, incident: &Incident) -> Option<Write> {
    let rating = incident.rating.as_ref()?;
    if before.is_some_and(|before| before.rating.is_some()) {
        return None;
    }
    let entry = RatedIncident::of(incident, rating);
    let key = Key::new(RATINGS, format!("{}#{}", rating.at.sortable(), incident.id));
    Some(Write::Put { item: Item::new(&key).with(RATING, encode(&entry)), condition: Condition::None })
}

#[derive(Clone)]
pub struct CitizenRepo {
    table: Arc<dyn Table>,
}

impl CitizenRepo {
    pub fn new(table: Arc<dyn Table>) -> Self {
        Self { table }
    }

    /// The incident a token's hash opens, if any.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn ticketed(&self, token_hash: &str) -> Result<Option<IncidentId>, RepoError> {
        let Some(item) = self.table.get(&ticket_key(token_hash)).await? else { return Ok(None) };
        decode(&item, INCIDENT).map(Some)
    }

    /// The latest ratings, newest first.
    #[tracing::instrument(level = "debug", skip(self))]
    pub async fn ratings(&self, limit: usize) -> Result<Vec<RatedIncident>, RepoError> {
        let page =
            self.table.query(&Query::partition(RATINGS).descending().limit(limit.clamp(1, Query::MAX_LIMIT))).await?;
        page.items.iter().map(|item| decode(item, RATING)).collect()
    }
}
