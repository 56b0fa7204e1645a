//! The changes feed a board polls: what changed after its cursor, open or not, oldest first; an
//! agency's people only their agency's incidents; a stale cursor sends the client back to the board.

use axum::http::StatusCode;
use serde_json::{Value, json};
use tanggap_api::Clock as _;

use crate::helpers::{PENAJAM, TestApp, TestResponse, fire_report};

on_both_backends!(
    the_feed_gives_new_and_closed_incidents_changed_after_the_cursor_oldest_first,
    a_change_stamped_by_a_slightly_slower_clock_is_not_missed,
    changes_across_an_hour_are_all_found,
    an_agency_gets_only_changes_to_its_own_incidents_with_callers_masked,
    an_old_or_malformed_cursor_is_cursor_expired,
);

async fn changes(app: &TestApp, since: Option<&str>) -> TestResponse {
    let path = match since {
        Some(since) => format!("/api/incidents/changes?since={since}"),
        None => "/api/incidents/changes".to_owned(),
    };
    let response = app.get(&path).await;
    assert_eq!(response.status, StatusCode::OK, "{:#}", response.body);
    assert!(response.body["cursor"].as_str().is_some_and(|c| !c.is_empty()), "a cursor: {:#}", response.body);
    response
}

fn cursor(response: &TestResponse) -> String {
    response.body["cursor"].as_str().unwrap().to_owned()
}

/// The changes as `(id, version, status)`.
fn versions(response: &TestResponse) -> Vec<(String, u64, String)> {
    response.body["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (i["id"].as_str().unwrap().into(), i["version"].as_u64().unwrap(), i["status"].as_str().unwrap().into())
        })
        .collect()
}

fn version(incident: &Value) -> (String, u64, String) {
    (
        incident["id"].as_str().unwrap().into(),
        incident["version"].as_u64().unwrap(),
        incident["status"].as_str().unwrap().into(),
    )
}

async fn the_feed_gives_new_and_closed_incidents_changed_after_the_cursor_oldest_first(app: TestApp) {
    let operator = app.as_operator().await;
    let before = operator.reported(&fire_report()).await;
    operator.clock.advance(60);
    let start = changes(&operator, None).await;
    operator.clock.advance(60);
    let new = operator.reported(&json!({ "category": "TREE", "district": PENAJAM })).await;
    operator.clock.advance(10);
    let prank = operator.reported(&json!({ "category": "PRANK" })).await;
    operator.clock.advance(10);
    let closed = operator.command(&before, json!({ "command": "close_as_false_report", "reason": "iseng" })).await;
    assert_eq!(closed.status, StatusCode::OK, "{:#}", closed.body);
    operator.clock.advance(10);

    let after_start = changes(&operator, Some(&cursor(&start))).await;
    operator.clock.advance(60);
    let after_that = changes(&operator, Some(&cursor(&after_start))).await;

    assert_eq!(start.body["incidents"], json!([]), "without a cursor: nothing, and a cursor for now");
    let expected = [version(&new), version(&prank), version(&closed.body["incident"])];
    assert_eq!(versions(&after_start), expected, "the report before the cursor is not sent again");
    assert_eq!(expected[1].2, "closed", "a P0 call is closed at intake, and that is a change too");
    assert_eq!(expected[2], (before["id"].as_str().unwrap().into(), 2, "closed".into()));
    assert_eq!(versions(&after_that), [], "nothing changed since");
}

async fn a_change_stamped_by_a_slightly_slower_clock_is_not_missed(app: TestApp) {
    let operator = app.as_operator().await;
    let start = changes(&operator, None).await;
    operator.clock.advance(60);
    let first_poll = changes(&operator, Some(&cursor(&start))).await;
    // Another function, its clock 3 seconds behind, stores a report just after the poll.
    operator.clock.advance(-3);
    let late = operator.reported(&fire_report()).await;
    operator.clock.advance(30);

    let second_poll = changes(&operator, Some(&cursor(&first_poll))).await;
    let third_poll = changes(&operator, Some(&cursor(&second_poll))).await;

    assert_eq!(versions(&first_poll), []);
    assert_eq!(versions(&second_poll), [version(&late)]);
    assert_eq!(versions(&third_poll), [], "once past the overlap, it is not sent again");
}

async fn changes_across_an_hour_are_all_found(app: TestApp) {
    // To two seconds before the next full hour, then signed in (access tokens last minutes).
    let now = app.clock.now().unix_millis();
    let next_hour = (now / 3_600_000 + 1) * 3_600_000;
    app.clock.advance((next_hour - now) / 1000 - 2);
    let operator = app.as_operator().await;
    let start = changes(&operator, None).await;
    operator.clock.advance(1);
    let before_the_hour = operator.reported(&fire_report()).await;
    operator.clock.advance(2);
    let after_the_hour = operator.reported(&fire_report()).await;
    operator.clock.advance(5);

    let response = changes(&operator, Some(&cursor(&start))).await;

    assert_eq!(versions(&response), [version(&before_the_hour), version(&after_the_hour)]);
}

async fn an_agency_gets_only_changes_to_its_own_incidents_with_callers_masked(app: TestApp) {
    let operator = app.as_operator().await;
    let damkar = app.as_officer_of("DAMKAR").await;
    let start = changes(&damkar, None).await;
    operator.clock.advance(60);
    let fire = operator.reported(&fire_report()).await;
    let fire =
        operator.command(&fire, json!({ "command": "verify", "method": "callback" })).await.body["incident"].clone();
    let fire = operator.command(&fire, json!({ "command": "dispatch", "agencies": ["DAMKAR"] })).await.body["incident"]
        .clone();
    let tree = operator.reported(&json!({ "category": "TREE", "district": PENAJAM })).await;
    let tree = operator.command(&tree, json!({ "command": "verify", "method": "cctv" })).await.body["incident"].clone();
    operator.command(&tree, json!({ "command": "dispatch", "agencies": ["BPBD"] })).await;
    operator.clock.advance(10);

    let for_damkar = changes(&damkar, Some(&cursor(&start))).await;
    let for_operator = changes(&operator, Some(&cursor(&start))).await;

    // Before the dispatch, the fire was not yet Damkar's; the tree never was.
    assert_eq!(versions(&for_damkar), [version(&fire)]);
    assert_eq!(for_damkar.body["incidents"][0]["caller"]["phone"], Value::Null);
    assert_eq!(for_damkar.body["incidents"][0]["caller"]["masked_phone"], "+62 812-****-7890");
    assert!(!for_damkar.text.contains("Budi"), "{}", for_damkar.text);
    assert_eq!(versions(&for_operator).len(), 6, "the operator gets every change");
    assert!(for_operator.text.contains("+6281234567890"), "the operator sees the caller");
}

async fn an_old_or_malformed_cursor_is_cursor_expired(app: TestApp) {
    let start = changes(&app.as_operator().await, None).await;
    app.clock.advance(3601);
    let operator = app.as_operator().await;

    let old = operator.get(&format!("/api/incidents/changes?since={}", cursor(&start))).await;
    let garbage = operator.get("/api/incidents/changes?since=not-a-cursor").await;
    let fresh = changes(&operator, None).await;

    old.assert_problem(StatusCode::BAD_REQUEST, "/problems/cursor-expired");
    garbage.assert_problem(StatusCode::BAD_REQUEST, "/problems/cursor-expired");
    assert!(old.body["detail"].as_str().is_some_and(|d| d.contains("since")), "{:#}", old.body);
    assert_eq!(fresh.body["incidents"], json!([]), "starting again without `since` works");
}
