//! Dispatch through the API: agencies' steps with delay reasons, support requests (answered by the
//! operator or by the category's rule), field photos through signed URLs, and the sweeper's breaches.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};
use tanggap_api::Clock as _;
use tanggap_domain::{Agency, AgencyCode, CategoryCode, Role, Target};

use crate::helpers::*;

/// The app with PDAM and PSC 119 in the catalog and FIRE's rule as seeded for the regency: supported by
/// PDAM and PSC 119, on scene within 15 minutes.
async fn center(app: TestApp) -> TestApp {
    for (code, name) in [("PDAM", "Perumda Air Minum"), ("PSC119", "PSC 119")] {
        let agency = Agency { code: AgencyCode::parse(code).unwrap(), name: name.into(), outside_regency: false };
        app.state.catalog.put_agency(&agency).await.unwrap();
    }
    let mut fire = app.state.catalog.category(&CategoryCode::parse("FIRE").unwrap()).await.unwrap().unwrap();
    fire.support_agencies = vec![AgencyCode::parse("PDAM").unwrap(), AgencyCode::parse("PSC119").unwrap()];
    fire.arrival_target = Some(Target::minutes(15));
    fire.completion_target = Some(Target::minutes(180));
    app.state.catalog.put_category(&fire).await.unwrap();
    app
}

/// A fire reported and verified by the operator, then dispatched to `agencies`.
pub(crate) async fn dispatched_fire(operator: &TestApp, agencies: &[&str]) -> Value {
    let incident = operator.reported(&fire_report()).await;
    let verified = operator.command(&incident, json!({ "command": "verify", "method": "callback" })).await;
    assert_eq!(verified.status, StatusCode::OK, "{:#}", verified.body);
    let dispatched =
        operator.command(&verified.body["incident"], json!({ "command": "dispatch", "agencies": agencies })).await;
    assert_eq!(dispatched.status, StatusCode::OK, "{:#}", dispatched.body);
    dispatched.body["incident"].clone()
}

fn step(agency: &str, step: &str) -> Value {
    json!({ "command": "update_assignment", "agency": agency, "update": { "step": step } })
}

fn assignment<'a>(incident: &'a Value, agency: &str) -> &'a Value {
    incident["assignments"].as_array().unwrap().iter().find(|a| a["agency"] == agency).expect("an assignment")
}

async fn a_late_acknowledgement_needs_a_delay_reason_and_keeps_it(app: TestApp) {
    let app = center(app).await;
    let operator = app.as_operator().await;
    let damkar = app.as_officer_of("DAMKAR").await;
    let incident = dispatched_fire(&operator, &["DAMKAR"]).await;
    app.clock.advance(6 * 60);

    let late = damkar.command(&incident, step("DAMKAR", "acknowledge")).await;
    late.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation");
    assert_eq!(late.field_errors(), [("delay".to_owned(), "required".to_owned())]);

    let mut with_reason = step("DAMKAR", "acknowledge");
    with_reason["delay"] = json!({ "kind": "no_fuel" });
    let acknowledged = damkar.command(&incident, with_reason).await;
    assert_eq!(acknowledged.status, StatusCode::OK, "{:#}", acknowledged.body);
    let steps = &assignment(&acknowledged.body["incident"], "DAMKAR")["steps"];
    assert_eq!(steps[1]["status"], "acknowledged");
    assert_eq!(steps[1]["by"], "officer-damkar");
    assert_eq!(steps[1]["delay"], json!({ "kind": "no_fuel" }));
    assert_eq!(steps[1]["outcome"], json!({ "result": "missed", "late_seconds": 60 }));
}

async fn an_officer_asks_for_support_and_the_operator_dispatches_it_in_one_action(app: TestApp) {
    let app = center(app).await;
    let operator = app.as_operator().await;
    let damkar = app.as_officer_of("DAMKAR").await;
    let incident = dispatched_fire(&operator, &["DAMKAR", "PDAM"]).await;
    let ask =
        json!({ "command": "request_support", "from": "DAMKAR", "agency": "PSC119", "note": "dua korban luka bakar" });
    let asked = damkar.command(&incident, ask).await;
    assert_eq!(asked.status, StatusCode::OK, "{:#}", asked.body);
    let asked = &asked.body["incident"];
    assert_eq!(asked["support_requests"][0]["agency"], "PSC119");
    assert!(asked["assignments"].as_array().unwrap().iter().all(|a| a["agency"] != "PSC119"));

    let dispatched = operator.command(asked, json!({ "command": "dispatch", "agencies": ["PSC119"] })).await;
    assert_eq!(dispatched.status, StatusCode::OK, "{:#}", dispatched.body);
    let incident = &dispatched.body["incident"];
    assert_eq!(incident["support_requests"], json!([]));
    assert_eq!(assignment(incident, "PSC119")["requested_by"], "DAMKAR");
}

async fn the_rule_dispatches_a_support_request_without_the_operator(app: TestApp) {
    let app = center(app).await;
    let mut fire = app.state.catalog.category(&CategoryCode::parse("FIRE").unwrap()).await.unwrap().unwrap();
    fire.support_direct = true;
    app.state.catalog.put_category(&fire).await.unwrap();
    let operator = app.as_operator().await;
    let damkar = app.as_officer_of("DAMKAR").await;
    let incident = dispatched_fire(&operator, &["DAMKAR"]).await;

    let ask = json!({ "command": "request_support", "from": "DAMKAR", "agency": "PDAM" });
    let asked = damkar.command(&incident, ask).await;
    assert_eq!(asked.status, StatusCode::OK, "{:#}", asked.body);
    assert_eq!(assignment(&asked.body["incident"], "PDAM")["status"], "dispatched");
    let kinds: Vec<&str> =
        asked.body["events"].as_array().unwrap().iter().map(|e| e["change"]["type"].as_str().unwrap()).collect();
    assert!(kinds.ends_with(&["support_requested", "dispatched"]), "{kinds:?}");
}

async fn an_officer_asks_for_support_only_in_the_name_of_their_own_agency(app: TestApp) {
    let app = center(app).await;
    let operator = app.as_operator().await;
    let damkar = app.as_officer_of("DAMKAR").await;
    let incident = dispatched_fire(&operator, &["DAMKAR", "PDAM"]).await;
    let ask = json!({ "command": "request_support", "from": "PDAM", "agency": "PSC119" });
    damkar.command(&incident, ask).await.assert_problem(StatusCode::FORBIDDEN, "/problems/forbidden");
    let unknown = json!({ "command": "request_support", "from": "DAMKAR", "agency": "NOPE" });
    let refused = damkar.command(&incident, unknown).await;
    assert_eq!(refused.field_errors(), [("agency".to_owned(), "invalid".to_owned())]);
}

/// Sends `request` to the file server, which answers with bytes, not JSON.
async fn send_file(files: &axum::Router, request: Request<Body>) -> (StatusCode, Option<String>) {
    use http_body_util::BodyExt as _;
    use tower::ServiceExt as _;
    let response = files.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let content_type = response.headers().get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap().to_owned());
    response.into_body().collect().await.unwrap();
    (status, content_type)
}

/// A real 2×2 PNG.
fn png() -> Vec<u8> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    let image = image::RgbImage::from_pixel(2, 2, image::Rgb([200, 40, 20]));
    image.write_to(&mut bytes, image::ImageFormat::Png).unwrap();
    bytes.into_inner()
}

async fn an_officer_uploads_a_photo_that_only_those_who_see_the_incident_can_view(app: TestApp) {
    let dir = tempfile::tempdir().unwrap();
    let photos = std::sync::Arc::new(tanggap_photos::LocalPhotos::new(dir.path(), [7; 32]));
    let app = center(app).await.with_state(|state| state.with_photos(photos.clone(), 1024 * 1024));
    // The file server checks its URLs' expiry against the real time.
    app.clock.set(tanggap_domain::Timestamp::from(time::OffsetDateTime::now_utc()));
    let files = tanggap_photos::local_router(photos);
    let operator = app.as_operator().await;
    let damkar = app.as_officer_of("DAMKAR").await;
    let incident = dispatched_fire(&operator, &["DAMKAR"]).await;
    let id = incident["id"].as_str().unwrap();

    let too_big = damkar
        .post(&format!("/api/incidents/{id}/photos"), &json!({ "content_type": "image/png", "size": 2_000_000 }))
        .await;
    assert_eq!(too_big.field_errors(), [("size".to_owned(), "too_many".to_owned())]);
    let bytes = png();
    let ticket = damkar
        .post(&format!("/api/incidents/{id}/photos"), &json!({ "content_type": "image/png", "size": bytes.len() }))
        .await;
    assert_eq!(ticket.status, StatusCode::OK, "{:#}", ticket.body);
    let photo = ticket.body["photo"].as_str().unwrap().to_owned();

    // Attaching before the upload finds nothing.
    let early = damkar.post(&format!("/api/incidents/{id}/photos/{photo}"), &json!({})).await;
    early.assert_problem(StatusCode::NOT_FOUND, "/problems/not-found");

    let mut upload = Request::builder().method(Method::PUT).uri(ticket.body["url"].as_str().unwrap());
    for h in ticket.body["headers"].as_array().unwrap() {
        upload = upload.header(h["name"].as_str().unwrap(), h["value"].as_str().unwrap());
    }
    let (uploaded, _) = send_file(&files, upload.body(Body::from(bytes.clone())).unwrap()).await;
    assert!(uploaded.is_success(), "{uploaded}");

    let attached = damkar.post(&format!("/api/incidents/{id}/photos/{photo}"), &json!({})).await;
    assert_eq!(attached.status, StatusCode::OK, "{:#}", attached.body);
    let recorded = &attached.body["incident"]["photos"][0];
    assert_eq!(recorded["id"], photo.as_str());
    assert_eq!((recorded["width"].as_u64(), recorded["agency"].as_str()), (Some(2), Some("DAMKAR")));
    // Attaching again changes nothing.
    let again = damkar.post(&format!("/api/incidents/{id}/photos/{photo}"), &json!({})).await;
    assert_eq!(again.body["incident"]["version"], attached.body["incident"]["version"]);

    let view = operator.get(&format!("/api/incidents/{id}/photos/{photo}")).await;
    assert_eq!(view.status, StatusCode::OK, "{:#}", view.body);
    let shown = send_file(&files, Request::get(view.body["url"].as_str().unwrap()).body(Body::empty()).unwrap()).await;
    assert_eq!(shown, (StatusCode::OK, Some("image/jpeg".to_owned())), "the viewing copy");
    let original = operator.get(&format!("/api/incidents/{id}/photos/{photo}?original=true")).await;
    let raw =
        send_file(&files, Request::get(original.body["url"].as_str().unwrap()).body(Body::empty()).unwrap()).await;
    assert_eq!(raw, (StatusCode::OK, Some("image/png".to_owned())), "the original");

    // An agency not on the incident sees neither the incident nor its photos.
    let bpbd = app.as_officer_of("BPBD").await;
    let hidden = bpbd.get(&format!("/api/incidents/{id}/photos/{photo}")).await;
    hidden.assert_problem(StatusCode::NOT_FOUND, "/problems/not-found");
}

async fn a_file_that_is_not_an_image_is_refused_when_attached(app: TestApp) {
    let dir = tempfile::tempdir().unwrap();
    let photos = std::sync::Arc::new(tanggap_photos::LocalPhotos::new(dir.path(), [9; 32]));
    let app = center(app).await.with_state(|state| state.with_photos(photos.clone(), 1024 * 1024));
    // The file server checks its URLs' expiry against the real time.
    app.clock.set(tanggap_domain::Timestamp::from(time::OffsetDateTime::now_utc()));
    let operator = app.as_operator().await;
    let damkar = app.as_officer_of("DAMKAR").await;
    let incident = dispatched_fire(&operator, &["DAMKAR"]).await;
    let id = incident["id"].as_str().unwrap();
    let text = b"not a picture at all".to_vec();
    let ticket = damkar
        .post(&format!("/api/incidents/{id}/photos"), &json!({ "content_type": "image/jpeg", "size": text.len() }))
        .await;
    let photo = ticket.body["photo"].as_str().unwrap();
    // The local file server already refuses a body that is not the declared image; S3 does not look,
    // so the file is put where S3 would have taken it.
    let stored = dir.path().join(format!("incidents/{id}/{photo}"));
    std::fs::create_dir_all(stored.parent().unwrap()).unwrap();
    std::fs::write(stored, text).unwrap();
    let refused = damkar.post(&format!("/api/incidents/{id}/photos/{photo}"), &json!({})).await;
    assert_eq!(refused.field_errors(), [("photo".to_owned(), "invalid".to_owned())]);
}

async fn the_sweeper_records_an_unacknowledged_p1_once_and_escalates_to_the_head_then_the_supervisor(app: TestApp) {
    let app = center(app).await;
    let operator = app.as_operator().await;
    let incident = dispatched_fire(&operator, &["DAMKAR"]).await;
    let id = incident["id"].as_str().unwrap();
    // Signs in afresh each time: the clock moves past an access token's life.
    let bell = |username: &'static str, role: Role, agency: Option<&'static str>| {
        let app = app.clone();
        async move {
            let user = app.as_user(username, role, agency).await;
            let page = user.get("/api/notifications").await;
            assert_eq!(page.status, StatusCode::OK, "{:#}", page.body);
            page.body["notifications"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|n| n["kind"]["kind"] == "breached" && n["kind"]["clock"] == "acknowledgement")
                .map(|n| n["kind"]["to"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    let head = || bell("kadis-damkar", Role::AgencyHead, Some("DAMKAR"));
    let supervisor = || bell("supervisor1", Role::Supervisor, None);
    app.create_user("kadis-damkar", Role::AgencyHead, Some("DAMKAR")).await;
    app.create_user("supervisor1", Role::Supervisor, None).await;

    app.clock.advance(5 * 60);
    let report = tanggap_api::sweeper::run(&app.state, app.clock.now()).await.unwrap();
    assert_eq!(report.events, 0, "due, not yet late");

    app.clock.advance(60);
    for _ in 0..3 {
        tanggap_api::sweeper::run(&app.state, app.clock.now()).await.unwrap();
    }
    let detail = app.as_operator().await.get(&format!("/api/incidents/{id}")).await.body;
    let breaches: Vec<&Value> =
        detail["events"].as_array().unwrap().iter().filter(|e| e["change"]["type"] == "sla_breached").collect();
    assert_eq!(breaches.len(), 1, "recorded once, not once per run");
    assert_eq!(breaches[0]["actor"]["kind"], "system");
    assert_eq!(head().await, ["agency_head"]);
    assert!(supervisor().await.is_empty());

    app.clock.advance(10 * 60);
    tanggap_api::sweeper::run(&app.state, app.clock.now()).await.unwrap();
    assert_eq!(supervisor().await, ["supervisor"]);
    assert_eq!(head().await, ["agency_head"], "the head is not told twice");
}

async fn an_officers_tap_on_a_version_the_sweeper_moved_on_still_counts_but_a_repeated_tap_conflicts(app: TestApp) {
    let app = center(app).await;
    let operator = app.as_operator().await;
    let incident = dispatched_fire(&operator, &["DAMKAR"]).await;
    app.clock.advance(6 * 60);
    tanggap_api::sweeper::run(&app.state, app.clock.now()).await.unwrap();
    let damkar = app.as_officer_of("DAMKAR").await;
    let mut late = step("DAMKAR", "acknowledge");
    late["delay"] = json!({ "kind": "access_blocked" });
    // Made on the version the phone showed, before the sweeper's breach.
    let acknowledged = damkar.command(&incident, late.clone()).await;
    assert_eq!(acknowledged.status, StatusCode::OK, "{:#}", acknowledged.body);
    assert_eq!(assignment(&acknowledged.body["incident"], "DAMKAR")["status"], "acknowledged");
    // The same tap again is about an assignment that has moved since: a conflict with the newest state.
    let again = damkar.command(&incident, late).await;
    again.assert_problem(StatusCode::CONFLICT, "/problems/version-conflict");
}

on_both_backends!(
    an_officers_tap_on_a_version_the_sweeper_moved_on_still_counts_but_a_repeated_tap_conflicts,
    a_late_acknowledgement_needs_a_delay_reason_and_keeps_it,
    an_officer_asks_for_support_and_the_operator_dispatches_it_in_one_action,
    the_rule_dispatches_a_support_request_without_the_operator,
    an_officer_asks_for_support_only_in_the_name_of_their_own_agency,
    an_officer_uploads_a_photo_that_only_those_who_see_the_incident_can_view,
    a_file_that_is_not_an_image_is_refused_when_attached,
    the_sweeper_records_an_unacknowledged_p1_once_and_escalates_to_the_head_then_the_supervisor,
);
