//! The repositories, on both backends: every case runs once on the embedded store and once on DynamoDB
//! (moto's server at `TANGGAP_TEST_DYNAMODB_ENDPOINT`).

use tanggap_domain::dto::{AuditAction, AuditEntry};
use tanggap_domain::incident::{Report, VerificationMethod};
use tanggap_domain::{
    Actor, Agency, AgencyCode, Caller, Category, CategoryCode, Coordinates, DispatchTarget, Incident, IncidentCommand,
    IncidentId, KodeWilayah, Location, PhoneNumber, Priority, Reason, Region, Text, Timestamp,
};
use tanggap_domain::{Role, User, Username};
use tanggap_store::on_both_backends;
use tanggap_store::repo::{
    AuditRepo, CatalogRepo, Created, IdempotencyKey, PasswordHash, RepoError, SessionFamily, SessionId, SessionRepo,
    StoredUser, Subject, ThrottleRepo, UserRepo, Window,
};
use tanggap_store::testing::{Incidents, TestTable};

on_both_backends!(
    a_created_incident_reads_back_with_its_events,
    a_replayed_create_returns_the_first_incident_and_stores_nothing_new,
    the_same_key_for_another_request_is_refused,
    a_stale_save_is_refused_and_writes_no_event,
    a_saved_change_appends_its_events,
    the_board_lists_open_incidents_most_urgent_first_then_oldest_first,
    the_board_pages_with_its_cursor,
    seeding_the_catalog_twice_does_not_duplicate_it,
    seeding_adds_a_category_or_agency_only_where_it_is_missing,
    every_write_of_an_incident_is_in_the_changes_feed_oldest_first_across_hours,
    the_changes_feed_stops_at_its_limit_and_counts_only_past_the_last_position,
    regions_within_a_district_are_its_villages_in_code_order,
    an_agencys_board_holds_only_incidents_it_is_assigned_to_and_pages,
    a_user_is_created_once_and_changed_only_on_the_version_read,
    users_are_listed_by_username_without_their_hashes,
    a_session_family_rotates_and_a_stale_save_is_refused,
    throttle_windows_count_every_racing_failure,
    the_audit_log_reads_newest_first_across_months_with_its_cursor,
);

fn category(code: &str, priority: Priority) -> Category {
    let (name_id, name_en) = (format!("{code} (id)"), format!("{code} (en)"));
    let dispatch_target = priority.is_dispatchable().then(|| DispatchTarget::minutes(5));
    Category { dispatch_target, ..Category::new(CategoryCode::parse(code).unwrap(), name_id, name_en, priority) }
}

fn at(minute: i64) -> Timestamp {
    Timestamp::from_unix_millis(1_795_000_000_000).unwrap().plus_seconds(minute * 60)
}

fn id(n: u8) -> IncidentId {
    IncidentId::parse(&format!("01JDGZ6Q8X4T3N2M1K0H9G8F{n:02}")).unwrap()
}

fn key(name: &str) -> IdempotencyKey {
    IdempotencyKey::parse(&format!("test-key-{name}")).unwrap()
}

/// A new incident of priority `priority`, received `minute` minutes into the test's day.
fn received(n: u8, priority: Priority, minute: i64) -> (Incident, Vec<tanggap_domain::Event>) {
    // Every kind of field, so that the round trip through each backend's encoding is checked.
    let report = Report {
        caller: Caller {
            phone: Some(PhoneNumber::parse("0812 3456 7890").unwrap()),
            name: Some("Budi".into()),
            masked_phone: None,
        },
        location: Location {
            district: Some(Region { code: KodeWilayah::parse("64.09.01").unwrap(), name: "Babulu".into() }),
            village: None,
            landmark: Some(Text::parse("dekat pasar").unwrap()),
            coordinates: Some(Coordinates::new(-1.2634, 116.8284).unwrap()),
        },
        description: Some(Text::parse("Asap tebal, \"api\" besar ✓").unwrap()),
        people_affected: Some(u32::from(n)),
        priority: None,
        priority_reason: None,
        caller_blocked: false,
        channel: Default::default(),
        intake_seconds: None,
    };
    Incident::receive(id(n), &category(&format!("{priority}X"), priority), report, Actor::Anonymous, at(minute))
}

/// Stores a new incident under its own idempotency key.
async fn create(repo: &Incidents, n: u8, priority: Priority, minute: i64) -> Incident {
    let (incident, events) = received(n, priority, minute);
    let created = repo.create(&key(&n.to_string()), &format!("fingerprint-{n}"), &incident, &events).await.unwrap();
    assert_eq!(created, Created::New);
    incident
}

async fn close_as_false_report(repo: &Incidents, incident: &Incident) {
    let command = IncidentCommand::CloseAsFalseReport { reason: Reason::parse("a prank").unwrap() };
    let (closed, events) = incident.execute(&command, &Actor::Anonymous, at(100)).unwrap();
    repo.save(incident.version, &closed, &events).await.unwrap();
}

fn ids(incidents: &[Incident]) -> Vec<IncidentId> {
    incidents.iter().map(|i| i.id.clone()).collect()
}

async fn a_created_incident_reads_back_with_its_events(table: TestTable) {
    let repo = Incidents::new(table.table.clone());
    let (incident, events) = received(1, Priority::P1, 0);

    let created = repo.create(&key("one"), "fingerprint", &incident, &events).await.unwrap();

    assert_eq!(created, Created::New);
    assert_eq!(repo.get(&incident.id).await.unwrap(), Some(incident.clone()));
    assert_eq!(repo.events(&incident.id).await.unwrap(), events);
    assert_eq!(repo.get(&id(99)).await.unwrap(), None);
    assert_eq!(repo.events(&id(99)).await.unwrap(), vec![]);
}

async fn a_replayed_create_returns_the_first_incident_and_stores_nothing_new(table: TestTable) {
    let repo = Incidents::new(table.table.clone());
    let (first, first_events) = received(1, Priority::P1, 0);
    repo.create(&key("retry"), "same body", &first, &first_events).await.unwrap();
    // The retry decides afresh, so it arrives with a new id and a new time.
    let (retry, retry_events) = received(2, Priority::P1, 1);

    let created = repo.create(&key("retry"), "same body", &retry, &retry_events).await.unwrap();

    assert_eq!(created, Created::Replayed { id: first.id.clone() });
    assert_eq!(repo.get(&retry.id).await.unwrap(), None);
    assert_eq!(repo.events(&retry.id).await.unwrap(), vec![]);
    assert_eq!(ids(&repo.board(10, None).await.unwrap().0), [first.id]);
}

async fn the_same_key_for_another_request_is_refused(table: TestTable) {
    let repo = Incidents::new(table.table.clone());
    let (first, first_events) = received(1, Priority::P1, 0);
    repo.create(&key("reused"), "body one", &first, &first_events).await.unwrap();
    let (other, other_events) = received(2, Priority::P2, 1);

    let refused = repo.create(&key("reused"), "body two", &other, &other_events).await;

    assert!(matches!(refused, Err(RepoError::IdempotencyKeyReused)), "{refused:?}");
    assert_eq!(repo.get(&other.id).await.unwrap(), None);
}

async fn a_stale_save_is_refused_and_writes_no_event(table: TestTable) {
    let repo = Incidents::new(table.table.clone());
    let incident = create(&repo, 1, Priority::P1, 0).await;
    let verify = IncidentCommand::Verify { method: VerificationMethod::Callback, note: None };
    let (verified, events) = incident.execute(&verify, &Actor::Anonymous, at(1)).unwrap();
    repo.save(incident.version, &verified, &events).await.unwrap();
    // A second operator decided on the version before the first one's change.
    let cancel = IncidentCommand::Cancel { reason: Reason::parse("duplicate call").unwrap() };
    let (cancelled, stale_events) = incident.execute(&cancel, &Actor::Anonymous, at(2)).unwrap();

    let refused = repo.save(incident.version, &cancelled, &stale_events).await;

    assert!(matches!(refused, Err(RepoError::VersionConflict)), "{refused:?}");
    assert_eq!(repo.get(&incident.id).await.unwrap(), Some(verified));
    assert_eq!(repo.events(&incident.id).await.unwrap().len(), 2);
}

async fn a_saved_change_appends_its_events(table: TestTable) {
    let repo = Incidents::new(table.table.clone());
    let incident = create(&repo, 1, Priority::P1, 0).await;
    let mut history = repo.events(&incident.id).await.unwrap();
    let verify = IncidentCommand::Verify { method: VerificationMethod::Cctv, note: None };
    let (verified, verify_events) = incident.execute(&verify, &Actor::Anonymous, at(1)).unwrap();
    repo.save(incident.version, &verified, &verify_events).await.unwrap();
    let dispatch = IncidentCommand::Dispatch { agencies: vec![AgencyCode::parse("DAMKAR").unwrap()] };
    let (dispatched, dispatch_events) = verified.execute(&dispatch, &Actor::Anonymous, at(2)).unwrap();

    repo.save(verified.version, &dispatched, &dispatch_events).await.unwrap();

    history.extend(verify_events);
    history.extend(dispatch_events);
    let stored = repo.events(&incident.id).await.unwrap();
    assert_eq!(stored, history);
    assert_eq!(Incident::replay(&stored).unwrap(), dispatched);
    assert_eq!(repo.get(&incident.id).await.unwrap(), Some(dispatched));
}

async fn the_board_lists_open_incidents_most_urgent_first_then_oldest_first(table: TestTable) {
    let repo = Incidents::new(table.table.clone());
    let p2_early = create(&repo, 1, Priority::P2, 0).await;
    let p1_late = create(&repo, 2, Priority::P1, 20).await;
    let p3_earliest = create(&repo, 3, Priority::P3, -30).await;
    let p1_early = create(&repo, 4, Priority::P1, 10).await;
    create(&repo, 5, Priority::P0, 5).await; // closed at intake: never on the board
    let p1_closed = create(&repo, 6, Priority::P1, 1).await;
    close_as_false_report(&repo, &p1_closed).await;

    let (board, next) = repo.board(50, None).await.unwrap();

    assert_eq!(ids(&board), ids(&[p1_early, p1_late, p2_early, p3_earliest]));
    assert_eq!(next, None);
}

async fn the_board_pages_with_its_cursor(table: TestTable) {
    let repo = Incidents::new(table.table.clone());
    let mut expected = Vec::new();
    for n in 1..=5 {
        expected.push(create(&repo, n, Priority::P2, i64::from(n)).await.id);
    }

    let (first, next) = repo.board(2, None).await.unwrap();
    let (second, next) = repo.board(2, next).await.unwrap();
    let (third, next) = repo.board(2, next).await.unwrap();

    assert_eq!([ids(&first), ids(&second), ids(&third)].concat(), expected);
    assert_eq!(third.len(), 1);
    assert_eq!(next, None, "a short page is the last");
}

async fn seeding_the_catalog_twice_does_not_duplicate_it(table: TestTable) {
    let catalog = CatalogRepo::new(table.table.clone());
    let fire = category("FIRE", Priority::P1);
    let damkar = Agency { code: AgencyCode::parse("DAMKAR").unwrap(), name: "Damkar".into(), outside_regency: false };
    for _ in 0..2 {
        catalog.put_category(&fire).await.unwrap();
        catalog.put_category(&category("PRANK", Priority::P0)).await.unwrap();
        catalog.put_agency(&damkar).await.unwrap();
    }
    let renamed = Category { name_en: "Fire and rescue".into(), ..fire.clone() };

    catalog.put_category(&renamed).await.unwrap();

    let codes: Vec<String> = catalog.categories().await.unwrap().into_iter().map(|c| c.code.to_string()).collect();
    assert_eq!(codes, ["FIRE", "PRANK"]);
    assert_eq!(catalog.category(&fire.code).await.unwrap(), Some(renamed));
    assert_eq!(catalog.category(&CategoryCode::parse("FLOOD").unwrap()).await.unwrap(), None);
    assert_eq!(catalog.agencies().await.unwrap(), [damkar]);
}

async fn regions_within_a_district_are_its_villages_in_code_order(table: TestTable) {
    let catalog = CatalogRepo::new(table.table.clone());
    let region = |code: &str| Region { code: KodeWilayah::parse(code).unwrap(), name: format!("Area {code}") };
    // Put out of order, with neighbours that must not be listed.
    for code in ["64.09.02.2001", "64.09.01.2002", "64.09", "64.09.01", "64.09.01.2001", "64.10.01", "64.09.02"] {
        catalog.put_region(&region(code)).await.unwrap();
    }
    let codes = |regions: Vec<Region>| regions.into_iter().map(|r| r.code.to_string()).collect::<Vec<_>>();

    let district = catalog.regions_within(&KodeWilayah::parse("64.09.01").unwrap()).await.unwrap();
    let regency = catalog.regions_within(&KodeWilayah::parse("64.09").unwrap()).await.unwrap();

    assert_eq!(codes(district), ["64.09.01.2001", "64.09.01.2002"]);
    assert_eq!(codes(regency), ["64.09.01", "64.09.01.2001", "64.09.01.2002", "64.09.02", "64.09.02.2001"]);
    assert_eq!(catalog.region(&KodeWilayah::parse("64.09.01").unwrap()).await.unwrap(), Some(region("64.09.01")));
    assert_eq!(catalog.region(&KodeWilayah::parse("64.09.03").unwrap()).await.unwrap(), None);
}

async fn an_agencys_board_holds_only_incidents_it_is_assigned_to_and_pages(table: TestTable) {
    let repo = Incidents::new(table.table.clone());
    let damkar = AgencyCode::parse("DAMKAR").unwrap();
    let mut expected = Vec::new();
    for n in 1..=6 {
        let incident = create(&repo, n, Priority::P2, i64::from(n)).await;
        let verify = IncidentCommand::Verify { method: VerificationMethod::Callback, note: None };
        let (verified, events) = incident.execute(&verify, &Actor::System, at(10)).unwrap();
        repo.save(incident.version, &verified, &events).await.unwrap();
        // Odd incidents go to DAMKAR, even ones to BPBD.
        let agency = if n % 2 == 1 { damkar.clone() } else { AgencyCode::parse("BPBD").unwrap() };
        let dispatch = IncidentCommand::Dispatch { agencies: vec![agency] };
        let (dispatched, events) = verified.execute(&dispatch, &Actor::System, at(11)).unwrap();
        repo.save(verified.version, &dispatched, &events).await.unwrap();
        if n % 2 == 1 {
            expected.push(incident.id);
        }
    }

    let (first, next) = repo.board_for_agency(&damkar, 2, None).await.unwrap();
    let (second, next) = repo.board_for_agency(&damkar, 2, next).await.unwrap();

    assert_eq!([ids(&first), ids(&second)].concat(), expected);
    assert_eq!(second.len(), 1);
    assert_eq!(next, None);
}

fn user(name: &str, role: Role) -> User {
    User {
        username: Username::parse(name).unwrap(),
        display_name: format!("User {name}"),
        role,
        agency: role.is_agency_bound().then(|| AgencyCode::parse("DAMKAR").unwrap()),
        disabled: false,
        must_change_password: true,
    }
}

fn hash(n: u8) -> PasswordHash {
    PasswordHash::new(format!("$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ${n:0>43}"))
}

async fn a_user_is_created_once_and_changed_only_on_the_version_read(table: TestTable) {
    let repo = UserRepo::new(table.table.clone());
    let siti = user("siti", Role::Operator);
    repo.create(&StoredUser::new(siti.clone(), hash(1))).await.unwrap();

    let again = repo.create(&StoredUser::new(user("siti", Role::Admin), hash(2))).await;
    let stored = repo.get(&siti.username).await.unwrap().unwrap();
    let mut changed = stored.clone();
    changed.user.disabled = true;
    changed.sessions_valid_from = Some(at(5));
    let saved = repo.save(&changed).await.unwrap();
    let stale = repo.save(&stored).await;

    assert!(matches!(again, Err(RepoError::Exists)), "{again:?}");
    assert_eq!((stored.user.clone(), stored.password_hash.clone(), stored.version), (siti, hash(1), 1));
    assert_eq!(saved.version, 2);
    assert!(matches!(stale, Err(RepoError::VersionConflict)), "{stale:?}");
    assert_eq!(repo.get(&stored.user.username).await.unwrap(), Some(saved));
    assert_eq!(repo.get(&Username::parse("nobody").unwrap()).await.unwrap(), None);
}

async fn users_are_listed_by_username_without_their_hashes(table: TestTable) {
    let repo = UserRepo::new(table.table.clone());
    for (name, role) in [("operator2", Role::Operator), ("admin", Role::Admin), ("damkar", Role::AgencyOfficer)] {
        repo.create(&StoredUser::new(user(name, role), hash(3))).await.unwrap();
    }

    let users = repo.list().await.unwrap();

    let names: Vec<&str> = users.iter().map(|u| u.username.as_str()).collect();
    assert_eq!(names, ["admin", "damkar", "operator2"]);
    assert_eq!(users[1].agency.as_ref().map(AgencyCode::as_str), Some("DAMKAR"));
}

fn family(id: &SessionId) -> SessionFamily {
    SessionFamily {
        id: id.clone(),
        username: Username::parse("operator1").unwrap(),
        current_hash: "hash-1".into(),
        previous_hashes: vec![],
        created_at: at(0),
        authenticated_at: at(0),
        expires_at: at(12 * 60),
        revoked: false,
        version: 0,
    }
}

async fn a_session_family_rotates_and_a_stale_save_is_refused(table: TestTable) {
    let repo = SessionRepo::new(table.table.clone());
    let id = SessionId::new();
    let created = repo.create(&family(&id)).await.unwrap();

    let mut rotated = created.clone();
    rotated.rotate("hash-2".into());
    let saved = repo.save(&rotated).await.unwrap();
    let mut racing = created.clone();
    racing.rotate("hash-3".into());
    let stale = repo.save(&racing).await;
    let duplicate = repo.create(&family(&id)).await;

    assert_eq!(created.version, 1);
    assert!(matches!(stale, Err(RepoError::VersionConflict)), "{stale:?}");
    assert!(matches!(duplicate, Err(RepoError::Exists)), "{duplicate:?}");
    let stored = repo.get(&id).await.unwrap().unwrap();
    assert_eq!(stored, saved);
    assert_eq!((stored.current_hash.as_str(), stored.previous_hashes.clone()), ("hash-2", vec!["hash-1".to_owned()]));
    assert_eq!(stored.expires_at, at(12 * 60), "kept to the second (the TTL attribute is in seconds)");
    assert_eq!(repo.get(&SessionId::new()).await.unwrap(), None);
}

async fn throttle_windows_count_every_racing_failure(table: TestTable) {
    let repo = ThrottleRepo::new(table.table.clone());
    let subject = Subject::Address("203.0.113.7".into());
    let count = |window: Window| Window { failures: [window.failures, vec![at(1)]].concat(), ..window };

    let racing = (0..6).map(|_| repo.update(&subject, at(30), count));
    let results = futures::future::join_all(racing).await;

    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(repo.get(&subject).await.unwrap().failures.len(), 6, "no failure lost to a race");
    let locked =
        repo.update(&subject, at(30), |_| Window { failures: vec![], locked_until: Some(at(15)) }).await.unwrap();
    assert_eq!(repo.get(&subject).await.unwrap(), locked);
    assert_eq!(repo.get(&Subject::Account(Username::parse("nobody").unwrap())).await.unwrap(), Window::default());
}

fn entry(at: Timestamp, action: AuditAction, actor: &str) -> AuditEntry {
    AuditEntry {
        at,
        action,
        actor: Some(Username::parse(actor).unwrap()),
        subject: None,
        source: Some("127.0.0.1".into()),
        detail: None,
    }
}

async fn the_audit_log_reads_newest_first_across_months_with_its_cursor(table: TestTable) {
    let repo = AuditRepo::new(table.table.clone());
    let day = 24 * 60;
    // Three months apart, with an empty month between the first two.
    let entries = [
        entry(at(0), AuditAction::Login, "first"),
        entry(at(1), AuditAction::LoginFailed, "second"),
        entry(at(65 * day), AuditAction::Logout, "third"),
        entry(at(95 * day), AuditAction::Login, "fourth"),
        entry(at(95 * day), AuditAction::PasswordChanged, "fifth"),
    ];
    for e in &entries {
        repo.append(e).await.unwrap();
    }
    let now = at(96 * day);

    let (first, next) = repo.page(now, 2, None).await.unwrap();
    let (second, next) = repo.page(now, 2, next).await.unwrap();
    let (third, last) = repo.page(now, 2, next).await.unwrap();

    let actors = |page: &[AuditEntry]| page.iter().map(|e| e.actor.as_ref().unwrap().to_string()).collect::<Vec<_>>();
    assert_eq!(
        [actors(&first), actors(&second), actors(&third)].concat(),
        ["fifth", "fourth", "third", "second", "first"]
    );
    assert_eq!(last, None);
    assert_eq!(third, [entries[0].clone()], "read back as written");
    assert_eq!(repo.page(now, 10, None).await.unwrap().0.len(), 5);
    let bad = repo.page(now, 2, Some(tanggap_store::Cursor("garbage".into()))).await;
    assert!(matches!(bad, Err(RepoError::Store(tanggap_store::StoreError::InvalidCursor))), "{bad:?}");
}

async fn seeding_adds_a_category_or_agency_only_where_it_is_missing(table: TestTable) {
    let catalog = CatalogRepo::new(table.table.clone());
    let fire = category("FIRE", Priority::P1);
    let damkar = Agency { code: AgencyCode::parse("DAMKAR").unwrap(), name: "Damkar".into(), outside_regency: false };
    assert!(catalog.add_category(&fire).await.unwrap());
    assert!(catalog.add_agency(&damkar).await.unwrap());
    let edited = Category { dispatch_target: Some(DispatchTarget::minutes(7)), ..fire.clone() };
    let renamed = Agency { name: "Dinas Pemadam Kebakaran".into(), ..damkar.clone() };
    catalog.put_category(&edited).await.unwrap();
    catalog.put_agency(&renamed).await.unwrap();

    let added_again = (catalog.add_category(&fire).await.unwrap(), catalog.add_agency(&damkar).await.unwrap());

    assert_eq!(added_again, (false, false));
    assert_eq!(catalog.category(&fire.code).await.unwrap(), Some(edited));
    assert_eq!(catalog.agency(&damkar.code).await.unwrap(), Some(renamed));
    assert_eq!(catalog.agency(&AgencyCode::parse("BPBD").unwrap()).await.unwrap(), None);
}

/// The changes as `(incident number, version)`.
fn changed(incidents: &[Incident]) -> Vec<(String, u64)> {
    incidents.iter().map(|i| (i.id.as_str()[24..].to_owned(), i.version)).collect()
}

fn pairs(expected: &[(&str, u64)]) -> Vec<(String, u64)> {
    expected.iter().map(|(n, v)| ((*n).to_owned(), *v)).collect()
}

async fn every_write_of_an_incident_is_in_the_changes_feed_oldest_first_across_hours(table: TestTable) {
    let repo = Incidents::new(table.table.clone());
    // The test's day starts at 11:06:40 UTC: these span three hour partitions.
    let first = create(&repo, 1, Priority::P1, 0).await;
    create(&repo, 2, Priority::P2, 30).await;
    close_as_false_report(&repo, &first).await; // at minute 100
    create(&repo, 3, Priority::P1, 70).await;

    let everything = repo.changes(at(-1), at(120), None, 100, |_| true).await.unwrap();
    let from_minute_30 = repo.changes(at(30), at(120), None, 100, |_| true).await.unwrap();
    let urgent = repo.changes(at(-1), at(120), None, 100, |i| i.priority == Priority::P1).await.unwrap();
    let until_minute_50 = repo.changes(at(-1), at(50), None, 100, |_| true).await.unwrap();

    assert_eq!(changed(&everything.incidents), pairs(&[("01", 1), ("02", 1), ("03", 1), ("01", 2)]));
    assert!(!everything.full);
    assert_eq!(everything.incidents[3].status, tanggap_domain::IncidentStatus::Closed, "closed ones too");
    assert_eq!(changed(&from_minute_30.incidents), pairs(&[("02", 1), ("03", 1), ("01", 2)]), "from is inclusive");
    assert_eq!(changed(&urgent.incidents), pairs(&[("01", 1), ("03", 1), ("01", 2)]));
    assert_eq!(changed(&until_minute_50.incidents), pairs(&[("01", 1), ("02", 1)]), "later hours are not read");
}

async fn the_changes_feed_stops_at_its_limit_and_counts_only_past_the_last_position(table: TestTable) {
    let repo = Incidents::new(table.table.clone());
    for (n, minute) in [(1, 0), (2, 1), (3, 2), (4, 3)] {
        create(&repo, n, Priority::P1, minute).await;
    }

    let first = repo.changes(at(-1), at(10), None, 2, |_| true).await.unwrap();
    // Read again from the same instant (readers overlap): what came up to `last` is not counted.
    let second = repo.changes(at(-1), at(10), first.last.as_ref(), 2, |_| true).await.unwrap();
    let third = repo.changes(at(-1), at(10), second.last.as_ref(), 2, |_| true).await.unwrap();

    assert_eq!(changed(&first.incidents), pairs(&[("01", 1), ("02", 1)]));
    assert!(first.full);
    assert_eq!(changed(&second.incidents), pairs(&[("01", 1), ("02", 1), ("03", 1), ("04", 1)]));
    assert!(second.full);
    assert_eq!(changed(&third.incidents).len(), 4);
    assert!(!third.full, "nothing more to count");
    assert_eq!(third.last, second.last);
}
