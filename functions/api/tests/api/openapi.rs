use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};

use crate::helpers::TestApp;

/// Every route the `incidents` function serves. A route added to the router must be added here, and
/// this test fails until it is also in the document (that is, registered with `routes!` and described
/// with `#[utoipa::path]`).
const ROUTES: &[(&str, &str)] = &[
    ("GET", "/api/health"),
    ("GET", "/api/openapi.json"),
    ("GET", "/api/categories"),
    ("GET", "/api/agencies"),
    ("GET", "/api/regions"),
    ("POST", "/api/incidents"),
    ("GET", "/api/incidents"),
    ("GET", "/api/incidents/{id}"),
    ("POST", "/api/incidents/{id}/commands"),
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
        let path = path.replace("{id}", "not-an-id");
        let request = Request::builder().method(Method::from_bytes(method.as_bytes()).unwrap()).uri(&path);

        let response = app.send(request.body(Body::empty()).unwrap()).await;

        assert!(
            ![StatusCode::NOT_FOUND, StatusCode::METHOD_NOT_ALLOWED].contains(&response.status),
            "{method} {path} is not served: {}",
            response.status
        );
    }
}
