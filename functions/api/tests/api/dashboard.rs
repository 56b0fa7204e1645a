//! The regent's dashboard through the API: every figure of a small day worked out by hand below, and
//! the day before it for the comparison, on both backends.
//!
//! Sunday 15 November 2026 (WIB): a fire in Api-api (Waru) at 10:00, verified and closed as a false
//! report; a prank call at 10:30.
//!
//! Monday 16 November 2026 (WIB), FIRE with targets 5 min to acknowledge, 15 to arrive, 180 to complete:
//! - 08:00 fire A in Tanjung Tengah (Penajam): Damkar acknowledges at 08:03 (180 s, on time), arrives at
//!   08:20 (1200 s, late: access blocked), completes at 09:00 (3600 s, on time); resolved.
//! - 09:00 fire B in Api-api (Waru): Damkar and BPBD; BPBD declines at 09:05; Damkar acknowledges at
//!   09:10 (600 s, late: no fuel); a second caller is linked at 09:30. Still open.
//! - 10:00 fallen tree in Tanjung Tengah: verified, closed as a false report.
//! - 11:00 a prank call. 11:30 fire C in Api-api, merged into fire B as the same fire.
//!
//! So on Monday: 6 calls (3 real, 2 duplicates, 1 prank), 3 incidents, 3 verified, 2 dispatched,
//! 1 resolved, 1 closed as false; on Sunday 2 calls (1 real, 1 prank), 1 incident, verified, closed
//! as false.

use axum::http::StatusCode;
use serde_json::{Value, json};
use tanggap_api::Clock as _;
use tanggap_domain::dashboard::histogram::RELATIVE_ERROR;
use tanggap_domain::{CategoryCode, Target, Timestamp};

use crate::helpers::*;

on_both_backends!(
    every_figure_of_a_day_matches_the_hand_count_beside_the_day_before,
    the_filters_keep_only_the_cells_they_name,
    a_bad_range_or_filter_is_a_400_naming_the_parameter,
    an_agencys_late_assignments_list_how_late_and_why_newest_first,
    the_backlog_is_the_open_work_kept_beside_each_incident_and_filled_in_once_for_older_stores,
);

/// `hh:mm` WIB (UTC+7) on the given day of November 2026.
fn wib(day: u32, time: &str) -> Timestamp {
    let (h, m): (i64, i64) = (time[..2].parse().unwrap(), time[3..].parse().unwrap());
    let utc_minutes = h * 60 + m - 7 * 60;
    let midnight = Timestamp::parse_rfc3339(&format!("2026-11-{day:02}T00:00:00Z")).unwrap();
    midnight.plus_seconds(utc_minutes * 60)
}

fn report(category: &str, village: Option<&str>, phone: &str) -> Value {
    let mut body = json!({ "category": category, "caller_phone": phone, "description": "laporan" });
    if let Some(village) = village {
        body["village"] = json!(village);
    }
    body
}

/// Gives `command` at `at` and returns the incident after it.
async fn at(app: &TestApp, at: Timestamp, incident: &Value, command: Value) -> Value {
    app.clock.set(at);
    let response = app.command(incident, command).await;
    assert_eq!(response.status, StatusCode::OK, "{:#}", response.body);
    response.body["incident"].clone()
}

async fn reported_at(app: &TestApp, at: Timestamp, body: Value) -> Value {
    app.clock.set(at);
    app.reported(&body).await
}

fn step(agency: &str, step: Value) -> Value {
    json!({ "command": "update_assignment", "agency": agency, "update": step })
}

fn late(agency: &str, step: Value, kind: &str) -> Value {
    json!({ "command": "update_assignment", "agency": agency, "update": step, "delay": { "kind": kind } })
}

fn verify() -> Value {
    json!({ "command": "verify", "method": "callback" })
}

/// Sunday and Monday as the module's documentation tells them.
pub(crate) async fn two_days(app: &TestApp) {
    let mut fire = app.state.catalog.category(&CategoryCode::parse("FIRE").unwrap()).await.unwrap().unwrap();
    fire.arrival_target = Some(Target::minutes(15));
    fire.completion_target = Some(Target::minutes(180));
    app.state.catalog.put_category(&fire).await.unwrap();
    let operator = app.as_operator().await;
    let damkar = app.as_officer_of("DAMKAR").await;
    let bpbd = app.as_officer_of("BPBD").await;

    // Sunday.
    let sunday = reported_at(&operator, wib(15, "10:00"), report("fire", Some(API_API), "0812 0000 0001")).await;
    let sunday = at(&operator, wib(15, "10:02"), &sunday, verify()).await;
    at(&operator, wib(15, "10:10"), &sunday, json!({ "command": "close_as_false_report", "reason": "tidak ada api" }))
        .await;
    reported_at(&operator, wib(15, "10:30"), report("prank", None, "0812 0000 0002")).await;

    // Monday: fire A, on time but for the arrival.
    let a = reported_at(&operator, wib(16, "08:00"), report("fire", Some(TANJUNG_TENGAH), "0812 0000 0003")).await;
    let a = at(&operator, wib(16, "08:00"), &a, verify()).await;
    let a = at(&operator, wib(16, "08:01"), &a, json!({ "command": "dispatch", "agencies": ["DAMKAR"] })).await;
    let a = at(&damkar, wib(16, "08:03"), &a, step("DAMKAR", json!({ "step": "acknowledge" }))).await;
    let a = at(&damkar, wib(16, "08:04"), &a, step("DAMKAR", json!({ "step": "en_route" }))).await;
    let a = at(&damkar, wib(16, "08:20"), &a, late("DAMKAR", json!({ "step": "on_scene" }), "access_blocked")).await;
    let a = at(&damkar, wib(16, "09:00"), &a, step("DAMKAR", json!({ "step": "complete", "report": "padam" }))).await;
    assert_eq!(a["status"], "resolved");

    // Fire B: BPBD declines, Damkar acknowledges late, a second caller.
    let b = reported_at(&operator, wib(16, "09:00"), report("fire", Some(API_API), "0812 0000 0004")).await;
    let b = at(&operator, wib(16, "09:01"), &b, verify()).await;
    let b = at(&operator, wib(16, "09:02"), &b, json!({ "command": "dispatch", "agencies": ["DAMKAR", "BPBD"] })).await;
    let b =
        at(&bpbd, wib(16, "09:05"), &b, step("BPBD", json!({ "step": "decline", "reason": "bukan wewenang" }))).await;
    let b = at(&damkar, wib(16, "09:10"), &b, late("DAMKAR", json!({ "step": "acknowledge" }), "no_fuel")).await;
    let b = at(
        &operator,
        wib(16, "09:30"),
        &b,
        json!({
            "command": "add_report",
            "caller": { "phone": "0812 0000 0005" },
            "description": "apinya besar",
        }),
    )
    .await;

    // The tree, found not real; a prank; fire C, the same as fire B.
    let tree = reported_at(&operator, wib(16, "10:00"), report("tree", Some(TANJUNG_TENGAH), "0812 0000 0006")).await;
    let tree = at(&operator, wib(16, "10:05"), &tree, verify()).await;
    at(&operator, wib(16, "10:20"), &tree, json!({ "command": "close_as_false_report", "reason": "pohon aman" })).await;
    reported_at(&operator, wib(16, "11:00"), report("prank", None, "0812 0000 0007")).await;
    let c = reported_at(&operator, wib(16, "11:30"), report("fire", Some(API_API), "0812 0000 0008")).await;
    at(&operator, wib(16, "11:31"), &c, json!({ "command": "merge_into", "target": b["id"] })).await;
    app.clock.set(wib(16, "12:00"));
}

async fn dashboard(app: &TestApp, query: &str) -> Value {
    let executive = app.as_role(tanggap_domain::Role::Executive).await;
    let response = executive.get(&format!("/api/dashboard{query}")).await;
    assert_eq!(response.status, StatusCode::OK, "{:#}", response.body);
    response.body
}

/// `[count, previous]` of a `Compared`.
fn pair(value: &Value) -> [i64; 2] {
    [value["count"].as_i64().unwrap(), value["previous"].as_i64().unwrap()]
}

/// `{key: [count, previous]}` of a list of counts keyed by `key`.
fn table(list: &Value, key: &str) -> Vec<(String, [i64; 2])> {
    list.as_array().unwrap().iter().map(|row| (row[key].as_str().unwrap_or("-").to_owned(), pair(row))).collect()
}

fn assert_near(estimate: &Value, exact: i64, what: &str) {
    let estimate = estimate.as_i64().unwrap_or_else(|| panic!("{what}: no figure"));
    let bound = RELATIVE_ERROR * exact as f64 + 0.5;
    assert!((estimate - exact).abs() as f64 <= bound, "{what}: {estimate} is not within {bound} of {exact}");
}

async fn every_figure_of_a_day_matches_the_hand_count_beside_the_day_before(app: TestApp) {
    two_days(&app).await;
    let figures = dashboard(&app, "?range=today").await;

    assert_eq!(figures["range"], json!({ "from": "2026-11-16", "to": "2026-11-16" }));
    assert_eq!(figures["previous"], json!({ "from": "2026-11-15", "to": "2026-11-15" }));
    let funnel = &figures["funnel"];
    assert_eq!(pair(&funnel["calls"]), [6, 2]);
    assert_eq!(pair(&funnel["incidents"]), [3, 1]);
    assert_eq!(pair(&funnel["verified"]), [3, 1]);
    assert_eq!(pair(&funnel["dispatched"]), [2, 0]);
    assert_eq!(pair(&funnel["resolved"]), [1, 0]);
    assert_eq!(pair(&funnel["closed_false"]), [1, 1]);
    assert_eq!(
        table(&figures["outcomes"], "outcome"),
        [("real".into(), [3, 1]), ("duplicate".into(), [2, 0]), ("PRANK".into(), [1, 1])]
    );
    assert_eq!(table(&figures["categories"], "category"), [("FIRE".into(), [2, 1]), ("TREE".into(), [1, 0])]);
    assert_eq!(table(&figures["districts"], "district"), [(PENAJAM.into(), [2, 0]), (WARU.into(), [1, 1])]);
    assert_eq!(
        figures["villages"],
        json!([{ "village": TANJUNG_TENGAH, "count": 2 }, { "village": API_API, "count": 1 }])
    );
    assert_eq!(
        figures["calls_over_time"],
        json!([{ "from": "2026-11-16", "outcomes": [
            { "of": "real", "count": 3 }, { "of": "duplicate", "count": 2 }, { "of": "PRANK", "count": 1 },
        ] }])
    );
    // Monday is row 0; the calls came at 8, 9 (fire B and its second caller), 10, and 11 (prank, fire C).
    let monday: Vec<i64> = figures["heatmap"][0].as_array().unwrap().iter().map(|n| n.as_i64().unwrap()).collect();
    let mut expected = vec![0; 24];
    (expected[8], expected[9], expected[10], expected[11]) = (1, 2, 1, 2);
    assert_eq!(monday, expected);
    assert!(figures["heatmap"][6].as_array().unwrap().iter().all(|n| n == 0), "Sunday is the previous period");

    // The scorecard: Damkar (one acknowledgement on time of two) before BPBD (never judged).
    let agencies = figures["agencies"].as_array().unwrap();
    let codes: Vec<&str> = agencies.iter().map(|row| row["agency"].as_str().unwrap()).collect();
    assert_eq!(codes, ["DAMKAR", "BPBD"]);
    let damkar = &agencies[0];
    assert_eq!((damkar["assignments"].as_i64(), damkar["declined"].as_i64()), (Some(2), Some(0)));
    let ack = &damkar["acknowledgement"];
    assert_eq!((ack["reached"].as_i64(), ack["met"].as_i64(), ack["missed"].as_i64()), (Some(2), Some(1), Some(1)));
    assert_eq!(ack["share_met"], 0.5);
    // Exact: median 180 s and 90th percentile 600 s (nearest rank of 180 and 600).
    assert_near(&ack["median_seconds"], 180, "median acknowledgement");
    assert_near(&ack["p90_seconds"], 600, "90th percentile acknowledgement");
    let arrival = &damkar["arrival"];
    assert_eq!(
        (arrival["reached"].as_i64(), arrival["met"].as_i64(), arrival["missed"].as_i64()),
        (Some(1), Some(0), Some(1))
    );
    assert_eq!(arrival["share_met"], 0.0);
    assert_near(&arrival["median_seconds"], 1200, "median arrival");
    let completion = &damkar["completion"];
    assert_eq!((completion["reached"].as_i64(), completion["met"].as_i64()), (Some(1), Some(1)));
    assert_eq!(completion["share_met"], 1.0);
    assert_near(&completion["p90_seconds"], 3600, "90th percentile completion");
    assert_eq!(damkar["delays"], json!([{ "of": "no_fuel", "count": 1 }, { "of": "access_blocked", "count": 1 }]));
    assert_eq!(damkar["backlog"], 1, "fire B is still open");
    assert_eq!(damkar["oldest_open"]["since"], json!(wib(16, "09:00")));
    let bpbd = &agencies[1];
    assert_eq!((bpbd["assignments"].as_i64(), bpbd["declined"].as_i64()), (Some(1), Some(1)));
    assert_eq!(bpbd["acknowledgement"]["reached"], 0);
    assert_eq!(bpbd["acknowledgement"]["median_seconds"], Value::Null);
    assert_eq!(bpbd["acknowledgement"]["share_met"], Value::Null);
    assert_eq!(bpbd["backlog"], 0);
    assert_eq!(
        figures["sla_over_time"],
        json!([
            { "from": "2026-11-16", "agency": "BPBD", "met": 0, "missed": 0 },
            { "from": "2026-11-16", "agency": "DAMKAR", "met": 2, "missed": 2 },
        ])
    );

    // Until the sweeper folds them, the changes are read as they are pending; after, one item a day.
    let pending = figures["items_read"].as_u64().unwrap();
    assert!(pending > 2, "{pending} items: the day items and every change still pending");
    tanggap_api::sweeper::run(&app.state, app.clock.now()).await.unwrap();
    let folded = dashboard(&app, "?range=today").await;
    assert_eq!(folded["items_read"], 2, "one item for each of the two days, nothing pending");
    assert_eq!(folded["funnel"], figures["funnel"], "folding changes no figure");
    assert_eq!(folded["agencies"], figures["agencies"]);

    // The same two days as one range, with the two days before (nothing) to compare with.
    let both = dashboard(&app, "?from=2026-11-15&to=2026-11-16").await;
    assert_eq!(pair(&both["funnel"]["calls"]), [8, 0]);
    assert_eq!(pair(&both["funnel"]["closed_false"]), [2, 0]);
    assert_eq!(both["period"], "day");
    assert_eq!(both["calls_over_time"].as_array().unwrap().len(), 2);

    // Three months, read month by month: November's item holds both days, and every figure agrees.
    let quarter = dashboard(&app, "?from=2026-09-01&to=2026-11-30").await;
    assert_eq!(quarter["period"], "month");
    assert_eq!(quarter["items_read"], 1, "November's month item; September and October counted nothing");
    assert_eq!(quarter["funnel"]["calls"]["count"], both["funnel"]["calls"]["count"]);
    assert_eq!(quarter["heatmap"], both["heatmap"], "each call keeps its weekday in a month's item");
    assert_eq!(quarter["villages"], both["villages"]);
    let months: Vec<&Value> = quarter["calls_over_time"].as_array().unwrap().iter().map(|m| &m["from"]).collect();
    assert_eq!(months, [&json!("2026-09-01"), &json!("2026-10-01"), &json!("2026-11-01")]);
    let november = &quarter["calls_over_time"][2]["outcomes"];
    let total: i64 = november.as_array().unwrap().iter().map(|o| o["count"].as_i64().unwrap()).sum();
    assert_eq!(total, 8);
    for clock in ["acknowledgement", "arrival", "completion"] {
        assert_eq!(quarter["agencies"][0][clock], both["agencies"][0][clock], "{clock}");
    }
}

async fn the_filters_keep_only_the_cells_they_name(app: TestApp) {
    two_days(&app).await;
    let today = "?from=2026-11-16";

    // Fire B is the only incident BPBD was dispatched to; its second caller counts with it.
    let bpbd = dashboard(&app, &format!("{today}&agency=bpbd")).await;
    assert_eq!(pair(&bpbd["funnel"]["calls"]), [2, 0]);
    assert_eq!(pair(&bpbd["funnel"]["incidents"]), [1, 0]);
    let rows: Vec<&str> = bpbd["agencies"].as_array().unwrap().iter().map(|r| r["agency"].as_str().unwrap()).collect();
    assert_eq!(rows, ["BPBD"], "the scorecard shows only the agency asked for");

    let trees = dashboard(&app, &format!("{today}&category=TREE")).await;
    assert_eq!(pair(&trees["funnel"]["incidents"]), [1, 0]);
    assert_eq!(pair(&trees["funnel"]["closed_false"]), [1, 0]);
    assert_eq!(pair(&trees["funnel"]["dispatched"]), [0, 0]);

    // Waru: fire B, its second caller, and fire C merged into it; on Sunday the false fire.
    let waru = dashboard(&app, &format!("{today}&district={WARU}")).await;
    assert_eq!(pair(&waru["funnel"]["calls"]), [3, 1]);
    assert_eq!(pair(&waru["funnel"]["incidents"]), [1, 1]);
    assert_eq!(table(&waru["outcomes"], "outcome"), [("duplicate".into(), [2, 0]), ("real".into(), [1, 1])]);

    let p0 = dashboard(&app, &format!("{today}&priority=P0")).await;
    assert_eq!(table(&p0["outcomes"], "outcome"), [("PRANK".into(), [1, 1])]);
    assert_eq!(pair(&p0["funnel"]["incidents"]), [0, 0]);

    let nothing = dashboard(&app, &format!("{today}&category=FIRE&district={PENAJAM}&agency=BPBD")).await;
    assert_eq!(pair(&nothing["funnel"]["calls"]), [0, 0]);
}

async fn a_bad_range_or_filter_is_a_400_naming_the_parameter(app: TestApp) {
    let executive = app.as_role(tanggap_domain::Role::Executive).await;
    let cases = [
        ("?from=2026-11-16&to=2026-11-15", "to", "reversed"),
        ("?from=2025-01-01&to=2026-01-02", "to", "too_many_days"),
        ("?from=16-11-2026", "from", "invalid"),
        ("?district=Waru", "district", "bad_region"),
        ("?category=k%C3%B6", "category", "invalid"),
    ];
    for (query, field, problem) in cases {
        let response = executive.get(&format!("/api/dashboard{query}")).await;
        response.assert_problem(StatusCode::BAD_REQUEST, "/problems/bad-request");
        assert_eq!(response.field_errors(), [(field.to_owned(), problem.to_owned())], "{query}");
    }
}

async fn an_agencys_late_assignments_list_how_late_and_why_newest_first(app: TestApp) {
    two_days(&app).await;
    let executive = app.as_role(tanggap_domain::Role::Executive).await;
    let response = executive.get("/api/dashboard/late?from=2026-11-16&agency=DAMKAR").await;
    assert_eq!(response.status, StatusCode::OK, "{:#}", response.body);
    let late = response.body["assignments"].as_array().unwrap();
    // Fire B (09:00): acknowledged 10 minutes after the report, 5 past its target, for want of fuel.
    // Fire A (08:00): on scene after 20 minutes, 5 past its target, the road blocked.
    let seen: Vec<(&str, &Value, &Value)> = late
        .iter()
        .map(|l| (l["late"][0]["clock"].as_str().unwrap(), &l["late"][0]["late_seconds"], &l["delays"][0]["kind"]))
        .collect();
    assert_eq!(
        seen,
        [("acknowledgement", &json!(300), &json!("no_fuel")), ("arrival", &json!(300), &json!("access_blocked"))]
    );
    assert_eq!(late[0]["received_at"], json!(wib(16, "09:00")));
    assert_eq!(late[0]["district"], WARU);
    assert_eq!(response.body["truncated"], false);

    let bpbd = executive.get("/api/dashboard/late?from=2026-11-16&agency=BPBD").await;
    assert_eq!(bpbd.body["assignments"], json!([]), "declining is not being late");
    let sunday = executive.get("/api/dashboard/late?from=2026-11-15&agency=DAMKAR").await;
    assert_eq!(sunday.body["assignments"], json!([]), "the range is kept");

    // An agency head opens their own agency's list, not another's; the agency is required.
    let head = app.as_user("kadis-damkar", tanggap_domain::Role::AgencyHead, Some("DAMKAR")).await;
    assert_eq!(head.get("/api/dashboard/late?from=2026-11-16&agency=DAMKAR").await.status, StatusCode::OK);
    head.get("/api/dashboard/late?from=2026-11-16&agency=BPBD")
        .await
        .assert_problem(StatusCode::FORBIDDEN, "/problems/forbidden");
    let without = head.get("/api/dashboard/late?from=2026-11-16").await;
    without.assert_problem(StatusCode::BAD_REQUEST, "/problems/bad-request");
    assert_eq!(without.field_errors(), [("agency".to_owned(), "required".to_owned())]);
}

async fn the_backlog_is_the_open_work_kept_beside_each_incident_and_filled_in_once_for_older_stores(app: TestApp) {
    two_days(&app).await;
    let backlog = |figures: &Value, agency: &str| {
        figures["agencies"].as_array().unwrap().iter().find(|r| r["agency"] == agency).map(|r| r["backlog"].clone())
    };
    assert_eq!(backlog(&dashboard(&app, "?from=2026-11-16").await, "DAMKAR"), Some(json!(1)), "fire B");
    let open = app.state.dashboard.open_work().await.unwrap();
    assert_eq!(open.len(), 1, "only fire B has work open: {open:?}");

    // A store from before the open work was kept: fire B's item is missing until the sweeper fills it in.
    let key = tanggap_store::Key::new("OPENWORK", open[0].incident.as_str());
    app.table()
        .transact(vec![tanggap_store::Write::Delete { key, condition: tanggap_store::Condition::None }])
        .await
        .unwrap();
    assert_eq!(backlog(&dashboard(&app, "?from=2026-11-16").await, "DAMKAR").unwrap_or(json!(0)), 0);
    tanggap_api::sweeper::run(&app.state, app.clock.now()).await.unwrap();
    assert_eq!(backlog(&dashboard(&app, "?from=2026-11-16").await, "DAMKAR"), Some(json!(1)));
    let incidents = app.state.incidents.open_incidents().await.unwrap();
    assert!(!app.state.dashboard.backfill_open_work(&incidents).await.unwrap(), "once only");

    // Damkar completes: its work on fire B ends, and with it the item.
    let operator = app.as_operator().await;
    let damkar = app.as_officer_of("DAMKAR").await;
    let b = operator.get(&format!("/api/incidents/{}", open[0].incident)).await.body["incident"].clone();
    let b = damkar
        .command(&b, json!({ "command": "update_assignment", "agency": "DAMKAR", "update": { "step": "en_route" } }))
        .await;
    let b = damkar.command(&b.body["incident"], json!({ "command": "update_assignment", "agency": "DAMKAR", "update": { "step": "on_scene" }, "delay": { "kind": "other", "text": "jauh" } })).await;
    assert_eq!(b.status, StatusCode::OK, "{:#}", b.body);
    let b = damkar.command(&b.body["incident"], json!({ "command": "update_assignment", "agency": "DAMKAR", "update": { "step": "complete", "report": "padam" }, "delay": { "kind": "other", "text": "jauh" } })).await;
    assert_eq!(b.status, StatusCode::OK, "{:#}", b.body);
    assert_eq!(app.state.dashboard.open_work().await.unwrap(), vec![]);
    assert_eq!(backlog(&dashboard(&app, "?from=2026-11-16").await, "DAMKAR"), Some(json!(0)));
}
