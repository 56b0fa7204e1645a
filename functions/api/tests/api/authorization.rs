//! Deny by default: every route of the OpenAPI document, called by every role and by nobody, is let
//! through or refused exactly as the matrix below says. The matrix is written out here on purpose,
//! apart from `policy.rs`: a change there that opens (or closes) a route fails this test until the
//! matrix says so too.

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use tanggap_domain::{Role, Username};

use crate::helpers::{PASSWORD, TestApp, TestResponse};

/// Who calls, in the matrix's column order.
const CALLERS: [&str; 8] =
    ["anonymous", "operator", "supervisor", "officer", "head", "executive", "admin", "must-change"];

/// `y`: the gate lets the caller through; `-`: it refuses. Columns as in [`CALLERS`]: nobody, operator,
/// supervisor, agency officer, agency head, executive, admin, and an operator whose password was reset
/// and who has not changed it yet.
#[rustfmt::skip]
const MATRIX: &[(&str, &str, &str)] = &[
    //                                            anon op sup off head exec admin must-change
    ("GET",   "/api/health",                     "y    y  y   y   y    y    y     y"),
    ("GET",   "/api/openapi.json",               "y    y  y   y   y    y    y     y"),
    ("POST",  "/api/auth/login",                 "y    y  y   y   y    y    y     y"),
    ("POST",  "/api/auth/refresh",               "y    y  y   y   y    y    y     y"),
    ("POST",  "/api/auth/logout",                "y    y  y   y   y    y    y     y"),
    ("GET",   "/api/me",                         "-    y  y   y   y    y    y     y"),
    ("POST",  "/api/me/password",                "-    y  y   y   y    y    y     y"),
    ("GET",   "/api/notifications",              "-    y  y   y   y    y    y     -"),
    ("POST",  "/api/notifications/read",         "-    y  y   y   y    y    y     -"),
    ("GET",   "/api/me/notification-settings",   "-    y  y   y   y    y    y     -"),
    ("PUT",   "/api/me/notification-settings",   "-    y  y   y   y    y    y     -"),
    ("GET",   "/api/push/key",                   "-    y  y   y   y    y    y     -"),
    ("PUT",   "/api/me/push-subscriptions",      "-    y  y   y   y    y    y     -"),
    ("DELETE", "/api/me/push-subscriptions",     "-    y  y   y   y    y    y     -"),
    ("GET",   "/api/categories",                 "-    y  y   y   y    y    y     -"),
    ("GET",   "/api/agencies",                   "-    y  y   y   y    y    y     -"),
    ("GET",   "/api/regions",                    "-    y  y   y   y    y    y     -"),
    ("GET",   "/api/regions/map",                "-    y  y   y   y    y    y     -"),
    ("PUT",   "/api/categories/{code}",          "-    -  -   -   -    -    y     -"),
    ("PUT",   "/api/agencies/{code}",            "-    -  -   -   -    -    y     -"),
    ("POST",  "/api/incidents",                  "-    y  y   -   -    -    -     -"),
    ("GET",   "/api/incidents",                  "-    y  y   y   y    y    y     -"),
    ("GET",   "/api/incidents/{id}",             "-    y  y   y   y    y    y     -"),
    ("GET",   "/api/incidents/duplicates",       "-    y  y   -   -    -    -     -"),
    ("GET",   "/api/incidents/changes",          "-    y  y   y   y    y    y     -"),
    ("POST",  "/api/incidents/{id}/commands",    "-    y  y   y   y    -    -     -"),
    ("POST",  "/api/incidents/{id}/reports",     "-    y  y   -   -    -    -     -"),
    ("POST",  "/api/incidents/{id}/ticket",      "-    y  y   -   -    -    -     -"),
    ("POST",  "/api/incidents/{id}/photos",      "-    y  y   y   y    -    -     -"),
    ("POST",  "/api/incidents/{id}/photos/{photo}", "-  y  y   y   y    -    -     -"),
    ("GET",   "/api/incidents/{id}/photos/{photo}", "-  y  y   y   y    y    y     -"),
    ("GET",   "/api/callers/{phone}",            "-    y  y   -   -    -    -     -"),
    ("PUT",   "/api/callers/{phone}/block",      "-    -  y   -   -    -    -     -"),
    ("DELETE", "/api/callers/{phone}/block",     "-    -  y   -   -    -    -     -"),
    ("GET",   "/api/intake/counts",              "-    y  y   -   -    y    y     -"),
    ("GET",   "/api/dashboard",                  "-    -  y   -   y    y    -     -"),
    ("GET",   "/api/dashboard/late",             "-    -  y   -   y    y    -     -"),
    ("GET",   "/api/dashboard/incidents",        "-    -  y   -   y    y    -     -"),
    ("POST",  "/api/dashboard/exports",          "-    -  y   -   y    y    -     -"),
    ("GET",   "/api/dashboard/exports/{id}",     "-    -  y   -   y    y    -     -"),
    ("GET",   "/api/ratings",                    "-    -  y   -   -    y    -     -"),
    ("GET",   "/api/users",                      "-    -  -   -   -    -    y     -"),
    ("POST",  "/api/users",                      "-    -  -   -   -    -    y     -"),
    ("PATCH", "/api/users/{username}",           "-    -  -   -   -    -    y     -"),
    ("POST",  "/api/users/{username}/password",  "-    -  -   -   -    -    y     -"),
    ("GET",   "/api/audit",                      "-    -  -   -   -    -    y     -"),
    ("GET",   "/api/shifts/now",                 "-    y  y   -   -    y    y     -"),
    ("POST",  "/api/shifts/sign-on",             "-    y  y   -   -    -    -     -"),
    ("POST",  "/api/shifts/sign-off",            "-    y  y   -   -    -    -     -"),
    ("GET",   "/api/shifts/roster",              "-    y  y   -   -    y    y     -"),
    ("PUT",   "/api/shifts/roster/{day}/{index}", "-   -  y   -   -    -    -     -"),
    ("PUT",   "/api/shifts/pattern",             "-    -  y   -   -    -    y     -"),
    ("GET",   "/api/shifts/demand",              "-    -  y   -   -    y    -     -"),
    ("GET",   "/api/shifts/operators",           "-    -  y   -   -    y    -     -"),
    ("GET",   "/api/shifts/{day}/{index}",       "-    y  y   -   -    -    -     -"),
    ("PUT",   "/api/shifts/{day}/{index}/handover", "- -  y   -   -    -    -     -"),
    ("POST",  "/api/shifts/{day}/{index}/handover/acknowledge", "- - y - -  -    -     -"),
    ("GET",   "/lapor",                          "y    y  y   y   y    y    y     y"),
    ("POST",  "/lapor",                          "y    y  y   y   y    y    y     y"),
    ("GET",   "/t/{token}",                      "y    y  y   y   y    y    y     y"),
    ("POST",  "/t/{token}/nilai",                "y    y  y   y   y    y    y     y"),
    ("POST",  "/t/{token}/belum",                "y    y  y   y   y    y    y     y"),
    ("GET",   "/api/open311/v2/{document}",      "y    y  y   y   y    y    y     y"),
    ("POST",  "/api/open311/v2/{document}",      "y    y  y   y   y    y    y     y"),
    ("GET",   "/api/open311/v2/services/{document}", "y  y  y   y   y    y    y     y"),
    ("GET",   "/api/open311/v2/requests/{document}", "y  y  y   y   y    y    y     y"),
    ("GET",   "/api/open311/v2/tokens/{document}", "y    y  y   y   y    y    y     y"),
    ("POST",  "/api/open311/keys",               "-    -  -   -   -    -    y     -"),
    ("GET",   "/api/open311/keys",               "-    -  -   -   -    -    y     -"),
    ("DELETE", "/api/open311/keys/{id}",         "-    -  -   -   -    -    y     -"),
];

on_both_backends!(every_route_lets_through_exactly_the_callers_the_matrix_names);

/// Whether the gate refused: 401 without a valid token, 403 with one whose role may not (or who must
/// change their password first). Anything else, a 404 or 422 for the dummy id or body included, shows
/// the request got past it. (Login and refresh answer 401 of their own, with their own problem types.)
fn refused_by_the_gate(response: &TestResponse) -> bool {
    let kind = response.body["type"].as_str().unwrap_or_default();
    match response.status {
        StatusCode::UNAUTHORIZED => kind == "/problems/unauthenticated",
        StatusCode::FORBIDDEN => ["/problems/forbidden", "/problems/password-change-required"].contains(&kind),
        _ => false,
    }
}

async fn callers(app: &TestApp) -> Vec<TestApp> {
    let mut signed_in = vec![app.anonymous()];
    for role in [Role::Operator, Role::Supervisor, Role::AgencyOfficer, Role::AgencyHead, Role::Executive, Role::Admin]
    {
        signed_in.push(app.as_role(role).await);
    }
    // As after an admin's reset: the password is known, but must be changed first.
    app.create_user("must-change", Role::Operator, None).await;
    let mut stored = app.state.users.get(&Username::parse("must-change").unwrap()).await.unwrap().unwrap();
    stored.user.must_change_password = true;
    app.state.users.save(&stored).await.unwrap();
    let login = app.login("must-change", PASSWORD).await;
    assert_eq!(login.body["user"]["must_change_password"], true);
    signed_in.push(app.with_token(login.access_token()));
    signed_in
}

async fn every_route_lets_through_exactly_the_callers_the_matrix_names(app: TestApp) {
    let document = app.get("/api/openapi.json").await.body;
    let documented: BTreeSet<(String, String)> = document["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| item.as_object().unwrap().keys().map(move |m| (m.to_uppercase(), path.clone())))
        .collect();
    let in_matrix: BTreeSet<(String, String)> = MATRIX.iter().map(|(m, p, _)| (m.to_string(), p.to_string())).collect();
    assert_eq!(documented, in_matrix, "every documented route must be in the matrix, and only those");
    let callers = callers(&app).await;

    let mut wrong = Vec::new();
    for (method, path, row) in MATRIX {
        let expected: Vec<bool> = row.split_whitespace().map(|cell| cell == "y").collect();
        assert_eq!(expected.len(), CALLERS.len(), "{method} {path}: one cell per caller");
        let uri = path
            .replace("{id}", "01JDGZ6Q8X4T3N2M1K0H9G8F7E")
            .replace("{username}", "nobody")
            .replace("{code}", "NOBODY")
            .replace("{phone}", "081234567890")
            .replace("{photo}", "01JDGZ6Q8X4T3N2M1K0H9G8F7F")
            .replace("{token}", "01JDGZ6Q8X4T3N2M1K0H9G8F7G")
            .replace("{document}", "services.json");
        for ((caller, app), allowed) in CALLERS.iter().zip(&callers).zip(expected) {
            let mut request = Request::builder().method(Method::from_bytes(method.as_bytes()).unwrap()).uri(&uri);
            let body = if *method == "GET" {
                Body::empty()
            } else {
                request = request.header(header::CONTENT_TYPE, "application/json");
                Body::from("{}")
            };
            let response = app.send(request.body(body).unwrap()).await;
            if refused_by_the_gate(&response) == allowed {
                wrong.push(format!(
                    "{method} {path} as {caller}: expected {}, got {} {}",
                    if allowed { "through" } else { "refused" },
                    response.status,
                    response.body["type"]
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
