//! No log line carries a password, a token or a hash: the requests of signing in, refreshing, changing
//! a password and signing out are logged at every level, and the log is searched for each secret.
//! A test binary of its own, because it installs the process's global log subscriber.

#[allow(dead_code)]
#[path = "api/helpers.rs"]
mod helpers;

use axum::http::StatusCode;
use serde_json::json;
use tanggap_domain::Role;

use crate::helpers::{PASSWORD, TestApp};

/// Captures every log line of a test, at every level.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn no_log_line_carries_a_password_a_token_or_a_hash() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    // The process's only subscriber: this test runs alone in its own test binary.
    tracing::subscriber::set_global_default(subscriber).expect("no other subscriber in this binary");
    let app = TestApp::embedded().await;
    app.create_user("operator1", Role::Operator, None).await;

    let login = app.login("operator1", PASSWORD).await;
    let failed = app.login("operator1", "a wrong secret guess").await;
    let refreshed = app.post_with_cookie("/api/auth/refresh", login.refresh_cookie().as_deref()).await;
    let operator = app.with_token(refreshed.access_token());
    operator
        .post("/api/me/password", &json!({ "current_password": PASSWORD, "new_password": "teh manis di sore hari" }))
        .await;
    app.post_with_cookie("/api/auth/logout", refreshed.refresh_cookie().as_deref()).await;

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("/api/auth/login"), "the requests were logged: {logs}");
    assert_eq!(failed.status, StatusCode::UNAUTHORIZED);
    let secrets = [
        PASSWORD.to_owned(),
        "a wrong secret guess".to_owned(),
        "teh manis di sore hari".to_owned(),
        login.access_token().to_owned(),
        refreshed.access_token().to_owned(),
        login.refresh_cookie().unwrap(),
        refreshed.refresh_cookie().unwrap(),
        "$argon2".to_owned(),
    ];
    for secret in &secrets {
        assert!(!logs.contains(secret.as_str()), "{secret:?} was logged");
    }
}
