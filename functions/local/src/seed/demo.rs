//! A few dozen plausible incidents in every state, placed in the configured regency's villages.
//!
//! They are made through the API router itself (create with a fixed idempotency key, then life-cycle
//! commands), on a clock set back in time, so that demo data obeys exactly the rules real data does and
//! the board shows realistic ages. Every request carries an access token minted with the server's own
//! signing key, so that it passes the same policy: the operator `operator1` takes the calls and
//! dispatches, and each agency's demo officer moves its assignments (the operator, for an agency
//! without one).

use std::collections::HashMap;
use std::sync::Arc;

use anyhow::{Context, bail};
use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use http_body_util::BodyExt;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::json;
use tanggap_api::auth::SigningKey;
use tanggap_api::state::{AppState, Clock, ManualClock};
use tanggap_domain::dto::{IncidentDetail, NewIncident};
use tanggap_domain::geo::RawCoordinates;
use tanggap_domain::{
    AgencyCode, AssignmentStatus, Coordinates, Incident, KodeWilayah, RegionLevel, SlaOutcome, Timestamp, User,
    Username,
};
use tanggap_store::Table;
use tanggap_store::repo::{CatalogRepo, UserRepo};
use tower::ServiceExt;

use super::users::{DEMO_OPERATOR, DemoUser};

/// How far a demo incident got. Steps name the agencies and how far each of them got.
#[derive(Clone, Copy)]
enum Stage {
    Received,
    Verified,
    /// Dispatched to these agencies, each taken to the given number of steps after dispatch
    /// (0 dispatched, 1 acknowledged, 2 en route, 3 on scene, 4 completed).
    Dispatched(&'static [(&'static str, u8)]),
    Closed,
    FalseReport(&'static str),
    Cancelled(&'static str),
}

struct Demo {
    category: &'static str,
    minutes_ago: i64,
    description: &'static str,
    people: Option<u32>,
    stage: Stage,
}

const fn demo(category: &'static str, minutes_ago: i64, description: &'static str, stage: Stage) -> Demo {
    Demo { category, minutes_ago, description, people: None, stage }
}

const DEMOS: &[Demo] = &[
    Demo {
        people: Some(2),
        ..demo("FIRE", 4, "Rumah warga terbakar, api membesar, dua orang terjebak di lantai atas", Stage::Received)
    },
    demo("MEDICAL", 7, "Ibu hamil mengalami pendarahan, keluarga minta ambulans", Stage::Verified),
    demo(
        "TRAFFIC",
        12,
        "Tabrakan sepeda motor dan truk di jalan poros, satu korban tidak sadar",
        Stage::Dispatched(&[("PSC119", 1), ("POLRES", 0)]),
    ),
    demo(
        "FLOOD",
        45,
        "Air masuk rumah setinggi lutut, warga lansia perlu dievakuasi",
        Stage::Dispatched(&[("BPBD", 2), ("DINSOS", 0)]),
    ),
    demo("TREE", 25, "Pohon besar tumbang menutup jalan, kendaraan tidak bisa lewat", Stage::Dispatched(&[("PU", 3)])),
    demo("ANIMAL", 35, "Ular sanca masuk ke dapur rumah warga", Stage::Dispatched(&[("DAMKAR", 1)])),
    demo("FIRE", 90, "Lahan semak terbakar dekat permukiman", Stage::Dispatched(&[("DAMKAR", 4), ("PDAM", 4)])),
    demo("PRANK", 3, "Penelepon tertawa lalu menutup telepon", Stage::Received),
    demo("SILENT", 6, "Tidak ada suara, sambungan terputus", Stage::Received),
    demo("WRONG", 15, "Penelepon mencari nomor bengkel", Stage::Received),
    demo("INFO", 20, "Menanyakan jadwal pemadaman listrik bergilir", Stage::Received),
    demo("SOCIAL", 120, "ODGJ berkeliaran di pasar, warga resah", Stage::Verified),
    demo("ROAD", 300, "Lampu jalan mati sepanjang 500 meter", Stage::Received),
    demo("WATER", 180, "Air tidak mengalir sejak pagi di satu RT", Stage::Dispatched(&[("PDAM", 1)])),
    demo("LANDSLIDE", 60, "Tebing longsor menimbun sebagian badan jalan", Stage::Dispatched(&[("BPBD", 3), ("PU", 2)])),
    Demo {
        people: Some(1),
        ..demo(
            "DROWNING",
            30,
            "Anak hanyut di sungai saat mandi",
            Stage::Dispatched(&[("BPBD", 3), ("BASARNAS", 2), ("DAMKAR", 3)]),
        )
    },
    demo(
        "STORM",
        240,
        "Atap rumah dan sekolah rusak diterjang angin kencang",
        Stage::Dispatched(&[("BPBD", 4), ("PU", 4)]),
    ),
    demo("ORDER", 50, "Keributan di tempat hiburan malam", Stage::Dispatched(&[("SATPOLPP", 2)])),
    demo("CRIME", 10, "Pencurian di toko, pelaku masih di sekitar lokasi", Stage::Dispatched(&[("POLRES", 0)])),
    demo("CHILD", 70, "Laporan kekerasan terhadap anak oleh tetangga", Stage::Verified),
    demo("MEDICAL", 2, "Lansia jatuh di kamar mandi, tidak bisa bangun", Stage::Received),
    demo("FIRE", 200, "Kabel listrik terbakar di tiang", Stage::FalseReport("Dicek lewat CCTV: tidak ada kebakaran")),
    demo("PRANK", 40, "Anak-anak bermain telepon", Stage::Received),
    demo("POWER", 150, "Listrik padam satu RT sejak semalam", Stage::Dispatched(&[("PLN", 1)])),
    demo("RESCUE", 80, "Cincin tersangkut di jari, jari membengkak", Stage::Dispatched(&[("DAMKAR", 4)])),
    demo("TRAFFIC", 400, "Mobil terperosok ke parit", Stage::Cancelled("Korban sudah ditolong warga")),
    demo("SILENT", 1, "Hanya terdengar suara napas", Stage::Received),
    demo("FLOOD", 500, "Genangan air di perumahan setelah hujan deras", Stage::Dispatched(&[("BPBD", 4)])),
    demo("MEDICAL", 15, "Warga sesak napas, riwayat asma", Stage::Dispatched(&[("PSC119", 2)])),
    demo("ANIMAL", 100, "Sarang tawon besar di plafon rumah", Stage::Verified),
    demo("STORM", 600, "Baliho roboh ke jalan akibat angin", Stage::Closed),
];

/// What seeding did: incidents made now, and incidents found from an earlier run.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Seeded {
    pub created: usize,
    pub already_there: usize,
}

/// Seeds the demo incidents, as the demo users, with tokens signed by `key` (the server's). The reference
/// data (categories, agencies, areas) and the demo users must be seeded first.
pub async fn incidents(
    table: Arc<dyn Table>,
    regency: &KodeWilayah,
    now: Timestamp,
    key: &SigningKey,
) -> anyhow::Result<Seeded> {
    let catalog = CatalogRepo::new(table.clone());
    let villages: Vec<KodeWilayah> = catalog
        .regions_within(regency)
        .await
        .context("listing the regency's villages")?
        .into_iter()
        .filter(|r| r.level() == RegionLevel::Village)
        .map(|r| r.code)
        .collect();
    if villages.is_empty() {
        bail!("regency {regency} has no villages in the store: seed the reference data first");
    }
    // Each incident pinned in the middle of its village, where the village has an outline.
    let middles: HashMap<KodeWilayah, Coordinates> = catalog
        .boundaries(regency)
        .await
        .context("reading the map's outlines")?
        .unwrap_or_default()
        .into_iter()
        .filter_map(|b| Some((b.region.code, b.outline.middle()?)))
        .collect();
    let users = UserRepo::new(table.clone());
    let clock = Arc::new(ManualClock::new(now));
    let state = AppState::new(table, regency.clone(), clock.clone()).with_signing_key(key);
    let operator = demo_user(&users, DEMO_OPERATOR).await?;
    let as_user = |user: &User| -> anyhow::Result<String> {
        let (token, _) = state.tokens.issue(user, "demo-seed", clock.now())?;
        Ok(token)
    };
    let api = tanggap_api::functions::all(state.clone());

    let mut seeded = Seeded::default();
    for (n, demo) in DEMOS.iter().enumerate() {
        let received = now.plus_seconds(-demo.minutes_ago * 60);
        // Steps are spread over the incident's age, at most three minutes apart, never in the future.
        let gap = (demo.minutes_ago * 60 / 12).clamp(1, 180);
        let mut at = received;
        let mut tick = || {
            at = at.plus_seconds(gap);
            at
        };
        clock.set(received);
        let village = &villages[(n * 7 + 3) % villages.len()];
        // A little apart, so that incidents of one village are separate pins.
        let apart = (n % 5) as f64 * 0.002;
        let coordinates = middles.get(village).map(|m| RawCoordinates { lat: m.lat() + apart, lon: m.lon() - apart });
        let form = NewIncident {
            category: demo.category.into(),
            village: Some(village.as_str().into()),
            coordinates,
            description: Some(demo.description.into()),
            caller_phone: Some(format!("0812{:08}", 50_000_000 + n * 7_919_337 % 49_999_999)),
            people_affected: demo.people,
            ..Default::default()
        };
        let key = format!("demo-{}-{n:02}", regency.as_str().replace('.', ""));
        let (status, replayed, mut detail) =
            call::<IncidentDetail>(&api, &as_user(&operator)?, Method::POST, "/api/incidents", Some(&key), &form)
                .await
                .with_context(|| format!("creating demo incident {n}"))?;
        if status != StatusCode::CREATED {
            bail!("demo incident {n}: expected 201 Created, got {status}");
        }
        if replayed {
            seeded.already_there += 1;
            continue;
        }
        seeded.created += 1;
        for command in commands(demo.stage) {
            clock.set(tick());
            let path = format!("/api/incidents/{}/commands", detail.incident.id);
            // An agency's own officer moves its assignment where the demo has one.
            let officer = match command["agency"].as_str().and_then(DemoUser::officer_of) {
                Some(officer) if command["command"] == "update_assignment" => {
                    demo_user(&users, officer.username).await?
                }
                _ => operator.clone(),
            };
            let mut body = command;
            body["expected_version"] = json!(detail.incident.version);
            // A step later than its target needs a reason, as in the field: the demo gives the usual ones.
            if let Some(delay) = late_step_reason(&detail.incident, &body, clock.now(), n) {
                body["delay"] = delay;
            }
            let (status, _, next) = call::<IncidentDetail>(&api, &as_user(&officer)?, Method::POST, &path, None, &body)
                .await
                .with_context(|| format!("demo incident {n}: {body}"))?;
            if status != StatusCode::OK {
                bail!("demo incident {n}: {body} answered {status}");
            }
            detail = next;
        }
    }
    Ok(seeded)
}

/// The life-cycle commands that take a fresh incident to `stage`, as API request bodies.
fn commands(stage: Stage) -> Vec<serde_json::Value> {
    let verify = json!({"command": "verify", "method": "callback"});
    match stage {
        Stage::Received => vec![],
        Stage::Verified => vec![verify],
        Stage::FalseReport(reason) => vec![json!({"command": "close_as_false_report", "reason": reason})],
        Stage::Cancelled(reason) => vec![verify, json!({"command": "cancel", "reason": reason})],
        Stage::Closed => {
            let mut all = commands(Stage::Dispatched(&[("BPBD", 4)]));
            all.push(json!({"command": "close", "note": "Ditinjau supervisor"}));
            all
        }
        Stage::Dispatched(agencies) => {
            let mut all = vec![verify];
            all.push(json!({"command": "dispatch", "agencies": agencies.iter().map(|(a, _)| *a).collect::<Vec<_>>()}));
            let steps = ["acknowledge", "en_route", "on_scene", "complete"];
            // Agencies move in turns, as they would in the field.
            for (round, step) in steps.iter().enumerate() {
                for (agency, reached) in agencies {
                    if usize::from(*reached) > round {
                        all.push(json!({
                            "command": "update_assignment",
                            "agency": agency,
                            "update": {"step": step},
                        }));
                    }
                }
            }
            all
        }
    }
}

/// The delay reason an `update_assignment` command needs when its step comes after its target.
fn late_step_reason(
    incident: &Incident,
    command: &serde_json::Value,
    at: Timestamp,
    n: usize,
) -> Option<serde_json::Value> {
    let agency = AgencyCode::parse(command["agency"].as_str()?).ok()?;
    let status = match command["update"]["step"].as_str()? {
        "acknowledge" => AssignmentStatus::Acknowledged,
        "on_scene" => AssignmentStatus::OnScene,
        "complete" => AssignmentStatus::Completed,
        _ => return None,
    };
    let assignment = incident.assignment(&agency)?;
    let Some(SlaOutcome::Missed { .. }) = incident.outcome(assignment, status, at) else { return None };
    let reasons = ["vehicle_broken", "no_fuel", "no_personnel", "access_blocked"];
    Some(json!({ "kind": reasons[n % reasons.len()] }))
}

/// A demo user as stored (seeded before the incidents).
async fn demo_user(users: &UserRepo, username: &str) -> anyhow::Result<User> {
    let name = Username::parse(username).with_context(|| format!("demo username {username:?}"))?;
    let stored = users.get(&name).await.with_context(|| format!("reading demo user {username}"))?;
    Ok(stored.with_context(|| format!("demo user {username} is missing: seed the demo users first"))?.user)
}

/// One request through the router, as the holder of `token`; returns the status, whether it was an
/// idempotent replay, and the decoded body.
async fn call<T: DeserializeOwned>(
    api: &Router,
    token: &str,
    method: Method,
    path: &str,
    idempotency_key: Option<&str>,
    body: &impl Serialize,
) -> anyhow::Result<(StatusCode, bool, T)> {
    let mut request = Request::builder()
        .method(method)
        .uri(path)
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {token}"));
    if let Some(key) = idempotency_key {
        request = request.header("idempotency-key", key);
    }
    let request = request.body(Body::from(serde_json::to_vec(body)?))?;
    let response = api.clone().oneshot(request).await?;
    let status = response.status();
    let replayed = response.headers().get("idempotent-replayed").is_some_and(|v| v == "true");
    let bytes = response.into_body().collect().await?.to_bytes();
    let value =
        serde_json::from_slice(&bytes).with_context(|| format!("{status}: {}", String::from_utf8_lossy(&bytes)))?;
    Ok((status, replayed, value))
}
