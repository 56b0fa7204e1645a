//! The one write path: a change of an incident and its projections (the changes feed, the callers'
//! histories and the day's calls, the notice of whom to tell) are stored together or not at all, whatever
//! call to storage fails. Each case makes the same change again and again, failing storage's first call,
//! then its second, and so on until the change goes through untouched, and looks at what each try left.

use axum::http::StatusCode;
use serde_json::{Value, json};
use tanggap_api::Clock as _;
use tanggap_api::notify;
use tanggap_domain::{Incident, IncidentId, PhoneNumber, Role, Timestamp, Username};
use tanggap_store::Key;
use tanggap_store::repo::Day;

use crate::helpers::{TestApp, fire_report};

on_both_backends!(
    a_call_taken_and_its_projections_are_stored_together_or_not_at_all,
    a_linked_report_and_its_callers_history_are_stored_together_or_not_at_all,
    a_dispatch_and_the_notice_of_whom_to_tell_are_stored_together_or_not_at_all,
);

/// More calls to storage than any one change makes: a try that reaches none of its failures ends the loop.
const MOST_CALLS: usize = 60;

/// The versions of incident `id` that the changes feed holds.
async fn feed_versions(app: &TestApp, id: &IncidentId) -> Vec<u64> {
    let since = app.clock.now().plus_seconds(-3600);
    let read = app.state.incidents.changes(since, app.clock.now(), None, 1000, |i| i.id == *id).await.unwrap();
    read.incidents.iter().map(|i| i.version).collect()
}

async fn incident(app: &TestApp, id: &IncidentId) -> Incident {
    app.state.incidents.get(id).await.unwrap().expect("the incident")
}

fn phone(n: usize) -> String {
    format!("0813 5555 {n:04}")
}

async fn calls_of(app: &TestApp, n: usize) -> usize {
    let phone = PhoneNumber::parse(&phone(n)).unwrap();
    let since = Timestamp::from_unix_millis(0).unwrap();
    app.state.callers.calls(&phone, 20, since).await.unwrap().len()
}

async fn calls_today(app: &TestApp) -> usize {
    app.state.callers.calls_on(&Day::of(app.clock.now(), 7)).await.unwrap().len()
}

/// The incident an idempotency key was first answered with, from its record.
async fn first_answer(app: &TestApp, key: &str) -> Option<IncidentId> {
    let record = app.table().get(&Key::new(format!("IDEM#{key}"), "IDEM")).await.unwrap()?;
    Some(IncidentId::parse(record.get("incident_id")?.as_str()?).unwrap())
}

async fn a_call_taken_and_its_projections_are_stored_together_or_not_at_all(app: TestApp) {
    let operator = app.as_operator().await;
    let (mut stored, mut lost) = (0, 0);
    for n in 1..=MOST_CALLS {
        let key = format!("take-{n:04}");
        let day_before = calls_today(&app).await;
        let (failing, table) = operator.failing_at(n);
        let mut report = fire_report();
        report["caller_phone"] = json!(phone(n));

        let response = failing.report_with_key(&key, &report).await;

        let calls = calls_of(&app, n).await;
        let day = calls_today(&app).await - day_before;
        match first_answer(&app, &key).await {
            Some(id) => {
                stored += 1;
                assert_eq!(incident(&app, &id).await.version, 1, "try {n}: the head");
                assert_eq!(feed_versions(&app, &id).await, [1], "try {n}: the feed");
                assert_eq!((calls, day), (1, 1), "try {n}: the caller's history and the day's calls");
            }
            None => {
                lost += 1;
                assert_ne!(response.status, StatusCode::CREATED, "try {n}: a call answered as taken is stored");
                assert_eq!((calls, day), (0, 0), "try {n}: no call counted without its incident");
            }
        }
        if !table.failed() {
            assert_eq!(response.status, StatusCode::CREATED, "{:#}", response.body);
            break;
        }
    }
    assert!(lost > 0 && stored > 0, "tries that failed early and one that went through: {lost} lost, {stored} stored");
}

async fn a_linked_report_and_its_callers_history_are_stored_together_or_not_at_all(app: TestApp) {
    let operator = app.as_operator().await;
    let id = operator.reported(&fire_report()).await["id"].as_str().unwrap().to_owned();
    let id = IncidentId::parse(&id).unwrap();
    let (mut stored, mut lost) = (0, 0);
    for n in 1..=MOST_CALLS {
        let key = format!("link-{n:04}");
        let before = incident(&app, &id).await;
        let day_before = calls_today(&app).await;
        let (failing, table) = operator.failing_at(n);
        let mut request = crate::helpers::json_request(
            axum::http::Method::POST,
            &format!("/api/incidents/{id}/reports"),
            &json!({ "caller_phone": phone(n), "description": "asap dari belakang pasar" }),
        );
        request.headers_mut().insert("idempotency-key", key.parse().unwrap());

        let response = failing.send(request).await;

        let after = incident(&app, &id).await;
        let items = (calls_of(&app, n).await, calls_today(&app).await - day_before, first_answer(&app, &key).await);
        if after.version > before.version {
            stored += 1;
            assert_eq!(after.extra_reports, before.extra_reports + 1, "try {n}");
            assert_eq!(items, (1, 1, Some(id.clone())), "try {n}: the caller's history, the day's calls, the key");
            assert!(feed_versions(&app, &id).await.contains(&after.version), "try {n}: the feed");
        } else {
            lost += 1;
            assert_ne!(response.status, StatusCode::OK, "try {n}: a report answered as linked is stored");
            assert_eq!(items, (0, 0, None), "try {n}: nothing of the report without the report");
            assert!(!feed_versions(&app, &id).await.contains(&(before.version + 1)), "try {n}: the feed");
        }
        if !table.failed() {
            assert_eq!(response.status, StatusCode::OK, "{:#}", response.body);
            break;
        }
    }
    assert!(lost > 0 && stored > 0, "tries that failed early and one that went through: {lost} lost, {stored} stored");
}

async fn a_dispatch_and_the_notice_of_whom_to_tell_are_stored_together_or_not_at_all(app: TestApp) {
    let operator = app.as_operator().await;
    app.as_role(Role::AgencyOfficer).await;
    let officer = Username::parse("test-agency-officer").unwrap();
    let told = |id: IncidentId| {
        let app = app.clone();
        let officer = officer.clone();
        async move {
            let (recent, _) = app.state.notifications.recent(&officer, 100).await.unwrap();
            recent.iter().filter(|n| n.incident() == Some(&id)).count()
        }
    };
    let (mut stored, mut lost, mut left_pending) = (0, 0, 0);
    for n in 1..=MOST_CALLS {
        let reported = operator.reported(&fire_report()).await;
        let verified = operator.command(&reported, json!({ "command": "verify", "method": "callback" })).await;
        let verified: Value = verified.body["incident"].clone();
        let id = IncidentId::parse(verified["id"].as_str().unwrap()).unwrap();
        let (failing, table) = operator.failing_at(n);

        let response = failing.command(&verified, json!({ "command": "dispatch", "agencies": ["DAMKAR"] })).await;

        let after = incident(&app, &id).await;
        let pending = app.state.notifications.pending_notices(1000).await.unwrap();
        let noticed = pending.iter().any(|notice| notice.incident.id == id);
        if after.version == 3 {
            stored += 1;
            assert!(feed_versions(&app, &id).await.contains(&3), "try {n}: the feed");
            // The notice is fanned out right after the change, or left pending when that failed: for the
            // notifier (told by the table's stream) and, failing that too, the sweeper.
            assert!(noticed || told(id.clone()).await == 1, "try {n}: the officer is told, or will be");
            left_pending += usize::from(noticed);
            notify::fan_out_named(&app.state, &[(id.clone(), 3)]).await;
            notify::fan_out_pending(&app.state).await;
            assert_eq!(told(id.clone()).await, 1, "try {n}: nothing lost, nothing twice");
        } else {
            lost += 1;
            assert_eq!(after.version, 2, "try {n}");
            assert_ne!(response.status, StatusCode::OK, "try {n}: a dispatch answered as done is stored");
            assert!(!noticed, "try {n}: no notice without its change");
            assert_eq!(told(id.clone()).await, 0, "try {n}: nobody told of a dispatch that did not happen");
            assert!(!feed_versions(&app, &id).await.contains(&3), "try {n}: the feed");
        }
        if !table.failed() {
            assert_eq!(response.status, StatusCode::OK, "{:#}", response.body);
            break;
        }
    }
    assert!(lost > 0 && stored > 0, "tries that failed early and one that went through: {lost} lost, {stored} stored");
    assert!(left_pending > 0, "a try that failed between the change and its notifications");
    assert!(app.state.notifications.pending_notices(1000).await.unwrap().is_empty(), "no notice left pending");
}
