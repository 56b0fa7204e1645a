use axum::http::StatusCode;

use crate::helpers::TestApp;

#[tokio::test]
async fn health_answers_200_with_the_version_as_json() {
    let app = TestApp::embedded().await;

    let response = app.get("/api/health").await;

    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.header("content-type"), Some("application/json"));
    assert_eq!(response.body["status"], "ok");
    assert_eq!(response.body["version"], env!("CARGO_PKG_VERSION"));
}
