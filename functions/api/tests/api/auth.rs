//! Signing in and out: sessions, refresh rotation and reuse, throttling, passwords, and no secret in
//! any answer.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};
use tanggap_api::auth::throttle::MAX_FAILURES_PER_ADDRESS;
use tanggap_domain::Role;

use crate::helpers::{PASSWORD, TestApp, TestResponse};

on_both_backends!(
    login_answers_a_token_and_sets_a_strict_httponly_refresh_cookie,
    unknown_user_wrong_password_and_disabled_user_get_the_same_401,
    a_protected_route_without_a_valid_token_is_a_401,
    refresh_rotates_the_cookie_and_the_old_one_is_reuse_that_revokes_the_family,
    refresh_without_a_cookie_is_a_401_that_clears_it,
    logout_ends_the_session_and_clears_the_cookie,
    an_access_token_expires_after_ten_minutes,
    a_disabled_user_loses_access_at_the_next_refresh_and_cannot_log_in,
    five_failures_lock_the_account_for_fifteen_minutes,
    many_failures_from_one_address_lock_the_address_but_a_rooms_typos_do_not,
    a_new_password_must_be_long_and_uncommon,
    changing_ones_password_needs_the_current_one,
    an_admin_reset_forces_a_change_before_anything_else,
    no_answer_of_the_account_routes_carries_a_hash_or_the_refresh_token,
    logins_failures_and_changes_are_in_the_audit_log_newest_first,
);

fn source(address: &str) -> (&'static str, String) {
    ("x-forwarded-for", address.to_owned())
}

async fn login_from(app: &TestApp, username: &str, password: &str, address: &str) -> TestResponse {
    let (name, value) = source(address);
    let request = Request::post("/api/auth/login")
        .header(header::CONTENT_TYPE, "application/json")
        .header(name, value)
        .body(Body::from(json!({ "username": username, "password": password }).to_string()))
        .unwrap();
    app.anonymous().send(request).await
}

async fn login_answers_a_token_and_sets_a_strict_httponly_refresh_cookie(app: TestApp) {
    app.create_user("operator1", Role::Operator, None).await;

    let response = app.login(" Operator1 ", PASSWORD).await;

    assert_eq!(response.status, StatusCode::OK, "{:#}", response.body);
    assert_eq!(response.body["expires_in"], 600);
    assert_eq!(response.body["user"]["username"], "operator1");
    assert_eq!(response.body["user"]["role"], "operator");
    assert_eq!(response.body["user"]["must_change_password"], false);
    assert_eq!(response.header("cache-control"), Some("no-store"));
    let cookie = response.header("set-cookie").unwrap();
    for part in ["tanggap_refresh=", "HttpOnly", "SameSite=Strict", "Path=/api/auth", "Max-Age=43200", "Secure"] {
        assert!(cookie.contains(part), "{part} in {cookie}");
    }
    let me = app.with_token(response.access_token()).get("/api/me").await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body, response.body["user"]);
}

async fn unknown_user_wrong_password_and_disabled_user_get_the_same_401(app: TestApp) {
    app.create_user("operator1", Role::Operator, None).await;
    let admin = app.as_admin().await;
    admin.create_user("retired", Role::Operator, None).await;
    let disabled = admin.patch("/api/users/retired", &json!({ "disabled": true })).await;
    assert_eq!(disabled.status, StatusCode::OK, "{:#}", disabled.body);

    let unknown = app.login("nobody", PASSWORD).await;
    let wrong = app.login("operator1", "not the password").await;
    let retired = app.login("retired", PASSWORD).await;
    let nonsense = app.login("not a username!", PASSWORD).await;

    for response in [&unknown, &wrong, &retired, &nonsense] {
        response.assert_problem(StatusCode::UNAUTHORIZED, "/problems/invalid-credentials");
        assert_eq!(response.header("set-cookie"), None);
    }
    let strip = |r: &TestResponse| {
        let mut body = r.body.clone();
        body.as_object_mut().unwrap().remove("request_id");
        body
    };
    assert_eq!(strip(&unknown), strip(&wrong));
    assert_eq!(strip(&wrong), strip(&retired));
}

async fn a_protected_route_without_a_valid_token_is_a_401(app: TestApp) {
    let operator = app.as_operator().await;
    let forged = format!("{}x", operator.token.clone().unwrap());

    let anonymous = app.anonymous().get("/api/incidents").await;
    let bad = app.with_token(&forged).get("/api/incidents").await;
    let garbage = app.with_token("garbage").get("/api/incidents").await;

    for response in [anonymous, bad, garbage] {
        response.assert_problem(StatusCode::UNAUTHORIZED, "/problems/unauthenticated");
        assert_eq!(response.header("www-authenticate"), Some("Bearer"));
    }
}

async fn refresh_rotates_the_cookie_and_the_old_one_is_reuse_that_revokes_the_family(app: TestApp) {
    app.create_user("operator1", Role::Operator, None).await;
    let login = app.login("operator1", PASSWORD).await;
    let first = login.refresh_cookie().unwrap();
    app.clock.advance(300);

    let refreshed = app.post_with_cookie("/api/auth/refresh", Some(&first)).await;

    assert_eq!(refreshed.status, StatusCode::OK, "{:#}", refreshed.body);
    let second = refreshed.refresh_cookie().unwrap();
    assert_ne!(second, first, "rotated");
    assert!(refreshed.header("set-cookie").unwrap().contains("Max-Age=42900"), "what is left of 12 h");
    assert_ne!(refreshed.access_token(), login.access_token());
    assert_eq!(app.with_token(refreshed.access_token()).get("/api/me").await.status, StatusCode::OK);
    let third = app.post_with_cookie("/api/auth/refresh", Some(&second)).await;
    assert_eq!(third.status, StatusCode::OK, "the new cookie works");
    let current = third.refresh_cookie().unwrap();

    // Someone kept the first cookie and presents it again.
    let reuse = app.post_with_cookie("/api/auth/refresh", Some(&first)).await;

    reuse.assert_problem(StatusCode::UNAUTHORIZED, "/problems/session-expired");
    assert_eq!(reuse.refresh_cookie().as_deref(), Some(""), "the cookie is cleared");
    let after = app.post_with_cookie("/api/auth/refresh", Some(&current)).await;
    after.assert_problem(StatusCode::UNAUTHORIZED, "/problems/session-expired");
    let admin = app.as_admin().await;
    let audit = admin.get("/api/audit").await;
    assert!(
        audit.body["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "refresh_reuse" && e["actor"] == "operator1"),
        "{:#}",
        audit.body
    );
}

async fn refresh_without_a_cookie_is_a_401_that_clears_it(app: TestApp) {
    let none = app.post_with_cookie("/api/auth/refresh", None).await;
    let garbage = app.post_with_cookie("/api/auth/refresh", Some("not-a-token")).await;
    let unknown = app
        .post_with_cookie(
            "/api/auth/refresh",
            Some("01JDGZ6Q8X4T3N2M1K0H9G8F7E.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
        )
        .await;

    for response in [none, garbage, unknown] {
        response.assert_problem(StatusCode::UNAUTHORIZED, "/problems/session-expired");
        assert_eq!(response.refresh_cookie().as_deref(), Some(""));
    }
}

async fn logout_ends_the_session_and_clears_the_cookie(app: TestApp) {
    app.create_user("operator1", Role::Operator, None).await;
    let login = app.login("operator1", PASSWORD).await;
    let cookie = login.refresh_cookie().unwrap();

    let logout = app.post_with_cookie("/api/auth/logout", Some(&cookie)).await;

    assert_eq!(logout.status, StatusCode::NO_CONTENT);
    assert!(logout.header("set-cookie").unwrap().contains("Max-Age=0"));
    let refresh = app.post_with_cookie("/api/auth/refresh", Some(&cookie)).await;
    refresh.assert_problem(StatusCode::UNAUTHORIZED, "/problems/session-expired");
    let again = app.post_with_cookie("/api/auth/logout", None).await;
    assert_eq!(again.status, StatusCode::NO_CONTENT, "logging out twice is fine");
}

async fn an_access_token_expires_after_ten_minutes(app: TestApp) {
    let operator = app.as_operator().await;
    app.clock.advance(599);
    assert_eq!(operator.get("/api/me").await.status, StatusCode::OK);

    app.clock.advance(1);

    operator.get("/api/me").await.assert_problem(StatusCode::UNAUTHORIZED, "/problems/unauthenticated");
}

async fn a_disabled_user_loses_access_at_the_next_refresh_and_cannot_log_in(app: TestApp) {
    app.create_user("operator1", Role::Operator, None).await;
    let login = app.login("operator1", PASSWORD).await;
    let admin = app.as_admin().await;

    let disabled = admin.patch("/api/users/operator1", &json!({ "disabled": true })).await;

    assert_eq!(disabled.status, StatusCode::OK, "{:#}", disabled.body);
    assert_eq!(disabled.body["disabled"], true);
    let refresh = app.post_with_cookie("/api/auth/refresh", login.refresh_cookie().as_deref()).await;
    refresh.assert_problem(StatusCode::UNAUTHORIZED, "/problems/session-expired");
    app.login("operator1", PASSWORD).await.assert_problem(StatusCode::UNAUTHORIZED, "/problems/invalid-credentials");
    // Enabled again, the user signs in again (the old session stays ended).
    admin.patch("/api/users/operator1", &json!({ "disabled": false })).await;
    assert_eq!(app.login("operator1", PASSWORD).await.status, StatusCode::OK);
}

async fn five_failures_lock_the_account_for_fifteen_minutes(app: TestApp) {
    app.create_user("operator1", Role::Operator, None).await;
    for n in 0..5 {
        // A minute apart, from five addresses, so that only the account's count reaches the limit.
        app.clock.advance(if n == 0 { 0 } else { 60 });
        let failed = login_from(&app, "operator1", "wrong password!", &format!("203.0.113.{n}")).await;
        failed.assert_problem(StatusCode::UNAUTHORIZED, "/problems/invalid-credentials");
    }

    let locked = login_from(&app, "operator1", PASSWORD, "198.51.100.1").await;

    locked.assert_problem(StatusCode::TOO_MANY_REQUESTS, "/problems/too-many-attempts");
    assert_eq!(locked.header("retry-after"), Some("900"));
    app.clock.advance(14 * 60);
    let still = login_from(&app, "operator1", PASSWORD, "198.51.100.1").await;
    still.assert_problem(StatusCode::TOO_MANY_REQUESTS, "/problems/too-many-attempts");
    app.clock.advance(60);
    let after = login_from(&app, "operator1", PASSWORD, "198.51.100.1").await;
    assert_eq!(after.status, StatusCode::OK, "the cooling period is over: {:#}", after.body);
    let admin = app.as_admin().await;
    let actions: Vec<Value> = admin.get("/api/audit?limit=200").await.body["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].clone())
        .collect();
    assert!(actions.contains(&json!("login_throttled")), "{actions:?}");
}

async fn many_failures_from_one_address_lock_the_address_but_a_rooms_typos_do_not(app: TestApp) {
    app.create_user("operator1", Role::Operator, None).await;
    // A shift's worth of typos from one center's address (one each, on many accounts) locks nothing.
    for n in 0..MAX_FAILURES_PER_ADDRESS - 1 {
        login_from(&app, &format!("guess{n}"), "wrong password!", "203.0.113.9").await;
    }
    assert_eq!(login_from(&app, "operator1", PASSWORD, "203.0.113.9").await.status, StatusCode::OK);
    for n in 0..MAX_FAILURES_PER_ADDRESS {
        login_from(&app, &format!("guess{n}"), "wrong password!", "203.0.113.9").await;
    }

    let locked = login_from(&app, "operator1", PASSWORD, "203.0.113.9").await;
    let elsewhere = login_from(&app, "operator1", PASSWORD, "198.51.100.2").await;

    locked.assert_problem(StatusCode::TOO_MANY_REQUESTS, "/problems/too-many-attempts");
    assert!(locked.header("retry-after").is_some());
    assert_eq!(elsewhere.status, StatusCode::OK, "the account itself is not locked");
    app.clock.advance(15 * 60);
    assert_eq!(login_from(&app, "operator1", PASSWORD, "203.0.113.9").await.status, StatusCode::OK);
}

async fn a_new_password_must_be_long_and_uncommon(app: TestApp) {
    let admin = app.as_admin().await;
    let new_user = |password: &str| json!({ "username": "siti", "display_name": "Siti", "role": "operator", "password": password });

    let short = admin.post("/api/users", &new_user("kopi")).await;
    let mut refused = Vec::new();
    for common in ["password123", "1234567890", "qwertyuiop"] {
        let response = admin.post("/api/users", &new_user(common)).await;
        response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation");
        refused.extend(response.field_errors());
    }
    let demo = admin.post("/api/users", &new_user("tanggap112")).await;

    short.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation");
    assert_eq!(short.field_errors(), [("password".into(), "too_short".into())]);
    assert_eq!(refused, vec![("password".to_owned(), "too_common".to_owned()); 3]);
    assert_eq!(demo.status, StatusCode::CREATED, "{:#}", demo.body);
}

async fn changing_ones_password_needs_the_current_one(app: TestApp) {
    let operator = app.as_user("operator1", Role::Operator, None).await;
    let change = |current: &str, new: &str| json!({ "current_password": current, "new_password": new });

    let wrong = operator.post("/api/me/password", &change("not it", "teh manis di sore hari")).await;
    let weak = operator.post("/api/me/password", &change(PASSWORD, "password123")).await;
    let same = operator.post("/api/me/password", &change(PASSWORD, PASSWORD)).await;
    let changed = operator.post("/api/me/password", &change(PASSWORD, "teh manis di sore hari")).await;

    wrong.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation");
    assert_eq!(wrong.field_errors(), [("current_password".into(), "wrong_password".into())]);
    assert_eq!(weak.field_errors(), [("new_password".into(), "too_common".into())]);
    assert_eq!(same.field_errors(), [("new_password".into(), "unchanged".into())]);
    assert_eq!(changed.status, StatusCode::NO_CONTENT, "{:#}", changed.body);
    app.login("operator1", PASSWORD).await.assert_problem(StatusCode::UNAUTHORIZED, "/problems/invalid-credentials");
    assert_eq!(app.login("operator1", "teh manis di sore hari").await.status, StatusCode::OK);
    assert_eq!(operator.get("/api/me").await.status, StatusCode::OK, "this session goes on");
}

async fn an_admin_reset_forces_a_change_before_anything_else(app: TestApp) {
    app.create_user("operator1", Role::Operator, None).await;
    let old_session = app.login("operator1", PASSWORD).await;
    let admin = app.as_admin().await;
    app.clock.advance(1);

    let reset = admin.post("/api/users/operator1/password", &json!({ "new_password": "sementara di pos 112" })).await;

    assert_eq!(reset.status, StatusCode::NO_CONTENT, "{:#}", reset.body);
    let refresh = app.post_with_cookie("/api/auth/refresh", old_session.refresh_cookie().as_deref()).await;
    refresh.assert_problem(StatusCode::UNAUTHORIZED, "/problems/session-expired");
    let login = app.login("operator1", "sementara di pos 112").await;
    assert_eq!(login.status, StatusCode::OK);
    assert_eq!(login.body["user"]["must_change_password"], true);
    let operator = app.with_token(login.access_token());
    for path in ["/api/incidents", "/api/categories"] {
        operator.get(path).await.assert_problem(StatusCode::FORBIDDEN, "/problems/password-change-required");
    }
    assert_eq!(operator.get("/api/me").await.status, StatusCode::OK);
    let refreshed = app.post_with_cookie("/api/auth/refresh", login.refresh_cookie().as_deref()).await;
    assert_eq!(refreshed.status, StatusCode::OK, "refresh works meanwhile");
    assert_eq!(refreshed.body["user"]["must_change_password"], true);

    let changed = operator
        .post(
            "/api/me/password",
            &json!({ "current_password": "sementara di pos 112", "new_password": "teh manis di sore hari" }),
        )
        .await;

    assert_eq!(changed.status, StatusCode::NO_CONTENT, "{:#}", changed.body);
    assert_eq!(operator.get("/api/incidents").await.status, StatusCode::OK, "the same token works once changed");
    assert_eq!(operator.get("/api/me").await.body["must_change_password"], false);
}

async fn no_answer_of_the_account_routes_carries_a_hash_or_the_refresh_token(app: TestApp) {
    app.create_user("operator1", Role::Operator, None).await;
    let admin = app.as_admin().await;
    let login = app.login("operator1", PASSWORD).await;
    let refresh_token = login.refresh_cookie().unwrap();
    let operator = app.with_token(login.access_token());
    let refreshed = app.post_with_cookie("/api/auth/refresh", Some(&refresh_token)).await;
    let next_token = refreshed.refresh_cookie().unwrap();

    let responses = vec![
        login,
        refreshed,
        app.login("operator1", "wrong password!").await,
        operator.get("/api/me").await,
        operator.post("/api/me/password", &json!({ "current_password": "x", "new_password": "y" })).await,
        admin.get("/api/users").await,
        admin
            .post(
                "/api/users",
                &json!({ "username": "siti", "display_name": "Siti", "role": "operator", "password": "tanggap112" }),
            )
            .await,
        admin.patch("/api/users/siti", &json!({ "display_name": "Siti Rahma" })).await,
        admin.post("/api/users/siti/password", &json!({ "new_password": "sementara di pos 112" })).await,
        admin.get("/api/audit").await,
        app.post_with_cookie("/api/auth/refresh", Some(&refresh_token)).await,
        app.post_with_cookie("/api/auth/logout", Some(&next_token)).await,
    ];

    for response in &responses {
        assert!(!response.text.contains("$argon2"), "a hash in {}", response.text);
        for token in [&refresh_token, &next_token] {
            let secret = token.split('.').nth(1).unwrap();
            assert!(!response.text.contains(secret), "the refresh token in {}", response.text);
            for (name, value) in &response.headers {
                if name != header::SET_COOKIE {
                    assert!(!value.to_str().unwrap_or("").contains(secret), "the refresh token in {name}");
                }
            }
        }
    }
}

async fn logins_failures_and_changes_are_in_the_audit_log_newest_first(app: TestApp) {
    app.create_user("operator1", Role::Operator, None).await;
    let admin = app.as_admin().await;
    app.clock.advance(1);
    login_from(&app, "operator1", "wrong password!", "203.0.113.5").await;
    app.clock.advance(1);
    admin.patch("/api/users/operator1", &json!({ "role": "supervisor" })).await;
    // A month later, in the next partition (the admin's token has long expired: signing in again).
    app.clock.advance(31 * 24 * 3600);
    app.login("operator1", PASSWORD).await;
    let admin = app.as_admin().await;

    let first = admin.get("/api/audit?limit=3").await;
    let next = first.body["next"].as_str().expect("a full page has a next cursor");
    let second = admin.get(&format!("/api/audit?limit=3&cursor={next}")).await;

    assert_eq!(first.status, StatusCode::OK, "{:#}", first.body);
    assert_eq!(second.body["next"], Value::Null, "{:#}", second.body);
    let entries: Vec<&Value> =
        first.body["entries"].as_array().unwrap().iter().chain(second.body["entries"].as_array().unwrap()).collect();
    let summary: Vec<(&str, &str)> =
        entries.iter().map(|e| (e["action"].as_str().unwrap(), e["actor"].as_str().unwrap_or("-"))).collect();
    assert_eq!(
        summary,
        [
            ("login", "test-admin"),
            ("login", "operator1"),
            ("user_updated", "test-admin"),
            ("login_failed", "operator1"),
            ("login", "test-admin"),
        ]
    );
    assert_eq!(entries[2]["subject"], "operator1");
    assert_eq!(entries[2]["detail"], "role: operator -> supervisor");
    assert_eq!(entries[3]["source"], "203.0.113.5");
    admin.get("/api/audit?cursor=nonsense").await.assert_problem(StatusCode::BAD_REQUEST, "/problems/bad-request");
}
