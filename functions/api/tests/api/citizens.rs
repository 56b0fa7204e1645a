//! The public's side through its pages: a citizen reports with a photo, follows the ticket, rates the
//! handling once; what they send is bounded, rate-limited and never stored when it is bad; and the
//! rating reaches the supervisors and the agency's figures. On both backends.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};
use tanggap_api::Clock as _;
use tanggap_api::notify::{self, Delivery};
use tanggap_channels::{SIGNATURE_HEADER, Webhook, verify_signature};
use tanggap_domain::Role;
use tanggap_photos::LocalPhotos;

use crate::helpers::*;
use crate::receiver::Server;

on_both_backends!(
    a_citizen_reports_a_fallen_tree_with_a_photo_and_rates_its_handling_once,
    the_tracking_page_shows_the_public_steps_and_nothing_of_the_reporter_or_the_center,
    the_same_report_sent_again_with_its_key_is_one_report,
    the_report_form_offers_only_the_public_categories_and_the_regencys_areas,
    bad_input_is_refused_with_a_clear_answer_and_nothing_is_stored,
    a_phone_that_reports_too_often_is_told_to_wait,
    an_address_that_tries_too_many_links_is_told_to_wait,
    a_poor_rating_tells_the_supervisor_on_duty,
    a_rating_before_the_handling_is_done_is_refused,
    a_report_from_a_blocked_number_is_taken_flagged_and_in_the_callers_history,
    an_operator_gives_a_caller_a_ticket_the_gateway_sends_its_link_and_then_the_link_to_rate,
    a_ticket_is_given_once_and_sending_it_needs_a_number_and_a_gateway,
    an_online_reporter_is_messaged_their_link_where_the_regency_has_a_gateway,
    a_reporter_says_it_is_not_solved_and_the_supervisor_reopens_it_for_a_new_dispatch,
    the_supervisor_may_answer_a_complaint_instead_and_the_reporter_reads_it,
    it_is_not_solved_is_taken_only_once_per_handling_and_within_7_days,
);

fn limits_per_phone() -> usize {
    tanggap_api::public::REPORTS_PER_PHONE
}

const BOUNDARY: &str = "tanggap-test-boundary";

/// A report form as the page sends it: its fields, and a photo when given.
fn report_form(fields: &[(&str, &str)], photo: Option<&[u8]>, address: &str) -> Request<Body> {
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    if let Some(photo) = photo {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"pohon.png\"\r\nContent-Type: image/png\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(photo);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    Request::builder()
        .method(Method::POST)
        .uri("/lapor")
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .header("x-forwarded-for", address)
        .body(Body::from(body))
        .unwrap()
}

/// A form-encoded post to `path`.
fn posted(path: &str, form: &str, address: &str) -> Request<Body> {
    Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("x-forwarded-for", address)
        .body(Body::from(form.to_owned()))
        .unwrap()
}

fn get(path: &str, address: &str) -> Request<Body> {
    Request::builder().uri(path).header("x-forwarded-for", address).body(Body::empty()).unwrap()
}

const KEY: &str = "01JDGZ6Q8X4T3N2M1K0H9G8F7E";

fn fallen_tree(phone: &str) -> Vec<(&'static str, String)> {
    vec![
        ("key", KEY.to_owned()),
        ("category", "TREE".to_owned()),
        ("description", "Pohon besar tumbang menutup jalan".to_owned()),
        ("district", WARU.to_owned()),
        ("village", API_API.to_owned()),
        ("landmark", "depan SD 2".to_owned()),
        ("lat", "-1.250000".to_owned()),
        ("lon", "116.800000".to_owned()),
        ("caller_phone", phone.to_owned()),
        ("caller_name", "Siti Aminah".to_owned()),
        ("website", String::new()),
    ]
}

fn fields<'a>(owned: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    owned.iter().map(|(name, value)| (*name, value.as_str())).collect()
}

/// A real 2×2 PNG.
fn png() -> Vec<u8> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    image::RgbImage::from_pixel(2, 2, image::Rgb([20, 140, 20])).write_to(&mut bytes, image::ImageFormat::Png).unwrap();
    bytes.into_inner()
}

fn with_photos(app: TestApp) -> (TestApp, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let photos = Arc::new(LocalPhotos::new(dir.path(), [3; 32]));
    (app.with_state(|state| state.with_photos(photos, 8 * 1024 * 1024)), dir)
}

/// Reports and returns the tracking path the answer leads to.
async fn reported(app: &TestApp, request: Request<Body>) -> String {
    let answer = app.send(request).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
    let location = answer.header("location").expect("on to the tracking page").to_owned();
    assert!(location.starts_with("/t/"), "{location}");
    location
}

/// The one incident on the board, as the operator sees it.
async fn the_incident(app: &TestApp) -> Value {
    let operator = app.as_operator().await;
    let board = operator.get("/api/incidents").await;
    let incidents = board.body["incidents"].as_array().unwrap();
    assert_eq!(incidents.len(), 1, "{:#}", board.body);
    operator.get(&format!("/api/incidents/{}", incidents[0]["id"].as_str().unwrap())).await.body
}

/// Verifies and dispatches the incident to BPBD, and BPBD works it to completion.
async fn handled(app: &TestApp, incident: &Value) {
    let operator = app.as_operator().await;
    let incident = operator.command(incident, json!({ "command": "verify", "method": "callback" })).await;
    assert_eq!(incident.status, StatusCode::OK, "{:#}", incident.body);
    dispatched_and_done(app, &incident.body["incident"]).await;
}

/// Dispatches BPBD to the verified incident, which works it to completion.
async fn dispatched_and_done(app: &TestApp, incident: &Value) {
    let operator = app.as_operator().await;
    let incident = operator.command(incident, json!({ "command": "dispatch", "agencies": ["BPBD"] })).await;
    assert_eq!(incident.status, StatusCode::OK, "{:#}", incident.body);
    let bpbd = app.as_officer_of("BPBD").await;
    let mut current = incident.body["incident"].clone();
    for step in [json!({ "step": "acknowledge" }), json!({ "step": "en_route" }), json!({ "step": "on_scene" })] {
        app.clock.advance(60);
        let next =
            bpbd.command(&current, json!({ "command": "update_assignment", "agency": "BPBD", "update": step })).await;
        assert_eq!(next.status, StatusCode::OK, "{:#}", next.body);
        current = next.body["incident"].clone();
    }
    let done = json!({ "command": "update_assignment", "agency": "BPBD", "update": { "step": "complete", "report": "Pohon dipotong" } });
    let done = bpbd.command(&current, done).await;
    assert_eq!(done.status, StatusCode::OK, "{:#}", done.body);
    assert_eq!(done.body["incident"]["status"], "resolved");
}

async fn a_citizen_reports_a_fallen_tree_with_a_photo_and_rates_its_handling_once(app: TestApp) {
    let (app, _photos) = with_photos(app);
    let tree = fallen_tree("0812 7000 0001");
    let tracking = reported(&app, report_form(&fields(&tree), Some(&png()), "10.0.0.1")).await;

    // On the operator's board: received, an online report with its ticket and the citizen's photo.
    let detail = the_incident(&app).await;
    let incident = &detail["incident"];
    assert_eq!((incident["status"].as_str(), incident["channel"].as_str()), (Some("received"), Some("online")));
    assert_eq!(incident["category"], "TREE");
    assert_eq!(incident["caller"]["phone"], "+6281270000001");
    assert_eq!(incident["location"]["village"]["name"], "Api-api");
    let code = incident["ticket"].as_str().expect("a ticket").to_owned();
    assert_eq!(incident["photos"].as_array().map(Vec::len), Some(1), "{incident:#}");
    assert_eq!(incident["photos"][0]["agency"], Value::Null);
    let kinds: Vec<&str> =
        detail["events"].as_array().unwrap().iter().map(|e| e["change"]["type"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["received", "ticket_issued", "photo_added"]);
    assert!(detail["events"].as_array().unwrap().iter().all(|e| e["actor"]["kind"] == "public"));
    // The table keeps the token's hash only.
    let token = tracking.trim_start_matches("/t/");
    assert!(!detail.to_string().contains(token), "the token is nowhere in the incident");

    let page = app.send(get(&tracking, "10.0.0.1")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.text.contains(&code), "the ticket's code: {}", page.text);
    assert_eq!(page.header("referrer-policy"), Some("no-referrer"));
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert!(!page.text.contains("name=\"stars\""), "no rating before it is done");

    handled(&app, incident).await;
    let done = app.send(get(&tracking, "10.0.0.1")).await;
    for step in ["received", "verified", "dispatched", "on_the_way", "on_scene", "done"] {
        assert!(done.text.contains(&format!("class=\"done\" data-step=\"{step}\"")), "{step} reached: {}", done.text);
    }
    assert!(done.text.contains("name=\"stars\""), "the rating form");

    let rated = app.send(posted(&format!("{tracking}/nilai"), "stars=4&comment=Cepat+ditangani", "10.0.0.1")).await;
    assert_eq!(rated.status, StatusCode::SEE_OTHER, "{}", rated.text);
    assert_eq!(rated.header("location"), Some(tracking.as_str()));
    let again = app.send(posted(&format!("{tracking}/nilai"), "stars=1", "10.0.0.1")).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.text);
    assert!(again.text.contains("sudah dinilai"), "{}", again.text);
    let shown = app.send(get(&tracking, "10.0.0.1")).await;
    assert!(shown.text.contains("4 dari 5 bintang") && !shown.text.contains("name=\"stars\""), "{}", shown.text);

    // The supervisors' list, and the agency's figures.
    let supervisor = app.as_role(Role::Supervisor).await;
    let ratings = supervisor.get("/api/ratings").await;
    assert_eq!(ratings.status, StatusCode::OK, "{:#}", ratings.body);
    let rating = &ratings.body["ratings"][0];
    assert_eq!((rating["stars"].as_u64(), rating["comment"].as_str()), (Some(4), Some("Cepat ditangani")));
    assert_eq!((rating["ticket"].as_str(), rating["agencies"].clone()), (Some(code.as_str()), json!(["BPBD"])));
    assert!(!ratings.text.contains("Siti") && !ratings.text.contains("7000"), "nothing of the reporter");
    app.as_operator().await.get("/api/ratings").await.assert_problem(StatusCode::FORBIDDEN, "/problems/forbidden");

    let figures = app.as_role(Role::Executive).await.get("/api/dashboard?range=today").await;
    let bpbd = figures.body["agencies"].as_array().unwrap().iter().find(|row| row["agency"] == "BPBD").unwrap().clone();
    assert_eq!((bpbd["rated"].as_i64(), bpbd["average_rating"].as_f64()), (Some(1), Some(4.0)), "{bpbd:#}");
}

async fn the_tracking_page_shows_the_public_steps_and_nothing_of_the_reporter_or_the_center(app: TestApp) {
    let tree = fallen_tree("0812 7000 0002");
    let tracking = reported(&app, report_form(&fields(&tree), None, "10.0.0.2")).await;
    let incident = the_incident(&app).await["incident"].clone();
    let operator = app.as_operator().await;
    operator.command(&incident, json!({ "command": "add_note", "text": "Penelepon terdengar mabuk" })).await;
    let page = app.send(get(&tracking, "10.0.0.2")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("Pohon tumbang") && page.text.contains("data-step=\"received\""), "{}", page.text);
    for private in ["Siti", "0812", "+62812", "mabuk", "depan SD 2", "Pohon besar tumbang", "operator"] {
        assert!(!page.text.contains(private), "the page shows {private:?}: {}", page.text);
    }
    let english = app.send(get(&format!("{tracking}?lang=en"), "10.0.0.2")).await;
    assert!(english.text.contains("Report received") && english.text.contains("lang=\"en\""), "{}", english.text);
}

async fn the_same_report_sent_again_with_its_key_is_one_report(app: TestApp) {
    let tree = fallen_tree("0812 7000 0003");
    let first = reported(&app, report_form(&fields(&tree), None, "10.0.0.3")).await;
    // More retries than the phone may send reports in an hour: a retry is not another report.
    for _ in 0..limits_per_phone() + 2 {
        let again = reported(&app, report_form(&fields(&tree), None, "10.0.0.3")).await;
        assert_eq!(first, again, "the retry leads to the same ticket");
    }
    the_incident(&app).await;
    // The same key with another report is not taken as a retry of the first.
    let mut other = tree.clone();
    other[2].1 = "Pohon lain tumbang".to_owned();
    let refused = app.send(report_form(&fields(&other), None, "10.0.0.3")).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
    the_incident(&app).await;
}

async fn the_report_form_offers_only_the_public_categories_and_the_regencys_areas(app: TestApp) {
    let form = app.send(get("/lapor", "10.0.0.4")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.header("content-type").is_some_and(|t| t.starts_with("text/html")));
    assert!(form.text.contains("value=\"TREE\""), "{}", form.text);
    assert!(!form.text.contains("value=\"FIRE\"") && !form.text.contains("value=\"PRANK\""), "call 112 for those");
    assert!(form.text.contains(&format!("value=\"{API_API}\"")) && form.text.contains(&format!("value=\"{WARU}\"")));
    assert!(!form.text.contains(MANGGAR), "no area of another regency");
    assert!(form.text.contains("name=\"website\""), "the honeypot");
    let english = app.send(get("/lapor?lang=en", "10.0.0.4")).await;
    assert!(english.text.contains("Fallen tree") && english.text.contains("Send the report"), "{}", english.text);
}

async fn bad_input_is_refused_with_a_clear_answer_and_nothing_is_stored(app: TestApp) {
    let (app, _photos) = with_photos(app);
    let with = |name: &'static str, value: &str| {
        let mut tree = fallen_tree("0812 7000 0004");
        tree.retain(|(field, _)| *field != name);
        tree.push((name, value.to_owned()));
        tree
    };
    // Markup in what the citizen types, and a form shown again with it as text, never as markup.
    let script =
        app.send(report_form(&fields(&with("description", "<script>alert(1)</script>")), None, "10.0.1.1")).await;
    assert_eq!(script.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", script.text);
    assert!(script.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !script.text.contains("<script>alert"));
    // A category the public may not report, an unknown village, no phone, a robot's honeypot.
    for refused in [
        with("category", "FIRE"),
        with("village", "64.09.02.9999"),
        with("caller_phone", ""),
        with("website", "http://spam"),
    ] {
        let answer = app.send(report_form(&fields(&refused), None, "10.0.1.2")).await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{refused:?}: {}", answer.text);
    }
    // Not an image; a body larger than the limit; not a form at all.
    let not_image =
        app.send(report_form(&fields(&fallen_tree("0812 7000 0004")), Some(b"GIF89a not really"), "10.0.1.3")).await;
    assert_eq!(not_image.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", not_image.text);
    let huge = vec![0u8; tanggap_api::public::PHOTO_MAX_BYTES + 128 * 1024];
    let too_large = app.send(report_form(&fields(&fallen_tree("0812 7000 0004")), Some(&huge), "10.0.1.3")).await;
    assert_eq!(too_large.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", too_large.text);
    let as_json = app.send(json_request(Method::POST, "/lapor", &json!({ "category": "TREE" }))).await;
    assert_eq!(as_json.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", as_json.text);
    assert!(as_json.header("content-type").is_some_and(|t| t.starts_with("text/html")), "a page for people");
    // A link that opens nothing.
    for token in ["01JDGZ6Q8X4T3N2M1K0H9G8F7E", "%3Cscript%3E", "x"] {
        let missing = app.send(get(&format!("/t/{token}"), "10.0.1.4")).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND, "{token}");
    }
    let board = app.as_operator().await.get("/api/incidents").await;
    assert_eq!(board.body["incidents"], json!([]), "nothing stored");
}

async fn a_phone_that_reports_too_often_is_told_to_wait(app: TestApp) {
    for i in 0..5 {
        let mut tree = fallen_tree("0812 7000 0005");
        tree[0].1 = format!("01JDGZ6Q8X4T3N2M1K0H9G8F7{}", i);
        reported(&app, report_form(&fields(&tree), None, &format!("10.0.2.{i}"))).await;
    }
    let mut sixth = fallen_tree("0812 7000 0005");
    sixth[0].1 = "01JDGZ6Q8X4T3N2M1K0H9G8F79".to_owned();
    let refused = app.send(report_form(&fields(&sixth), None, "10.0.2.9")).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS, "{}", refused.text);
    assert!(refused.header("retry-after").is_some_and(|s| s.parse::<u64>().unwrap() > 0));
    let board = app.as_operator().await.get("/api/incidents").await;
    assert_eq!(board.body["incidents"].as_array().unwrap().len(), 5, "the sixth is not stored");
    // An hour later the number may report again.
    app.clock.advance(3600);
    reported(&app, report_form(&fields(&sixth), None, "10.0.2.9")).await;
}

async fn an_address_that_tries_too_many_links_is_told_to_wait(app: TestApp) {
    let tree = fallen_tree("0812 7000 0006");
    let tracking = reported(&app, report_form(&fields(&tree), None, "10.0.3.1")).await;
    for i in 0..20 {
        let guess = app.send(get(&format!("/t/01JDGZ6Q8X4T3N2M1K0H9G8F{i:02}"), "10.0.3.2")).await;
        assert_eq!(guess.status, StatusCode::NOT_FOUND);
    }
    let blocked = app.send(get(&tracking, "10.0.3.2")).await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS, "even a good link, from the guessing address");
    assert_eq!(app.send(get(&tracking, "10.0.3.1")).await.status, StatusCode::OK, "another address is not held");
}

async fn a_poor_rating_tells_the_supervisor_on_duty(app: TestApp) {
    let supervisor = app.as_role(Role::Supervisor).await;
    let tracking = reported(&app, report_form(&fields(&fallen_tree("0812 7000 0007")), None, "10.0.4.1")).await;
    let incident = the_incident(&app).await["incident"].clone();
    handled(&app, &incident).await;
    let rated = app.send(posted(&format!("{tracking}/nilai"), "stars=2&comment=Lama+sekali", "10.0.4.1")).await;
    assert_eq!(rated.status, StatusCode::SEE_OTHER, "{}", rated.text);
    let notifications = supervisor.get("/api/notifications").await;
    let kinds: Vec<&Value> =
        notifications.body["notifications"].as_array().unwrap().iter().map(|n| &n["kind"]).collect();
    assert!(kinds.contains(&&json!({ "kind": "poor_rating", "stars": 2 })), "{:#}", notifications.body);
}

async fn a_rating_before_the_handling_is_done_is_refused(app: TestApp) {
    let tracking = reported(&app, report_form(&fields(&fallen_tree("0812 7000 0008")), None, "10.0.5.1")).await;
    let early = app.send(posted(&format!("{tracking}/nilai"), "stars=5", "10.0.5.1")).await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.text);
    let no_stars = app.send(posted(&format!("{tracking}/nilai"), "comment=bagus", "10.0.5.1")).await;
    assert_eq!(no_stars.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", no_stars.text);
    let incident = the_incident(&app).await;
    assert_eq!(incident["incident"]["rating"], Value::Null);
}

async fn a_report_from_a_blocked_number_is_taken_flagged_and_in_the_callers_history(app: TestApp) {
    let supervisor = app.as_role(Role::Supervisor).await;
    let blocked = supervisor
        .send(json_request(Method::PUT, "/api/callers/081270000009/block", &json!({ "reason": "iseng berulang" })))
        .await;
    assert_eq!(blocked.status, StatusCode::OK, "{:#}", blocked.body);
    reported(&app, report_form(&fields(&fallen_tree("0812 7000 0009")), None, "10.0.6.1")).await;
    let incident = the_incident(&app).await["incident"].clone();
    assert_eq!(incident["caller_blocked"], true, "taken, but flagged like a call");
    let history = app.as_operator().await.get("/api/callers/081270000009").await;
    assert_eq!(history.status, StatusCode::OK, "{:#}", history.body);
    assert_eq!(history.body["calls"][0]["incident"], incident["id"]);
}

// ---- tickets for calls, messages to reporters ----------------------------------------------------------

const SECRET: &str = "the regency gateway's secret";
const SITE: &str = "https://112.ppu.example.go.id";

/// The app with the regency's gateway at `gateway` (a webhook) and the site's address.
fn with_gateway(app: &TestApp, gateway: &Server) -> TestApp {
    let webhook = Webhook::new(format!("{}/gateway", gateway.url), SECRET).unwrap();
    app.with_state(|state| state.with_delivery(Delivery::new(None, Some(webhook)).with_site_url(Some(SITE.into()))))
}

/// What the gateway was sent since last asked, each checked for its signature.
fn messages(gateway: &Server, app: &TestApp) -> Vec<Value> {
    let now = app.clock.now().unix_millis() / 1000;
    gateway
        .take()
        .into_iter()
        .map(|received| {
            let signature = received.header(SIGNATURE_HEADER);
            assert!(verify_signature(SECRET, signature, &received.body, now, 300), "signed by the center");
            serde_json::from_slice(&received.body).unwrap()
        })
        .collect()
}

/// A call about a fallen tree, as an operator logs it.
fn fallen_tree_call() -> Value {
    let mut report = fire_report();
    report["category"] = json!("TREE");
    report["description"] = json!("Pohon tumbang menimpa rumah");
    report
}

async fn an_operator_gives_a_caller_a_ticket_the_gateway_sends_its_link_and_then_the_link_to_rate(app: TestApp) {
    let gateway = Server::start(StatusCode::OK).await;
    let app = with_gateway(&app, &gateway);
    let operator = app.as_operator().await;
    let incident = operator.reported(&fallen_tree_call()).await;
    let id = incident["id"].as_str().unwrap();

    let ticket = operator.post(&format!("/api/incidents/{id}/ticket"), &json!({ "send": true })).await;
    assert_eq!(ticket.status, StatusCode::CREATED, "{:#}", ticket.body);
    let (code, link) = (ticket.body["code"].as_str().unwrap(), ticket.body["link"].as_str().unwrap());
    assert_eq!(ticket.body["sent"], true);
    assert!(link.starts_with("/t/"), "{link}");
    assert_eq!(notify::deliver_due(&app.state, app.clock.now()).await.sent, 1);
    let sent = messages(&gateway, &app);
    assert_eq!(sent.len(), 1, "{sent:#?}");
    assert_eq!(
        (sent[0]["kind"].as_str(), sent[0]["contact"].as_str()),
        (Some("reporter_ticket"), Some("+6281234567890"))
    );
    assert_eq!(sent[0]["url"], format!("{SITE}{link}"));
    let text = sent[0]["text"].as_str().unwrap();
    assert!(text.contains(code) && text.contains(&format!("{SITE}{link}")), "{text}");

    // The link is the caller's tracking page; the incident holds the code, never the token.
    let page = app.send(get(link, "10.0.7.1")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.text.contains(code));
    let detail = operator.get(&format!("/api/incidents/{id}")).await;
    assert_eq!(detail.body["incident"]["ticket"], code);
    assert!(!detail.text.contains(link.trim_start_matches("/t/")), "the token is not in the incident");

    // Once the handling is done, the link to rate follows, to the same number.
    handled(&app, &detail.body["incident"]).await;
    assert_eq!(notify::deliver_due(&app.state, app.clock.now()).await.sent, 1);
    let sent = messages(&gateway, &app);
    assert_eq!(
        (sent[0]["kind"].as_str(), sent[0]["url"].as_str()),
        (Some("reporter_rate"), Some(&*format!("{SITE}{link}")))
    );
    let text = sent[0]["text"].as_str().unwrap();
    assert!(text.contains("Beri penilaian") && text.chars().count() <= 160, "one SMS: {text}");
    let rated = app.send(posted(&format!("{link}/nilai"), "stars=5", "10.0.7.1")).await;
    assert_eq!(rated.status, StatusCode::SEE_OTHER, "{}", rated.text);
}

async fn a_ticket_is_given_once_and_sending_it_needs_a_number_and_a_gateway(app: TestApp) {
    let operator = app.as_operator().await;
    let incident = operator.reported(&fallen_tree_call()).await;
    let path = format!("/api/incidents/{}/ticket", incident["id"].as_str().unwrap());
    // No gateway in this deployment: nothing to send with, and nothing given.
    let refused = operator.post(&path, &json!({ "send": true })).await;
    refused.assert_problem(StatusCode::CONFLICT, "/problems/lifecycle");
    assert!(refused.text.contains("gateway") || refused.text.contains("webhook"), "{}", refused.text);
    let detail = operator.get(&format!("/api/incidents/{}", incident["id"].as_str().unwrap())).await;
    assert_eq!(detail.body["incident"]["ticket"], Value::Null, "nothing given");
    // Without sending, the code and link are the operator's to say.
    let given = operator.post(&path, &json!({ "send": false, "lang": "en" })).await;
    assert_eq!((given.status, given.body["sent"].as_bool()), (StatusCode::CREATED, Some(false)), "{:#}", given.body);
    assert!(given.body["link"].as_str().unwrap().ends_with("?lang=en"));
    operator.post(&path, &json!({})).await.assert_problem(StatusCode::CONFLICT, "/problems/lifecycle");
    // A call with no number has nobody to send to, even with a gateway.
    let gateway = Server::start(StatusCode::OK).await;
    let app = with_gateway(&app, &gateway);
    let operator = app.as_operator().await;
    let mut anonymous = fallen_tree_call();
    anonymous.as_object_mut().unwrap().remove("caller_phone");
    let incident = operator.reported(&anonymous).await;
    let path = format!("/api/incidents/{}/ticket", incident["id"].as_str().unwrap());
    operator.post(&path, &json!({ "send": true })).await.assert_problem(StatusCode::CONFLICT, "/problems/lifecycle");
    // An agency's people do not give tickets.
    app.as_officer_of("BPBD")
        .await
        .post(&path, &json!({}))
        .await
        .assert_problem(StatusCode::FORBIDDEN, "/problems/forbidden");
    assert_eq!(notify::deliver_due(&app.state, app.clock.now()).await.sent, 0);
    assert!(gateway.take().is_empty(), "nothing sent");
}

async fn an_online_reporter_is_messaged_their_link_where_the_regency_has_a_gateway(app: TestApp) {
    let gateway = Server::start(StatusCode::OK).await;
    let app = with_gateway(&app, &gateway);
    let tracking = reported(&app, report_form(&fields(&fallen_tree("0812 7000 0010")), None, "10.0.8.1")).await;
    notify::deliver_due(&app.state, app.clock.now()).await;
    let sent = messages(&gateway, &app);
    assert_eq!(sent.len(), 1, "{sent:#?}");
    assert_eq!(
        (sent[0]["kind"].as_str(), sent[0]["contact"].as_str()),
        (Some("reporter_ticket"), Some("+6281270000010"))
    );
    assert_eq!(sent[0]["url"], format!("{SITE}{tracking}"));
}

/// Posts "not solved" on the ticket at `tracking`.
async fn not_solved(app: &TestApp, tracking: &str, comment: &str) -> TestResponse {
    app.send(posted(&format!("{tracking}/belum"), &format!("comment={comment}"), "10.0.9.1")).await
}

async fn a_reporter_says_it_is_not_solved_and_the_supervisor_reopens_it_for_a_new_dispatch(app: TestApp) {
    // The supervisor's account exists (and is on duty) before the complaint comes.
    app.as_role(Role::Supervisor).await;
    let tracking = reported(&app, report_form(&fields(&fallen_tree("0812 7000 0011")), None, "10.0.9.1")).await;
    let early = not_solved(&app, &tracking, "belum").await;
    assert_eq!(early.status, StatusCode::CONFLICT, "not before it is done: {}", early.text);
    let incident = the_incident(&app).await["incident"].clone();
    handled(&app, &incident).await;
    let page = app.send(get(&tracking, "10.0.9.1")).await;
    assert!(page.text.contains("id=\"not-solved\""), "the form, once done: {}", page.text);

    app.clock.advance(2 * 24 * 3600);
    let said = not_solved(&app, &tracking, "Batang+pohon+masih+di+jalan").await;
    assert_eq!(said.status, StatusCode::SEE_OTHER, "{}", said.text);
    let page = app.send(get(&tracking, "10.0.9.1")).await;
    assert!(page.text.contains("Pengawas pusat 112 akan membuka kembali") && !page.text.contains("id=\"not-solved\""));
    // Signed in again: two days outlast a session's access token.
    let supervisor = app.as_role(Role::Supervisor).await;
    let bell = supervisor.get("/api/notifications").await;
    let kinds: Vec<&Value> = bell.body["notifications"].as_array().unwrap().iter().map(|n| &n["kind"]).collect();
    assert!(kinds.contains(&&json!({ "kind": "not_solved" })), "{:#}", bell.body);
    let detail = the_incident_by_id(&app, &incident).await;
    assert_eq!(detail["incident"]["complaint"]["comment"], "Batang pohon masih di jalan");

    // Reopening is the supervisor's: the operator is refused.
    let current = detail["incident"].clone();
    let reopen = json!({ "command": "reopen", "reason": "Batang pohon belum disingkirkan" });
    app.as_operator()
        .await
        .command(&current, reopen.clone())
        .await
        .assert_problem(StatusCode::FORBIDDEN, "/problems/forbidden");
    let reopened = supervisor.command(&current, reopen).await;
    assert_eq!(reopened.status, StatusCode::OK, "{:#}", reopened.body);
    let reopened = &reopened.body["incident"];
    assert_eq!(reopened["status"], "verified", "back to waiting for a dispatch");
    assert_eq!(reopened["milestones"]["resolved_at"], Value::Null);
    let board = app.as_operator().await.get("/api/incidents").await;
    assert_eq!(board.body["incidents"][0]["id"], reopened["id"], "on the board again");
    let page = app.send(get(&tracking, "10.0.9.1")).await;
    assert!(
        page.text.contains("dibuka kembali") && !page.text.contains("class=\"done\" data-step=\"done\""),
        "{}",
        page.text
    );
    // A second "not solved" while it is being handled again is refused.
    assert_eq!(not_solved(&app, &tracking, "lagi").await.status, StatusCode::CONFLICT);

    // Dispatched and done again: the reporter may rate it.
    dispatched_and_done(&app, reopened).await;
    let rated = app.send(posted(&format!("{tracking}/nilai"), "stars=3", "10.0.9.1")).await;
    assert_eq!(rated.status, StatusCode::SEE_OTHER, "{}", rated.text);
}

async fn the_supervisor_may_answer_a_complaint_instead_and_the_reporter_reads_it(app: TestApp) {
    let supervisor = app.as_role(Role::Supervisor).await;
    let tracking = reported(&app, report_form(&fields(&fallen_tree("0812 7000 0012")), None, "10.0.9.1")).await;
    let incident = the_incident(&app).await["incident"].clone();
    handled(&app, &incident).await;
    let current = the_incident_by_id(&app, &incident).await["incident"].clone();
    let answer = json!({ "command": "answer_complaint", "answer": "Sudah dicek" });
    supervisor.command(&current, answer).await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "/problems/lifecycle");
    assert_eq!(not_solved(&app, &tracking, "Masih+ada+ranting").await.status, StatusCode::SEE_OTHER);
    let current = the_incident_by_id(&app, &incident).await["incident"].clone();
    let answer = json!({ "command": "answer_complaint", "answer": "Ranting <kecil> diangkut DLH besok pagi" });
    let answered = supervisor.command(&current, answer).await;
    assert_eq!(answered.status, StatusCode::OK, "{:#}", answered.body);
    assert_eq!(answered.body["incident"]["status"], "resolved", "answered, not reopened");
    let page = app.send(get(&tracking, "10.0.9.1")).await;
    assert!(page.text.contains("Jawaban pusat 112:"), "{}", page.text);
    assert!(
        page.text.contains("Ranting &lt;kecil&gt; diangkut DLH besok pagi"),
        "as text, never markup: {}",
        page.text
    );
    let again = json!({ "command": "reopen", "reason": "tetap dibuka" });
    let refused = supervisor.command(&answered.body["incident"], again).await;
    refused.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "/problems/lifecycle");
}

async fn it_is_not_solved_is_taken_only_once_per_handling_and_within_7_days(app: TestApp) {
    let tracking = reported(&app, report_form(&fields(&fallen_tree("0812 7000 0013")), None, "10.0.9.1")).await;
    let incident = the_incident(&app).await["incident"].clone();
    handled(&app, &incident).await;
    let markup = not_solved(&app, &tracking, "%3Cscript%3Ealert(1)%3C%2Fscript%3E").await;
    assert_eq!(markup.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", markup.text);
    app.clock.advance(7 * 24 * 3600 + 60);
    let late = not_solved(&app, &tracking, "masih").await;
    assert_eq!(late.status, StatusCode::CONFLICT, "{}", late.text);
    assert!(late.text.contains("lewat 7 hari"), "{}", late.text);
    assert!(!late.text.contains("id=\"not-solved\""), "no form past its time");
    let detail = the_incident_by_id(&app, &incident).await;
    assert_eq!(detail["incident"]["complaint"], Value::Null, "nothing stored");
}

/// The incident as the operator reads it now.
async fn the_incident_by_id(app: &TestApp, incident: &Value) -> Value {
    app.as_operator().await.get(&format!("/api/incidents/{}", incident["id"].as_str().unwrap())).await.body
}
