//! While a call is taken, the open incidents that may be the same event are offered: of a related
//! category, recent, in the same village or near the pin.

use axum::http::StatusCode;
use serde_json::{Value, json};
use tanggap_domain::duplicates::DuplicateRules;
use tanggap_domain::{Category, CategoryCode};

use crate::helpers::{API_API, PENAJAM, TANJUNG_TENGAH, TestApp, TestResponse, ids};

on_both_backends!(
    incidents_in_the_same_village_or_near_the_pin_are_offered_nearest_first,
    a_related_category_is_offered_and_an_unrelated_one_is_not,
    closed_incidents_and_those_outside_the_window_are_not_offered,
    a_call_with_neither_village_nor_pin_is_offered_nothing,
    a_bad_query_is_a_400_naming_its_field,
);

/// Near the market of Api-api.
const PIN: (f64, f64) = (-1.2634, 116.8284);

fn report(category: &str, village: &str, pin: Option<(f64, f64)>) -> Value {
    let mut report = json!({ "category": category, "village": village, "description": "Asap tebal" });
    if let Some((lat, lon)) = pin {
        report["coordinates"] = json!({ "lat": lat, "lon": lon });
    }
    report
}

async fn offered(app: &TestApp, query: &str) -> TestResponse {
    let response = app.get(&format!("/api/incidents/duplicates?{query}")).await;
    assert_eq!(response.status, StatusCode::OK, "{query}: {:#}", response.body);
    response
}

fn candidate_ids(response: &TestResponse) -> Vec<String> {
    let incidents: Vec<Value> =
        response.body["candidates"].as_array().unwrap().iter().map(|c| c["incident"].clone()).collect();
    ids(&Value::Array(incidents))
}

async fn incidents_in_the_same_village_or_near_the_pin_are_offered_nearest_first(app: TestApp) {
    let app = app.as_operator().await;
    let same_village = app.reported(&report("FIRE", TANJUNG_TENGAH, None)).await;
    // About 67 m north of the pin, and about 2 km.
    let near = app.reported(&report("FIRE", API_API, Some((PIN.0 + 0.0006, PIN.1)))).await;
    let far = app.reported(&report("FIRE", API_API, Some((PIN.0 + 0.018, PIN.1)))).await;

    let response = offered(&app, &format!("category=fire&village={TANJUNG_TENGAH}&lat={}&lon={}", PIN.0, PIN.1)).await;

    assert_eq!(candidate_ids(&response), ids(&json!([same_village, near])), "{:#}", response.body);
    let candidates = &response.body["candidates"];
    assert_eq!(candidates[0]["same_village"], true);
    assert_eq!(candidates[0]["distance_m"], Value::Null, "no pin to measure from");
    assert_eq!(candidates[1]["same_village"], false);
    let metres = candidates[1]["distance_m"].as_u64().expect("whole metres");
    assert!((60..=75).contains(&metres), "{metres}");
    assert!(!candidate_ids(&response).contains(&far["id"].as_str().unwrap().to_owned()));
    let by_pin_only = offered(&app, &format!("category=FIRE&lat={}&lon={}", PIN.0, PIN.1)).await;
    assert_eq!(candidate_ids(&by_pin_only), ids(&json!([near])));
    let wider =
        app.with_state(|state| state.with_duplicate_rules(DuplicateRules { radius_m: 3000, window_minutes: 120 }));
    let farther = offered(&wider, &format!("category=FIRE&lat={}&lon={}", PIN.0, PIN.1)).await;
    assert_eq!(candidate_ids(&farther), ids(&json!([near, far])), "the deployment's radius decides");
}

async fn a_related_category_is_offered_and_an_unrelated_one_is_not(app: TestApp) {
    let app = app.as_operator().await;
    let fire = app.reported(&report("FIRE", TANJUNG_TENGAH, None)).await;
    app.clock.advance(60);
    let tree = app.reported(&report("TREE", TANJUNG_TENGAH, None)).await;
    let query = format!("category=FIRE&village={TANJUNG_TENGAH}");

    let unrelated = offered(&app, &query).await;
    let code = CategoryCode::parse("FIRE").unwrap();
    let stored = app.state.catalog.category(&code).await.unwrap().unwrap();
    let related = Category { related: vec![CategoryCode::parse("TREE").unwrap()], ..stored };
    app.state.catalog.put_category(&related).await.unwrap();
    let with_related = offered(&app, &query).await;

    assert_eq!(candidate_ids(&unrelated), ids(&json!([fire])), "a fallen tree is not a fire");
    // Both in the village: the newer first.
    assert_eq!(candidate_ids(&with_related), ids(&json!([tree, fire])));
}

async fn closed_incidents_and_those_outside_the_window_are_not_offered(app: TestApp) {
    let operator = app.as_operator().await;
    let old = operator.reported(&report("FIRE", TANJUNG_TENGAH, None)).await;
    app.clock.advance(121 * 60);
    // Signed in again: access tokens last minutes.
    let app = app.as_operator().await;
    let closed = app.reported(&report("FIRE", TANJUNG_TENGAH, None)).await;
    let refused = app.command(&closed, json!({ "command": "close_as_false_report", "reason": "iseng" })).await;
    assert_eq!(refused.status, StatusCode::OK, "{:#}", refused.body);
    let recent = app.reported(&report("FIRE", TANJUNG_TENGAH, None)).await;
    let query = format!("category=FIRE&village={TANJUNG_TENGAH}");

    let response = offered(&app, &query).await;
    let longer =
        app.with_state(|state| state.with_duplicate_rules(DuplicateRules { radius_m: 500, window_minutes: 180 }));
    let with_longer_window = offered(&longer, &query).await;

    assert_eq!(candidate_ids(&response), ids(&json!([recent])), "received 121 minutes ago is outside 120");
    assert_eq!(candidate_ids(&with_longer_window), ids(&json!([recent, old])));
}

async fn a_call_with_neither_village_nor_pin_is_offered_nothing(app: TestApp) {
    let app = app.as_operator().await;
    app.reported(&report("FIRE", TANJUNG_TENGAH, Some(PIN))).await;

    let response = offered(&app, "category=FIRE").await;

    assert_eq!(response.body, json!({ "candidates": [] }));
}

async fn a_bad_query_is_a_400_naming_its_field(app: TestApp) {
    let app = app.as_operator().await;
    let cases = [
        ("village=64.09.01.1001".to_owned(), vec![("category", "required")]),
        ("category=VOLCANO&village=64.09.01.1001".to_owned(), vec![("category", "unknown_category")]),
        ("category=FIRE&lat=-1.26".to_owned(), vec![("coordinates", "bad_coordinates")]),
        ("category=FIRE&lat=north&lon=116.8".to_owned(), vec![("coordinates", "bad_coordinates")]),
        (format!("category=FIRE&village={PENAJAM}"), vec![("village", "bad_region")]),
    ];
    for (query, expected) in cases {
        let response = app.get(&format!("/api/incidents/duplicates?{query}")).await;

        response.assert_problem(StatusCode::BAD_REQUEST, "/problems/bad-request");
        let expected: Vec<(String, String)> = expected.iter().map(|(f, c)| (f.to_string(), c.to_string())).collect();
        assert_eq!(response.field_errors(), expected, "{query}");
    }
}
