//! Notifications: who a dispatch tells (in the bell, by Web Push, by the webhook), each user's settings
//! and browsers, and delivery with its retries. Web Push goes to a test push service on 127.0.0.1 and is
//! decrypted with the subscribing browser's keys, as the browser would; the webhook goes to a receiver
//! that checks its signature.

use axum::http::{Method, StatusCode};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use tanggap_api::Clock as _;
use tanggap_api::notify::{self, Delivery, DeliveryReport};
use tanggap_channels::{SIGNATURE_HEADER, Vapid, VapidKey, Webhook, verify_signature};
use tanggap_domain::{IncidentId, Role, Username};
use tanggap_store::repo::PendingNotice;
use web_push_native::p256::SecretKey;
use web_push_native::p256::elliptic_curve::rand_core::{OsRng, RngCore as _};
use web_push_native::p256::elliptic_curve::sec1::ToEncodedPoint as _;

use crate::helpers::{TestApp, TestResponse, fire_report, json_request};
use crate::receiver::Server;

on_both_backends!(
    a_dispatch_tells_the_agencys_officer_and_head_in_the_bell_but_not_the_operator_who_gave_it,
    the_same_event_never_notifies_twice,
    the_bell_counts_the_unread_and_marks_read_by_id_or_all,
    settings_round_trip_are_checked_and_changes_are_audited,
    a_push_subscription_is_checked_field_by_field_and_removed_by_its_endpoint,
    a_dispatch_reaches_a_subscribed_browser_encrypted_for_it_alone,
    an_off_duty_officer_is_pushed_only_for_urgent_work,
    the_webhook_is_called_signed_with_the_notification,
    a_failing_webhook_is_tried_again_on_the_backoff_schedule,
    a_browser_the_push_service_says_is_gone_is_dropped,
    the_morning_brief_goes_once_from_its_hour_to_those_who_asked_in_the_bell_and_by_webhook,
);

const SECRET: &str = "a webhook secret for tests, 16+ bytes";

// ---- a push service's other side ----------------------------------------------------------------------

/// A browser's side of Web Push: the key pair and auth secret `pushManager.subscribe` makes.
struct Browser {
    secret: SecretKey,
    auth: [u8; 16],
}

impl Browser {
    fn new() -> Self {
        let mut auth = [0u8; 16];
        OsRng.fill_bytes(&mut auth);
        Self { secret: SecretKey::random(&mut OsRng), auth }
    }

    /// `PushSubscription.toJSON()`, as the app sends it.
    fn subscription(&self, endpoint: &str) -> Value {
        json!({
            "endpoint": endpoint,
            "expirationTime": null,
            "keys": {
                "p256dh": URL_SAFE_NO_PAD.encode(self.secret.public_key().to_encoded_point(false).as_bytes()),
                "auth": URL_SAFE_NO_PAD.encode(self.auth),
            }
        })
    }

    /// The message's payload, decrypted as the browser does it (RFC 8291).
    fn read(&self, body: &[u8]) -> Value {
        let auth = web_push_native::Auth::clone_from_slice(&self.auth);
        let plain = web_push_native::decrypt(body.to_vec(), &self.secret, &auth).expect("the message decrypts");
        serde_json::from_slice(&plain).expect("a JSON payload")
    }
}

// ---- helpers -------------------------------------------------------------------------------------------

/// The app with Web Push (a fresh VAPID key) and, when given, the webhook at `hook`.
fn with_channels(app: &TestApp, hook: Option<&Server>) -> TestApp {
    let vapid = Vapid { key: VapidKey::generate(), subject: "mailto:112@ppu.example".into() };
    let webhook = hook.map(|server| Webhook::new(format!("{}/hook", server.url), SECRET).unwrap());
    app.with_state(|state| state.with_delivery(Delivery::new(Some(vapid), webhook)))
}

async fn put(app: &TestApp, path: &str, body: &Value) -> TestResponse {
    app.send(json_request(Method::PUT, path, body)).await
}

async fn delete(app: &TestApp, path: &str, body: &Value) -> TestResponse {
    app.send(json_request(Method::DELETE, path, body)).await
}

async fn save_settings(app: &TestApp, settings: Value) {
    let saved = put(app, "/api/me/notification-settings", &settings).await;
    assert_eq!(saved.status, StatusCode::OK, "{:#}", saved.body);
}

async fn subscribe(app: &TestApp, subscription: &Value) {
    let subscribed = put(app, "/api/me/push-subscriptions", subscription).await;
    assert_eq!(subscribed.status, StatusCode::NO_CONTENT, "{:#}", subscribed.body);
}

/// Reports `report`, verifies it and dispatches DAMKAR to it, as `operator`; returns the incident.
async fn dispatched(operator: &TestApp, report: Value) -> Value {
    let incident = operator.reported(&report).await;
    let verified = operator.command(&incident, json!({ "command": "verify", "method": "callback" })).await;
    assert_eq!(verified.status, StatusCode::OK, "{:#}", verified.body);
    let incident = &verified.body["incident"];
    let response = operator.command(incident, json!({ "command": "dispatch", "agencies": ["DAMKAR"] })).await;
    assert_eq!(response.status, StatusCode::OK, "{:#}", response.body);
    response.body["incident"].clone()
}

/// A fire the operator judged P2.
fn small_fire() -> Value {
    let mut report = fire_report();
    report["priority"] = json!("P2");
    report["priority_reason"] = json!("api kecil, sudah dipadamkan warga");
    report
}

async fn bell(app: &TestApp) -> Value {
    let page = app.get("/api/notifications").await;
    assert_eq!(page.status, StatusCode::OK, "{:#}", page.body);
    page.body
}

async fn deliver(app: &TestApp) -> DeliveryReport {
    notify::deliver_due(&app.state, app.clock.now()).await
}

fn report(sent: u32, retrying: u32, failed: u32, dropped: u32) -> DeliveryReport {
    DeliveryReport { sent, retrying, failed, dropped, skipped: 0 }
}

// ---- cases -------------------------------------------------------------------------------------------

async fn a_dispatch_tells_the_agencys_officer_and_head_in_the_bell_but_not_the_operator_who_gave_it(app: TestApp) {
    let operator = app.as_operator().await;
    let officer = app.as_role(Role::AgencyOfficer).await;
    let head = app.as_role(Role::AgencyHead).await;
    let bpbd = app.as_officer_of("BPBD").await;
    let supervisor = app.as_role(Role::Supervisor).await;
    let incident = dispatched(&operator, fire_report()).await;
    let id = incident["id"].as_str().unwrap();

    for (who, username) in [(&officer, "test-agency-officer"), (&head, "test-agency-head")] {
        let page = bell(who).await;
        assert_eq!(page["unread"], 1, "{username}: {page:#}");
        let notification = &page["notifications"][0];
        assert_eq!(notification["id"], format!("{id}.{}.{username}", incident["version"]));
        assert_eq!(notification["username"], username);
        assert_eq!(notification["incident"], id);
        assert_eq!(notification["category"], "FIRE");
        assert_eq!(notification["priority"], "P1");
        assert_eq!(notification["kind"], json!({ "kind": "dispatched", "agency": "DAMKAR" }));
        assert_eq!(notification["urgency"], "urgent");
        assert_eq!(notification["read"], false);
    }
    for (who, name) in [(&operator, "the operator who dispatched"), (&bpbd, "another agency"), (&supervisor, "staff")] {
        assert_eq!(bell(who).await, json!({ "notifications": [], "unread": 0 }), "{name} is not told");
    }
    // Nothing leaves the system where the deployment has no channels.
    assert!(app.state.notifications.due(app.clock.now(), 10).await.unwrap().is_empty());
}

async fn the_same_event_never_notifies_twice(app: TestApp) {
    let operator = app.as_operator().await;
    let officer = app.as_role(Role::AgencyOfficer).await;
    let incident = dispatched(&operator, fire_report()).await;
    let id = IncidentId::parse(incident["id"].as_str().unwrap()).unwrap();
    let stored = app.state.incidents.get(&id).await.unwrap().unwrap();
    let events = app.state.incidents.events(&id).await.unwrap();

    // As a sweeper or a retried request might: the whole history handled again.
    let notice = PendingNotice { incident: stored, events };
    notify::fan_out(&app.state, &notice).await;
    notify::fan_out(&app.state, &notice).await;

    let page = bell(&officer).await;
    assert_eq!(page["notifications"].as_array().unwrap().len(), 1, "{page:#}");
    assert_eq!(page["unread"], 1);
}

async fn the_bell_counts_the_unread_and_marks_read_by_id_or_all(app: TestApp) {
    let operator = app.as_operator().await;
    let officer = app.as_role(Role::AgencyOfficer).await;
    let head = app.as_role(Role::AgencyHead).await;
    for _ in 0..3 {
        dispatched(&operator, fire_report()).await;
        app.clock.advance(60);
    }
    let page = bell(&officer).await;
    assert_eq!(page["unread"], 3);
    let ids: Vec<&str> = page["notifications"].as_array().unwrap().iter().map(|n| n["id"].as_str().unwrap()).collect();
    let first = officer.get("/api/notifications?limit=1").await.body;
    assert_eq!(first["notifications"].as_array().unwrap().len(), 1);
    assert_eq!(first["notifications"][0]["id"], ids[0], "newest first");
    assert_eq!(first["unread"], 3, "the count covers more than the page");

    let marked = officer.post("/api/notifications/read", &json!({ "ids": [ids[1]] })).await;
    assert_eq!(marked.status, StatusCode::OK, "{:#}", marked.body);
    assert_eq!(marked.body["unread"], 2);
    let read: Vec<&Value> = marked.body["notifications"].as_array().unwrap().iter().map(|n| &n["read"]).collect();
    assert_eq!(read, [&json!(false), &json!(true), &json!(false)]);

    // Another user's ids mark nothing of theirs.
    let foreign = head.post("/api/notifications/read", &json!({ "ids": [ids[0]] })).await;
    assert_eq!(foreign.body["unread"], 3, "the head's own are untouched");
    assert_eq!(bell(&officer).await["unread"], 2);

    let all = officer.post("/api/notifications/read", &json!({ "ids": [] })).await;
    assert_eq!(all.body["unread"], 0);
    assert!(all.body["notifications"].as_array().unwrap().iter().all(|n| n["read"] == true));
    assert_eq!(officer.post("/api/notifications/read", &json!({})).await.status, StatusCode::OK, "ids may be left out");

    for bad in ["0", "101", "many"] {
        let response = officer.get(&format!("/api/notifications?limit={bad}")).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "limit={bad}");
    }
    let too_many: Vec<String> = (0..101).map(|n| format!("id-{n}")).collect();
    let response = officer.post("/api/notifications/read", &json!({ "ids": too_many })).await;
    response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation");
    assert_eq!(response.field_errors(), [("ids".to_owned(), "too_many".to_owned())]);
}

async fn settings_round_trip_are_checked_and_changes_are_audited(app: TestApp) {
    let officer = app.as_role(Role::AgencyOfficer).await;
    let defaults = officer.get("/api/me/notification-settings").await;
    assert_eq!(defaults.status, StatusCode::OK);
    assert_eq!(defaults.body, json!({ "on_duty": false, "push": false, "webhook": false, "morning_brief": false }));

    let saved = put(
        &officer,
        "/api/me/notification-settings",
        &json!({ "on_duty": true, "push": true, "webhook": true, "contact": "  +62 812 3456 7890 " }),
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK, "{:#}", saved.body);
    let expected = json!({
        "on_duty": true, "push": true, "webhook": true, "contact": "+62 812 3456 7890", "morning_brief": false,
    });
    assert_eq!(saved.body, expected, "the contact is trimmed");
    assert_eq!(officer.get("/api/me/notification-settings").await.body, expected);
    // The same settings again change nothing, and are not audited again.
    assert_eq!(put(&officer, "/api/me/notification-settings", &expected).await.status, StatusCode::OK);

    let long = "9".repeat(65);
    for (body, field, code) in [
        (json!({ "webhook": true }), "contact", "required"),
        (json!({ "webhook": true, "contact": "   " }), "contact", "required"),
        (json!({ "contact": long }), "contact", "too_long"),
        (json!({ "contact": "+62\n812" }), "contact", "invalid"),
        (json!({ "morning_brief": true }), "morning_brief", "not_for_role"),
    ] {
        let response = put(&officer, "/api/me/notification-settings", &body).await;
        response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation");
        assert_eq!(response.field_errors(), [(field.to_owned(), code.to_owned())], "{body}");
    }
    assert_eq!(officer.get("/api/me/notification-settings").await.body, expected, "nothing refused was saved");
    let just_64 = put(&officer, "/api/me/notification-settings", &json!({ "contact": "9".repeat(64) })).await;
    assert_eq!(just_64.status, StatusCode::OK, "64 characters are enough");

    let admin = app.as_admin().await;
    let entries = admin.get("/api/audit?limit=200").await.body["entries"].clone();
    let changes: Vec<&Value> =
        entries.as_array().unwrap().iter().filter(|e| e["action"] == "notification_settings_changed").collect();
    assert_eq!(changes.len(), 2, "{entries:#}");
    assert_eq!(changes[1]["actor"], "test-agency-officer");
    assert_eq!(changes[1]["subject"], "test-agency-officer");
    assert_eq!(
        changes[1]["detail"],
        "on_duty: false -> true; push: false -> true; webhook: false -> true; contact set"
    );
    assert_eq!(
        changes[0]["detail"],
        "on_duty: true -> false; push: true -> false; webhook: true -> false; contact changed"
    );
    assert!(!entries.to_string().contains("3456 7890"), "the contact stays out of the log");
}

async fn a_push_subscription_is_checked_field_by_field_and_removed_by_its_endpoint(app: TestApp) {
    let officer = app.as_role(Role::AgencyOfficer).await;
    assert_eq!(officer.get("/api/push/key").await.body, json!({ "public_key": null }), "no Web Push configured");
    let app = with_channels(&app, None);
    let officer = officer.with_state(|_| app.state.clone());
    let key = officer.get("/api/push/key").await.body["public_key"].as_str().unwrap().to_owned();
    assert_eq!(Some(key), app.state.delivery.vapid.as_ref().map(|v| v.key.public_key_base64url()));

    let browser = Browser::new();
    let good = browser.subscription("https://fcm.googleapis.com/fcm/send/abc:APA91b");
    let with = |path: &str, value: Value| {
        let mut body = good.clone();
        *body.pointer_mut(path).unwrap() = value;
        body
    };
    for (body, field, code) in [
        (with("/endpoint", json!("http://push.example/abc")), "endpoint", "invalid"),
        (with("/endpoint", json!("not a url")), "endpoint", "invalid"),
        (with("/endpoint", json!("")), "endpoint", "required"),
        (with("/endpoint", json!(format!("https://push.example/{}", "a".repeat(2048)))), "endpoint", "too_long"),
        (with("/keys/p256dh", json!("not-a-key")), "keys.p256dh", "invalid"),
        (with("/keys/auth", json!(URL_SAFE_NO_PAD.encode([7u8; 8]))), "keys.auth", "invalid"),
        (with("/keys/auth", json!("")), "keys.auth", "required"),
    ] {
        let response = put(&officer, "/api/me/push-subscriptions", &body).await;
        response.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation");
        assert_eq!(response.field_errors(), [(field.to_owned(), code.to_owned())], "{body}");
    }
    let username = Username::parse("test-agency-officer").unwrap();
    assert!(app.state.notifications.subscriptions(&username).await.unwrap().is_empty(), "nothing refused was kept");

    subscribe(&officer, &good).await;
    subscribe(&officer, &good).await;
    let local = Browser::new().subscription("http://127.0.0.1:9/push/laptop");
    subscribe(&officer, &local).await;
    assert_eq!(app.state.notifications.subscriptions(&username).await.unwrap().len(), 2, "one per endpoint");

    let removed = delete(&officer, "/api/me/push-subscriptions", &good).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    assert_eq!(delete(&officer, "/api/me/push-subscriptions", &good).await.status, StatusCode::NO_CONTENT, "again");
    let left = app.state.notifications.subscriptions(&username).await.unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].subscription.endpoint, "http://127.0.0.1:9/push/laptop");

    // At most ten browsers: the eleventh replaces the oldest.
    for n in 0..10 {
        app.clock.advance(1);
        subscribe(&officer, &Browser::new().subscription(&format!("https://push.example/{n}"))).await;
    }
    let kept = app.state.notifications.subscriptions(&username).await.unwrap();
    assert_eq!(kept.len(), notify::MAX_BROWSERS_PER_USER);
    assert!(kept.iter().all(|s| s.subscription.endpoint != "http://127.0.0.1:9/push/laptop"), "the oldest went");
}

async fn a_dispatch_reaches_a_subscribed_browser_encrypted_for_it_alone(app: TestApp) {
    let service = Server::start(StatusCode::CREATED).await;
    let app = with_channels(&app, None);
    let operator = app.as_operator().await;
    let officer = app.as_role(Role::AgencyOfficer).await;
    let browser = Browser::new();
    save_settings(&officer, json!({ "push": true })).await;
    subscribe(&officer, &browser.subscription(&format!("{}/push/officer-phone", service.url))).await;

    let incident = dispatched(&operator, fire_report()).await;
    assert_eq!(deliver(&app).await, report(1, 0, 0, 0));
    assert_eq!(deliver(&app).await, DeliveryReport::default(), "sent once");

    let received = service.take();
    assert_eq!(received.len(), 1);
    let message = &received[0];
    assert_eq!(message.path, "/push/officer-phone");
    assert_eq!(message.header("urgency"), "high", "a P1 dispatch wakes the phone");
    assert_eq!(message.header("ttl"), "600");
    assert_eq!(message.header("content-encoding"), "aes128gcm");
    let key = officer.get("/api/push/key").await.body["public_key"].as_str().unwrap().to_owned();
    assert!(message.header("authorization").ends_with(&format!(", k={key}")), "signed with the deployment's key");
    assert!(!message.body.windows(4).any(|w| w == b"FIRE"), "the payload travels encrypted");

    let payload = browser.read(&message.body);
    let id = incident["id"].as_str().unwrap();
    let notification = &bell(&officer).await["notifications"][0];
    assert_eq!(
        payload,
        json!({
            "title": "P1 FIRE: DAMKAR ditugaskan",
            "body": "Ketuk untuk membuka tugas dan mengonfirmasi.",
            "url": format!("/tugas/{id}"),
            "tag": notification["id"],
            "urgency": "urgent",
        })
    );
    let other = Browser::new();
    let auth = web_push_native::Auth::clone_from_slice(&other.auth);
    assert!(web_push_native::decrypt(message.body.to_vec(), &other.secret, &auth).is_err(), "for that browser alone");
}

async fn an_off_duty_officer_is_pushed_only_for_urgent_work(app: TestApp) {
    let service = Server::start(StatusCode::CREATED).await;
    let app = with_channels(&app, None);
    let operator = app.as_operator().await;
    let officer = app.as_role(Role::AgencyOfficer).await;
    let browser = Browser::new();
    save_settings(&officer, json!({ "on_duty": false, "push": true })).await;
    subscribe(&officer, &browser.subscription(&format!("{}/push/1", service.url))).await;

    dispatched(&operator, small_fire()).await;
    assert_eq!(deliver(&app).await, DeliveryReport::default(), "routine work does not wake an off-duty officer");
    assert_eq!(service.count(), 0);
    assert_eq!(bell(&officer).await["unread"], 1, "the bell has it all the same");

    dispatched(&operator, fire_report()).await;
    assert_eq!(deliver(&app).await, report(1, 0, 0, 0), "a P1 does");
    assert_eq!(browser.read(&service.take()[0].body)["urgency"], "urgent");

    // On duty, routine work comes through too, without waking the phone.
    save_settings(&officer, json!({ "on_duty": true, "push": true })).await;
    dispatched(&operator, small_fire()).await;
    assert_eq!(deliver(&app).await, report(1, 0, 0, 0));
    let message = &service.take()[0];
    assert_eq!((message.header("urgency"), message.header("ttl")), ("normal", "3600"));
    assert_eq!(browser.read(&message.body)["title"], "P2 FIRE: DAMKAR ditugaskan");

    // Push off: nothing, whatever the work.
    save_settings(&officer, json!({ "on_duty": true, "push": false })).await;
    dispatched(&operator, fire_report()).await;
    assert_eq!(deliver(&app).await, DeliveryReport::default());
}

async fn the_webhook_is_called_signed_with_the_notification(app: TestApp) {
    let receiver = Server::start(StatusCode::OK).await;
    let app = with_channels(&app, Some(&receiver));
    let operator = app.as_operator().await;
    let officer = app.as_role(Role::AgencyOfficer).await;
    let head = app.as_role(Role::AgencyHead).await;
    save_settings(&officer, json!({ "webhook": true, "contact": "+6281234567890" })).await;
    // Off duty with the webhook on: a P2 waits for the shift.
    save_settings(&head, json!({ "on_duty": false, "webhook": true, "contact": "kadis-chat" })).await;

    dispatched(&operator, small_fire()).await;
    assert_eq!(deliver(&app).await, DeliveryReport::default());
    let incident = dispatched(&operator, fire_report()).await;
    assert_eq!(deliver(&app).await, report(2, 0, 0, 0));

    let mut received = receiver.take();
    received.sort_by_key(|r| r.body.windows(10).any(|w| w == b"kadis-chat"));
    let now_unix = app.clock.now().unix_millis() / 1000;
    for message in &received {
        assert_eq!(message.path, "/hook");
        assert_eq!(message.header("content-type"), "application/json");
        assert!(
            verify_signature(SECRET, message.header(SIGNATURE_HEADER), &message.body, now_unix, 300),
            "signed with the deployment's secret: {}",
            message.header(SIGNATURE_HEADER)
        );
        assert!(!verify_signature(
            "another secret, 16+ bytes",
            message.header(SIGNATURE_HEADER),
            &message.body,
            now_unix,
            300
        ));
    }
    let body: Value = serde_json::from_slice(&received[0].body).unwrap();
    let id = incident["id"].as_str().unwrap();
    let notification = &bell(&officer).await["notifications"][0];
    assert_eq!(
        body,
        json!({
            "id": notification["id"],
            "username": "test-agency-officer",
            "contact": "+6281234567890",
            "title": "P1 FIRE: DAMKAR ditugaskan",
            "url": format!("/tugas/{id}"),
            "incident": id,
            "priority": "P1",
            "category": "FIRE",
            "kind": { "kind": "dispatched", "agency": "DAMKAR" },
            "urgency": "urgent",
            "at": notification["at"],
        })
    );
    let head_body: Value = serde_json::from_slice(&received[1].body).unwrap();
    assert_eq!((&head_body["username"], &head_body["contact"]), (&json!("test-agency-head"), &json!("kadis-chat")));
}

async fn a_failing_webhook_is_tried_again_on_the_backoff_schedule(app: TestApp) {
    let receiver = Server::start(StatusCode::INTERNAL_SERVER_ERROR).await;
    let app = with_channels(&app, Some(&receiver));
    let operator = app.as_operator().await;
    let officer = app.as_role(Role::AgencyOfficer).await;
    save_settings(&officer, json!({ "webhook": true, "contact": "+6281234567890" })).await;
    dispatched(&operator, fire_report()).await;

    assert_eq!(deliver(&app).await, report(0, 1, 0, 0), "a 500 is tried again later");
    assert_eq!(deliver(&app).await, DeliveryReport::default(), "not at once");
    app.clock.advance(59);
    assert_eq!(deliver(&app).await, DeliveryReport::default(), "not before a minute");
    app.clock.advance(1);
    assert_eq!(deliver(&app).await, report(0, 1, 0, 0), "after a minute, the second attempt");
    let queued = app.state.notifications.due(app.clock.now().plus_seconds(3600), 10).await.unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].attempts, 2);
    assert_eq!(queued[0].due, app.clock.now().plus_seconds(120), "then two minutes");
    assert!(queued[0].last_error.as_deref().is_some_and(|e| e.contains("500")), "{:?}", queued[0].last_error);

    receiver.answer(StatusCode::OK);
    app.clock.advance(119);
    assert_eq!(deliver(&app).await, DeliveryReport::default());
    app.clock.advance(1);
    assert_eq!(deliver(&app).await, report(1, 0, 0, 0));
    assert_eq!(receiver.take().len(), 3, "three attempts in all");
    assert!(app.state.notifications.due(app.clock.now().plus_seconds(86_400), 10).await.unwrap().is_empty(), "done");

    // A refusal that retrying cannot mend (a 400) is given up at once.
    receiver.answer(StatusCode::BAD_REQUEST);
    dispatched(&operator, fire_report()).await;
    assert_eq!(deliver(&app).await, report(0, 0, 1, 0));
    assert!(app.state.notifications.due(app.clock.now().plus_seconds(86_400), 10).await.unwrap().is_empty());
}

async fn a_browser_the_push_service_says_is_gone_is_dropped(app: TestApp) {
    let service = Server::start(StatusCode::GONE).await;
    let app = with_channels(&app, None);
    let operator = app.as_operator().await;
    let officer = app.as_role(Role::AgencyOfficer).await;
    save_settings(&officer, json!({ "push": true })).await;
    subscribe(&officer, &Browser::new().subscription(&format!("{}/push/old-phone", service.url))).await;
    let username = Username::parse("test-agency-officer").unwrap();

    dispatched(&operator, fire_report()).await;
    assert_eq!(deliver(&app).await, report(0, 0, 0, 1));
    assert_eq!(service.take().len(), 1);
    assert!(app.state.notifications.subscriptions(&username).await.unwrap().is_empty(), "the subscription is dropped");

    dispatched(&operator, fire_report()).await;
    assert_eq!(deliver(&app).await, DeliveryReport::default(), "and not pushed to again");
    assert_eq!(service.count(), 0);
    assert_eq!(bell(&officer).await["unread"], 2, "the bell still tells");
}

async fn the_morning_brief_goes_once_from_its_hour_to_those_who_asked_in_the_bell_and_by_webhook(app: TestApp) {
    let receiver = Server::start(StatusCode::OK).await;
    let app = with_channels(&app, Some(&receiver));
    let operator = app.as_operator().await;
    let head = app.as_role(Role::AgencyHead).await;
    let executive = app.as_role(Role::Executive).await;
    app.as_role(Role::Supervisor).await;
    // Off duty, with the webhook on: the brief still goes, since they asked for it.
    save_settings(&head, json!({ "morning_brief": true, "webhook": true, "contact": "kadis-chat" })).await;
    save_settings(&executive, json!({ "morning_brief": true })).await;

    // Yesterday: two fires and a prank.
    dispatched(&operator, fire_report()).await;
    dispatched(&operator, small_fire()).await;
    let mut prank = fire_report();
    prank["category"] = json!("PRANK");
    operator.reported(&prank).await;
    let yesterday = tanggap_domain::Day::of(app.clock.now(), 7);
    let briefs = |bell: Value| -> Vec<Value> {
        let all = bell["notifications"].as_array().cloned().unwrap_or_default();
        all.into_iter().filter(|n| n["kind"]["kind"] == "morning_brief").collect()
    };

    // 05:59 the next morning: not yet. 06:00: to the head and the executive, once however often swept.
    app.clock.set(yesterday.next().start(7).plus_seconds(6 * 3600 - 60));
    tanggap_api::sweeper::run(&app.state, app.clock.now()).await.unwrap();
    // Signed in again: the evening's tokens have expired overnight.
    let executive = app.as_role(Role::Executive).await;
    assert_eq!(briefs(bell(&executive).await), Vec::<Value>::new());
    app.clock.advance(60);
    for _ in 0..2 {
        tanggap_api::sweeper::run(&app.state, app.clock.now()).await.unwrap();
    }
    let (executive, head) = (app.as_role(Role::Executive).await, app.as_role(Role::AgencyHead).await);
    let (supervisor, operator) = (app.as_role(Role::Supervisor).await, app.as_role(Role::Operator).await);
    let told = briefs(bell(&executive).await);
    assert_eq!(told.len(), 1, "{told:#?}");
    let brief = &told[0]["kind"]["brief"];
    assert_eq!(
        (brief["day"].as_str(), brief["calls"].as_i64(), brief["incidents"].as_i64()),
        (Some(yesterday.to_string().as_str()), Some(3), Some(2))
    );
    assert_eq!(told[0]["day"], json!(yesterday.to_string()));
    assert_eq!(briefs(bell(&head).await).len(), 1);
    assert_eq!(briefs(bell(&supervisor).await), Vec::<Value>::new(), "who did not ask is not told");
    assert_eq!(briefs(bell(&operator).await), Vec::<Value>::new());

    deliver(&app).await;
    let hooks: Vec<Value> = receiver.take().iter().map(|r| serde_json::from_slice::<Value>(&r.body).unwrap()).collect();
    let hook = hooks.iter().find(|h| h["kind"]["kind"] == "morning_brief").expect("the brief by webhook");
    assert_eq!(hook["contact"], "kadis-chat");
    assert_eq!(hook["url"], json!(format!("/dasbor?from={yesterday}&to={yesterday}")));
    assert_eq!(hook["day"], json!(yesterday.to_string()));
    let title = hook["title"].as_str().unwrap();
    assert!(title.starts_with(&format!("Ringkasan {yesterday}: 3 panggilan, 2 kejadian")), "{title}");
    assert!(title.contains("Kejadian terbuka tertua sejak"), "{title}");
}
