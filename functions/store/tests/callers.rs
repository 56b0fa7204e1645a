//! Callers' histories, blocks and the day's calls, on both backends: every case runs once on the embedded
//! store and once on DynamoDB (moto's server at `TANGGAP_TEST_DYNAMODB_ENDPOINT`).

use tanggap_domain::caller::{CallRecord, CallerBlock};
use tanggap_domain::incident::Report;
use tanggap_domain::{
    Actor, Caller, Category, CategoryCode, DispatchTarget, Event, Incident, IncidentCommand, IncidentId, Location,
    PhoneNumber, Priority, Reason, Timestamp, Username,
};
use tanggap_store::Key;
use tanggap_store::on_both_backends;
use tanggap_store::repo::{CallTaken, CallerRepo, Created, Day, DayCall, IdempotencyKey, RepoError};
use tanggap_store::testing::{Incidents, TestTable};

on_both_backends!(
    a_call_is_recorded_with_its_incident_and_a_replay_records_nothing_twice,
    a_numbers_calls_read_newest_first_and_reach_back_over_the_whole_window,
    a_linked_report_is_recorded_once_per_key_and_refused_on_a_stale_version,
    a_block_is_stored_with_its_end_as_time_to_live_and_lifted,
    a_days_calls_are_those_taken_on_that_local_day,
);

const WIB: i8 = 7;

fn at(minute: i64) -> Timestamp {
    Timestamp::from_unix_millis(1_795_000_000_000).unwrap().plus_seconds(minute * 60)
}

fn phone() -> PhoneNumber {
    PhoneNumber::parse("0812 3456 7890").unwrap()
}

fn category(code: &str, priority: Priority) -> Category {
    let dispatch_target = priority.is_dispatchable().then(|| DispatchTarget::minutes(5));
    Category { dispatch_target, ..Category::new(CategoryCode::parse(code).unwrap(), code, code, priority) }
}

fn id(n: u8) -> IncidentId {
    IncidentId::parse(&format!("01JDGZ6Q8X4T3N2M1K0H9G8F{n:02}")).unwrap()
}

fn key(name: &str) -> IdempotencyKey {
    IdempotencyKey::parse(&format!("test-key-{name}")).unwrap()
}

/// A call from [`phone`] about `code`, taken `minute` minutes into the test's day.
fn received(n: u8, code: &str, priority: Priority, minute: i64) -> (Incident, Vec<Event>, CallTaken) {
    let report = Report {
        caller: Caller { phone: Some(phone()), name: Some("Budi".into()), masked_phone: None },
        location: Location::default(),
        description: None,
        people_affected: None,
        priority: None,
        priority_reason: None,
        caller_blocked: false,
        channel: Default::default(),
        intake_seconds: None,
    };
    let (incident, events) = Incident::receive(id(n), &category(code, priority), report, Actor::Anonymous, at(minute));
    let call = taken(&incident, at(minute), None);
    (incident, events, call)
}

fn taken(incident: &Incident, at: Timestamp, report_seq: Option<u64>) -> CallTaken {
    CallTaken {
        phone: Some(phone()),
        record: CallRecord {
            at,
            incident: incident.id.clone(),
            category: incident.category.clone(),
            priority: incident.priority,
            status: incident.status,
            linked: report_seq.is_some(),
        },
        report_seq,
        day: Day::of(at, WIB),
    }
}

async fn a_call_is_recorded_with_its_incident_and_a_replay_records_nothing_twice(table: TestTable) {
    let incidents = Incidents::new(table.table.clone());
    let callers = CallerRepo::new(table.table.clone());
    let (incident, events, call) = received(1, "PRANK", Priority::P0, 0);
    incidents.create_call(&key("one"), "body", &incident, &events, &call).await.unwrap();
    // The retry decides afresh: another id, another minute.
    let (retry, retry_events, retry_call) = received(2, "PRANK", Priority::P0, 1);

    let replayed = incidents.create_call(&key("one"), "body", &retry, &retry_events, &retry_call).await.unwrap();

    assert_eq!(replayed, Created::Replayed { id: incident.id.clone() });
    assert_eq!(callers.calls(&phone(), 20, at(-60)).await.unwrap(), std::slice::from_ref(&call.record));
    let day = callers.calls_on(&call.day).await.unwrap();
    assert_eq!(day, [DayCall { category: CategoryCode::parse("PRANK").unwrap(), linked: false }]);
    // The key is remembered for a week, then left to the table's time to live.
    let record = table.table.get(&Key::new("IDEM#test-key-one", "IDEM")).await.unwrap().unwrap();
    let week_later = incident.received_at.unix_millis() / 1000 + 7 * 24 * 3600;
    assert_eq!(record.get("expires_at").and_then(|v| v.as_i64()), Some(week_later));
}

async fn a_numbers_calls_read_newest_first_and_reach_back_over_the_whole_window(table: TestTable) {
    let incidents = Incidents::new(table.table.clone());
    let callers = CallerRepo::new(table.table.clone());
    let mut recorded = Vec::new();
    for n in 1..=5 {
        let (incident, events, call) = received(n, "PRANK", Priority::P0, i64::from(n) * 10);
        incidents.create_call(&key(&n.to_string()), "body", &incident, &events, &call).await.unwrap();
        recorded.insert(0, call.record);
    }

    let newest_two_window_from_the_second = callers.calls(&phone(), 2, at(20)).await.unwrap();
    let newest_two_window_from_the_last = callers.calls(&phone(), 2, at(50)).await.unwrap();
    let unknown = callers.calls(&PhoneNumber::parse("081100000000").unwrap(), 20, at(0)).await.unwrap();

    assert_eq!(newest_two_window_from_the_second, recorded[..4], "every call at or after the window's start");
    assert_eq!(newest_two_window_from_the_last, recorded[..2], "at least the newest two");
    assert_eq!(unknown, []);
}

async fn a_linked_report_is_recorded_once_per_key_and_refused_on_a_stale_version(table: TestTable) {
    let incidents = Incidents::new(table.table.clone());
    let callers = CallerRepo::new(table.table.clone());
    let (incident, events, call) = received(1, "FIRE", Priority::P1, 0);
    incidents.create_call(&key("fire"), "fire", &incident, &events, &call).await.unwrap();
    let link = IncidentCommand::AddReport { caller: Caller::default(), description: None };
    let (linked, link_events) = incident.execute(&link, &Actor::Anonymous, at(5)).unwrap();
    let linked_call = taken(&linked, at(5), Some(linked.version));

    let first = incidents.link_report(&key("link"), "report", 1, &linked, &link_events, &linked_call).await;
    let retry = incidents.link_report(&key("link"), "report", 1, &linked, &link_events, &linked_call).await;
    let other = incidents.link_report(&key("link"), "another", 2, &linked, &link_events, &linked_call).await;
    let stale = incidents.link_report(&key("stale"), "report", 1, &linked, &link_events, &linked_call).await;

    assert_eq!(first.unwrap(), Created::New);
    assert_eq!(retry.unwrap(), Created::Replayed { id: incident.id.clone() });
    assert!(matches!(other, Err(RepoError::IdempotencyKeyReused)), "{other:?}");
    assert!(matches!(stale, Err(RepoError::VersionConflict)), "{stale:?}");
    assert_eq!(incidents.get(&incident.id).await.unwrap().unwrap().extra_reports, 1);
    assert_eq!(incidents.replayed(&key("stale"), "report").await.unwrap(), None, "a refused link keeps no key");
    let history = callers.calls(&phone(), 20, at(0)).await.unwrap();
    assert_eq!(history, [linked_call.record, call.record]);
    let day = callers.calls_on(&call.day).await.unwrap();
    assert_eq!(day.iter().filter(|c| c.linked).count(), 1);
}

async fn a_block_is_stored_with_its_end_as_time_to_live_and_lifted(table: TestTable) {
    let callers = CallerRepo::new(table.table.clone());
    let block = CallerBlock {
        phone: phone(),
        reason: Reason::parse("three pranks tonight").unwrap(),
        blocked_by: Username::parse("supervisor").unwrap(),
        blocked_at: at(0),
        until: at(24 * 60),
    };
    callers.put_block(&block).await.unwrap();
    let longer = CallerBlock { until: at(48 * 60), ..block.clone() };

    callers.put_block(&longer).await.unwrap();

    assert_eq!(callers.block(&phone()).await.unwrap(), Some(longer.clone()), "a block replaces the one before");
    assert_eq!(callers.blocks(at(1)).await.unwrap(), vec![longer.clone()], "listed once, as it stands");
    assert_eq!(callers.blocks(at(48 * 60)).await.unwrap(), vec![], "a block that has ended is not listed");
    let item = table.get(&Key::new("BLOCK#+6281234567890", "BLOCK")).await.unwrap().unwrap();
    assert_eq!(item.get("expires_at").and_then(|v| v.as_i64()), Some(at(48 * 60).unix_millis() / 1000));
    assert_eq!(callers.lift_block(&phone()).await.unwrap(), Some(longer));
    assert_eq!(callers.block(&phone()).await.unwrap(), None);
    assert_eq!(callers.blocks(at(1)).await.unwrap(), vec![], "a lifted block is not listed");
    assert_eq!(callers.lift_block(&phone()).await.unwrap(), None, "lifting twice is no error");
}

async fn a_days_calls_are_those_taken_on_that_local_day(table: TestTable) {
    let incidents = Incidents::new(table.table.clone());
    let callers = CallerRepo::new(table.table.clone());
    // The test's day starts at 11:06:40 UTC, 18:06 in WIB: the call 12 hours on is on the next day.
    for (n, code, minute) in [(1, "FIRE", 0), (2, "PRANK", 60), (3, "FIRE", 120), (4, "FIRE", 12 * 60)] {
        let priority = if code == "PRANK" { Priority::P0 } else { Priority::P1 };
        let (incident, events, call) = received(n, code, priority, minute);
        incidents.create_call(&key(&n.to_string()), "body", &incident, &events, &call).await.unwrap();
    }
    let today = Day::of(at(0), WIB);

    let calls = callers.calls_on(&today).await.unwrap();
    let tomorrow = callers.calls_on(&Day::of(at(12 * 60), WIB)).await.unwrap();

    let codes: Vec<&str> = calls.iter().map(|c| c.category.as_str()).collect();
    assert_eq!(codes, ["FIRE", "PRANK", "FIRE"]);
    assert_eq!(tomorrow.len(), 1);
    assert_ne!(Day::of(at(12 * 60), WIB), today);
}
