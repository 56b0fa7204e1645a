//! Shifts on both backends: the pattern, rosters with their versions, and sign-ons with their history.

use tanggap_domain::shift::{ClockTime, Handover, HandoverMaterial, Roster, ShiftPattern, ShiftRef, SignOn};
use tanggap_domain::{Day, Role, Text, Timestamp, Username};
use tanggap_store::on_both_backends;
use tanggap_store::repo::{RepoError, ShiftRepo};
use tanggap_store::testing::TestTable;

on_both_backends!(
    the_pattern_is_the_default_until_one_is_saved,
    a_roster_is_saved_with_its_version_and_a_stale_save_is_refused,
    a_sign_on_is_the_persons_latest_and_in_its_shifts_history,
    a_second_device_signing_on_at_once_is_refused,
    a_handover_is_saved_then_acknowledged_on_its_version,
);

fn name(text: &str) -> Username {
    Username::parse(text).unwrap()
}

fn day(text: &str) -> Day {
    Day::parse(text).unwrap()
}

fn at(hour: i64) -> Timestamp {
    day("2026-12-08").start(7).plus_seconds(hour * 3600)
}

fn sign_on(who: &str, shift: ShiftRef, hour: i64) -> SignOn {
    SignOn { username: name(who), role: Role::Operator, shift, on_at: at(hour), rostered: true, off_at: None }
}

async fn the_pattern_is_the_default_until_one_is_saved(table: TestTable) {
    let repo = ShiftRepo::new(table.table.clone());
    assert_eq!(repo.pattern().await.unwrap(), ShiftPattern::default());
    let hour = |h| ClockTime::hm(h, 0).unwrap();
    let two = ShiftPattern::new(vec![hour(8), hour(20)]).unwrap();
    repo.put_pattern(&two).await.unwrap();
    assert_eq!(repo.pattern().await.unwrap(), two);
}

async fn a_roster_is_saved_with_its_version_and_a_stale_save_is_refused(table: TestTable) {
    let repo = ShiftRepo::new(table.table.clone());
    let empty = repo.roster(day("2026-12-17")).await.unwrap();
    assert_eq!((empty.roster.clone(), empty.version), (Roster::empty(day("2026-12-01")), 0));
    let mut roster = empty.roster.clone();
    roster.shifts.insert(ShiftRef { day: day("2026-12-17"), index: 2 }, vec![name("ani"), name("budi")]);
    let saved = repo.save_roster(&empty, roster.clone()).await.unwrap();
    assert_eq!(saved.version, 1);
    assert_eq!(repo.roster(day("2026-12-31")).await.unwrap(), saved);
    // Another supervisor's save, made on the empty roster they read before: refused, nothing lost.
    assert!(matches!(
        repo.save_roster(&empty, Roster::empty(day("2026-12-01"))).await,
        Err(RepoError::VersionConflict)
    ));
    assert!(matches!(repo.save_roster(&saved, Roster::empty(day("2026-12-01"))).await, Ok(s) if s.version == 2));
    // Another month is its own roster.
    assert_eq!(repo.roster(day("2027-01-01")).await.unwrap().version, 0);
}

async fn a_sign_on_is_the_persons_latest_and_in_its_shifts_history(table: TestTable) {
    let repo = ShiftRepo::new(table.table.clone());
    let morning = ShiftRef { day: day("2026-12-08"), index: 0 };
    let afternoon = ShiftRef { day: day("2026-12-08"), index: 1 };
    assert_eq!(repo.last_sign_on(&name("ani")).await.unwrap(), None);
    let first = sign_on("ani", morning, 7);
    repo.save_sign_on(None, &first, None).await.unwrap();
    repo.save_sign_on(None, &sign_on("budi", morning, 8), None).await.unwrap();
    let last = repo.last_sign_on(&name("ani")).await.unwrap().unwrap();
    assert_eq!((last.sign_on.clone(), last.version), (first.clone(), 1));
    // She stays on for the afternoon: the morning's record shows when she left it.
    let closed = SignOn { off_at: Some(at(15)), ..first.clone() };
    let second = sign_on("ani", afternoon, 15);
    repo.save_sign_on(Some(&last), &second, Some(&closed)).await.unwrap();
    let morning_history = repo.sign_ons_of(morning).await.unwrap();
    assert_eq!(morning_history, vec![closed, sign_on("budi", morning, 8)]);
    assert_eq!(repo.sign_ons_of(afternoon).await.unwrap(), vec![second.clone()]);
    let mut latest = repo.latest_sign_ons().await.unwrap();
    latest.sort_by(|a, b| a.username.cmp(&b.username));
    assert_eq!(latest, vec![second, sign_on("budi", morning, 8)]);
}

async fn a_second_device_signing_on_at_once_is_refused(table: TestTable) {
    let repo = ShiftRepo::new(table.table.clone());
    let morning = ShiftRef { day: day("2026-12-08"), index: 0 };
    repo.save_sign_on(None, &sign_on("ani", morning, 7), None).await.unwrap();
    // Read before the first was saved: no sign-on yet.
    let stale = repo.save_sign_on(None, &sign_on("ani", morning, 8), None).await;
    assert!(matches!(stale, Err(RepoError::VersionConflict)), "{stale:?}");
    assert_eq!(repo.sign_ons_of(morning).await.unwrap().len(), 1, "the refused sign-on left no record");
}

async fn a_handover_is_saved_then_acknowledged_on_its_version(table: TestTable) {
    let repo = ShiftRepo::new(table.table.clone());
    let afternoon = ShiftRef { day: day("2026-12-08"), index: 1 };
    assert_eq!(repo.handover(afternoon).await.unwrap(), None);
    let shift = ShiftPattern::default().shift(afternoon, 7).unwrap();
    let note = Text::parse("Banjir Waru masih ditangani BPBD").unwrap();
    let handover =
        Handover::write(None, &shift, &name("sri"), note, HandoverMaterial::default(), shift.ends_at).unwrap();
    let saved = repo.save_handover(None, &handover).await.unwrap();
    assert_eq!(repo.handover(afternoon).await.unwrap(), Some(saved.clone()));
    // A second writer who read no handover yet is refused, and so is an acknowledgement of a stale read.
    assert!(matches!(repo.save_handover(None, &handover).await, Err(RepoError::VersionConflict)));
    let acknowledged = Handover::acknowledge(Some(&saved.handover), &name("budi"), None, shift.ends_at).unwrap();
    let done = repo.save_handover(Some(&saved), &acknowledged).await.unwrap();
    assert_eq!(done.version, 2);
    assert!(matches!(repo.save_handover(Some(&saved), &acknowledged).await, Err(RepoError::VersionConflict)));
    assert_eq!(repo.handover(afternoon).await.unwrap().unwrap().handover.acknowledged.unwrap().by, name("budi"));
}
