use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};

use crate::helpers::TestApp;

/// Every route the functions serve. A route added to a router must be added here, and this test fails
/// until it is also in the document (that is, registered with `routes!` and described with
/// `#[utoipa::path]`).
const ROUTES: &[(&str, &str)] = &[
    ("GET", "/api/health"),
    ("GET", "/api/openapi.json"),
    ("POST", "/api/auth/login"),
    ("POST", "/api/auth/refresh"),
    ("POST", "/api/auth/logout"),
    ("GET", "/api/me"),
    ("POST", "/api/me/password"),
    ("GET", "/api/notifications"),
    ("POST", "/api/notifications/read"),
    ("GET", "/api/me/notification-settings"),
    ("PUT", "/api/me/notification-settings"),
    ("GET", "/api/push/key"),
    ("PUT", "/api/me/push-subscriptions"),
    ("DELETE", "/api/me/push-subscriptions"),
    ("GET", "/api/users"),
    ("POST", "/api/users"),
    ("PATCH", "/api/users/{username}"),
    ("POST", "/api/users/{username}/password"),
    ("GET", "/api/audit"),
    ("GET", "/api/categories"),
    ("GET", "/api/agencies"),
    ("GET", "/api/regions"),
    ("GET", "/api/regions/map"),
    ("PUT", "/api/categories/{code}"),
    ("PUT", "/api/agencies/{code}"),
    ("POST", "/api/incidents"),
    ("GET", "/api/incidents"),
    ("GET", "/api/incidents/{id}"),
    ("GET", "/api/incidents/duplicates"),
    ("GET", "/api/incidents/changes"),
    ("POST", "/api/incidents/{id}/commands"),
    ("POST", "/api/incidents/{id}/reports"),
    ("POST", "/api/incidents/{id}/ticket"),
    ("POST", "/api/incidents/{id}/photos"),
    ("POST", "/api/incidents/{id}/photos/{photo}"),
    ("GET", "/api/incidents/{id}/photos/{photo}"),
    ("GET", "/api/callers/{phone}"),
    ("PUT", "/api/callers/{phone}/block"),
    ("DELETE", "/api/callers/{phone}/block"),
    ("GET", "/api/intake/counts"),
    ("GET", "/api/dashboard"),
    ("GET", "/api/dashboard/late"),
    ("GET", "/api/dashboard/incidents"),
    ("POST", "/api/dashboard/exports"),
    ("GET", "/api/dashboard/exports/{id}"),
    ("GET", "/api/ratings"),
    ("GET", "/lapor"),
    ("POST", "/lapor"),
    ("GET", "/t/{token}"),
    ("POST", "/t/{token}/nilai"),
    ("POST", "/t/{token}/belum"),
    ("GET", "/api/open311/v2/{document}"),
    ("POST", "/api/open311/v2/{document}"),
    ("GET", "/api/open311/v2/services/{document}"),
    ("GET", "/api/open311/v2/requests/{document}"),
    ("GET", "/api/open311/v2/tokens/{document}"),
    ("POST", "/api/open311/keys"),
    ("GET", "/api/open311/keys"),
    ("DELETE", "/api/open311/keys/{id}"),
    ("GET", "/api/shifts/now"),
    ("POST", "/api/shifts/sign-on"),
    ("POST", "/api/shifts/sign-off"),
    ("GET", "/api/shifts/roster"),
    ("PUT", "/api/shifts/roster/{day}/{index}"),
    ("PUT", "/api/shifts/pattern"),
    ("GET", "/api/shifts/demand"),
    ("GET", "/api/shifts/operators"),
    ("GET", "/api/shifts/{day}/{index}"),
    ("PUT", "/api/shifts/{day}/{index}/handover"),
    ("POST", "/api/shifts/{day}/{index}/handover/acknowledge"),
];

#[tokio::test]
async fn the_openapi_document_describes_exactly_the_routes_the_router_serves() {
    let app = TestApp::embedded().await;

    let response = app.get("/api/openapi.json").await;

    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.body["openapi"], "3.1.0");
    let documented: BTreeSet<(String, String)> = response.body["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .flat_map(|(path, item)| {
            item.as_object().unwrap().keys().map(move |method| (method.to_uppercase(), path.clone()))
        })
        .collect();
    let served: BTreeSet<(String, String)> = ROUTES.iter().map(|(m, p)| (m.to_string(), p.to_string())).collect();
    assert_eq!(documented, served);
}

#[tokio::test]
async fn every_listed_route_is_served() {
    let app = TestApp::embedded().await;
    for (method, path) in ROUTES {
        // A malformed id reaches the handler (which refuses it with 400) only if the route exists.
        let path = path
            .replace("{id}", "not-an-id")
            .replace("{username}", "nobody")
            .replace("{code}", "NOBODY")
            .replace("{phone}", "081234567890")
            .replace("{token}", "01JDGZ6Q8X4T3N2M1K0H9G8F7E")
            .replace("{document}", "services.json");
        let request = Request::builder().method(Method::from_bytes(method.as_bytes()).unwrap()).uri(&path);

        let response = app.send(request.body(Body::empty()).unwrap()).await;

        // A tracking link or an Open311 document that names nothing is a 404 of its own, not the router's.
        let a_page = response.header("content-type").is_some_and(|t| t != "application/problem+json");
        assert!(
            a_page || ![StatusCode::NOT_FOUND, StatusCode::METHOD_NOT_ALLOWED].contains(&response.status),
            "{method} {path} is not served: {}",
            response.status
        );
    }
}

#[tokio::test]
async fn protected_operations_name_the_bearer_scheme_and_public_ones_do_not() {
    let app = TestApp::embedded().await;

    let document = app.get("/api/openapi.json").await.body;

    let scheme = &document["components"]["securitySchemes"]["bearer"];
    assert_eq!((scheme["type"].as_str(), scheme["scheme"].as_str()), (Some("http"), Some("bearer")), "{scheme:#}");
    let public = [
        "/api/health",
        "/api/openapi.json",
        "/api/auth/login",
        "/api/auth/refresh",
        "/api/auth/logout",
        "/lapor",
        "/t/{token}",
        "/t/{token}/nilai",
        "/t/{token}/belum",
        "/api/open311/v2/{document}",
        "/api/open311/v2/services/{document}",
        "/api/open311/v2/requests/{document}",
        "/api/open311/v2/tokens/{document}",
    ];
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let secured = operation["security"].as_array().is_some_and(|s| s.iter().any(|r| r.get("bearer").is_some()));
            assert_eq!(secured, !public.contains(&path.as_str()), "{method} {path}");
        }
    }
}

#[tokio::test]
async fn every_operation_answers_its_problems_with_the_one_problem_response() {
    let app = TestApp::embedded().await;

    let document = app.get("/api/openapi.json").await.body;

    let shared = &document["components"]["responses"]["Problem"];
    assert_eq!(shared["content"]["application/problem+json"]["schema"]["$ref"], "#/components/schemas/Problem");
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let responses = operation["responses"].as_object().unwrap();
            let secured = operation["security"].as_array().is_some_and(|s| !s.is_empty());
            let common: &[&str] = if secured { &["401", "403", "500"] } else { &["500"] };
            for status in common {
                assert!(responses.contains_key(*status), "{method} {path} lacks {status}");
            }
            for (status, response) in responses.iter().filter(|(status, _)| !status.starts_with('2')) {
                // Open311 answers errors as its spec says: a list of `{code, description}`.
                if path.starts_with("/api/open311/v2/") {
                    let spec = response["content"]["application/json"].is_object()
                        && response["content"]["text/xml"].is_object();
                    assert!(spec, "{method} {path} {status} is not the spec's error: {response:#}");
                    continue;
                }
                // The public pages answer people: with a page, or on to the next one.
                if !path.starts_with("/api/") {
                    let page = response["content"]["text/html"].is_object();
                    assert!(page || status.starts_with('3'), "{method} {path} {status} is not a page: {response:#}");
                    continue;
                }
                let by_reference = response["$ref"] == "#/components/responses/Problem";
                let inline = response["content"]["application/problem+json"].is_object();
                assert!(by_reference || inline, "{method} {path} {status} is not a problem: {response:#}");
            }
        }
    }
}
