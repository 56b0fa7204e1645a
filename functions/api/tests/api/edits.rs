//! Correcting an incident's facts: made on the version the operator saw, with regions looked up again
//! by code, and refusals that name the field to fix.

use axum::http::StatusCode;
use serde_json::{Value, json};
use tanggap_domain::Role;

use crate::helpers::{API_API, MANGGAR, PENAJAM, TestApp, WARU, fire_report};

on_both_backends!(
    two_operators_edit_the_same_incident_and_the_second_is_shown_the_newer_values,
    an_edited_location_takes_the_catalogs_regions_whatever_names_were_sent,
    an_edit_naming_an_unknown_or_misplaced_village_is_a_field_error,
    refusals_one_field_can_fix_name_that_field,
    only_intake_may_edit,
);

fn edit(fields: Value) -> Value {
    let mut command = json!({ "command": "edit" });
    command.as_object_mut().unwrap().extend(fields.as_object().unwrap().clone());
    command
}

async fn two_operators_edit_the_same_incident_and_the_second_is_shown_the_newer_values(app: TestApp) {
    let first = app.as_user("operator1", Role::Operator, None).await;
    let second = app.as_user("operator2", Role::Operator, None).await;
    let incident = first.reported(&fire_report()).await;

    let edited = first.command(&incident, edit(json!({ "description": "Gudang kayu terbakar" }))).await;
    // The second operator still sees version 1.
    let stale = second.command(&incident, edit(json!({ "people_affected": 12 }))).await;

    assert_eq!(edited.status, StatusCode::OK, "{:#}", edited.body);
    let problem = stale.assert_problem(StatusCode::CONFLICT, "/problems/version-conflict");
    assert_eq!(problem["current"], edited.body["incident"]);
    assert_eq!(problem["current"]["description"], "Gudang kayu terbakar");
    let id = incident["id"].as_str().unwrap();
    let stored = first.get(&format!("/api/incidents/{id}")).await.body;
    assert_eq!(stored["incident"]["version"], 2);
    assert_eq!(stored["incident"]["people_affected"], Value::Null, "nothing of the stale edit was written");
    let changes: Vec<&str> =
        stored["events"].as_array().unwrap().iter().map(|e| e["change"]["type"].as_str().unwrap()).collect();
    assert_eq!(changes, ["received", "edited"]);
}

async fn an_edited_location_takes_the_catalogs_regions_whatever_names_were_sent(app: TestApp) {
    let operator = app.as_operator().await;
    let incident = operator.reported(&fire_report()).await;
    let location = json!({
        "village": { "code": API_API, "name": "<script>alert(1)</script>" },
        "landmark": "dekat masjid",
        "coordinates": { "lat": -1.2634, "lon": 116.8284 },
    });

    let response = operator.command(&incident, edit(json!({ "location": location }))).await;

    assert_eq!(response.status, StatusCode::OK, "{:#}", response.body);
    let stored = &response.body["incident"]["location"];
    assert_eq!(stored["village"], json!({ "code": API_API, "name": "Api-api" }));
    assert_eq!(stored["district"], json!({ "code": WARU, "name": "Waru" }), "the village implies its district");
    assert_eq!(stored["landmark"], "dekat masjid");
    assert!(!response.text.contains("alert"), "{}", response.text);
    let event = response.body["events"].as_array().unwrap().last().unwrap();
    assert_eq!(event["change"]["location"]["village"]["name"], "Api-api", "the history holds the catalog's name too");
}

async fn an_edit_naming_an_unknown_or_misplaced_village_is_a_field_error(app: TestApp) {
    let operator = app.as_operator().await;
    let incident = operator.reported(&fire_report()).await;
    let region = |code: &str| json!({ "code": code, "name": "x" });
    let cases = [
        (json!({ "village": region("64.09.01.1999") }), ("village", "region_not_found")),
        (json!({ "village": region(MANGGAR) }), ("village", "region_not_found")),
        (json!({ "district": region(PENAJAM), "village": region(API_API) }), ("village", "village_outside_district")),
        (json!({ "district": region("64.09.09") }), ("district", "region_not_found")),
        (json!({ "village": region(PENAJAM) }), ("village", "bad_region")),
    ];

    for (location, (field, code)) in cases {
        let response = operator.command(&incident, edit(json!({ "location": location }))).await;

        response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation");
        assert_eq!(response.field_errors(), [(field.to_owned(), code.to_owned())], "{location}");
    }
    let id = incident["id"].as_str().unwrap();
    assert_eq!(operator.get(&format!("/api/incidents/{id}")).await.body["incident"], incident);
}

async fn refusals_one_field_can_fix_name_that_field(app: TestApp) {
    let operator = app.as_operator().await;
    let incident = operator.reported(&fire_report()).await;
    let cases = [
        (json!({ "command": "verify", "method": "other" }), "note", "required"),
        (edit(json!({ "priority": "P2" })), "priority_reason", "required"),
        (edit(json!({ "priority": "P0", "priority_reason": "iseng" })), "priority", "invalid"),
    ];

    for (command, field, code) in cases {
        let response = operator.command(&incident, command.clone()).await;

        response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation");
        assert_eq!(response.field_errors(), [(field.to_owned(), code.to_owned())], "{command}");
        assert!(response.body["detail"].as_str().is_some_and(|d| !d.is_empty()), "the reason: {:#}", response.body);
    }
    let nothing = operator.command(&incident, edit(json!({ "description": incident["description"] }))).await;
    nothing.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "/problems/lifecycle");
    let verified =
        operator.command(&incident, json!({ "command": "verify", "method": "other", "note": "petugas RT" })).await;
    assert_eq!(verified.status, StatusCode::OK, "{:#}", verified.body);
}

async fn only_intake_may_edit(app: TestApp) {
    let operator = app.as_operator().await;
    let incident = operator.reported(&fire_report()).await;
    let incident =
        operator.command(&incident, json!({ "command": "verify", "method": "callback" })).await.body["incident"]
            .clone();
    let incident =
        operator.command(&incident, json!({ "command": "dispatch", "agencies": ["DAMKAR"] })).await.body["incident"]
            .clone();
    let supervisor = app.as_role(Role::Supervisor).await;

    let by_officer = app.as_officer_of("DAMKAR").await.command(&incident, edit(json!({ "people_affected": 3 }))).await;
    let by_executive =
        app.as_role(Role::Executive).await.command(&incident, edit(json!({ "people_affected": 3 }))).await;
    let by_supervisor = supervisor.command(&incident, edit(json!({ "people_affected": 3 }))).await;

    by_officer.assert_problem(StatusCode::FORBIDDEN, "/problems/forbidden");
    by_executive.assert_problem(StatusCode::FORBIDDEN, "/problems/forbidden");
    assert_eq!(by_supervisor.status, StatusCode::OK, "{:#}", by_supervisor.body);
    assert_eq!(by_supervisor.body["incident"]["people_affected"], 3);
}
