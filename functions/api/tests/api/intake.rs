//! Intake beyond the first report: a priority other than the category's, further calls linked to an
//! open incident, notes that never conflict, and the calls counted per local day.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{PENAJAM, TestApp, TestResponse, fire_report, json_request};

on_both_backends!(
    a_priority_other_than_the_categorys_needs_a_reason_and_p0_is_refused_for_a_dispatched_category,
    a_linked_report_is_counted_on_the_incident_in_the_callers_history_and_in_the_days_counts,
    a_replayed_report_changes_nothing_and_the_same_key_with_another_report_is_refused,
    a_report_on_an_incident_no_longer_open_is_refused,
    a_note_with_a_stale_expected_version_is_still_applied,
    a_report_linked_by_command_on_a_stale_version_is_applied_and_counted,
    the_days_counts_are_per_category_by_the_centers_local_day,
    a_bad_date_is_a_400_naming_date,
);

/// The second caller, about the same fire.
fn second_caller() -> Value {
    json!({ "caller_phone": "0813 5555 0001", "caller_name": "Siti Rahma", "description": "Apinya sudah besar" })
}

async fn link(app: &TestApp, incident: &Value, key: &str, body: &Value) -> TestResponse {
    let id = incident["id"].as_str().unwrap();
    let mut request = json_request(Method::POST, &format!("/api/incidents/{id}/reports"), body);
    request.headers_mut().insert("idempotency-key", key.parse().unwrap());
    app.send(request).await
}

async fn counts(app: &TestApp, query: &str) -> Value {
    let response = app.get(&format!("/api/intake/counts{query}")).await;
    assert_eq!(response.status, StatusCode::OK, "{:#}", response.body);
    response.body
}

fn change_types(detail: &Value) -> Vec<String> {
    detail["events"].as_array().unwrap().iter().map(|e| e["change"]["type"].as_str().unwrap().to_owned()).collect()
}

async fn a_priority_other_than_the_categorys_needs_a_reason_and_p0_is_refused_for_a_dispatched_category(app: TestApp) {
    let app = app.as_operator().await;
    let with = |fields: Value| {
        let mut report = fire_report();
        report.as_object_mut().unwrap().extend(fields.as_object().unwrap().clone());
        report
    };

    let without_reason = app.report(&with(json!({ "priority": "P2" }))).await;
    let p0 = app.report(&with(json!({ "priority": "P0", "priority_reason": "iseng" }))).await;
    let with_reason = app.report(&with(json!({ "priority": "P2", "priority_reason": "api sudah padam" }))).await;
    let the_categorys_own = app.report(&with(json!({ "priority": "P1" }))).await;

    without_reason.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation");
    assert_eq!(without_reason.field_errors(), [("priority_reason".into(), "required".into())]);
    p0.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation");
    assert_eq!(p0.field_errors(), [("priority".into(), "invalid".into())]);
    assert_eq!(with_reason.status, StatusCode::CREATED, "{:#}", with_reason.body);
    assert_eq!(with_reason.body["incident"]["priority"], "P2");
    assert_eq!(with_reason.body["events"][0]["change"]["priority_reason"], "api sudah padam");
    assert_eq!(the_categorys_own.status, StatusCode::CREATED, "no reason needed for the category's priority");
    assert_eq!(app.board_ids().await.len(), 2, "nothing refused was stored");
}

async fn a_linked_report_is_counted_on_the_incident_in_the_callers_history_and_in_the_days_counts(app: TestApp) {
    let operator = app.as_operator().await;
    let fire = operator.reported(&fire_report()).await;
    app.clock.advance(120);

    let linked = link(&operator, &fire, "second-caller-1", &second_caller()).await;

    assert_eq!(linked.status, StatusCode::OK, "{:#}", linked.body);
    assert_eq!(linked.header("idempotent-replayed"), None);
    assert_eq!(linked.body["incident"]["extra_reports"], 1);
    assert_eq!(linked.body["incident"]["version"], 2);
    assert_eq!(change_types(&linked.body), ["received", "report_linked"]);
    let report = &linked.body["events"][1]["change"];
    assert_eq!(
        (&report["caller"]["phone"], &report["description"]),
        (&json!("+6281355550001"), &json!("Apinya sudah besar"))
    );
    let history = operator.get("/api/callers/081355550001").await.body;
    assert_eq!(history["calls"].as_array().unwrap().len(), 1);
    assert_eq!(history["calls"][0]["incident"], fire["id"]);
    assert_eq!((&history["calls"][0]["linked"], &history["calls"][0]["category"]), (&json!(true), &json!("FIRE")));
    let today = counts(&operator, "").await;
    assert_eq!(
        (&today["total"], &today["by_category"], &today["linked_reports"]),
        (&json!(2), &json!({ "FIRE": 2 }), &json!(1))
    );
}

async fn a_replayed_report_changes_nothing_and_the_same_key_with_another_report_is_refused(app: TestApp) {
    let operator = app.as_operator().await;
    let fire = operator.reported(&fire_report()).await;
    let first = link(&operator, &fire, "second-caller-1", &second_caller()).await;
    app.clock.advance(30);

    let replay = link(&operator, &fire, "second-caller-1", &second_caller()).await;
    let mut other = second_caller();
    other["description"] = json!("Another fire");
    let reused = link(&operator, &fire, "second-caller-1", &other).await;
    let elsewhere = operator.reported(&fire_report()).await;
    let reused_elsewhere = link(&operator, &elsewhere, "second-caller-1", &second_caller()).await;

    assert_eq!(replay.status, StatusCode::OK);
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    assert_eq!(replay.body, first.body, "the incident as it is, with one linked report");
    reused.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "/problems/idempotency-key-reused");
    reused_elsewhere.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "/problems/idempotency-key-reused");
    let history = operator.get("/api/callers/081355550001").await.body;
    assert_eq!(history["calls"].as_array().unwrap().len(), 1, "no second history entry");
    let today = counts(&operator, "").await;
    assert_eq!((&today["total"], &today["linked_reports"]), (&json!(3), &json!(1)));
}

async fn a_report_on_an_incident_no_longer_open_is_refused(app: TestApp) {
    let operator = app.as_operator().await;
    let prank = operator.reported(&json!({ "category": "PRANK" })).await;
    let fire = operator.reported(&fire_report()).await;
    let linked = link(&operator, &fire, "linked-before-cancel", &second_caller()).await;
    let cancelled =
        operator.command(&linked.body["incident"], json!({ "command": "cancel", "reason": "sudah padam" })).await;
    assert_eq!(cancelled.status, StatusCode::OK, "{:#}", cancelled.body);

    let on_closed = link(&operator, &prank, "report-on-a-prank", &second_caller()).await;
    let on_cancelled = link(&operator, &fire, "report-on-cancelled", &second_caller()).await;
    let retry_of_an_earlier_one = link(&operator, &fire, "linked-before-cancel", &second_caller()).await;
    let unknown =
        link(&operator, &json!({ "id": "01JDGZ6Q8X4T3N2M1K0H9G8F7E" }), "report-on-nothing", &second_caller()).await;

    let problem = on_closed.assert_problem(StatusCode::CONFLICT, "/problems/lifecycle");
    assert_eq!(problem["detail"], "Perintah add_report tidak berlaku untuk kejadian yang ditutup.");
    on_cancelled.assert_problem(StatusCode::CONFLICT, "/problems/lifecycle");
    assert_eq!(retry_of_an_earlier_one.status, StatusCode::OK, "a retry is answered as the first was");
    assert_eq!(retry_of_an_earlier_one.body["incident"]["status"], "cancelled");
    unknown.assert_problem(StatusCode::NOT_FOUND, "/problems/not-found");
    assert_eq!(counts(&operator, "").await["linked_reports"], 1);
}

async fn a_note_with_a_stale_expected_version_is_still_applied(app: TestApp) {
    let operator = app.as_operator().await;
    let incident = operator.reported(&fire_report()).await;
    let verified = operator.command(&incident, json!({ "command": "verify", "method": "callback" })).await;
    assert_eq!(verified.status, StatusCode::OK);

    // Written while looking at version 1.
    let noted =
        operator.command(&incident, json!({ "command": "add_note", "text": "Penelepon menunggu di depan" })).await;
    let stale_cancel = operator.command(&incident, json!({ "command": "cancel", "reason": "duplicate" })).await;

    assert_eq!(noted.status, StatusCode::OK, "{:#}", noted.body);
    assert_eq!(noted.body["incident"]["version"], 3);
    assert_eq!(noted.body["incident"]["status"], "verified", "the note changed nothing else");
    assert_eq!(change_types(&noted.body), ["received", "verified", "note_added"]);
    stale_cancel.assert_problem(StatusCode::CONFLICT, "/problems/version-conflict");
}

async fn a_report_linked_by_command_on_a_stale_version_is_applied_and_counted(app: TestApp) {
    let operator = app.as_operator().await;
    let incident = operator.reported(&json!({ "category": "TREE", "district": PENAJAM })).await;
    let verified = operator.command(&incident, json!({ "command": "verify", "method": "cctv" })).await;
    assert_eq!(verified.status, StatusCode::OK);

    let command = json!({
        "command": "add_report",
        "caller": { "phone": "081355550001", "name": "Siti" },
        "description": "Pohon menutup jalan",
    });
    let linked = operator.command(&incident, command).await;

    assert_eq!(linked.status, StatusCode::OK, "{:#}", linked.body);
    assert_eq!(
        (&linked.body["incident"]["version"], &linked.body["incident"]["extra_reports"]),
        (&json!(3), &json!(1))
    );
    let history = operator.get("/api/callers/081355550001").await.body;
    assert_eq!(history["calls"][0]["linked"], true);
    let today = counts(&operator, "").await;
    assert_eq!((&today["by_category"], &today["linked_reports"]), (&json!({ "TREE": 2 }), &json!(1)));
}

async fn the_days_counts_are_per_category_by_the_centers_local_day(app: TestApp) {
    let operator = app.as_operator().await;
    // The tests' clock starts at 2026-11-18 11:06 UTC: 18:06 in WIB, the default offset.
    operator.reported(&fire_report()).await;
    operator.reported(&fire_report()).await;
    operator.reported(&json!({ "category": "TREE", "district": PENAJAM })).await;
    operator.reported(&json!({ "category": "PRANK" })).await;
    // 00:06 WIB on the 19th, though still the 18th in UTC.
    app.clock.advance(6 * 3600);
    app.as_operator().await.reported(&json!({ "category": "PRANK" })).await;
    let executive = app.as_role(tanggap_domain::Role::Executive).await;

    let the_18th = counts(&executive, "?date=2026-11-18").await;
    let today = counts(&executive, "").await;
    let a_quiet_day = counts(&executive, "?date=2026-11-01").await;

    assert_eq!(the_18th["date"], "2026-11-18");
    assert_eq!(the_18th["total"], 4);
    assert_eq!(the_18th["by_category"], json!({ "FIRE": 2, "PRANK": 1, "TREE": 1 }));
    assert_eq!(the_18th["linked_reports"], 0);
    assert_eq!(
        (&today["date"], &today["total"], &today["by_category"]),
        (&json!("2026-11-19"), &json!(1), &json!({ "PRANK": 1 }))
    );
    assert_eq!((&a_quiet_day["total"], &a_quiet_day["by_category"]), (&json!(0), &json!({})));
}

async fn a_bad_date_is_a_400_naming_date(app: TestApp) {
    let operator = app.as_operator().await;
    for date in ["2026-13-01", "2026-02-30", "kemarin", "18-11-2026"] {
        let response = operator.get(&format!("/api/intake/counts?date={date}")).await;

        response.assert_problem(StatusCode::BAD_REQUEST, "/problems/bad-request");
        assert_eq!(response.field_errors(), [("date".into(), "invalid".into())], "{date}");
    }
}
