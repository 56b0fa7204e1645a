//! What each role sees of an incident: callers' personal data only for the roles that may see it, and
//! for an agency's people only their agency's incidents and assignments.

use axum::http::StatusCode;
use serde_json::{Value, json};
use tanggap_domain::Role;

use crate::helpers::{PENAJAM, TestApp, fire_report, ids};

on_both_backends!(
    operators_see_callers_in_full_and_executives_and_agencies_see_them_masked_also_in_the_history,
    an_officer_sees_and_moves_only_their_own_agencys_assignments,
    changes_are_recorded_with_who_made_them_and_in_which_role,
    a_linked_reports_caller_and_an_edited_callers_name_are_masked_for_roles_that_may_not_see_them,
);

/// Reports an incident and dispatches it to `agencies` (none: left as received).
async fn dispatched(operator: &TestApp, report: &Value, agencies: &[&str]) -> Value {
    let incident = operator.reported(report).await;
    if agencies.is_empty() {
        return incident;
    }
    let verified = operator.command(&incident, json!({ "command": "verify", "method": "callback" })).await;
    let dispatched =
        operator.command(&verified.body["incident"], json!({ "command": "dispatch", "agencies": agencies })).await;
    assert_eq!(dispatched.status, StatusCode::OK, "{:#}", dispatched.body);
    dispatched.body["incident"].clone()
}

async fn operators_see_callers_in_full_and_executives_and_agencies_see_them_masked_also_in_the_history(app: TestApp) {
    let operator = app.as_operator().await;
    let incident = dispatched(&operator, &fire_report(), &["DAMKAR"]).await;
    let path = format!("/api/incidents/{}", incident["id"].as_str().unwrap());

    for role in [Role::Operator, Role::Supervisor, Role::Admin] {
        let detail = app.as_role(role).await.get(&path).await;
        assert_eq!(detail.status, StatusCode::OK);
        assert_eq!(detail.body["incident"]["caller"]["phone"], "+6281234567890", "{role:?}");
        assert_eq!(detail.body["incident"]["caller"]["name"], "Budi");
        assert_eq!(detail.body["events"][0]["change"]["caller"]["phone"], "+6281234567890");
    }
    for role in [Role::Executive, Role::AgencyOfficer, Role::AgencyHead] {
        let viewer = app.as_role(role).await;
        let detail = viewer.get(&path).await;
        let board = viewer.get("/api/incidents").await;

        assert_eq!(detail.status, StatusCode::OK, "{role:?}: {:#}", detail.body);
        let masked = json!({ "phone": null, "name": "B.", "masked_phone": "+62 812-****-7890" });
        assert_eq!(detail.body["incident"]["caller"], masked, "{role:?}");
        assert_eq!(detail.body["events"][0]["change"]["caller"], masked, "{role:?}: the report in the history");
        assert_eq!(board.body["incidents"][0]["caller"], masked, "{role:?}: the board");
        for text in [&detail.text, &board.text] {
            assert!(!text.contains("3456") && !text.contains("Budi"), "{role:?}: {text}");
        }
    }
}

async fn an_officer_sees_and_moves_only_their_own_agencys_assignments(app: TestApp) {
    let operator = app.as_operator().await;
    let fire = dispatched(&operator, &fire_report(), &["DAMKAR"]).await;
    let tree = dispatched(&operator, &json!({ "category": "TREE", "district": PENAJAM }), &["BPBD"]).await;
    let both = dispatched(&operator, &fire_report(), &["DAMKAR", "BPBD"]).await;
    let waiting = dispatched(&operator, &fire_report(), &[]).await;
    let damkar = app.as_officer_of("DAMKAR").await;
    let head = app.as_user("kadis-damkar", Role::AgencyHead, Some("DAMKAR")).await;
    let step = |agency: &str, step: &str| json!({ "command": "update_assignment", "agency": agency, "update": { "step": step } });

    let board = damkar.get("/api/incidents").await;
    let bpbd_only = damkar.get(&format!("/api/incidents/{}", tree["id"].as_str().unwrap())).await;
    let not_yet_dispatched = damkar.get(&format!("/api/incidents/{}", waiting["id"].as_str().unwrap())).await;
    let bpbd_command = damkar.command(&tree, step("BPBD", "acknowledge")).await;
    let others_assignment = damkar.command(&both, step("BPBD", "acknowledge")).await;
    let dispatching = damkar.command(&both, json!({ "command": "dispatch", "agencies": ["PDAM"] })).await;
    let cancelling = damkar.command(&both, json!({ "command": "update_assignment", "agency": "DAMKAR", "update": { "step": "cancel", "reason": "x" } })).await;
    let own = damkar.command(&both, step("DAMKAR", "acknowledge")).await;

    assert_eq!(ids(&board.body["incidents"]), ids(&json!([fire, both])), "only incidents with a DAMKAR assignment");
    assert_eq!(ids(&head.get("/api/incidents").await.body["incidents"]), ids(&json!([fire, both])));
    assert_eq!(operator.board_ids().await.len(), 4, "the operator sees every open incident");
    bpbd_only.assert_problem(StatusCode::NOT_FOUND, "/problems/not-found");
    not_yet_dispatched.assert_problem(StatusCode::NOT_FOUND, "/problems/not-found");
    bpbd_command.assert_problem(StatusCode::NOT_FOUND, "/problems/not-found");
    others_assignment.assert_problem(StatusCode::FORBIDDEN, "/problems/forbidden");
    dispatching.assert_problem(StatusCode::FORBIDDEN, "/problems/forbidden");
    cancelling.assert_problem(StatusCode::FORBIDDEN, "/problems/forbidden");
    assert_eq!(own.status, StatusCode::OK, "{:#}", own.body);
    assert_eq!(own.body["incident"]["assignments"][0]["status"], "acknowledged");
    assert_eq!(own.body["incident"]["assignments"][1]["status"], "dispatched", "BPBD's is untouched");
    let paged = damkar.get("/api/incidents?limit=1").await;
    let next = paged.body["next"].as_str().expect("a full page has a next cursor");
    let rest = damkar.get(&format!("/api/incidents?limit=1&cursor={next}")).await;
    assert_eq!([ids(&paged.body["incidents"]), ids(&rest.body["incidents"])].concat(), ids(&json!([fire, both])));
}

async fn changes_are_recorded_with_who_made_them_and_in_which_role(app: TestApp) {
    let operator = app.as_user("operator1", Role::Operator, None).await;
    let incident = dispatched(&operator, &fire_report(), &["DAMKAR"]).await;
    let damkar = app.as_user("damkar", Role::AgencyOfficer, Some("DAMKAR")).await;
    let step = json!({ "command": "update_assignment", "agency": "DAMKAR", "update": { "step": "acknowledge" } });

    let acknowledged = damkar.command(&incident, step).await;

    let actors: Vec<&Value> = acknowledged.body["events"].as_array().unwrap().iter().map(|e| &e["actor"]).collect();
    let operator1 = json!({ "kind": "user", "username": "operator1", "role": "operator" });
    let officer = json!({ "kind": "user", "username": "damkar", "role": "agency_officer" });
    assert_eq!(actors, [&operator1, &operator1, &operator1, &officer]);
}

async fn a_linked_reports_caller_and_an_edited_callers_name_are_masked_for_roles_that_may_not_see_them(app: TestApp) {
    let operator = app.as_operator().await;
    let incident = dispatched(&operator, &fire_report(), &["DAMKAR"]).await;
    let id = incident["id"].as_str().unwrap();
    let mut request = crate::helpers::json_request(
        axum::http::Method::POST,
        &format!("/api/incidents/{id}/reports"),
        &json!({ "caller_phone": "0813 5555 0001", "caller_name": "Siti Rahma" }),
    );
    request.headers_mut().insert("idempotency-key", "masking-linked-report".parse().unwrap());
    let linked = operator.send(request).await;
    assert_eq!(linked.status, StatusCode::OK, "{:#}", linked.body);
    let edit = json!({ "command": "edit", "caller_name": "Budi Santoso" });
    let edited = operator.command(&linked.body["incident"], edit).await;
    assert_eq!(edited.status, StatusCode::OK, "{:#}", edited.body);
    let path = format!("/api/incidents/{id}");
    let change = |detail: &Value, kind: &str| {
        let events = detail["events"].as_array().unwrap();
        events.iter().find(|e| e["change"]["type"] == kind).map(|e| e["change"].clone()).unwrap()
    };

    let seen_by_operator = app.as_role(Role::Supervisor).await.get(&path).await;
    assert_eq!(change(&seen_by_operator.body, "report_linked")["caller"]["phone"], "+6281355550001");
    assert_eq!(change(&seen_by_operator.body, "edited")["caller_name"], "Budi Santoso");
    for role in [Role::Executive, Role::AgencyOfficer, Role::AgencyHead] {
        let detail = app.as_role(role).await.get(&path).await;

        assert_eq!(detail.status, StatusCode::OK, "{role:?}: {:#}", detail.body);
        let masked = json!({ "phone": null, "name": "S. R.", "masked_phone": "+62 813-****-0001" });
        assert_eq!(change(&detail.body, "report_linked")["caller"], masked, "{role:?}");
        assert_eq!(change(&detail.body, "edited")["caller_name"], "B. S.", "{role:?}");
        assert_eq!(detail.body["incident"]["caller"]["name"], "B. S.", "{role:?}");
        assert!(
            !detail.text.contains("5555") && !detail.text.contains("Siti") && !detail.text.contains("Santoso"),
            "{role:?}"
        );
    }
}
