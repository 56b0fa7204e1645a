//! The board narrowed by status, priority, category and district, alone or together, for every reader
//! (an agency's people still only within their agency's incidents).

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{API_API, PENAJAM, TANJUNG_TENGAH, TestApp, WARU, ids};

on_both_backends!(
    each_filter_narrows_the_board_and_together_all_must_hold,
    a_filtered_board_pages_with_its_cursor,
    an_agency_filters_only_within_its_own_incidents,
    bad_filter_values_are_a_400_naming_each_field,
);

/// The board's ids for `query`.
async fn filtered(app: &TestApp, query: &str) -> Vec<String> {
    let response = app.get(&format!("/api/incidents?{query}")).await;
    assert_eq!(response.status, StatusCode::OK, "{query}: {:#}", response.body);
    ids(&response.body["incidents"])
}

/// Four open incidents, in board order: a received fire in Penajam (P1), a fire in Waru dispatched to
/// Damkar (P1), a verified fallen tree in Penajam (P2), a received fire in Penajam made P2 by the
/// operator.
async fn four_incidents(operator: &TestApp) -> [Value; 4] {
    let fire = operator.reported(&json!({ "category": "FIRE", "village": TANJUNG_TENGAH })).await;
    operator.clock.advance(60);
    let tree = operator.reported(&json!({ "category": "TREE", "district": PENAJAM })).await;
    let tree = operator.command(&tree, json!({ "command": "verify", "method": "cctv" })).await.body["incident"].clone();
    operator.clock.advance(60);
    let waru = operator.reported(&json!({ "category": "FIRE", "village": API_API })).await;
    let waru =
        operator.command(&waru, json!({ "command": "verify", "method": "callback" })).await.body["incident"].clone();
    let dispatched = operator.command(&waru, json!({ "command": "dispatch", "agencies": ["DAMKAR"] })).await;
    assert_eq!(dispatched.status, StatusCode::OK, "{:#}", dispatched.body);
    let waru = dispatched.body["incident"].clone();
    operator.clock.advance(60);
    let small = json!({
        "category": "FIRE",
        "village": TANJUNG_TENGAH,
        "priority": "P2",
        "priority_reason": "api sudah padam, tinggal asap",
    });
    let small = operator.reported(&small).await;
    assert_eq!(small["priority"], "P2");
    [fire, waru, tree, small]
}

async fn each_filter_narrows_the_board_and_together_all_must_hold(app: TestApp) {
    let operator = app.as_operator().await;
    let [fire, waru, tree, small] = four_incidents(&operator).await;
    let expect = |incidents: &[&Value]| ids(&Value::Array(incidents.iter().map(|i| (*i).clone()).collect()));

    assert_eq!(filtered(&operator, "").await, expect(&[&fire, &waru, &tree, &small]));
    assert_eq!(filtered(&operator, "status=verified").await, expect(&[&tree]));
    assert_eq!(filtered(&operator, "status=dispatched").await, expect(&[&waru]));
    assert_eq!(filtered(&operator, "status=closed").await, expect(&[]), "the board holds only open incidents");
    assert_eq!(filtered(&operator, "priority=P2").await, expect(&[&tree, &small]));
    assert_eq!(filtered(&operator, "priority=p1").await, expect(&[&fire, &waru]));
    assert_eq!(filtered(&operator, "category=tree").await, expect(&[&tree]));
    assert_eq!(filtered(&operator, &format!("district={WARU}")).await, expect(&[&waru]));
    assert_eq!(filtered(&operator, &format!("district={PENAJAM}")).await, expect(&[&fire, &tree, &small]));
    let penajam_fires = format!("category=FIRE&district={PENAJAM}&status=received");
    assert_eq!(filtered(&operator, &penajam_fires).await, expect(&[&fire, &small]));
    assert_eq!(filtered(&operator, &format!("{penajam_fires}&priority=P1")).await, expect(&[&fire]));
    assert_eq!(filtered(&operator, "status=&priority=").await.len(), 4, "a blank filter filters nothing");
}

async fn a_filtered_board_pages_with_its_cursor(app: TestApp) {
    let operator = app.as_operator().await;
    let [fire, waru, _, small] = four_incidents(&operator).await;

    let mut pages = Vec::new();
    let mut query = "category=FIRE&limit=1".to_owned();
    loop {
        let page = operator.get(&format!("/api/incidents?{query}")).await;
        assert_eq!(page.status, StatusCode::OK, "{:#}", page.body);
        pages.push(ids(&page.body["incidents"]));
        match page.body["next"].as_str() {
            Some(next) => query = format!("category=FIRE&limit=1&cursor={next}"),
            None => break,
        }
        assert!(pages.len() < 10, "the pages must end");
    }

    assert_eq!(pages.concat(), ids(&json!([fire, waru, small])));
    assert!(pages.iter().all(|page| page.len() <= 1));
}

async fn an_agency_filters_only_within_its_own_incidents(app: TestApp) {
    let operator = app.as_operator().await;
    let [_, waru, _, _] = four_incidents(&operator).await;
    let damkar = app.as_officer_of("DAMKAR").await;

    assert_eq!(filtered(&damkar, "category=FIRE").await, ids(&json!([waru])));
    assert_eq!(filtered(&damkar, "status=received").await, Vec::<String>::new());
    assert_eq!(filtered(&damkar, &format!("district={PENAJAM}")).await, Vec::<String>::new());
}

async fn bad_filter_values_are_a_400_naming_each_field(app: TestApp) {
    let operator = app.as_operator().await;

    let response = operator
        .get(&format!("/api/incidents?status=burning&priority=P9&category=%3F%3F&district={TANJUNG_TENGAH}"))
        .await;

    response.assert_problem(StatusCode::BAD_REQUEST, "/problems/bad-request");
    let expected =
        [("status", "invalid"), ("priority", "invalid"), ("category", "unknown_category"), ("district", "bad_region")];
    assert_eq!(response.field_errors(), expected.map(|(f, c)| (f.to_owned(), c.to_owned())));
}
