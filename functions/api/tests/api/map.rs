//! The dashboard's map through the API: the regency's outlines as GeoJSON, and the range's real
//! incidents as pins from the register, on both backends.

use axum::http::StatusCode;
use serde_json::{Value, json};
use tanggap_domain::{Boundary, KodeWilayah, Outline, Region, Role, Timestamp};

use crate::helpers::*;

on_both_backends!(
    the_regencys_outlines_come_as_geojson_features_named_by_kode_wilayah,
    a_ranges_real_incidents_are_pinned_with_whether_the_reader_may_open_them,
    a_range_with_more_incidents_than_the_map_pins_pins_none,
);

async fn the_regencys_outlines_come_as_geojson_features_named_by_kode_wilayah(app: TestApp) {
    let executive = app.as_role(Role::Executive).await;
    let empty = executive.get("/api/regions/map").await;
    assert_eq!(empty.status, StatusCode::OK, "{:#}", empty.body);
    assert_eq!(empty.body, json!({ "type": "FeatureCollection", "features": [] }), "none loaded: nothing to shade");

    let outline = Outline(vec![vec![vec![[116.0, -1.0], [116.1, -1.0], [116.0, -1.1], [116.0, -1.0]]]]);
    let waru = Boundary { region: Region { code: KodeWilayah::parse(WARU).unwrap(), name: "Waru".into() }, outline };
    app.state.catalog.put_boundaries(&KodeWilayah::parse(REGENCY).unwrap(), &[waru]).await.unwrap();

    let map = app.as_operator().await.get("/api/regions/map").await;
    assert_eq!(map.status, StatusCode::OK);
    assert_eq!(
        map.body,
        json!({ "type": "FeatureCollection", "features": [{
            "type": "Feature",
            "properties": { "code": WARU, "name": "Waru", "level": "district" },
            "geometry": { "type": "MultiPolygon", "coordinates": [[[[116.0, -1.0], [116.1, -1.0], [116.0, -1.1], [116.0, -1.0]]]] },
        }] })
    );
    app.anonymous().get("/api/regions/map").await.assert_problem(StatusCode::UNAUTHORIZED, "/problems/unauthenticated");
}

/// 2026-11-16 at `hh:mm` WIB.
fn monday(time: &str) -> Timestamp {
    let (h, m): (i64, i64) = (time[..2].parse().unwrap(), time[3..].parse().unwrap());
    Timestamp::parse_rfc3339("2026-11-16T00:00:00Z").unwrap().plus_seconds((h * 60 + m - 7 * 60) * 60)
}

fn report(category: &str, at: Option<(f64, f64)>, phone: &str) -> Value {
    let mut body = json!({ "category": category, "caller_phone": phone, "village": API_API, "description": "laporan" });
    if let Some((lat, lon)) = at {
        body["coordinates"] = json!({ "lat": lat, "lon": lon });
    }
    body
}

async fn a_ranges_real_incidents_are_pinned_with_whether_the_reader_may_open_them(app: TestApp) {
    let operator = app.as_operator().await;
    // Monday: a fire sent to Damkar, a fallen tree sent to BPBD, a fire with no position, a prank (closed at
    // intake), and a fire merged into the first as the same fire. Sunday: a fire outside the range.
    app.clock.set(monday("08:00"));
    let fire = operator.reported(&report("fire", Some((-1.25, 116.8)), "0812 0000 0001")).await;
    let fire =
        operator.command(&fire, json!({ "command": "verify", "method": "callback" })).await.body["incident"].clone();
    operator.command(&fire, json!({ "command": "dispatch", "agencies": ["DAMKAR"] })).await;
    app.clock.set(monday("09:00"));
    let tree = operator.reported(&report("tree", Some((-1.3, 116.7)), "0812 0000 0002")).await;
    let tree =
        operator.command(&tree, json!({ "command": "verify", "method": "callback" })).await.body["incident"].clone();
    operator.command(&tree, json!({ "command": "dispatch", "agencies": ["BPBD"] })).await;
    app.clock.set(monday("10:00"));
    operator.reported(&report("fire", None, "0812 0000 0003")).await;
    operator.reported(&report("prank", Some((-1.2, 116.9)), "0812 0000 0004")).await;
    let same = operator.reported(&report("fire", Some((-1.25, 116.8)), "0812 0000 0005")).await;
    let merged = operator.command(&same, json!({ "command": "merge_into", "target": fire["id"] })).await;
    assert_eq!(merged.status, StatusCode::OK, "{:#}", merged.body);
    app.clock.set(monday("00:00").plus_seconds(-3600));
    operator.reported(&report("fire", Some((-1.0, 116.0)), "0812 0000 0006")).await;
    app.clock.set(monday("12:00"));

    let executive = app.as_role(Role::Executive).await;
    let pins = executive.get("/api/dashboard/incidents?from=2026-11-16").await;
    assert_eq!(pins.status, StatusCode::OK, "{:#}", pins.body);
    let placed: Vec<(&Value, &Value, &Value, &Value)> = pins.body["pins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (&p["incident"], &p["category"], &p["at"], &p["may_open"]))
        .collect();
    assert_eq!(
        placed,
        [
            (&fire["id"], &json!("FIRE"), &json!({ "lat": -1.25, "lon": 116.8 }), &json!(true)),
            (&tree["id"], &json!("TREE"), &json!({ "lat": -1.3, "lon": 116.7 }), &json!(true)),
        ],
        "oldest first; the prank and the merged duplicate are no incidents of their own"
    );
    assert_eq!(pins.body["unplaced"], 1, "the fire with no position is counted, not pinned");
    assert_eq!(pins.body["truncated"], false);
    assert_eq!(pins.body["pins"][0]["category_name"], "Kebakaran");

    // The filters of the dashboard keep the same incidents as its counts.
    let bpbd = executive.get("/api/dashboard/incidents?from=2026-11-16&agency=BPBD").await;
    assert_eq!(bpbd.body["pins"].as_array().unwrap().len(), 1);
    assert_eq!(bpbd.body["pins"][0]["incident"], tree["id"]);
    let fires = executive.get("/api/dashboard/incidents?from=2026-11-15&to=2026-11-16&category=FIRE").await;
    assert_eq!(fires.body["pins"].as_array().unwrap().len(), 2, "Sunday's fire and Monday's placed one");

    // An agency head sees every pin of the regency, and may open only their own agency's incidents.
    let head = app.as_user("kadis-damkar", Role::AgencyHead, Some("DAMKAR")).await;
    let theirs = head.get("/api/dashboard/incidents?from=2026-11-16").await;
    let may_open: Vec<&Value> = theirs.body["pins"].as_array().unwrap().iter().map(|p| &p["may_open"]).collect();
    assert_eq!(may_open, [&json!(true), &json!(false)]);
    operator.get("/api/dashboard/incidents").await.assert_problem(StatusCode::FORBIDDEN, "/problems/forbidden");
}

async fn a_range_with_more_incidents_than_the_map_pins_pins_none(app: TestApp) {
    let limit = tanggap_api::routes::dashboard::PIN_LIMIT;
    let operator = app.as_operator().await;
    app.clock.set(monday("08:00"));
    // The register is what the map reads; fill a day's partition past the limit directly, as a flood
    // day's incidents would.
    let fire = operator.reported(&report("fire", Some((-1.25, 116.8)), "0812 0000 0001")).await;
    let incident: tanggap_domain::Incident = serde_json::from_value(fire).unwrap();
    let day = tanggap_domain::Day::of(incident.received_at, 7);
    let writes: Vec<_> = (0..limit)
        .map(|n| {
            let copy = tanggap_domain::Incident {
                id: tanggap_domain::IncidentId::parse(&format!("01KA{n:022}")).unwrap(),
                ..incident.clone()
            };
            tanggap_store::repo::register_write(None, &copy, day).unwrap()
        })
        .collect();
    for chunk in writes.chunks(50) {
        app.table().transact(chunk.to_vec()).await.unwrap();
    }
    let executive = app.as_role(Role::Executive).await;
    let pins = executive.get("/api/dashboard/incidents?from=2026-11-16").await;
    assert_eq!(pins.status, StatusCode::OK, "{:#}", pins.body);
    assert_eq!(pins.body["truncated"], true);
    assert_eq!(pins.body["pins"], json!([]));
    assert_eq!(pins.body["limit"], limit);
}
