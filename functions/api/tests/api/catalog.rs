use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use tanggap_domain::Role;

use crate::helpers::{API_API, PENAJAM, REGENCY, TANJUNG_TENGAH, TestApp, TestResponse, WARU, json_request};

fn codes(list: &Value) -> Vec<&str> {
    list.as_array().unwrap().iter().map(|item| item["code"].as_str().unwrap()).collect()
}

on_both_backends!(
    the_catalog_lists_categories_agencies_and_only_the_regencys_regions,
    an_admin_changes_a_categorys_target_and_quick_key_and_it_is_audited,
    a_quick_key_another_category_has_is_refused,
    a_category_that_breaks_its_rules_or_names_the_unknown_is_refused_per_field,
    an_admin_renames_an_agency_and_it_is_audited,
    only_an_admin_edits_the_catalog,
);

async fn put(app: &TestApp, path: &str, body: &Value) -> TestResponse {
    app.send(json_request(Method::PUT, path, body)).await
}

/// The category `code` as the catalog lists it.
async fn category(app: &TestApp, code: &str) -> Value {
    let categories = app.get("/api/categories").await.body;
    categories.as_array().unwrap().iter().find(|c| c["code"] == code).cloned().expect("the category is listed")
}

/// The newest audit entry.
async fn last_audit(admin: &TestApp) -> Value {
    admin.get("/api/audit").await.body["entries"][0].clone()
}

async fn the_catalog_lists_categories_agencies_and_only_the_regencys_regions(app: TestApp) {
    let app = app.as_operator().await;
    let categories = app.get("/api/categories").await;
    let agencies = app.get("/api/agencies").await;
    let regions = app.get("/api/regions").await;

    assert_eq!(categories.status, StatusCode::OK);
    assert_eq!(codes(&categories.body), ["FIRE", "PRANK", "TREE"]);
    assert_eq!(categories.body[0]["name_id"], "Kebakaran");
    assert_eq!(codes(&agencies.body), ["BPBD", "DAMKAR"]);
    assert_eq!(codes(&regions.body), [REGENCY, PENAJAM, TANJUNG_TENGAH, WARU, API_API]);
}

async fn an_admin_changes_a_categorys_target_and_quick_key_and_it_is_audited(app: TestApp) {
    let admin = app.as_admin().await;
    let mut fire = category(&admin, "FIRE").await;
    fire["dispatch_target"] = json!(7);
    fire["quick_key"] = json!("K");
    fire["name_en"] = json!("  Fire  ");

    let response = put(&admin, "/api/categories/fire", &fire).await;

    assert_eq!(response.status, StatusCode::OK, "{:#}", response.body);
    assert_eq!(response.body["quick_key"], "k");
    assert_eq!(response.body["name_en"], "Fire", "names are trimmed");
    assert_eq!(category(&admin, "FIRE").await, response.body);
    let entry = last_audit(&admin).await;
    assert_eq!(entry["action"], "category_saved");
    assert_eq!(entry["actor"], "test-admin");
    assert_eq!(entry["detail"], "FIRE: dispatch_target: 5 -> 7; quick_key: - -> k");
    let again = put(&admin, "/api/categories/FIRE", &response.body).await;
    assert_eq!(again.status, StatusCode::OK, "a category keeps its own quick key: {:#}", again.body);
    assert_eq!(last_audit(&admin).await["detail"], "FIRE: unchanged");
}

async fn a_quick_key_another_category_has_is_refused(app: TestApp) {
    let admin = app.as_admin().await;
    let mut fire = category(&admin, "FIRE").await;
    fire["quick_key"] = json!("k");
    assert_eq!(put(&admin, "/api/categories/FIRE", &fire).await.status, StatusCode::OK);
    let mut tree = category(&admin, "TREE").await;
    tree["quick_key"] = json!("K");

    let response = put(&admin, "/api/categories/TREE", &tree).await;

    response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation");
    assert_eq!(response.field_errors(), [("quick_key".into(), "taken".into())]);
    assert_eq!(category(&admin, "TREE").await["quick_key"], Value::Null, "nothing was stored");
}

async fn a_category_that_breaks_its_rules_or_names_the_unknown_is_refused_per_field(app: TestApp) {
    let admin = app.as_admin().await;
    let fire = category(&admin, "FIRE").await;
    let with = |changes: Value| {
        let mut category = fire.clone();
        category.as_object_mut().unwrap().extend(changes.as_object().unwrap().clone());
        category
    };
    let cases = [
        (with(json!({ "code": "TREE" })), vec![("code", "invalid")]),
        (with(json!({ "name_id": " " })), vec![("name_id", "required")]),
        (with(json!({ "dispatch_target": null })), vec![("dispatch_target", "required")]),
        (with(json!({ "priority": "P0" })), vec![("dispatch_target", "invalid"), ("lead_agencies", "invalid")]),
        (with(json!({ "lead_agencies": ["DAMKAR", "NOBODY"] })), vec![("lead_agencies", "unknown_agency")]),
        (with(json!({ "support_agencies": ["DAMKAR"] })), vec![("support_agencies", "invalid")]),
        (with(json!({ "related": ["VOLCANO"] })), vec![("related", "unknown_category")]),
        (with(json!({ "related": ["FIRE"] })), vec![("related", "invalid")]),
    ];

    for (body, expected) in cases {
        let response = put(&admin, "/api/categories/FIRE", &body).await;

        response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation");
        let expected: Vec<(String, String)> = expected.iter().map(|(f, c)| (f.to_string(), c.to_string())).collect();
        assert_eq!(response.field_errors(), expected, "{body}");
    }
    assert_eq!(category(&admin, "FIRE").await, fire, "nothing was stored");
    let related = put(&admin, "/api/categories/FIRE", &with(json!({ "related": ["TREE", "TREE"] }))).await;
    assert_eq!(related.status, StatusCode::OK, "{:#}", related.body);
    assert_eq!(related.body["related"], json!(["TREE"]));
    put(&admin, "/api/categories/x", &fire).await.assert_problem(StatusCode::NOT_FOUND, "/problems/not-found");
}

async fn an_admin_renames_an_agency_and_it_is_audited(app: TestApp) {
    let admin = app.as_admin().await;
    let renamed =
        json!({ "code": "DAMKAR", "name": "Dinas Pemadam Kebakaran dan Penyelamatan", "outside_regency": false });

    let response = put(&admin, "/api/agencies/damkar", &renamed).await;
    let blank =
        put(&admin, "/api/agencies/DAMKAR", &json!({ "code": "DAMKAR", "name": " ", "outside_regency": false })).await;
    let too_long = json!({ "code": "DAMKAR", "name": "x".repeat(81), "outside_regency": false });
    let too_long = put(&admin, "/api/agencies/DAMKAR", &too_long).await;
    let other_code = put(&admin, "/api/agencies/BPBD", &renamed).await;

    assert_eq!(response.status, StatusCode::OK, "{:#}", response.body);
    assert_eq!(response.body, renamed);
    let agencies = admin.get("/api/agencies").await.body;
    assert!(agencies.as_array().unwrap().contains(&renamed));
    blank.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation");
    assert_eq!(blank.field_errors(), [("name".into(), "required".into())]);
    assert_eq!(too_long.field_errors(), [("name".into(), "too_long".into())]);
    assert_eq!(other_code.field_errors(), [("code".into(), "invalid".into())]);
    let entry = last_audit(&admin).await;
    assert_eq!(entry["action"], "agency_saved");
    assert_eq!(entry["detail"], "DAMKAR: name: Pemadam Kebakaran -> Dinas Pemadam Kebakaran dan Penyelamatan");
}

async fn only_an_admin_edits_the_catalog(app: TestApp) {
    let operator = app.as_operator().await;
    let fire = category(&operator, "FIRE").await;
    let damkar = json!({ "code": "DAMKAR", "name": "Damkar", "outside_regency": false });

    for role in [Role::Operator, Role::Supervisor, Role::Executive] {
        let caller = app.as_role(role).await;
        put(&caller, "/api/categories/FIRE", &fire).await.assert_problem(StatusCode::FORBIDDEN, "/problems/forbidden");
        put(&caller, "/api/agencies/DAMKAR", &damkar)
            .await
            .assert_problem(StatusCode::FORBIDDEN, "/problems/forbidden");
    }
    assert_eq!(category(&operator, "FIRE").await, fire);
}
