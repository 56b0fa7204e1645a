//! The dashboard's exports through the API, on both backends: the two days of `dashboard.rs` written as
//! an XLSX workbook and a CSV, read back, and every number checked against the API's answer.

use std::io::Cursor;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use serde_json::{Value, json};
use tanggap_domain::Role;
use tanggap_domain::dto::{ExportId, ExportStatus};
use tanggap_photos::{LocalPhotos, PhotoStore};

use crate::dashboard::two_days;
use crate::helpers::*;

on_both_backends!(
    an_export_holds_exactly_what_the_dashboard_shows_in_xlsx_and_csv,
    only_its_asker_follows_an_export,
    a_run_that_died_is_taken_up_again_and_given_up_after_three,
);

/// The app keeping files in a temporary directory, and that directory's store.
fn with_files(app: &TestApp) -> (TestApp, Arc<LocalPhotos>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let files = Arc::new(LocalPhotos::new(dir.path(), [5; 32]));
    let app = app.with_state(|state| state.with_photos(files.clone(), 1024 * 1024));
    (app, files, dir)
}

/// Starts an export as `asker` (in `language`), runs the runner, and returns the job as the asker then
/// sees it.
async fn exported(app: &TestApp, asker: &TestApp, query: &str, language: &str) -> Value {
    let request = Request::post(format!("/api/dashboard/exports{query}"))
        .header(header::ACCEPT_LANGUAGE, language)
        .body(Body::empty())
        .unwrap();
    let started = asker.send(request).await;
    assert_eq!(started.status, StatusCode::ACCEPTED, "{:#}", started.body);
    assert_eq!(started.body["status"], "queued");
    assert_eq!(started.body["files"], json!([]));
    assert_eq!(tanggap_api::exports::run_due(&app.state).await.unwrap(), 1);
    let job = asker.get(&format!("/api/dashboard/exports/{}", started.body["id"].as_str().unwrap())).await;
    assert_eq!(job.status, StatusCode::OK, "{:#}", job.body);
    job.body
}

/// A sheet's rows, each cell as text (times as Excel's serial number).
fn rows(workbook: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str) -> Vec<Vec<String>> {
    let range = workbook.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    Data::String(text) => text.clone(),
                    Data::Float(number) => number.to_string(),
                    Data::Int(number) => number.to_string(),
                    Data::DateTime(time) => format!("@{:.6}", time.as_f64()),
                    other => format!("{other:?}"),
                })
                .collect()
        })
        .collect()
}

/// Excel's serial number of `hh:mm` on 16 November 2026 in the center's time: days since 30 December
/// 1899, and the day's fraction.
fn monday_serial(time: &str) -> String {
    let (h, m): (f64, f64) = (time[..2].parse().unwrap(), time[3..].parse().unwrap());
    format!("@{:.6}", 46_342.0 + (h * 60.0 + m) / 1440.0)
}

fn column(headings: &[String], name: &str) -> usize {
    headings.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name:?} in {headings:?}"))
}

async fn an_export_holds_exactly_what_the_dashboard_shows_in_xlsx_and_csv(app: TestApp) {
    two_days(&app).await;
    let (app, files, _dir) = with_files(&app);
    let executive = app.as_role(Role::Executive).await;
    let job = exported(&app, &executive, "?from=2026-11-16", "id").await;
    assert_eq!(job["status"], "ready", "{job:#}");
    assert_eq!((job["days_done"].as_u64(), job["days_total"].as_u64()), (Some(1), Some(1)));
    // Fire A with Damkar, fire B with Damkar and BPBD, the tree with no agency; fire C was merged.
    assert_eq!(job["rows"], 4);
    let links: Vec<&str> = job["files"].as_array().unwrap().iter().map(|f| f["format"].as_str().unwrap()).collect();
    assert_eq!(links, ["xlsx", "csv"]);
    assert!(job["files"][0]["url"].as_str().unwrap().contains("filename=tanggap-2026-11-16_2026-11-16.xlsx"));

    let id = job["id"].as_str().unwrap();
    let xlsx = files.read(&format!("exports/{id}.xlsx")).await.unwrap().expect("the workbook was written");
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(xlsx)).unwrap();
    assert_eq!(workbook.sheet_names(), ["Kejadian", "Kartu skor instansi", "Corong dan hasil panggilan"]);

    // The incidents sheet, cell by cell where the day's story says what it must hold.
    let incidents = rows(&mut workbook, "Kejadian");
    let (headings, lines) = (&incidents[0], &incidents[1..]);
    let at = |line: usize, name: &str| lines[line][column(headings, name)].as_str();
    assert_eq!(lines.len(), 4);
    assert_eq!(
        (at(0, "Kategori"), at(0, "Instansi"), at(0, "Kecamatan")),
        ("Kebakaran", "Pemadam Kebakaran", "Penajam")
    );
    assert_eq!(at(0, "Diterima"), monday_serial("08:00"));
    assert_eq!(at(0, "Diterima instansi"), monday_serial("08:03"));
    assert_eq!(at(0, "Tiba di lokasi"), monday_serial("08:20"));
    assert_eq!(at(0, "Selesai"), monday_serial("09:00"));
    assert_eq!(
        (at(0, "SLA respons"), at(0, "SLA tiba"), at(0, "Terlambat tiba (detik)")),
        ("tepat waktu", "terlambat", "300")
    );
    assert_eq!(at(0, "Alasan keterlambatan"), "akses terhalang");
    assert_eq!(at(0, "Status"), "Selesai ditangani");
    assert_eq!(
        (at(1, "Instansi"), at(1, "Terlambat respons (detik)"), at(1, "Alasan keterlambatan")),
        ("Pemadam Kebakaran", "300", "tidak ada BBM")
    );
    assert_eq!(at(1, "Laporan tambahan"), "1");
    assert_eq!((at(2, "Instansi"), at(2, "Status instansi")), ("Badan Penanggulangan Bencana Daerah", "ditolak"));
    assert_eq!((at(3, "Kategori"), at(3, "Instansi"), at(3, "Cara ditutup")), ("Pohon tumbang", "", "laporan palsu"));

    // The scorecard and the funnel are the API's figures.
    let figures = executive.get("/api/dashboard?from=2026-11-16").await.body;
    let scorecard = rows(&mut workbook, "Kartu skor instansi");
    let (headings, lines) = (&scorecard[0], &scorecard[1..]);
    assert_eq!(lines.len(), figures["agencies"].as_array().unwrap().len());
    for (line, row) in lines.iter().zip(figures["agencies"].as_array().unwrap()) {
        let cell = |name: &str| line[column(headings, name)].clone();
        assert_eq!(cell("Penugasan"), row["assignments"].to_string());
        assert_eq!(cell("Ditolak"), row["declined"].to_string());
        let median = &row["acknowledgement"]["median_seconds"];
        assert_eq!(cell("Median respons (detik)"), if median.is_null() { String::new() } else { median.to_string() });
        assert_eq!(cell("Respons terlambat"), row["acknowledgement"]["missed"].to_string());
        assert_eq!(cell("Dinilai warga"), row["rated"].to_string());
        let average = &row["average_rating"];
        assert_eq!(
            cell("Rata-rata penilaian warga (1-5)"),
            if average.is_null() { String::new() } else { average.to_string() }
        );
    }
    let funnel = rows(&mut workbook, "Corong dan hasil panggilan");
    let stage =
        |name: &str| funnel.iter().find(|r| r[0] == name).unwrap_or_else(|| panic!("no row {name}"))[1..].to_vec();
    let pair = |value: &Value| vec![value["count"].to_string(), value["previous"].to_string()];
    assert_eq!(stage("Panggilan"), pair(&figures["funnel"]["calls"]));
    assert_eq!(stage("Kejadian"), pair(&figures["funnel"]["incidents"]));
    assert_eq!(stage("Laporan palsu"), pair(&figures["funnel"]["closed_false"]));
    assert_eq!(
        stage("laporan ganda"),
        pair(figures["outcomes"].as_array().unwrap().iter().find(|o| o["outcome"] == "duplicate").unwrap())
    );

    // The CSV is the incidents sheet, times in the center's time with its offset.
    let csv = files.read(&format!("exports/{id}.csv")).await.unwrap().expect("the CSV was written");
    assert!(csv.starts_with(b"\xEF\xBB\xBF"), "a UTF-8 mark for Excel");
    let mut reader = csv::Reader::from_reader(&csv[3..]);
    let csv_headings: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(&csv_headings, &incidents[0]);
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 4);
    assert_eq!(&records[0][column(&csv_headings, "Diterima instansi")], "2026-11-16T08:03:00+07:00");
    assert_eq!(&records[2][column(&csv_headings, "Status instansi")], "ditolak");

    // Filters narrow the export as they narrow the dashboard; English heads it in English.
    let bpbd = exported(&app, &executive, "?from=2026-11-16&agency=BPBD", "en").await;
    assert_eq!(bpbd["rows"], 2, "fire B's two agencies: the filter keeps incidents, not lines");
    let xlsx = files.read(&format!("exports/{}.xlsx", bpbd["id"].as_str().unwrap())).await.unwrap().unwrap();
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(xlsx)).unwrap();
    assert_eq!(workbook.sheet_names()[0], "Incidents");
    assert_eq!(rows(&mut workbook, "Incidents")[0][0], "Incident");
}

async fn only_its_asker_follows_an_export(app: TestApp) {
    let (app, _files, _dir) = with_files(&app);
    let executive = app.as_role(Role::Executive).await;
    let started = executive.post("/api/dashboard/exports?range=today", &json!({})).await;
    assert_eq!(started.status, StatusCode::ACCEPTED);
    let path = format!("/api/dashboard/exports/{}", started.body["id"].as_str().unwrap());
    assert_eq!(executive.get(&path).await.body["status"], "queued");
    let supervisor = app.as_role(Role::Supervisor).await;
    supervisor.get(&path).await.assert_problem(StatusCode::NOT_FOUND, "/problems/not-found");
    executive
        .get("/api/dashboard/exports/not-an-id")
        .await
        .assert_problem(StatusCode::NOT_FOUND, "/problems/not-found");
    let bad = executive.post("/api/dashboard/exports?from=2026-13-01", &json!({})).await;
    bad.assert_problem(StatusCode::BAD_REQUEST, "/problems/bad-request");
}

async fn a_run_that_died_is_taken_up_again_and_given_up_after_three(app: TestApp) {
    let (app, _files, _dir) = with_files(&app);
    let executive = app.as_role(Role::Executive).await;
    let started = executive.post("/api/dashboard/exports?range=today", &json!({})).await;
    let id = ExportId::parse(started.body["id"].as_str().unwrap()).unwrap();

    // A run that took the job and died: nobody takes it over while it may still be alive.
    let stored = app.state.exports.get(&id).await.unwrap().unwrap();
    let running = tanggap_domain::dto::ExportJob { status: ExportStatus::Running, attempts: 1, ..stored.job.clone() };
    app.state.exports.save(&stored, running).await.unwrap();
    assert_eq!(tanggap_api::exports::run_due(&app.state).await.unwrap(), 0);
    app.clock.advance(tanggap_api::exports::STALE_SECONDS);
    assert_eq!(tanggap_api::exports::run_due(&app.state).await.unwrap(), 1, "silent long enough: taken up again");
    let done = app.state.exports.get(&id).await.unwrap().unwrap().job;
    assert_eq!((done.status, done.attempts), (ExportStatus::Ready, 2));

    // Three runs that all died: given up, and said so.
    let stored = app.state.exports.get(&id).await.unwrap().unwrap();
    let dying = tanggap_domain::dto::ExportJob { status: ExportStatus::Running, attempts: 3, ..stored.job.clone() };
    app.state.exports.save(&stored, dying).await.unwrap();
    app.clock.advance(tanggap_api::exports::STALE_SECONDS);
    assert_eq!(tanggap_api::exports::run_due(&app.state).await.unwrap(), 0);
    let given_up = app.state.exports.get(&id).await.unwrap().unwrap().job;
    assert_eq!(given_up.status, ExportStatus::Failed);
    assert!(given_up.error.unwrap().contains("3 runs"));
    // (Signed in again: the clock went past the first access token's life.)
    let executive = app.as_role(Role::Executive).await;
    assert_eq!(executive.get(&format!("/api/dashboard/exports/{id}")).await.body["status"], "failed");
}
