//! The board's changes: what a screen polls to stay current without reloading the whole board.
//!
//! Every write of an incident also writes its new state to a feed, partitioned by UTC hour (see the
//! store's `KEYS.md`). A reader passes back the cursor of its previous answer and gets what changed
//! after it, with an overlap of a few seconds, because the functions' clocks differ and a change may be
//! stamped a little before the instant another function read the feed. The same incident may therefore
//! come again, and at several versions: the client keeps the highest `version` per id.

use anyhow::Context as _;
use axum::extract::State;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use tanggap_domain::dto::{ChangesPage, Problem};
use tanggap_domain::{Incident, Timestamp};
use tanggap_store::repo::FeedPosition;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{Json, Query};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(changes))
}

/// How far back each read reaches before the cursor's instant: more than writers' clocks differ by.
pub const OVERLAP_SECONDS: i64 = 5;
/// The oldest cursor taken; an older reader reloads the board (and the feed keeps only a day anyway).
pub const MAX_CURSOR_AGE_SECONDS: i64 = 3600;
/// A cursor this far ahead of this function's clock was not made by a clock that merely differs.
const MAX_CURSOR_LEAD_SECONDS: i64 = 300;
/// The most changes one answer counts; the cursor then stops at the last one returned.
pub const MAX_CHANGES: usize = 500;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChangesQuery {
    /// The `cursor` of the previous answer; absent on the first call after loading the board.
    since: Option<String>,
}

/// Where a reader is: the instant it has read up to, and, when an answer was cut at the limit, the last
/// change it was given (changes up to it are sent again with the overlap but no longer counted, so a
/// reader always gets further). Travels as URL-safe base64 of JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChangesCursor {
    /// Unix milliseconds.
    at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    after: Option<String>,
}

impl ChangesCursor {
    fn encode(&self) -> String {
        let json = serde_json::to_vec(self).expect("a struct of a number and a string always serialises");
        URL_SAFE_NO_PAD.encode(json)
    }

    fn decode(text: &str) -> Option<Self> {
        let bytes = URL_SAFE_NO_PAD.decode(text.trim()).ok()?;
        serde_json::from_slice(&bytes).ok()
    }
}

/// The incidents changed after `since`, open or not, oldest change first, and the cursor for the next
/// poll. Without `since`: no incidents, and a cursor for now (load the board first, then poll). A
/// `since` that is malformed or more than an hour old is refused with `/problems/cursor-expired`:
/// reload the board and start again without it. Agency officers and heads get only incidents where
/// their agency has an assignment.
#[utoipa::path(
    get,
    path = "/api/incidents/changes",
    operation_id = "incident_changes",
    tag = "incidents",
    security(("bearer" = [])),
    params(ChangesQuery),
    responses(
        (status = 200, body = ChangesPage),
        (status = 400, body = Problem, content_type = "application/problem+json", description = "`/problems/cursor-expired`"),
    )
)]
#[tracing::instrument(name = "changes", skip_all, fields(username = %principal.username))]
pub async fn changes(
    State(state): State<AppState>,
    principal: Principal,
    Query(query): Query<ChangesQuery>,
) -> Result<Json<ChangesPage>, ApiError> {
    let now = state.clock.now();
    let from_now = ChangesCursor { at: now.unix_millis(), after: None };
    let Some(since) = query.since else {
        return Ok(Json(ChangesPage { incidents: Vec::new(), cursor: from_now.encode() }));
    };
    let cursor = ChangesCursor::decode(&since).ok_or(ApiError::CursorExpired)?;
    let at = Timestamp::from_unix_millis(cursor.at).ok_or(ApiError::CursorExpired)?;
    let age = now.seconds_since(at);
    if !(-MAX_CURSOR_LEAD_SECONDS..=MAX_CURSOR_AGE_SECONDS).contains(&age) {
        return Err(ApiError::CursorExpired);
    }
    let agency = principal.agency_scope()?.cloned();
    let keep = |incident: &Incident| agency.as_ref().is_none_or(|agency| incident.assignment(agency).is_some());
    let counted_after = cursor.after.map(FeedPosition);
    let read = state
        .incidents
        .changes(at.plus_seconds(-OVERLAP_SECONDS), now, counted_after.as_ref(), MAX_CHANGES, keep)
        .await
        .context("reading the changes feed")?;
    let next = match (read.full, read.incidents.last(), read.last) {
        (true, Some(last), Some(position)) => {
            ChangesCursor { at: last.updated_at.unix_millis(), after: Some(position.0) }
        }
        _ => from_now,
    };
    let incidents = read.incidents.into_iter().map(|incident| principal.redact_incident(incident)).collect();
    Ok(Json(ChangesPage { incidents, cursor: next.encode() }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_survives_the_round_trip_and_is_url_safe() {
        let cursor =
            ChangesCursor { at: 1_795_000_000_123, after: Some("2026-11-22T07:25:12.123Z#01J#0000000003".into()) };
        let text = cursor.encode();
        assert!(text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'), "{text}");
        assert_eq!(ChangesCursor::decode(&text), Some(cursor));
        for garbage in ["", "not base64!", "bm90IGpzb24", &URL_SAFE_NO_PAD.encode(r#"{"at":1,"extra":2}"#)] {
            assert_eq!(ChangesCursor::decode(garbage), None, "{garbage}");
        }
    }
}
