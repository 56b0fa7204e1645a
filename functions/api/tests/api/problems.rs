//! Whatever goes wrong, the answer is problem+json with the request's id, in the request's language.

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use axum::routing::get;
use serde_json::json;
use tanggap_api::middleware;

use crate::helpers::{TestApp, fire_report, json_request, send};

fn report_request(body: impl Into<Body>) -> Request<Body> {
    Request::post("/api/incidents")
        .header(header::CONTENT_TYPE, "application/json")
        .header("idempotency-key", "problem-test-key")
        .body(body.into())
        .unwrap()
}

#[tokio::test]
async fn an_oversized_body_is_a_413() {
    let app = TestApp::embedded().await.as_operator().await;
    let mut report = fire_report();
    report["description"] = json!("x".repeat(middleware::BODY_LIMIT));

    let response = app.send(report_request(serde_json::to_vec(&report).unwrap())).await;

    response.assert_problem(StatusCode::PAYLOAD_TOO_LARGE, "/problems/payload-too-large");
}

#[tokio::test]
async fn malformed_json_is_a_400() {
    let app = TestApp::embedded().await.as_operator().await;

    let response = app.send(report_request(r#"{"category": "FIRE","#)).await;

    response.assert_problem(StatusCode::BAD_REQUEST, "/problems/bad-request");
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_415() {
    let app = TestApp::embedded().await.as_operator().await;
    let mut request = report_request("category=FIRE");
    request.headers_mut().insert(header::CONTENT_TYPE, "application/x-www-form-urlencoded".parse().unwrap());

    let response = app.send(request).await;

    response.assert_problem(StatusCode::UNSUPPORTED_MEDIA_TYPE, "/problems/unsupported-media-type");
}

#[tokio::test]
async fn json_of_the_wrong_shape_is_a_422_naming_the_field() {
    let app = TestApp::embedded().await.as_operator().await;

    let response = app.send(report_request(r#"{"category": "FIRE", "people_affected": "many"}"#)).await;

    response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation");
    assert_eq!(response.field_errors(), [("people_affected".into(), "invalid".into())]);
}

#[tokio::test]
async fn an_unknown_path_is_a_404_and_an_unknown_method_a_405() {
    let app = TestApp::embedded().await.as_operator().await;

    let unknown = app.get("/api/no-such-thing").await;
    let wrong_method = app.send(json_request(Method::DELETE, "/api/incidents", &json!({}))).await;

    unknown.assert_problem(StatusCode::NOT_FOUND, "/problems/not-found");
    wrong_method.assert_problem(StatusCode::METHOD_NOT_ALLOWED, "about:blank");
    assert!(wrong_method.header("allow").is_some_and(|allow| allow.contains("POST")));
}

#[tokio::test]
async fn a_problem_carries_the_clients_request_id_and_speaks_its_language() {
    let app = TestApp::embedded().await.as_operator().await;
    let request = |lang: &str| {
        Request::get("/api/incidents/01JDGZ6Q8X4T3N2M1K0H9G8F7E")
            .header("x-request-id", "operator-7-request-42")
            .header(header::ACCEPT_LANGUAGE, lang)
            .body(Body::empty())
            .unwrap()
    };

    let english = app.send(request("en-GB,en;q=0.9")).await;
    let indonesian = app.send(request("id-ID")).await;

    english.assert_problem(StatusCode::NOT_FOUND, "/problems/not-found");
    assert_eq!(english.body["request_id"], "operator-7-request-42");
    assert_eq!(english.body["title"], "Not found");
    assert_eq!(indonesian.body["title"], "Tidak ditemukan");
}

#[tokio::test]
async fn a_panicking_handler_is_a_500_that_reveals_nothing() {
    async fn boom() -> &'static str {
        panic!("secret detail")
    }
    let router = middleware::apply(Router::new().route("/api/boom", get(boom)));

    let response = send(router, Request::get("/api/boom").body(Body::empty()).unwrap()).await;

    response.assert_problem(StatusCode::INTERNAL_SERVER_ERROR, "/problems/internal");
    assert!(!response.body.to_string().contains("secret detail"));
}
