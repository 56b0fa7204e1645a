//! Shifts: signing on and off, the roster, the pattern, who is told as "the supervisor on duty", and
//! the calls the staffing planner plans for. The test clock stands at Wednesday 18 November 2026,
//! 18:06 WIB: the afternoon shift (15:00 to 23:00) of the default pattern.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use tanggap_api::state::{Clock as _, IntakeSettings};
use tanggap_domain::{Day, Role};

use crate::dispatch::dispatched_fire;
use crate::helpers::{TestApp, fire_report, json_request};

on_both_backends!(
    an_operator_signs_on_to_the_shift_under_way_once_and_off_once,
    only_the_centers_staff_sign_on_and_only_supervisors_make_the_roster,
    a_supervisor_rosters_shifts_to_come_and_each_change_is_audited,
    the_shift_pattern_is_checked_set_audited_and_read_in_the_centers_time_zone,
    a_breach_escalates_to_the_supervisor_signed_on_and_else_to_the_one_rostered,
    the_planner_counts_the_calls_of_each_weekday_and_hour,
    the_outgoing_supervisor_hands_over_what_is_open_missed_and_blocked_and_the_incoming_one_acknowledges,
    a_handover_is_written_only_near_the_shifts_end_with_a_note,
    each_operator_and_each_shift_has_its_calls_handling_times_and_times_to_verify_and_dispatch,
);

fn shift(day: &str, index: u8) -> Value {
    json!({ "day": day, "index": index })
}

async fn an_operator_signs_on_to_the_shift_under_way_once_and_off_once(app: TestApp) {
    let operator = app.as_operator().await;
    let now = operator.get("/api/shifts/now").await;
    assert_eq!(now.status, StatusCode::OK, "{:#}", now.body);
    assert_eq!(now.body["current"]["id"], shift("2026-11-18", 1));
    assert_eq!(
        (now.body["current"]["starts"].as_str(), now.body["current"]["ends"].as_str()),
        (Some("15:00"), Some("23:00"))
    );
    assert_eq!(now.body["next"]["id"], shift("2026-11-18", 2));
    assert_eq!(now.body["me"], Value::Null);
    assert_eq!(now.body["on_duty"], json!([]));

    let on = operator.post("/api/shifts/sign-on", &json!({})).await;
    assert_eq!(on.status, StatusCode::CREATED, "{:#}", on.body);
    assert_eq!((on.body["shift"].clone(), on.body["rostered"].clone()), (shift("2026-11-18", 1), json!(false)));
    let again = operator.post("/api/shifts/sign-on", &json!({})).await;
    let problem = again.assert_problem(StatusCode::CONFLICT, "/problems/shift");
    assert!(problem["detail"].as_str().unwrap().contains("sudah hadir"), "{problem:#}");

    let now = operator.get("/api/shifts/now").await.body;
    assert_eq!(now["on_duty"][0]["username"], "test-operator");
    assert_eq!(now["on_duty"][0]["duty"], "signed_on");
    assert_eq!(now["me"]["on_at"], on.body["on_at"]);

    app.clock.advance(60);
    let off = operator.post("/api/shifts/sign-off", &json!({})).await;
    assert_eq!(off.status, StatusCode::OK, "{:#}", off.body);
    assert!(off.body["off_at"].is_string());
    operator.post("/api/shifts/sign-off", &json!({})).await.assert_problem(StatusCode::CONFLICT, "/problems/shift");
    let now = operator.get("/api/shifts/now").await.body;
    assert_eq!(now["on_duty"], json!([]), "gone home");
    assert_eq!(now["me"]["off_at"], off.body["off_at"]);
}

async fn only_the_centers_staff_sign_on_and_only_supervisors_make_the_roster(app: TestApp) {
    for role in [Role::AgencyOfficer, Role::AgencyHead, Role::Executive, Role::Admin] {
        let someone = app.as_role(role).await;
        let refused = someone.post("/api/shifts/sign-on", &json!({})).await;
        refused.assert_problem(StatusCode::FORBIDDEN, "/problems/forbidden");
    }
    let supervisor = app.as_role(Role::Supervisor).await;
    assert_eq!(supervisor.post("/api/shifts/sign-on", &json!({})).await.status, StatusCode::CREATED);
    let operator = app.as_operator().await;
    let edit = json!({ "people": ["test-operator"] });
    operator
        .put("/api/shifts/roster/2026-11-19/0", &edit)
        .await
        .assert_problem(StatusCode::FORBIDDEN, "/problems/forbidden");
    assert_eq!(operator.get("/api/shifts/roster").await.status, StatusCode::OK, "operators read the roster");
    let executive = app.as_role(Role::Executive).await;
    assert_eq!(executive.get("/api/shifts/now").await.status, StatusCode::OK);
    assert_eq!(executive.get("/api/shifts/demand").await.status, StatusCode::OK);
    operator.get("/api/shifts/demand").await.assert_problem(StatusCode::FORBIDDEN, "/problems/forbidden");
}

async fn a_supervisor_rosters_shifts_to_come_and_each_change_is_audited(app: TestApp) {
    let supervisor = app.as_role(Role::Supervisor).await;
    app.create_user("ani", Role::Operator, None).await;
    app.create_user("kadis", Role::AgencyHead, Some("DAMKAR")).await;
    let tomorrow_night = "/api/shifts/roster/2026-11-19/2";
    let saved = supervisor.put(tomorrow_night, &json!({ "people": ["ani", "test-supervisor"] })).await;
    assert_eq!(saved.status, StatusCode::OK, "{:#}", saved.body);
    let expected = json!({
        "month": "2026-11-01",
        "shifts": [{ "shift": shift("2026-11-19", 2), "people": ["ani", "test-supervisor"] }],
    });
    assert_eq!(saved.body, expected);

    let read = app.as_operator().await.get("/api/shifts/roster?month=2026-11").await;
    assert_eq!(read.status, StatusCode::OK, "{:#}", read.body);
    assert_eq!(read.body["roster"], expected);
    assert_eq!(read.body["pattern"], json!({ "starts": ["07:00", "15:00", "23:00"] }));
    let people: Vec<&str> =
        read.body["people"].as_array().unwrap().iter().map(|p| p["username"].as_str().unwrap()).collect();
    assert_eq!(
        people,
        ["test-supervisor", "ani", "test-operator"],
        "supervisors first, then operators; no agency staff"
    );
    let december = supervisor.get("/api/shifts/roster?month=2026-12").await;
    assert_eq!(december.body["roster"], json!({ "month": "2026-12-01", "shifts": [] }));

    // The shift under way may still change; one that has ended may not.
    let under_way = supervisor.put("/api/shifts/roster/2026-11-18/1", &json!({ "people": ["ani"] })).await;
    assert_eq!(under_way.status, StatusCode::OK, "{:#}", under_way.body);
    for (path, people) in [
        ("/api/shifts/roster/2026-11-18/0", json!(["ani"])),
        ("/api/shifts/roster/2026-11-19/3", json!(["ani"])),
        (tomorrow_night, json!(["kadis"])),
        (tomorrow_night, json!(["ani", "ani"])),
        (tomorrow_night, json!(["nobody"])),
    ] {
        let refused = supervisor.put(path, &json!({ "people": people })).await;
        refused.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "/problems/shift");
    }
    let bad_day = supervisor.put("/api/shifts/roster/19-11-2026/x", &json!({ "people": [] })).await;
    bad_day.assert_problem(StatusCode::BAD_REQUEST, "/problems/bad-request");
    assert_eq!(
        bad_day.field_errors(),
        [("day".to_owned(), "invalid".to_owned()), ("index".to_owned(), "invalid".to_owned())]
    );
    let unchanged = supervisor.get("/api/shifts/roster?month=2026-11").await.body["roster"]["shifts"].clone();
    assert_eq!(unchanged.as_array().unwrap().len(), 2, "refused edits change nothing: {unchanged:#}");
    supervisor
        .get("/api/shifts/roster?month=november")
        .await
        .assert_problem(StatusCode::BAD_REQUEST, "/problems/bad-request");

    let audit = app.as_admin().await.get("/api/audit").await.body;
    let details: Vec<&str> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "roster_changed")
        .map(|e| e["detail"].as_str().unwrap())
        .collect();
    assert_eq!(details, ["2026-11-18#1: ani", "2026-11-19#2: ani, test-supervisor"], "newest first");
}

async fn the_shift_pattern_is_checked_set_audited_and_read_in_the_centers_time_zone(app: TestApp) {
    let supervisor = app.as_role(Role::Supervisor).await;
    let bad_time = supervisor.put("/api/shifts/pattern", &json!({ "starts": ["8:00", "20:00"] })).await;
    bad_time.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "/problems/validation");
    assert_eq!(bad_time.field_errors(), [("starts".to_owned(), "invalid".to_owned())]);
    for starts in [json!(["20:00", "08:00"]), json!([]), json!(["08:00", "08:30"])] {
        let refused = supervisor.put("/api/shifts/pattern", &json!({ "starts": starts })).await;
        refused.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "/problems/shift");
    }
    let saved = supervisor.put("/api/shifts/pattern", &json!({ "starts": ["08:00", "20:00"] })).await;
    assert_eq!(saved.status, StatusCode::OK, "{:#}", saved.body);
    assert_eq!(saved.body, json!({ "starts": ["08:00", "20:00"] }));

    // 18:06 WIB is the day shift; the same instant is 20:06 WIT, the night shift.
    let now = supervisor.get("/api/shifts/now").await.body;
    assert_eq!(
        (now["current"]["id"].clone(), now["current"]["ends"].clone()),
        (shift("2026-11-18", 0), json!("20:00"))
    );
    let wit = app.with_state(|state| state.with_intake(IntakeSettings { block_hours: 24, utc_offset_hours: 9 }));
    let now = wit.with_token(supervisor.token.as_deref().unwrap()).get("/api/shifts/now").await.body;
    assert_eq!(now["current"]["id"], shift("2026-11-18", 1));
    assert_eq!(now["utc_offset_hours"], 9);
    assert_eq!(now["current"]["begins_at"], "2026-11-18T11:00:00Z", "20:00 WIT");

    let admin = app.as_admin().await;
    assert_eq!(admin.put("/api/shifts/pattern", &json!({ "starts": ["08:00", "20:00"] })).await.status, StatusCode::OK);
    let audit = admin.get("/api/audit").await.body;
    let details: Vec<&str> = audit["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "shift_pattern_changed")
        .map(|e| e["detail"].as_str().unwrap())
        .collect();
    assert_eq!(details, ["07:00, 15:00, 23:00 -> 08:00, 20:00"], "saving the same pattern again is no change");
}

/// The `breached` notifications escalated to a supervisor in `username`'s bell (signed in afresh: the
/// clock moves past an access token's life).
async fn escalations(app: &TestApp, username: &str) -> usize {
    let user = app.as_user(username, Role::Supervisor, None).await;
    let page = user.get("/api/notifications").await;
    assert_eq!(page.status, StatusCode::OK, "{:#}", page.body);
    page.body["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"]["kind"] == "breached" && n["kind"]["to"] == "supervisor")
        .count()
}

/// A P1 fire dispatched and left unacknowledged until the sweeper escalates it to the supervisor.
async fn escalated_fire(app: &TestApp) {
    let operator = app.as_operator().await;
    dispatched_fire(&operator, &["DAMKAR"]).await;
    app.clock.advance(6 * 60);
    tanggap_api::sweeper::run(&app.state, app.clock.now()).await.unwrap();
    app.clock.advance(10 * 60);
    tanggap_api::sweeper::run(&app.state, app.clock.now()).await.unwrap();
}

async fn a_breach_escalates_to_the_supervisor_signed_on_and_else_to_the_one_rostered(app: TestApp) {
    // Sri signs on; Budi is on the roster for this shift but has not come; Lina marked herself on duty.
    let sri = app.as_user("sri", Role::Supervisor, None).await;
    app.create_user("budi", Role::Supervisor, None).await;
    let lina = app.as_user("lina", Role::Supervisor, None).await;
    assert_eq!(lina.put("/api/me/notification-settings", &json!({ "on_duty": true })).await.status, StatusCode::OK);
    let rostered = sri.put("/api/shifts/roster/2026-11-18/1", &json!({ "people": ["budi"] })).await;
    assert_eq!(rostered.status, StatusCode::OK, "{:#}", rostered.body);
    assert_eq!(sri.post("/api/shifts/sign-on", &json!({})).await.status, StatusCode::CREATED);
    let on_duty = sri.get("/api/shifts/now").await.body["on_duty"].clone();
    let who: Vec<(&str, &str)> = on_duty
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["username"].as_str().unwrap(), p["duty"].as_str().unwrap()))
        .collect();
    assert_eq!(who, [("sri", "signed_on"), ("budi", "rostered")]);

    escalated_fire(&app).await;
    assert_eq!(
        (escalations(&app, "sri").await, escalations(&app, "budi").await, escalations(&app, "lina").await),
        (1, 0, 0)
    );

    // Sri goes home: the next escalation goes to the one the roster has on the shift.
    let sri = app.as_user("sri", Role::Supervisor, None).await;
    assert_eq!(sri.post("/api/shifts/sign-off", &json!({})).await.status, StatusCode::OK);
    escalated_fire(&app).await;
    assert_eq!(
        (escalations(&app, "sri").await, escalations(&app, "budi").await, escalations(&app, "lina").await),
        (1, 1, 0)
    );
}

async fn the_planner_counts_the_calls_of_each_weekday_and_hour(app: TestApp) {
    let operator = app.as_operator().await;
    let mut prank = fire_report();
    prank["category"] = json!("PRANK");
    for report in [fire_report(), fire_report(), fire_report(), prank] {
        operator.reported(&report).await;
    }
    let supervisor = app.as_role(Role::Supervisor).await;
    // Wednesday (2) at 18:00: four calls on the one Wednesday of the range.
    let one_day = supervisor.get("/api/shifts/demand?from=2026-11-18&to=2026-11-18").await;
    assert_eq!(one_day.status, StatusCode::OK, "{:#}", one_day.body);
    assert_eq!(one_day.body["calls"][2][18], 4.0);
    assert_eq!(one_day.body["total_calls"], 4);
    let hours: f64 = one_day.body["calls"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d.as_array().unwrap())
        .map(|c| c.as_f64().unwrap())
        .sum();
    assert_eq!(hours, 4.0, "no call anywhere else");
    // Two weeks hold two Wednesdays: two calls a Wednesday at 18:00, on average.
    let two_weeks = supervisor.get("/api/shifts/demand?from=2026-11-12&to=2026-11-25").await.body;
    assert_eq!(two_weeks["calls"][2][18], 2.0);
    assert_eq!(
        (two_weeks["calls"].as_array().unwrap().len(), two_weeks["calls"][0].as_array().unwrap().len()),
        (7, 24)
    );
    // By default the four weeks up to yesterday: today is not over.
    let default = supervisor.get("/api/shifts/demand").await.body;
    assert_eq!(
        (default["from"].as_str(), default["to"].as_str(), default["total_calls"].as_i64()),
        (Some("2026-10-21"), Some("2026-11-17"), Some(0))
    );
    assert_eq!(default["handling_seconds"], Value::Null);

    let bad = supervisor.get("/api/shifts/demand?from=18-11-2026").await;
    assert_eq!(bad.field_errors(), [("from".to_owned(), "invalid".to_owned())]);
    let reversed = supervisor.get("/api/shifts/demand?from=2026-11-18&to=2026-11-01").await;
    assert_eq!(reversed.field_errors(), [("to".to_owned(), "reversed".to_owned())]);
}

/// 22:30 WIB on Wednesday 18 November: half an hour before the afternoon shift ends.
fn half_an_hour_before_the_afternoon_ends() -> tanggap_domain::Timestamp {
    Day::parse("2026-11-18").unwrap().start(7).plus_seconds(22 * 3600 + 30 * 60)
}

async fn the_outgoing_supervisor_hands_over_what_is_open_missed_and_blocked_and_the_incoming_one_acknowledges(
    app: TestApp,
) {
    app.clock.set(half_an_hour_before_the_afternoon_ends());
    let operator = app.as_operator().await;
    // An open fire nobody has acknowledged: the sweeper finds DAMKAR's target missed during the shift.
    dispatched_fire(&operator, &["DAMKAR"]).await;
    operator.reported(&fire_report()).await;
    app.clock.advance(6 * 60);
    tanggap_api::sweeper::run(&app.state, app.clock.now()).await.unwrap();
    let sri = app.as_user("sri", Role::Supervisor, None).await;
    let blocked =
        sri.put("/api/callers/081234567890/block", &json!({ "reason": "Tiga panggilan iseng", "hours": 24 })).await;
    assert_eq!(blocked.status, StatusCode::OK, "{:#}", blocked.body);

    let path = "/api/shifts/2026-11-18/1";
    let record = sri.get(path).await;
    assert_eq!(record.status, StatusCode::OK, "{:#}", record.body);
    assert_eq!(record.body["handover"], Value::Null);
    let material = &record.body["material"];
    assert_eq!(material["open_count"], 2);
    assert_eq!(material["open"][0]["priority"], "P1");
    let breaches = material["breaches"].as_array().unwrap();
    assert_eq!(breaches.len(), 1, "{material:#}");
    assert_eq!(
        (breaches[0]["agency"].as_str(), breaches[0]["clock"].as_str()),
        (Some("DAMKAR"), Some("acknowledgement"))
    );
    assert_eq!(material["blocked"][0]["phone"], "+6281234567890");

    let written =
        sri.put(&format!("{path}/handover"), &json!({ "note": "Kebakaran Penajam: Damkar belum konfirmasi." })).await;
    assert_eq!(written.status, StatusCode::OK, "{:#}", written.body);
    assert_eq!(written.body["written_by"], "sri");
    assert_eq!(written.body["material"]["open_count"], 2);
    sri.post(&format!("{path}/handover/acknowledge"), &json!({}))
        .await
        .assert_problem(StatusCode::CONFLICT, "/problems/shift");

    // The night supervisor takes over at 23:00.
    app.clock.set(half_an_hour_before_the_afternoon_ends().plus_seconds(35 * 60));
    let budi = app.as_user("budi", Role::Supervisor, None).await;
    let acknowledged = budi.post(&format!("{path}/handover/acknowledge"), &json!({ "note": "Siap, dipantau." })).await;
    assert_eq!(acknowledged.status, StatusCode::OK, "{:#}", acknowledged.body);
    assert_eq!(
        (acknowledged.body["acknowledged"]["by"].as_str(), acknowledged.body["acknowledged"]["note"].as_str()),
        (Some("budi"), Some("Siap, dipantau."))
    );
    budi.post(&format!("{path}/handover/acknowledge"), &json!({}))
        .await
        .assert_problem(StatusCode::CONFLICT, "/problems/shift");
    let sri = app.as_user("sri", Role::Supervisor, None).await;
    let rewrite = sri.put(&format!("{path}/handover"), &json!({ "note": "ralat" })).await;
    rewrite.assert_problem(StatusCode::CONFLICT, "/problems/shift");

    // The shift's history keeps both, and what was handed over as it stood.
    let operator = app.as_operator().await;
    let history = operator.get(path).await.body;
    assert_eq!(history["handover"]["note"], "Kebakaran Penajam: Damkar belum konfirmasi.");
    assert_eq!(history["handover"]["acknowledged"]["by"], "budi");
    assert_eq!(history["handover"]["material"]["breaches"].as_array().unwrap().len(), 1);
    assert_eq!(history["material"], Value::Null, "handed over: nothing more to hand");
    let budi = app.as_user("budi", Role::Supervisor, None).await;
    let night = budi.get("/api/shifts/2026-11-18/2").await.body;
    assert_eq!(night["material"]["open_count"], 2, "the night shift's own, for its supervisor");
    let night_for_operator = operator.get("/api/shifts/2026-11-18/2").await.body;
    assert_eq!(night_for_operator["material"], Value::Null, "operators read what was written");
    operator
        .put(&format!("{path}/handover"), &json!({ "note": "x" }))
        .await
        .assert_problem(StatusCode::FORBIDDEN, "/problems/forbidden");
}

async fn a_handover_is_written_only_near_the_shifts_end_with_a_note(app: TestApp) {
    // 18:06: the afternoon shift ends at 23:00, too far off.
    let sri = app.as_user("sri", Role::Supervisor, None).await;
    let path = "/api/shifts/2026-11-18/1/handover";
    let early = sri.put(path, &json!({ "note": "terlalu awal" })).await;
    let problem = early.assert_problem(StatusCode::CONFLICT, "/problems/shift");
    assert!(problem["detail"].as_str().unwrap().contains("satu jam sebelum"), "{problem:#}");
    app.clock.set(half_an_hour_before_the_afternoon_ends());
    let sri = app.as_user("sri", Role::Supervisor, None).await;
    let empty = sri.put(path, &json!({ "note": "   " })).await;
    assert_eq!(empty.field_errors(), [("note".to_owned(), "required".to_owned())]);
    sri.put("/api/shifts/2026-11-18/3/handover", &json!({ "note": "x" }))
        .await
        .assert_problem(StatusCode::NOT_FOUND, "/problems/not-found");
    sri.post("/api/shifts/2026-11-18/1/handover/acknowledge", &json!({}))
        .await
        .assert_problem(StatusCode::CONFLICT, "/problems/shift");
    assert_eq!(sri.put(path, &json!({ "note": "Aman." })).await.status, StatusCode::OK);
    assert_eq!(
        sri.put(path, &json!({ "note": "Aman, ralat." })).await.body["note"],
        "Aman, ralat.",
        "rewritten until acknowledged"
    );
}

/// `report` as the intake form sends it, `seconds` after the call's first keystroke.
fn handled_in(mut report: Value, seconds: u32) -> Value {
    report["intake_seconds"] = json!(seconds);
    report
}

fn outcomes(figures: &Value) -> Vec<(String, i64)> {
    figures["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["outcome"].as_str().unwrap().to_owned(), o["calls"].as_i64().unwrap()))
        .collect()
}

async fn each_operator_and_each_shift_has_its_calls_handling_times_and_times_to_verify_and_dispatch(app: TestApp) {
    let ani = app.as_user("ani", Role::Operator, None).await;
    let budi = app.as_user("budi", Role::Operator, None).await;
    let mut prank = fire_report();
    prank["category"] = json!("PRANK");
    let fire = ani.reported(&handled_in(fire_report(), 50)).await;
    ani.reported(&handled_in(prank, 3)).await;
    // Left open overnight: not a handling time.
    budi.reported(&handled_in(fire_report(), 3 * 60 * 60)).await;
    // Budi verifies Ani's fire two minutes on and dispatches it a minute later: her call's times.
    app.clock.advance(120);
    let budi = app.as_user("budi", Role::Operator, None).await;
    let verified = budi.command(&fire, json!({ "command": "verify", "method": "callback" })).await;
    assert_eq!(verified.status, StatusCode::OK, "{:#}", verified.body);
    app.clock.advance(60);
    let dispatched =
        budi.command(&verified.body["incident"], json!({ "command": "dispatch", "agencies": ["DAMKAR"] })).await;
    assert_eq!(dispatched.status, StatusCode::OK, "{:#}", dispatched.body);
    // Budi links another caller's report to it: a duplicate call, his.
    let id = fire["id"].as_str().unwrap();
    let mut link = json_request(
        Method::POST,
        &format!("/api/incidents/{id}/reports"),
        &json!({ "caller_phone": "0813 5555 0001" }),
    );
    link.headers_mut().insert("idempotency-key", "second-caller-1".parse().unwrap());
    assert_eq!(budi.send(link).await.status, StatusCode::OK);

    let supervisor = app.as_role(Role::Supervisor).await;
    let answer = supervisor.get("/api/shifts/operators?from=2026-11-18&to=2026-11-18").await;
    assert_eq!(answer.status, StatusCode::OK, "{:#}", answer.body);
    let figures = &answer.body;
    let operators: Vec<(&str, i64)> = figures["operators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["username"].as_str().unwrap(), o["figures"]["calls"].as_i64().unwrap()))
        .collect();
    assert_eq!(operators, [("ani", 2), ("budi", 2)]);
    let ani_row = &figures["operators"][0];
    assert_eq!(ani_row["display_name"], "Test ani");
    assert_eq!(outcomes(&ani_row["figures"]), [("real".to_owned(), 1), ("PRANK".to_owned(), 1)]);
    let handling = &ani_row["figures"]["handling"];
    assert_eq!((handling["count"].as_i64(), handling["median_seconds"].as_i64()), (Some(2), Some(3)));
    assert!((48..=52).contains(&handling["p90_seconds"].as_i64().unwrap()), "{handling}");
    let to_verify = ani_row["figures"]["to_verify"]["median_seconds"].as_i64().unwrap();
    let to_dispatch = ani_row["figures"]["to_dispatch"]["median_seconds"].as_i64().unwrap();
    assert!((115..=125).contains(&to_verify) && (172..=188).contains(&to_dispatch), "{to_verify} {to_dispatch}");
    let budi_row = &figures["operators"][1];
    assert_eq!(outcomes(&budi_row["figures"]), [("real".to_owned(), 1), ("duplicate".to_owned(), 1)]);
    assert_eq!(budi_row["figures"]["handling"]["count"], 0, "three hours is a form left open, not counted");

    // Everything came in at 18:06, in the afternoon shift.
    let shifts: Vec<(&str, i64)> = figures["shifts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["starts"].as_str().unwrap(), s["figures"]["calls"].as_i64().unwrap()))
        .collect();
    assert_eq!(shifts, [("07:00", 0), ("15:00", 4), ("23:00", 0)]);
    assert_eq!(figures["total"]["calls"], 4);

    // The planner takes the measured average handling time: (50 + 3) / 2.
    let demand = supervisor.get("/api/shifts/demand?from=2026-11-18&to=2026-11-18").await.body;
    let handling = demand["handling_seconds"].as_f64().unwrap();
    assert!((handling - 26.5).abs() <= 26.5 * 0.0443 + 0.5, "{handling}");
    // Folding the counts changes no figure.
    tanggap_api::sweeper::run(&app.state, app.clock.now()).await.unwrap();
    let folded = supervisor.get("/api/shifts/operators?from=2026-11-18&to=2026-11-18").await.body;
    assert_eq!(
        (folded["operators"].clone(), folded["shifts"].clone()),
        (figures["operators"].clone(), figures["shifts"].clone())
    );
    app.as_operator()
        .await
        .get("/api/shifts/operators")
        .await
        .assert_problem(StatusCode::FORBIDDEN, "/problems/forbidden");
}
