//! User administration by an admin.

use axum::http::StatusCode;
use serde_json::json;

use crate::helpers::TestApp;

on_both_backends!(
    an_admin_creates_a_user_who_must_change_the_password_at_first_login,
    a_user_is_refused_with_every_problem_named,
    an_update_changes_only_the_fields_given_and_keeps_role_and_agency_consistent,
    an_admin_cannot_disable_or_demote_themselves,
    an_unknown_user_is_a_404,
);

fn officer(username: &str) -> serde_json::Value {
    json!({
        "username": username,
        "display_name": "Petugas Damkar",
        "role": "agency_officer",
        "agency": "damkar",
        "password": "tanggap112",
    })
}

async fn an_admin_creates_a_user_who_must_change_the_password_at_first_login(app: TestApp) {
    let admin = app.as_admin().await;

    let created = admin.post("/api/users", &officer("damkar")).await;

    assert_eq!(created.status, StatusCode::CREATED, "{:#}", created.body);
    assert_eq!(created.header("location"), Some("/api/users/damkar"));
    assert_eq!(
        created.body,
        json!({
            "username": "damkar",
            "display_name": "Petugas Damkar",
            "role": "agency_officer",
            "agency": "DAMKAR",
            "disabled": false,
            "must_change_password": true,
        })
    );
    let names: Vec<String> = admin
        .get("/api/users")
        .await
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["damkar", "test-admin"]);
    let login = app.login("damkar", "tanggap112").await;
    assert_eq!(login.body["user"]["must_change_password"], true);
    let again = admin.post("/api/users", &officer("damkar")).await;
    again.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation");
    assert_eq!(again.field_errors(), [("username".into(), "taken".into())]);
}

async fn a_user_is_refused_with_every_problem_named(app: TestApp) {
    let admin = app.as_admin().await;

    let bad = admin
        .post(
            "/api/users",
            &json!({ "username": "No Spaces", "display_name": "", "role": "operator", "agency": "DAMKAR", "password": "x" }),
        )
        .await;
    let no_agency = admin
        .post(
            "/api/users",
            &json!({ "username": "kadis", "display_name": "Kadis", "role": "agency_head", "password": "tanggap112" }),
        )
        .await;
    let unknown_agency = admin.post("/api/users", &json!({ "username": "kadis", "display_name": "Kadis", "role": "agency_head", "agency": "NOBODY", "password": "tanggap112" })).await;

    bad.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation");
    assert_eq!(
        bad.field_errors(),
        [
            ("username".into(), "bad_username".into()),
            ("display_name".into(), "required".into()),
            ("agency".into(), "agency_not_allowed".into()),
            ("password".into(), "too_short".into()),
        ]
    );
    assert_eq!(no_agency.field_errors(), [("agency".into(), "agency_required".into())]);
    assert_eq!(unknown_agency.field_errors(), [("agency".into(), "unknown_agency".into())]);
}

async fn an_update_changes_only_the_fields_given_and_keeps_role_and_agency_consistent(app: TestApp) {
    let admin = app.as_admin().await;
    admin.post("/api/users", &officer("petugas")).await;

    let renamed = admin.patch("/api/users/petugas", &json!({ "display_name": "Petugas Pos 2" })).await;
    let moved = admin.patch("/api/users/petugas", &json!({ "agency": "BPBD" })).await;
    let promoted = admin.patch("/api/users/petugas", &json!({ "role": "supervisor" })).await;
    let without_agency = admin.patch("/api/users/petugas", &json!({ "role": "agency_head" })).await;
    let head = admin.patch("/api/users/petugas", &json!({ "role": "agency_head", "agency": "DAMKAR" })).await;

    assert_eq!(renamed.body["display_name"], "Petugas Pos 2");
    assert_eq!((&renamed.body["role"], &renamed.body["agency"]), (&json!("agency_officer"), &json!("DAMKAR")));
    assert_eq!(moved.body["agency"], "BPBD");
    assert_eq!((&promoted.body["role"], &promoted.body["agency"]), (&json!("supervisor"), &json!(null)));
    assert_eq!(without_agency.field_errors(), [("agency".into(), "agency_required".into())]);
    assert_eq!((&head.body["role"], &head.body["agency"]), (&json!("agency_head"), &json!("DAMKAR")));
    assert_eq!(head.body["display_name"], "Petugas Pos 2", "untouched fields stay");
}

async fn an_admin_cannot_disable_or_demote_themselves(app: TestApp) {
    let admin = app.as_admin().await;

    let disable = admin.patch("/api/users/test-admin", &json!({ "disabled": true })).await;
    let demote = admin.patch("/api/users/test-admin", &json!({ "role": "operator" })).await;
    let rename = admin.patch("/api/users/test-admin", &json!({ "display_name": "Admin Utama" })).await;

    assert_eq!(disable.field_errors(), [("disabled".into(), "own_account".into())]);
    assert_eq!(demote.field_errors(), [("role".into(), "own_account".into())]);
    assert_eq!(rename.status, StatusCode::OK);
}

async fn an_unknown_user_is_a_404(app: TestApp) {
    let admin = app.as_admin().await;

    let patch = admin.patch("/api/users/nobody", &json!({ "disabled": true })).await;
    let reset = admin.post("/api/users/nobody/password", &json!({ "new_password": "sementara di pos 112" })).await;
    let malformed = admin.patch("/api/users/Not%20A%20Name", &json!({ "disabled": true })).await;

    for response in [patch, reset, malformed] {
        response.assert_problem(StatusCode::NOT_FOUND, "/problems/not-found");
    }
}
