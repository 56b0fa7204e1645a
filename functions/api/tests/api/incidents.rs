use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::json;

use crate::helpers::{MANGGAR, PENAJAM, TestApp, fire_report, ids, json_request};

on_both_backends!(
    reporting_an_incident_returns_201_and_it_shows_on_the_board_and_in_its_detail,
    a_p0_call_is_closed_at_intake_and_stays_off_the_board,
    a_bad_phone_number_is_a_422_naming_caller_phone,
    an_unknown_category_and_a_region_outside_the_regency_are_422s_naming_their_fields,
    a_report_without_an_idempotency_key_is_a_400,
    a_replay_with_the_same_key_returns_the_first_incident_and_opens_no_second_one,
    the_same_key_with_another_report_is_refused,
    the_board_is_most_urgent_first_then_oldest_first_and_pages_with_its_cursor,
    a_bad_cursor_or_limit_is_a_400,
    a_command_moves_the_incident_on_and_appends_to_its_history,
    a_stale_expected_version_is_a_409_with_the_current_incident,
    a_command_the_life_cycle_refuses_is_a_422_with_the_reason,
    dispatching_to_an_unknown_agency_is_a_422,
    an_unknown_incident_is_a_404_and_a_malformed_id_a_400,
);

async fn reporting_an_incident_returns_201_and_it_shows_on_the_board_and_in_its_detail(app: TestApp) {
    let app = app.as_operator().await;
    let response = app.report(&fire_report()).await;

    assert_eq!(response.status, StatusCode::CREATED, "{:#}", response.body);
    let incident = &response.body["incident"];
    let id = incident["id"].as_str().unwrap();
    assert_eq!(response.header("location"), Some(format!("/api/incidents/{id}").as_str()));
    assert_eq!(response.header("idempotent-replayed"), None);
    assert_eq!(incident["status"], "received");
    assert_eq!(incident["priority"], "P1");
    assert_eq!(incident["caller"]["phone"], "+6281234567890");
    assert_eq!(incident["location"]["district"]["code"], PENAJAM, "the village implies its district");
    assert_eq!(incident["location"]["village"]["name"], "Tanjung Tengah");
    assert_eq!(response.body["events"][0]["change"]["type"], "received");
    assert_eq!(app.board_ids().await, [id]);
    let detail = app.get(&format!("/api/incidents/{id}")).await;
    assert_eq!(detail.status, StatusCode::OK);
    assert_eq!(detail.body, response.body);
}

async fn a_p0_call_is_closed_at_intake_and_stays_off_the_board(app: TestApp) {
    let app = app.as_operator().await;
    let prank = app.reported(&json!({ "category": "PRANK" })).await;

    assert_eq!(prank["status"], "closed");
    assert_eq!(prank["version"], 2);
    assert!(app.board_ids().await.is_empty());
}

async fn a_bad_phone_number_is_a_422_naming_caller_phone(app: TestApp) {
    let app = app.as_operator().await;
    let mut report = fire_report();
    report["caller_phone"] = json!("+1 555 123 4567");

    let response = app.report(&report).await;

    response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation");
    assert_eq!(response.field_errors(), [("caller_phone".into(), "bad_phone".into())]);
    assert!(app.board_ids().await.is_empty());
}

async fn an_unknown_category_and_a_region_outside_the_regency_are_422s_naming_their_fields(app: TestApp) {
    let app = app.as_operator().await;
    let report = json!({ "category": "VOLCANO", "village": MANGGAR });

    let response = app.report(&report).await;

    response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation");
    assert_eq!(
        response.field_errors(),
        [("category".into(), "unknown_category".into()), ("village".into(), "region_not_found".into())]
    );
    let unknown_village =
        app.report(&json!({ "category": "FIRE", "district": PENAJAM, "village": "64.09.01.1999" })).await;
    unknown_village.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation");
    assert_eq!(unknown_village.field_errors(), [("village".into(), "region_not_found".into())]);
}

async fn a_report_without_an_idempotency_key_is_a_400(app: TestApp) {
    let app = app.as_operator().await;
    let response = app.send(json_request(Method::POST, "/api/incidents", &fire_report())).await;
    let malformed = app.report_with_key("short", &fire_report()).await;

    response.assert_problem(StatusCode::BAD_REQUEST, "/problems/bad-request");
    assert!(response.body["detail"].as_str().unwrap().contains("Idempotency-Key"));
    malformed.assert_problem(StatusCode::BAD_REQUEST, "/problems/bad-request");
    assert!(app.board_ids().await.is_empty());
}

async fn a_replay_with_the_same_key_returns_the_first_incident_and_opens_no_second_one(app: TestApp) {
    let app = app.as_operator().await;
    let first = app.report_with_key("retry-after-timeout", &fire_report()).await;
    app.clock.advance(30);

    let replay = app.report_with_key("retry-after-timeout", &fire_report()).await;

    assert_eq!(replay.status, StatusCode::CREATED);
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    assert_eq!(replay.header("location"), first.header("location"));
    assert_eq!(replay.body, first.body, "the first incident, as first answered");
    assert_eq!(app.board_ids().await.len(), 1);
}

async fn the_same_key_with_another_report_is_refused(app: TestApp) {
    let app = app.as_operator().await;
    app.report_with_key("one-key-two-reports", &fire_report()).await;
    let mut other = fire_report();
    other["description"] = json!("Another fire");

    let response = app.report_with_key("one-key-two-reports", &other).await;

    response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "/problems/idempotency-key-reused");
    assert_eq!(app.board_ids().await.len(), 1);
}

async fn the_board_is_most_urgent_first_then_oldest_first_and_pages_with_its_cursor(app: TestApp) {
    let app = app.as_operator().await;
    let tree = app.reported(&json!({ "category": "TREE", "district": PENAJAM })).await;
    app.clock.advance(60);
    let first_fire = app.reported(&fire_report()).await;
    app.clock.advance(60);
    let second_fire = app.reported(&fire_report()).await;
    let expected = ids(&json!([first_fire, second_fire, tree]));

    let first_page = app.get("/api/incidents?limit=2").await;
    let next = first_page.body["next"].as_str().expect("a full page has a next cursor");
    let second_page = app.get(&format!("/api/incidents?limit=2&cursor={next}")).await;

    assert_eq!(app.board_ids().await, expected);
    assert_eq!(ids(&first_page.body["incidents"]), expected[..2]);
    assert_eq!(ids(&second_page.body["incidents"]), expected[2..]);
    assert_eq!(second_page.body["next"], json!(null));
}

async fn a_bad_cursor_or_limit_is_a_400(app: TestApp) {
    let app = app.as_operator().await;
    for query in ["cursor=not-a-cursor", "limit=0", "limit=201", "limit=many"] {
        let response = app.get(&format!("/api/incidents?{query}")).await;

        response.assert_problem(StatusCode::BAD_REQUEST, "/problems/bad-request");
    }
}

async fn a_command_moves_the_incident_on_and_appends_to_its_history(app: TestApp) {
    let app = app.as_operator().await;
    let incident = app.reported(&fire_report()).await;
    app.clock.advance(45);

    let verified = app.command(&incident, json!({ "command": "verify", "method": "callback" })).await;

    assert_eq!(verified.status, StatusCode::OK, "{:#}", verified.body);
    assert_eq!(verified.body["incident"]["status"], "verified");
    assert_eq!(verified.body["incident"]["version"], 2);
    let changes: Vec<&str> =
        verified.body["events"].as_array().unwrap().iter().map(|e| e["change"]["type"].as_str().unwrap()).collect();
    assert_eq!(changes, ["received", "verified"]);
    let dispatched =
        app.command(&verified.body["incident"], json!({ "command": "dispatch", "agencies": ["DAMKAR"] })).await;
    assert_eq!(dispatched.status, StatusCode::OK, "{:#}", dispatched.body);
    assert_eq!(dispatched.body["incident"]["assignments"][0]["agency"], "DAMKAR");
}

async fn a_stale_expected_version_is_a_409_with_the_current_incident(app: TestApp) {
    let app = app.as_operator().await;
    let incident = app.reported(&fire_report()).await;
    let verified = app.command(&incident, json!({ "command": "verify", "method": "cctv" })).await;
    assert_eq!(verified.status, StatusCode::OK);

    // A second operator, still looking at version 1.
    let stale = app.command(&incident, json!({ "command": "cancel", "reason": "duplicate" })).await;

    let problem = stale.assert_problem(StatusCode::CONFLICT, "/problems/version-conflict");
    assert_eq!(problem["current"], verified.body["incident"]);
    let id = incident["id"].as_str().unwrap();
    assert_eq!(app.get(&format!("/api/incidents/{id}")).await.body["events"].as_array().unwrap().len(), 2);
}

async fn a_command_the_life_cycle_refuses_is_a_422_with_the_reason(app: TestApp) {
    let app = app.as_operator().await;
    let incident = app.reported(&fire_report()).await;

    // Dispatch needs a verified report first.
    let response = app.command(&incident, json!({ "command": "dispatch", "agencies": ["DAMKAR"] })).await;

    let problem = response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "/problems/lifecycle");
    // Bahasa Indonesia unless the request asks for English.
    assert_eq!(problem["detail"], "Perintah dispatch tidak berlaku untuk kejadian yang diterima.", "{problem:#}");
    let id = incident["id"].as_str().unwrap();
    assert_eq!(app.get(&format!("/api/incidents/{id}")).await.body["incident"], incident);
}

async fn dispatching_to_an_unknown_agency_is_a_422(app: TestApp) {
    let app = app.as_operator().await;
    let incident = app.reported(&fire_report()).await;
    let verified = app.command(&incident, json!({ "command": "verify", "method": "callback" })).await;

    let response = app
        .command(&verified.body["incident"], json!({ "command": "dispatch", "agencies": ["DAMKAR", "NOBODY"] }))
        .await;

    response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation");
    assert_eq!(response.field_errors(), [("agencies".into(), "invalid".into())]);
}

async fn an_unknown_incident_is_a_404_and_a_malformed_id_a_400(app: TestApp) {
    let app = app.as_operator().await;
    let unknown = app.get("/api/incidents/01JDGZ6Q8X4T3N2M1K0H9G8F7E").await;
    let command = app
        .post(
            "/api/incidents/01JDGZ6Q8X4T3N2M1K0H9G8F7E/commands",
            &json!({ "expected_version": 1, "command": "verify", "method": "cctv" }),
        )
        .await;
    let malformed = app.send(Request::get("/api/incidents/not-an-id").body(Body::empty()).unwrap()).await;

    unknown.assert_problem(StatusCode::NOT_FOUND, "/problems/not-found");
    command.assert_problem(StatusCode::NOT_FOUND, "/problems/not-found");
    malformed.assert_problem(StatusCode::BAD_REQUEST, "/problems/bad-request");
}
