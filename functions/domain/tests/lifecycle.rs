//! The incident and assignment life cycles of DOMAIN.md, as behaviours and as properties over random
//! command sequences.

use proptest::prelude::*;
use tanggap_domain::assignment::{AssignmentCommand, AssignmentStatus, DelayReason};
use tanggap_domain::incident::{Closure, Report, VerificationMethod};
use tanggap_domain::{
    Actor, AgencyCode, Caller, Category, CategoryCode, Change, DispatchTarget, Incident, IncidentCommand, IncidentId,
    IncidentStatus, LifecycleError, PhoneNumber, Priority, Reason, Text, Timestamp,
};

fn category(code: &str, priority: Priority) -> Category {
    let dispatch_target = priority.is_dispatchable().then(|| DispatchTarget::minutes(5));
    Category { dispatch_target, ..Category::new(CategoryCode::parse(code).unwrap(), code, code, priority) }
}

fn report() -> Report {
    Report {
        caller: Caller::default(),
        location: Default::default(),
        description: None,
        people_affected: None,
        priority: None,
        priority_reason: None,
        caller_blocked: false,
        channel: Default::default(),
        intake_seconds: None,
    }
}

fn at(minute: i64) -> Timestamp {
    Timestamp::from_unix_millis(1_795_000_000_000).unwrap().plus_seconds(minute * 60)
}

fn id(n: u8) -> IncidentId {
    IncidentId::parse(&format!("01JDGZ6Q8X4T3N2M1K0H9G8F{n:02}")).unwrap()
}

fn agency(code: &str) -> AgencyCode {
    AgencyCode::parse(code).unwrap()
}

fn reason(text: &str) -> Reason {
    Reason::parse(text).unwrap()
}

fn fire() -> Incident {
    Incident::receive(id(1), &category("FIRE", Priority::P1), report(), Actor::Anonymous, at(0)).0
}

fn run(incident: &Incident, command: IncidentCommand) -> Result<Incident, LifecycleError> {
    incident.execute(&command, &Actor::Anonymous, at(1)).map(|(next, _)| next)
}

fn step(agency_code: &str, update: AssignmentCommand) -> IncidentCommand {
    IncidentCommand::UpdateAssignment { agency: agency(agency_code), update, delay: None }
}

#[test]
fn a_prank_call_is_closed_at_intake_and_still_recorded() {
    let (incident, events) =
        Incident::receive(id(2), &category("PRANK", Priority::P0), report(), Actor::Anonymous, at(0));
    assert_eq!(incident.status, IncidentStatus::Closed);
    assert_eq!(events.len(), 2);
    assert!(matches!(events[1].change, Change::Closed { closure: Closure::AtIntake, .. }));
}

#[test]
fn a_p0_category_cannot_be_raised_by_hand_but_a_p1_can_be_lowered() {
    let mut raised = report();
    raised.priority = Some(Priority::P1);
    let (prank, _) = Incident::receive(id(2), &category("PRANK", Priority::P0), raised, Actor::Anonymous, at(0));
    assert_eq!(prank.priority, Priority::P0);
    let mut lowered = report();
    lowered.priority = Some(Priority::P3);
    let (fire, _) = Incident::receive(id(3), &category("FIRE", Priority::P1), lowered, Actor::Anonymous, at(0));
    assert_eq!(fire.priority, Priority::P3);
    assert_eq!(fire.status, IncidentStatus::Received);
}

#[test]
fn an_unverified_incident_cannot_be_dispatched() {
    let err = run(&fire(), IncidentCommand::Dispatch { agencies: vec![agency("DAMKAR")] }).unwrap_err();
    assert_eq!(err, LifecycleError::NotAllowed { command: "dispatch", status: IncidentStatus::Received });
}

#[test]
fn a_fire_goes_from_report_to_resolution_with_every_step_timed() {
    let verified = run(&fire(), IncidentCommand::Verify { method: VerificationMethod::Callback, note: None }).unwrap();
    let dispatched =
        run(&verified, IncidentCommand::Dispatch { agencies: vec![agency("DAMKAR"), agency("PDAM")] }).unwrap();
    assert_eq!(dispatched.status, IncidentStatus::Dispatched);
    let mut state = dispatched;
    for update in [AssignmentCommand::Acknowledge, AssignmentCommand::EnRoute, AssignmentCommand::OnScene] {
        state = run(&state, step("DAMKAR", update)).unwrap();
    }
    state = run(&state, step("PDAM", AssignmentCommand::Decline { reason: reason("tidak ada armada") })).unwrap();
    assert_eq!(state.status, IncidentStatus::Dispatched, "Damkar is still on scene");
    state = run(&state, step("DAMKAR", AssignmentCommand::Complete { report: None })).unwrap();
    assert_eq!(state.status, IncidentStatus::Resolved);
    let damkar = state.assignment(&agency("DAMKAR")).unwrap();
    let statuses: Vec<AssignmentStatus> = damkar.steps.iter().map(|s| s.status).collect();
    assert_eq!(
        statuses,
        [
            AssignmentStatus::Dispatched,
            AssignmentStatus::Acknowledged,
            AssignmentStatus::EnRoute,
            AssignmentStatus::OnScene,
            AssignmentStatus::Completed
        ]
    );
    let closed = run(&state, IncidentCommand::Close { note: None }).unwrap();
    assert_eq!(closed.status, IncidentStatus::Closed);
}

#[test]
fn an_officer_cannot_skip_from_dispatched_to_on_scene() {
    let verified = run(&fire(), IncidentCommand::Verify { method: VerificationMethod::Cctv, note: None }).unwrap();
    let dispatched = run(&verified, IncidentCommand::Dispatch { agencies: vec![agency("DAMKAR")] }).unwrap();
    let err = run(&dispatched, step("DAMKAR", AssignmentCommand::OnScene)).unwrap_err();
    assert!(matches!(err, LifecycleError::AssignmentTransition { from: AssignmentStatus::Dispatched, .. }));
}

#[test]
fn when_every_agency_declines_the_incident_waits_for_a_new_dispatch() {
    let verified = run(&fire(), IncidentCommand::Verify { method: VerificationMethod::Callback, note: None }).unwrap();
    let dispatched = run(&verified, IncidentCommand::Dispatch { agencies: vec![agency("DAMKAR")] }).unwrap();
    let declined =
        run(&dispatched, step("DAMKAR", AssignmentCommand::Decline { reason: reason("bukan wewenang") })).unwrap();
    assert_eq!(declined.status, IncidentStatus::Verified);
    let again = run(&declined, IncidentCommand::Dispatch { agencies: vec![agency("DAMKAR")] }).unwrap();
    assert_eq!(again.assignment(&agency("DAMKAR")).unwrap().status, AssignmentStatus::Dispatched);
}

#[test]
fn an_agency_still_working_cannot_be_dispatched_twice() {
    let verified = run(&fire(), IncidentCommand::Verify { method: VerificationMethod::Callback, note: None }).unwrap();
    let dispatched = run(&verified, IncidentCommand::Dispatch { agencies: vec![agency("DAMKAR")] }).unwrap();
    let err = run(&dispatched, IncidentCommand::Dispatch { agencies: vec![agency("DAMKAR")] }).unwrap_err();
    assert_eq!(err, LifecycleError::AlreadyAssigned(agency("DAMKAR")));
    let err = run(&verified, IncidentCommand::Dispatch { agencies: vec![agency("PDAM"), agency("PDAM")] }).unwrap_err();
    assert_eq!(err, LifecycleError::AlreadyAssigned(agency("PDAM")));
}

#[test]
fn cancelling_an_incident_cancels_its_open_assignments() {
    let verified = run(&fire(), IncidentCommand::Verify { method: VerificationMethod::Callback, note: None }).unwrap();
    let dispatched = run(&verified, IncidentCommand::Dispatch { agencies: vec![agency("DAMKAR")] }).unwrap();
    let cancelled = run(&dispatched, IncidentCommand::Cancel { reason: reason("laporan ganda") }).unwrap();
    assert_eq!(cancelled.status, IncidentStatus::Cancelled);
    assert_eq!(cancelled.assignment(&agency("DAMKAR")).unwrap().status, AssignmentStatus::Cancelled);
}

#[test]
fn an_incident_cannot_be_merged_into_itself() {
    assert_eq!(
        run(&fire(), IncidentCommand::MergeInto { target: id(1) }).unwrap_err(),
        LifecycleError::MergeIntoItself
    );
    let merged = run(&fire(), IncidentCommand::MergeInto { target: id(9) }).unwrap();
    assert_eq!((merged.status, merged.merged_into), (IncidentStatus::Merged, Some(id(9))));
}

#[test]
fn a_refused_command_changes_nothing_and_a_history_replays_to_the_same_state() {
    let incident = fire();
    let before = incident.clone();
    assert!(run(&incident, IncidentCommand::Close { note: None }).is_err());
    assert_eq!(incident, before);
    let (_, mut events) = Incident::receive(id(1), &category("FIRE", Priority::P1), report(), Actor::Anonymous, at(0));
    let (verified, more) = incident
        .execute(&IncidentCommand::Verify { method: VerificationMethod::Callback, note: None }, &Actor::System, at(2))
        .unwrap();
    events.extend(more);
    assert_eq!(Incident::replay(&events).unwrap(), verified);
    assert!(Incident::replay(&events[1..]).is_err(), "a history must start with its report");
}

/// An edit of the priority (with its reason), the description and the number of people.
fn edit(
    priority: Option<Priority>,
    priority_reason: Option<&str>,
    description: Option<&str>,
    people_affected: Option<u32>,
) -> IncidentCommand {
    IncidentCommand::Edit {
        priority,
        priority_reason: priority_reason.map(reason),
        location: None,
        description: description.map(text),
        people_affected,
        caller_name: None,
    }
}

fn text(t: &str) -> Text {
    Text::parse(t).unwrap()
}

#[test]
fn verifying_by_another_method_needs_a_note_saying_how() {
    let other = IncidentCommand::Verify { method: VerificationMethod::Other, note: None };
    assert_eq!(run(&fire(), other).unwrap_err(), LifecycleError::NoteRequired);
    let other = IncidentCommand::Verify { method: VerificationMethod::Other, note: Some(text("warga datang ke pos")) };
    assert_eq!(run(&fire(), other).unwrap().status, IncidentStatus::Verified);
}

#[test]
fn an_edit_records_only_what_changed_and_a_new_priority_needs_a_reason() {
    let more = edit(None, None, Some("Gudang kayu"), Some(3));
    let (edited, events) = fire().execute(&more, &Actor::System, at(1)).unwrap();
    assert_eq!((edited.people_affected, edited.description.as_ref().map(Text::as_str)), (Some(3), Some("Gudang kayu")));
    assert!(matches!(
        &events[0].change,
        Change::Edited { people_affected: Some(3), priority: None, location: None, .. }
    ));
    assert_eq!(
        run(&edited, more).unwrap_err(),
        LifecycleError::NothingToChange,
        "the same values again change nothing"
    );
    let same_priority = edit(Some(Priority::P1), None, None, Some(4));
    assert_eq!(run(&edited, same_priority).unwrap().priority, Priority::P1, "an unchanged priority needs no reason");

    assert_eq!(
        run(&fire(), edit(Some(Priority::P2), None, None, None)).unwrap_err(),
        LifecycleError::PriorityReasonRequired
    );
    assert_eq!(
        run(&fire(), edit(Some(Priority::P2), Some("api sudah padam"), None, None)).unwrap().priority,
        Priority::P2
    );
    assert_eq!(
        run(&fire(), edit(Some(Priority::P0), Some("iseng"), None, None)).unwrap_err(),
        LifecycleError::PriorityP0
    );
}

#[test]
fn linked_reports_are_counted_and_notes_never_change_the_status() {
    let caller = Caller { phone: Some(PhoneNumber::parse("081234567890").unwrap()), name: None, masked_phone: None };
    let linked = run(&fire(), IncidentCommand::AddReport { caller, description: Some(text("asap tebal")) }).unwrap();
    assert_eq!((linked.extra_reports, linked.status), (1, IncidentStatus::Received));
    let closed = run(&fire(), IncidentCommand::CloseAsFalseReport { reason: reason("iseng") }).unwrap();
    assert!(run(&closed, IncidentCommand::AddReport { caller: Caller::default(), description: None }).is_err());
    let noted = run(&closed, IncidentCommand::AddNote { text: text("penelepon dikenal") }).unwrap();
    assert_eq!((noted.status, noted.version), (IncidentStatus::Closed, closed.version + 1));
    assert!(IncidentCommand::AddNote { text: text("x") }.commutes());
    assert!(!edit(None, None, Some("x"), None).commutes());
}

// ---- properties -------------------------------------------------------------------------------------

const AGENCIES: [&str; 3] = ["DAMKAR", "PDAM", "PSC119"];

fn any_agency() -> impl Strategy<Value = AgencyCode> {
    prop::sample::select(AGENCIES.to_vec()).prop_map(agency)
}

fn any_update() -> impl Strategy<Value = AssignmentCommand> {
    prop_oneof![
        3 => Just(AssignmentCommand::Acknowledge),
        3 => Just(AssignmentCommand::EnRoute),
        3 => Just(AssignmentCommand::OnScene),
        3 => Just(AssignmentCommand::Complete { report: None }),
        1 => Just(AssignmentCommand::Decline { reason: reason("no capacity") }),
        1 => Just(AssignmentCommand::Cancel { reason: reason("not needed") }),
    ]
}

fn any_command() -> impl Strategy<Value = IncidentCommand> {
    prop_oneof![
        2 => Just(IncidentCommand::Verify { method: VerificationMethod::Callback, note: None }),
        1 => Just(IncidentCommand::CloseAsFalseReport { reason: reason("prank") }),
        2 => prop::collection::vec(any_agency(), 0..3).prop_map(|agencies| IncidentCommand::Dispatch { agencies }),
        8 => (any_agency(), any_update(), prop::option::of(Just(DelayReason::NoFuel)))
            .prop_map(|(agency, update, delay)| IncidentCommand::UpdateAssignment { agency, update, delay }),
        1 => Just(IncidentCommand::Cancel { reason: reason("duplicate") }),
        1 => prop_oneof![Just(id(1)), Just(id(7))].prop_map(|target| IncidentCommand::MergeInto { target }),
        1 => Just(IncidentCommand::Close { note: None }),
        1 => Just(IncidentCommand::Verify { method: VerificationMethod::Other, note: None }),
        1 => Just(edit(Some(Priority::P2), Some("lebih ringan"), None, None)),
        1 => Just(edit(Some(Priority::P3), None, Some("tanpa alasan"), None)),
        1 => (0u32..4).prop_map(|people| edit(None, None, None, Some(people))),
        1 => Just(IncidentCommand::AddNote { text: text("catatan") }),
        1 => Just(IncidentCommand::AddReport { caller: Caller::default(), description: None }),
    ]
}

fn any_start() -> impl Strategy<Value = Priority> {
    prop::sample::select(Priority::ALL.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Whatever operators and officers do, in any order, the incident only ever moves along the life
    /// cycle, final states stay final, and the stored history always rebuilds the same state.
    #[test]
    fn no_command_sequence_reaches_a_state_the_life_cycle_forbids(
        priority in any_start(),
        commands in prop::collection::vec(any_command(), 0..40),
    ) {
        let (mut incident, mut history) =
            Incident::receive(id(1), &category("TEST", priority), report(), Actor::Anonymous, at(0));
        prop_assert_eq!(incident.status == IncidentStatus::Closed, priority == Priority::P0);
        for (minute, command) in commands.iter().enumerate() {
            let before = incident.clone();
            match incident.execute(command, &Actor::System, at(minute as i64 + 1)) {
                Ok((next, events)) => {
                    prop_assert!(!events.is_empty());
                    if before.status.is_final() {
                        prop_assert!(matches!(command, IncidentCommand::AddNote { .. }), "a final incident changed: {:?}", command);
                    }
                    prop_assert!(next.status == before.status || before.status.can_become(next.status),
                        "{:?} -> {:?} by {:?}", before.status, next.status, command);
                    prop_assert_eq!(next.version, before.version + events.len() as u64);
                    for a in &next.assignments {
                        let old = before.assignment(&a.agency);
                        if let Some(old) = old.filter(|old| old.status != a.status && !matches!(command, IncidentCommand::Dispatch { .. })) {
                            prop_assert!(old.status.can_become(a.status), "{:?} -> {:?}", old.status, a.status);
                        }
                    }
                    history.extend(events);
                    incident = next;
                }
                Err(_) => prop_assert_eq!(&incident, &before),
            }
            check_invariants(&incident)?;
        }
        prop_assert_eq!(Incident::replay(&history).unwrap(), incident);
    }
}

fn check_invariants(incident: &Incident) -> Result<(), TestCaseError> {
    let ended = incident.assignments.iter().all(|a| a.status.is_ended());
    let completed = incident.assignments.iter().any(|a| a.status == AssignmentStatus::Completed);
    match incident.status {
        IncidentStatus::Dispatched => prop_assert!(!ended, "dispatched with no agency working"),
        IncidentStatus::Resolved => prop_assert!(ended && completed, "resolved without completed work"),
        IncidentStatus::Received => prop_assert!(incident.assignments.is_empty()),
        IncidentStatus::Cancelled => prop_assert!(ended, "cancelled with an agency still working"),
        _ => {}
    }
    if incident.priority == Priority::P0 {
        prop_assert!(incident.assignments.is_empty(), "a P0 call reached an agency");
    }
    for a in &incident.assignments {
        prop_assert_eq!(a.steps.first().map(|s| s.status), Some(AssignmentStatus::Dispatched));
        prop_assert_eq!(a.steps.last().map(|s| s.status), Some(a.status));
    }
    Ok(())
}

#[test]
fn a_refusal_speaks_the_readers_language() {
    let err = run(&fire(), IncidentCommand::Close { note: None }).unwrap_err();
    assert_eq!(err.message(tanggap_domain::Lang::Id), "Perintah close tidak berlaku untuk kejadian yang diterima.");
    assert_eq!(err.message(tanggap_domain::Lang::En), "Cannot close an incident that is received.");
    assert_eq!(LifecycleError::NoAgencies.message(tanggap_domain::Lang::En), "Dispatch needs at least one agency.");
}

/// A fire sent to Damkar, who completes it: resolved, with its whole history.
fn resolved_fire() -> (Incident, Vec<tanggap_domain::Event>) {
    let (mut incident, mut history) =
        Incident::receive(id(1), &category("FIRE", Priority::P1), report(), Actor::Anonymous, at(0));
    let commands = [
        IncidentCommand::Verify { method: VerificationMethod::Callback, note: None },
        IncidentCommand::Dispatch { agencies: vec![agency("DAMKAR")] },
        step("DAMKAR", AssignmentCommand::Acknowledge),
        step("DAMKAR", AssignmentCommand::EnRoute),
        step("DAMKAR", AssignmentCommand::OnScene),
        step("DAMKAR", AssignmentCommand::Complete { report: None }),
    ];
    for command in commands {
        let (next, events) = incident.execute(&command, &Actor::Anonymous, at(1)).unwrap();
        incident = next;
        history.extend(events);
    }
    (incident, history)
}

#[test]
fn the_reporter_rates_once_and_only_once_the_handling_is_done() {
    use tanggap_domain::citizen::{CitizenError, Stars};
    let four = Stars::new(4).unwrap();
    assert_eq!(fire().rate(four, None, at(2)).unwrap_err(), CitizenError::NotYetDone);
    let (done, history) = resolved_fire();
    assert_eq!(done.status, IncidentStatus::Resolved);
    let (rated, events) = done.rate(four, Some(Text::parse("cepat").unwrap()), at(3)).unwrap();
    assert_eq!(rated.rating.as_ref().map(|r| r.stars), Some(four));
    assert_eq!((events.len(), &events[0].actor), (1, &Actor::Public));
    assert_eq!(rated.rate(Stars::new(1).unwrap(), None, at(4)).unwrap_err(), CitizenError::AlreadyRated);
    assert_eq!(Incident::replay(&[history, events].concat()).unwrap(), rated, "the rating replays");
    // Closed after review, it may still be rated.
    let closed = run(&done, IncidentCommand::Close { note: None }).unwrap();
    assert!(closed.rate(four, None, at(5)).is_ok());
}

const DAY_MINUTES: i64 = 24 * 60;

#[test]
fn the_reporter_may_say_it_is_not_solved_once_per_handling_within_7_days() {
    use tanggap_domain::citizen::CitizenError;
    assert_eq!(fire().complain(None, at(2)).unwrap_err(), CitizenError::NotYetDone);
    let (done, history) = resolved_fire();
    assert_eq!(done.complain(None, at(7 * DAY_MINUTES + 2)).unwrap_err(), CitizenError::TooLateToComplain);
    let (complained, events) = done.complain(Some(text("masih tergenang")), at(3 * DAY_MINUTES)).unwrap();
    assert!(complained.complaint.as_ref().is_some_and(|c| c.is_open()));
    assert_eq!((events.len(), &events[0].actor), (1, &Actor::Public));
    assert_eq!(complained.complain(None, at(3 * DAY_MINUTES + 1)).unwrap_err(), CitizenError::AlreadyComplained);
    assert_eq!(Incident::replay(&[history, events].concat()).unwrap(), complained, "the complaint replays");
    // Closed after review, it may still be said within the 7 days.
    let closed = run(&done, IncidentCommand::Close { note: None }).unwrap();
    assert!(closed.complain(None, at(6 * DAY_MINUTES)).is_ok());
    // A report found false has nothing to complain of.
    let false_report = run(&fire(), IncidentCommand::CloseAsFalseReport { reason: reason("iseng") }).unwrap();
    assert_eq!(false_report.complain(None, at(2)).unwrap_err(), CitizenError::NotYetDone);
}

#[test]
fn an_open_complaint_is_reopened_for_a_new_dispatch_or_answered_and_nothing_else() {
    let (done, _) = resolved_fire();
    let reopen = || IncidentCommand::Reopen { reason: reason("belum padam") };
    assert_eq!(run(&done, reopen()).unwrap_err(), LifecycleError::NoOpenComplaint);
    let (complained, _) = done.complain(None, at(10)).unwrap();
    let reopened = run(&complained, reopen()).unwrap();
    assert_eq!(reopened.status, IncidentStatus::Verified, "waits for a new dispatch");
    assert_eq!((reopened.milestones.resolved_at, reopened.milestones.closure), (None, None));
    assert!(reopened.complaint.as_ref().is_some_and(|c| !c.is_open() && c.reopened_at.is_some()));
    assert!(matches!(run(&reopened, reopen()), Err(LifecycleError::NotAllowed { .. })), "reopened once");
    let again = run(&reopened, IncidentCommand::Dispatch { agencies: vec![agency("DAMKAR")] }).unwrap();
    assert_eq!(again.status, IncidentStatus::Dispatched);
    // A closed incident is reopened as well; an answer instead leaves it as it is.
    let closed = run(&complained, IncidentCommand::Close { note: None }).unwrap();
    assert_eq!(run(&closed, reopen()).unwrap().status, IncidentStatus::Verified);
    let answered = run(&complained, IncidentCommand::AnswerComplaint { answer: text("genangan surut besok") }).unwrap();
    assert_eq!(answered.status, IncidentStatus::Resolved);
    assert_eq!(
        answered.complaint.as_ref().and_then(|c| c.answer.as_ref()).map(Text::as_str),
        Some("genangan surut besok")
    );
    assert_eq!(run(&answered, reopen()).unwrap_err(), LifecycleError::NoOpenComplaint, "answered is settled");
}

#[test]
fn a_ticket_is_given_once_and_its_code_is_the_ids_tail() {
    use tanggap_domain::citizen::{CitizenError, TicketCode};
    let (ticketed, events) = fire().issue_ticket("ab".repeat(32), &Actor::Public, at(1)).unwrap();
    assert_eq!(ticketed.ticket, Some(TicketCode::of(&id(1))));
    assert!(matches!(&events[0].change, Change::TicketIssued { token_hash, .. } if token_hash.len() == 64));
    assert_eq!(
        ticketed.issue_ticket("cd".repeat(32), &Actor::Public, at(2)).unwrap_err(),
        CitizenError::AlreadyTicketed
    );
}

#[test]
fn the_public_adds_a_photo_only_to_its_own_online_report_as_it_is_received() {
    use tanggap_domain::citizen::Channel;
    use tanggap_domain::{Photo, PhotoId};
    let photo = Photo {
        id: PhotoId::parse("01JDGZ6Q8X4T3N2M1K0H9G8F99").unwrap(),
        agency: None,
        by: None,
        at: at(0),
        width: 2,
        height: 2,
    };
    let call = fire();
    assert_eq!(call.add_photo(photo.clone(), &Actor::Public).unwrap_err(), LifecycleError::PhotoNotAllowed);
    let online = Report { channel: Channel::Online, ..report() };
    let received = Incident::receive(id(2), &category("TREE", Priority::P2), online, Actor::Public, at(0)).0;
    let (with_photo, _) = received.add_photo(photo.clone(), &Actor::Public).unwrap();
    assert_eq!(with_photo.photos.len(), 1);
    let verified =
        run(&received, IncidentCommand::Verify { method: VerificationMethod::Callback, note: None }).unwrap();
    assert_eq!(verified.add_photo(photo, &Actor::Public).unwrap_err(), LifecycleError::PhotoNotAllowed);
}

#[test]
fn the_public_sees_only_the_steps_reached_and_how_it_ended() {
    use tanggap_domain::citizen::{PublicEnding, PublicProgress, PublicStep};
    let progress = PublicProgress::of(&resolved_fire().0);
    let steps: Vec<PublicStep> = progress.steps.iter().map(|s| s.step).collect();
    assert_eq!(steps, PublicStep::ALL);
    assert!(progress.is_done() && progress.ending.is_none());
    let false_report = run(&fire(), IncidentCommand::CloseAsFalseReport { reason: reason("tidak ada api") }).unwrap();
    let progress = PublicProgress::of(&false_report);
    assert_eq!((progress.steps.len(), progress.ending), (1, Some(PublicEnding::NotConfirmed)));
}
