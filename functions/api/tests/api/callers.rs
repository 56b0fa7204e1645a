//! Callers while they are on the line: a number's earlier calls with their outcomes now, prank calls
//! that propose a block, and blocks that flag a number's calls until they end by themselves.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::{Value, json};
use tanggap_api::Clock as _;
use tanggap_domain::Role;

use crate::helpers::{TestApp, TestResponse, fire_report, json_request};

on_both_backends!(
    a_number_with_three_prank_calls_in_a_day_is_proposed_for_a_block_and_a_day_old_one_does_not_count,
    a_callers_history_shows_each_calls_outcome_now_newest_first,
    a_number_that_is_not_indonesian_is_a_400_naming_phone,
    a_supervisor_blocks_a_number_and_intake_flags_its_calls_until_the_block_ends_by_itself,
    an_operator_may_not_block_and_a_supervisor_lifts_a_block_in_the_audit_log,
);

/// The number every call here comes from, as the API writes it.
const NUMBER: &str = "+6281234567890";

fn prank() -> Value {
    json!({ "category": "PRANK", "caller_phone": "0812-3456-7890" })
}

async fn history(app: &TestApp) -> Value {
    // `+` written as %2B, as a browser encodes it in a path.
    let response = app.get("/api/callers/%2B6281234567890").await;
    assert_eq!(response.status, StatusCode::OK, "{:#}", response.body);
    response.body
}

async fn block(app: &TestApp, body: &Value) -> TestResponse {
    app.send(json_request(Method::PUT, "/api/callers/081234567890/block", body)).await
}

async fn unblock(app: &TestApp) -> TestResponse {
    app.send(Request::delete("/api/callers/6281234567890/block").body(Body::empty()).unwrap()).await
}

async fn a_number_with_three_prank_calls_in_a_day_is_proposed_for_a_block_and_a_day_old_one_does_not_count(
    app: TestApp,
) {
    app.as_operator().await.reported(&prank()).await;
    app.clock.advance(25 * 3600);
    app.as_operator().await.reported(&prank()).await;
    app.clock.advance(3600);
    // Signed in again: access tokens last minutes, not hours.
    let operator = app.as_operator().await;
    operator.reported(&prank()).await;

    let two = history(&operator).await;
    app.clock.advance(300);
    operator.reported(&prank()).await;
    let three = history(&operator).await;

    assert_eq!((two["prank_calls_24h"].as_u64(), two["block_proposed"].as_bool()), (Some(2), Some(false)));
    assert_eq!(three["prank_calls_24h"], 3, "the day-old call is out of the window");
    assert_eq!(three["block_proposed"], true);
    assert_eq!(three["block"], Value::Null);
    assert_eq!(three["phone"], NUMBER);
    let calls = three["calls"].as_array().unwrap();
    assert_eq!(calls.len(), 4, "the history still lists the day-old call");
    assert!(calls.iter().all(|c| c["category"] == "PRANK" && c["status"] == "closed" && c["linked"] == false));
}

async fn a_callers_history_shows_each_calls_outcome_now_newest_first(app: TestApp) {
    let operator = app.as_operator().await;
    let fire = operator.reported(&fire_report()).await;
    app.clock.advance(60);
    let prank = operator.reported(&prank()).await;
    let other_number = operator.reported(&json!({ "category": "PRANK", "caller_phone": "0813 1111 2222" })).await;
    let cancelled = operator.command(&fire, json!({ "command": "cancel", "reason": "caller mistaken" })).await;
    assert_eq!(cancelled.status, StatusCode::OK, "{:#}", cancelled.body);

    let history = history(&operator).await;

    let calls: Vec<(&str, &str)> = history["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["incident"].as_str().unwrap(), c["status"].as_str().unwrap()))
        .collect();
    assert_eq!(calls, [(prank["id"].as_str().unwrap(), "closed"), (fire["id"].as_str().unwrap(), "cancelled")]);
    assert_eq!(history["calls"][1]["priority"], "P1", "the priority the call was taken with");
    assert_ne!(other_number["caller"]["phone"], NUMBER);
    let stranger = operator.get("/api/callers/081199990000").await;
    assert_eq!(stranger.status, StatusCode::OK);
    assert_eq!(
        (stranger.body["calls"].as_array().map(Vec::len), &stranger.body["prank_calls_24h"]),
        (Some(0), &json!(0))
    );
}

async fn a_number_that_is_not_indonesian_is_a_400_naming_phone(app: TestApp) {
    let operator = app.as_operator().await;
    let supervisor = app.as_role(Role::Supervisor).await;

    let foreign = operator.get("/api/callers/%2B15551234567").await;
    let garbage = operator.get("/api/callers/not-a-number").await;
    let blocking =
        supervisor.send(json_request(Method::PUT, "/api/callers/12345/block", &json!({ "reason": "x" }))).await;

    for response in [&foreign, &garbage, &blocking] {
        response.assert_problem(StatusCode::BAD_REQUEST, "/problems/bad-request");
        assert_eq!(response.field_errors(), [("phone".into(), "bad_phone".into())]);
    }
}

async fn a_supervisor_blocks_a_number_and_intake_flags_its_calls_until_the_block_ends_by_itself(app: TestApp) {
    let operator = app.as_operator().await;
    let supervisor = app.as_user("supervisor", Role::Supervisor, None).await;
    let start = app.clock.now();

    let blocked = block(&supervisor, &json!({ "reason": "Tiga panggilan iseng malam ini", "hours": 2 })).await;
    let flagged = operator.report(&fire_report()).await;
    let while_blocked = history(&operator).await;
    app.clock.advance(2 * 3600);
    let operator = app.as_operator().await;
    let supervisor = app.as_user("supervisor", Role::Supervisor, None).await;
    let after = operator.reported(&fire_report()).await;
    let after_history = history(&operator).await;

    assert_eq!(blocked.status, StatusCode::OK, "{:#}", blocked.body);
    assert_eq!(blocked.body["phone"], NUMBER);
    assert_eq!(blocked.body["blocked_by"], "supervisor");
    assert_eq!(blocked.body["until"], json!(start.plus_seconds(2 * 3600)));
    assert_eq!(flagged.status, StatusCode::CREATED, "a blocked number's call is still taken");
    assert_eq!(flagged.body["incident"]["caller_blocked"], true);
    assert_eq!(flagged.body["events"][0]["change"]["caller_blocked"], true);
    assert_eq!(while_blocked["block"], blocked.body);
    assert_eq!(while_blocked["block_proposed"], false);
    assert_eq!(after["caller_blocked"], false, "the block ended by itself");
    assert_eq!(after_history["block"], Value::Null);
    let by_default = block(&supervisor, &json!({ "reason": "lagi" })).await;
    assert_eq!(by_default.body["until"], json!(start.plus_seconds(2 * 3600 + 24 * 3600)), "24 hours by default");
    let audit = app.as_admin().await.get("/api/audit").await;
    let blocks: Vec<(&str, &str)> = (audit.body["entries"].as_array().unwrap().iter())
        .filter(|e| e["action"] == "caller_blocked")
        .map(|e| (e["actor"].as_str().unwrap(), e["detail"].as_str().unwrap()))
        .collect();
    let first = format!("{NUMBER}: Tiga panggilan iseng malam ini (until {})", start.plus_seconds(2 * 3600));
    let second = format!("{NUMBER}: lagi (until {})", start.plus_seconds(26 * 3600));
    assert_eq!(blocks, [("supervisor", second.as_str()), ("supervisor", first.as_str())], "newest first");
}

async fn an_operator_may_not_block_and_a_supervisor_lifts_a_block_in_the_audit_log(app: TestApp) {
    let operator = app.as_operator().await;
    let supervisor = app.as_role(Role::Supervisor).await;

    let refused = block(&operator, &json!({ "reason": "iseng" })).await;
    let refused_lift = unblock(&operator).await;
    block(&supervisor, &json!({ "reason": "iseng" })).await;
    let lifted = unblock(&supervisor).await;
    let again = unblock(&supervisor).await;
    let next_call = operator.reported(&fire_report()).await;
    let missing_reason = block(&supervisor, &json!({ "reason": " ", "hours": 0 })).await;

    refused.assert_problem(StatusCode::FORBIDDEN, "/problems/forbidden");
    refused_lift.assert_problem(StatusCode::FORBIDDEN, "/problems/forbidden");
    assert_eq!(history(&operator).await["block"], Value::Null);
    assert_eq!((lifted.status, again.status), (StatusCode::NO_CONTENT, StatusCode::NO_CONTENT));
    assert_eq!(next_call["caller_blocked"], false);
    missing_reason.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation");
    assert_eq!(
        missing_reason.field_errors(),
        [("reason".into(), "required".into()), ("hours".into(), "too_many".into())]
    );
    let audit = app.as_admin().await.get("/api/audit").await;
    let actions: Vec<&str> =
        audit.body["entries"].as_array().unwrap().iter().filter_map(|e| e["action"].as_str()).collect();
    assert_eq!(
        actions.iter().filter(|a| **a == "caller_unblocked").count(),
        1,
        "only a block in force is lifted: {actions:?}"
    );
    assert_eq!(actions.iter().filter(|a| **a == "caller_blocked").count(), 1);
}
