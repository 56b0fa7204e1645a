//! Dispatch as the field lives it: SLA clocks and delay reasons, support requests, the sweeper's
//! breaches and escalations, and who is notified of what.

use tanggap_domain::assignment::{AssignmentCommand, AssignmentStatus, DelayReason};
use tanggap_domain::dashboard::brief::{Brief, SlowAgency};
use tanggap_domain::dashboard::late_assignments;
use tanggap_domain::dto::LateClock;
use tanggap_domain::incident::{Report, VerificationMethod};
use tanggap_domain::notification::{
    Notification, NotificationKind, NotificationSettings, Recipient, Subject, Urgency, briefs_for, notifications_for,
};
use tanggap_domain::shift::Duty;
use tanggap_domain::sla::{ClockState, EscalationRules};
use tanggap_domain::{
    Actor, AgencyCode, Caller, Category, CategoryCode, Change, Escalation, Event, Incident, IncidentCommand,
    IncidentId, IncidentStatus, LifecycleError, Priority, Reason, Role, SlaClock, SlaOutcome, Target, Text, Timestamp,
    Username,
};

fn agency(code: &str) -> AgencyCode {
    AgencyCode::parse(code).unwrap()
}

/// FIRE as seeded: acknowledged within 5 minutes, on scene within 15, done within 180.
fn fire_rule() -> Category {
    Category {
        dispatch_target: Some(Target::minutes(5)),
        lead_agencies: vec![agency("DAMKAR")],
        support_agencies: vec![agency("PDAM"), agency("PSC119")],
        arrival_target: Some(Target::minutes(15)),
        completion_target: Some(Target::minutes(180)),
        ..Category::new(CategoryCode::parse("FIRE").unwrap(), "Kebakaran", "Fire", Priority::P1)
    }
}

fn at(minute: i64) -> Timestamp {
    Timestamp::from_unix_millis(1_795_000_000_000).unwrap().plus_seconds(minute * 60)
}

fn user(name: &str, role: Role) -> Actor {
    Actor::User { username: Username::parse(name).unwrap(), role }
}

fn operator() -> Actor {
    user("operator1", Role::Operator)
}

fn damkar() -> Actor {
    user("damkar", Role::AgencyOfficer)
}

fn step(code: &str, update: AssignmentCommand, delay: Option<DelayReason>) -> IncidentCommand {
    IncidentCommand::UpdateAssignment { agency: agency(code), update, delay }
}

fn give(incident: &Incident, command: IncidentCommand, actor: &Actor, minute: i64) -> Result<Incident, LifecycleError> {
    incident.execute(&command, actor, at(minute)).map(|(next, _)| next)
}

/// A fire received at minute 0, verified at 1, dispatched to these agencies at 2.
fn dispatched_fire(agencies: &[&str]) -> Incident {
    let report = Report {
        caller: Caller::default(),
        location: Default::default(),
        description: None,
        people_affected: None,
        priority: None,
        priority_reason: None,
        caller_blocked: false,
        channel: Default::default(),
        intake_seconds: None,
    };
    let id = IncidentId::parse("01JDGZ6Q8X4T3N2M1K0H9G8F7E").unwrap();
    let incident = Incident::receive(id, &fire_rule(), report, operator(), at(0)).0;
    let verify = IncidentCommand::Verify { method: VerificationMethod::Callback, note: None };
    let incident = give(&incident, verify, &operator(), 1).unwrap();
    let dispatch = IncidentCommand::Dispatch { agencies: agencies.iter().map(|a| agency(a)).collect() };
    give(&incident, dispatch, &operator(), 2).unwrap()
}

#[test]
fn the_first_dispatch_is_judged_from_the_report_and_later_agencies_from_their_own_dispatch() {
    let incident = dispatched_fire(&["DAMKAR"]);
    let damkar_assignment = incident.assignment(&agency("DAMKAR")).unwrap();
    assert_eq!(incident.due(damkar_assignment, SlaClock::Acknowledgement), Some(at(5)));
    assert_eq!(incident.due(damkar_assignment, SlaClock::Arrival), Some(at(15)));

    let acknowledged = give(&incident, step("DAMKAR", AssignmentCommand::Acknowledge, None), &damkar(), 3).unwrap();
    let more =
        give(&acknowledged, IncidentCommand::Dispatch { agencies: vec![agency("PDAM")] }, &operator(), 20).unwrap();
    let pdam = more.assignment(&agency("PDAM")).unwrap();
    assert_eq!(more.due(pdam, SlaClock::Acknowledgement), Some(at(25)));
}

#[test]
fn a_step_on_time_is_stored_as_met_with_who_reported_it() {
    let incident = dispatched_fire(&["DAMKAR"]);
    let next = give(&incident, step("DAMKAR", AssignmentCommand::Acknowledge, None), &damkar(), 4).unwrap();
    let assignment = next.assignment(&agency("DAMKAR")).unwrap();
    let acknowledged = assignment.steps.last().unwrap();
    assert_eq!(acknowledged.outcome, Some(SlaOutcome::Met));
    assert_eq!(acknowledged.by.as_ref().map(Username::as_str), Some("damkar"));
    assert_eq!(next.clock_state(assignment, SlaClock::Acknowledgement, at(30)), ClockState::Met { at: at(4) });
}

#[test]
fn a_late_step_needs_a_delay_reason_and_is_stored_with_how_late_it_was() {
    let incident = dispatched_fire(&["DAMKAR"]);
    let late = give(&incident, step("DAMKAR", AssignmentCommand::Acknowledge, None), &damkar(), 7);
    assert_eq!(
        late,
        Err(LifecycleError::DelayReasonRequired { agency: agency("DAMKAR"), clock: SlaClock::Acknowledgement })
    );

    let (next, events) = incident
        .execute(&step("DAMKAR", AssignmentCommand::Acknowledge, Some(DelayReason::NoFuel)), &damkar(), at(7))
        .unwrap();
    let Change::AssignmentUpdated { delay, outcome, .. } = &events[0].change else { panic!("{events:?}") };
    assert_eq!(delay, &Some(DelayReason::NoFuel));
    assert_eq!(outcome, &Some(SlaOutcome::Missed { late_seconds: 120 }));
    let assignment = next.assignment(&agency("DAMKAR")).unwrap();
    assert_eq!(assignment.steps.last().unwrap().delay, Some(DelayReason::NoFuel));

    // Going en route has no target: no reason asked, however late.
    assert!(give(&next, step("DAMKAR", AssignmentCommand::EnRoute, None), &damkar(), 60).is_ok());
}

#[test]
fn an_officer_asks_for_support_and_the_dispatch_answers_the_request() {
    let incident = dispatched_fire(&["DAMKAR"]);
    let ask = IncidentCommand::RequestSupport {
        from: agency("DAMKAR"),
        agency: agency("PSC119"),
        note: Some(Text::parse("dua korban luka bakar").unwrap()),
    };
    let asked = give(&incident, ask.clone(), &damkar(), 3).unwrap();
    assert_eq!(asked.support_requests.len(), 1);
    assert_eq!(give(&asked, ask, &damkar(), 4), Err(LifecycleError::SupportAlreadyRequested(agency("PSC119"))));

    let dispatched =
        give(&asked, IncidentCommand::Dispatch { agencies: vec![agency("PSC119")] }, &operator(), 5).unwrap();
    assert!(dispatched.support_requests.is_empty());
    assert_eq!(dispatched.assignment(&agency("PSC119")).unwrap().requested_by, Some(agency("DAMKAR")));
}

#[test]
fn support_is_asked_only_by_an_agency_at_work_for_another_agency_not_already_working() {
    let incident = dispatched_fire(&["DAMKAR", "PDAM"]);
    let ask =
        |from: &str, to: &str| IncidentCommand::RequestSupport { from: agency(from), agency: agency(to), note: None };
    assert_eq!(give(&incident, ask("DAMKAR", "DAMKAR"), &damkar(), 3), Err(LifecycleError::SupportForItself));
    assert_eq!(
        give(&incident, ask("DAMKAR", "PDAM"), &damkar(), 3),
        Err(LifecycleError::AlreadyAssigned(agency("PDAM")))
    );
    assert_eq!(
        give(&incident, ask("BPBD", "PSC119"), &damkar(), 3),
        Err(LifecycleError::RequesterNotWorking(agency("BPBD")))
    );
}

#[test]
fn the_operator_declines_a_support_request_with_a_reason() {
    let incident = dispatched_fire(&["DAMKAR"]);
    let ask = IncidentCommand::RequestSupport { from: agency("DAMKAR"), agency: agency("PDAM"), note: None };
    let asked = give(&incident, ask, &damkar(), 3).unwrap();
    let decline = IncidentCommand::DeclineSupport {
        agency: agency("PDAM"),
        reason: Reason::parse("hydrant terdekat berfungsi").unwrap(),
    };
    let declined = give(&asked, decline.clone(), &operator(), 4).unwrap();
    assert!(declined.support_requests.is_empty());
    assert_eq!(give(&declined, decline, &operator(), 5), Err(LifecycleError::NoSupportRequest(agency("PDAM"))));
}

#[test]
fn the_sweeper_records_a_breach_once_and_escalates_to_the_head_then_the_supervisor() {
    let rules = EscalationRules { supervisor_after_minutes: 10 };
    let incident = dispatched_fire(&["DAMKAR"]);
    assert_eq!(incident.record_sweep(at(5), rules), None, "not late at the minute it is due");

    let (breached, events) = incident.record_sweep(at(6), rules).unwrap();
    let changes: Vec<&Change> = events.iter().map(|e| &e.change).collect();
    assert!(matches!(
        changes[..],
        [
            Change::SlaBreached { clock: SlaClock::Acknowledgement, .. },
            Change::Escalated { to: Escalation::AgencyHead, .. },
        ]
    ));
    assert!(events.iter().all(|e| e.actor == Actor::System));
    assert_eq!(breached.record_sweep(at(7), rules), None, "a breach is recorded once, not once per run");

    let (escalated, events) = breached.record_sweep(at(15), rules).unwrap();
    assert!(matches!(events[..], [Event { change: Change::Escalated { to: Escalation::Supervisor, .. }, .. }]));
    assert_eq!(escalated.breaches[0].escalated, [Escalation::AgencyHead, Escalation::Supervisor]);
    // Arrival is due at 15 too: its breach comes in the next sweep, once.
    let (arrival, events) = escalated.record_sweep(at(16), rules).unwrap();
    assert!(matches!(events[0].change, Change::SlaBreached { clock: SlaClock::Arrival, .. }));
    assert_eq!(arrival.record_sweep(at(17), rules), None);
}

#[test]
fn a_late_assignment_lists_each_clock_it_missed_and_the_reason_given() {
    let rules = EscalationRules::default();
    let incident = dispatched_fire(&["DAMKAR"]);
    assert_eq!(late_assignments(&incident), [], "nothing is late yet");

    // The sweeper finds Damkar unacknowledged past 5 minutes: late, by how much not yet known.
    let (breached, _) = incident.record_sweep(at(6), rules).unwrap();
    let late = late_assignments(&breached);
    assert_eq!(late.len(), 1);
    assert_eq!(late[0].late, [LateClock { clock: SlaClock::Acknowledgement, late_seconds: None }]);

    // Damkar acknowledges at 8, 3 minutes late, for want of fuel.
    let acknowledge = step("DAMKAR", AssignmentCommand::Acknowledge, Some(DelayReason::NoFuel));
    let acknowledged = give(&breached, acknowledge, &damkar(), 8).unwrap();
    let [damkar_late] = &late_assignments(&acknowledged)[..] else { panic!("one late assignment") };
    assert_eq!(damkar_late.late[0], LateClock { clock: SlaClock::Acknowledgement, late_seconds: Some(180) });
    assert_eq!(damkar_late.delays, [DelayReason::NoFuel]);
    assert_eq!(damkar_late.status, AssignmentStatus::Acknowledged);
}

#[test]
fn an_acknowledged_assignment_stops_its_clock_and_nothing_is_swept_once_resolved() {
    let rules = EscalationRules::default();
    let incident = dispatched_fire(&["DAMKAR"]);
    let acknowledged = give(&incident, step("DAMKAR", AssignmentCommand::Acknowledge, None), &damkar(), 3).unwrap();
    assert_eq!(acknowledged.record_sweep(at(10), rules), None);

    let mut done = acknowledged;
    for (minute, update) in [(4, AssignmentCommand::EnRoute), (9, AssignmentCommand::OnScene)] {
        done = give(&done, step("DAMKAR", update, None), &damkar(), minute).unwrap();
    }
    let complete = AssignmentCommand::Complete { report: Some(Text::parse("api padam").unwrap()) };
    done = give(&done, step("DAMKAR", complete, None), &damkar(), 40).unwrap();
    assert_eq!(done.status, IncidentStatus::Resolved);
    assert_eq!(done.assignment(&agency("DAMKAR")).unwrap().status, AssignmentStatus::Completed);
    assert_eq!(done.record_sweep(at(600), rules), None);
}

fn recipient(name: &str, role: Role, agency_code: Option<&str>, on_duty: bool, push: bool) -> Recipient {
    Recipient {
        username: Username::parse(name).unwrap(),
        role,
        agency: agency_code.map(agency),
        settings: NotificationSettings { on_duty, push, ..Default::default() },
        duty: if on_duty { Duty::Marked } else { Duty::Off },
    }
}

fn staff() -> Vec<Recipient> {
    vec![
        recipient("operator1", Role::Operator, None, true, false),
        recipient("supervisor1", Role::Supervisor, None, false, true),
        recipient("damkar", Role::AgencyOfficer, Some("DAMKAR"), false, true),
        recipient("kadis-damkar", Role::AgencyHead, Some("DAMKAR"), false, true),
        recipient("pdam", Role::AgencyOfficer, Some("PDAM"), true, false),
    ]
}

#[test]
fn a_dispatch_tells_the_agency_officers_and_heads_but_not_the_dispatcher() {
    let incident = dispatched_fire(&["DAMKAR"]);
    let more = IncidentCommand::Dispatch { agencies: vec![agency("PDAM")] };
    let (next, events) = incident.execute(&more, &operator(), at(3)).unwrap();
    let told = notifications_for(&next, &events[0], &staff());
    let names: Vec<&str> = told.iter().map(|n| n.username.as_str()).collect();
    assert_eq!(names, ["pdam"]);
    assert_eq!(told[0].urgency, Urgency::Urgent, "a P1 dispatch is urgent");
    assert_eq!(told[0].id, format!("{}.{}.pdam", next.id, next.version));
    assert_eq!(told[0].path(), format!("/tugas/{}", next.id));

    let first =
        Event { seq: 3, at: at(2), actor: operator(), change: Change::Dispatched { agencies: vec![agency("DAMKAR")] } };
    let names: Vec<String> =
        notifications_for(&incident, &first, &staff()).into_iter().map(|n| n.username.to_string()).collect();
    assert_eq!(names, ["damkar", "kadis-damkar"]);
}

#[test]
fn a_breach_goes_to_the_head_then_to_the_supervisor_even_when_none_is_on_duty() {
    let incident = dispatched_fire(&["DAMKAR"]);
    let rules = EscalationRules::default();
    let (breached, events) = incident.record_sweep(at(6), rules).unwrap();
    let heads: Vec<String> =
        notifications_for(&breached, &events[1], &staff()).into_iter().map(|n| n.username.to_string()).collect();
    assert_eq!(heads, ["kadis-damkar"]);

    let (escalated, events) = breached.record_sweep(at(20), rules).unwrap();
    let told = notifications_for(&escalated, &events[0], &staff());
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].username.as_str(), "supervisor1");
    assert!(matches!(told[0].kind, NotificationKind::Breached { to: Escalation::Supervisor, .. }));
}

/// A notification of `kind` about the dispatched fire, as urgent as said.
fn told(kind: NotificationKind, urgency: Urgency) -> Notification {
    let fire = dispatched_fire(&["DAMKAR"]);
    Notification {
        id: "n".into(),
        username: Username::parse("kadis").unwrap(),
        subject: Subject::Incident { incident: fire.id, category: fire.category, priority: fire.priority },
        kind,
        urgency,
        at: at(0),
        read: false,
    }
}

#[test]
fn off_duty_users_are_not_woken_for_routine_work() {
    let settings = NotificationSettings {
        on_duty: false,
        push: true,
        webhook: true,
        contact: Some("0812".into()),
        morning_brief: false,
    };
    let off_duty = Recipient { settings, ..recipient("kadis", Role::AgencyHead, Some("DAMKAR"), false, true) };
    let dispatched = || NotificationKind::Dispatched { agency: agency("DAMKAR") };
    let (routine, urgent) = (told(dispatched(), Urgency::Routine), told(dispatched(), Urgency::Urgent));
    assert!(!off_duty.pushes(&routine));
    assert!(!off_duty.hooks(&routine));
    assert!(off_duty.pushes(&urgent));
    for duty in [Duty::Marked, Duty::Rostered, Duty::SignedOn] {
        assert!(Recipient { duty, ..off_duty.clone() }.pushes(&routine), "{duty:?}");
    }
    let mut no_contact = Recipient { duty: Duty::SignedOn, ..off_duty.clone() };
    no_contact.settings.contact = None;
    assert!(!no_contact.hooks(&urgent));
}

#[test]
fn the_morning_brief_goes_to_those_who_asked_and_answer_for_the_work_on_duty_or_not() {
    let brief = Brief {
        day: tanggap_domain::Day::parse("2026-12-07").unwrap(),
        calls: 412,
        incidents: 38,
        late_steps: 5,
        slowest: Some(SlowAgency {
            agency: agency("DAMKAR"),
            late_steps: 3,
            judged_steps: 9,
            reason: Some(tanggap_domain::DelayKind::VehicleBroken),
        }),
        oldest_open: None,
    };
    let asked = NotificationSettings { morning_brief: true, push: true, ..NotificationSettings::default() };
    let mut users = staff();
    for user in &mut users {
        user.settings = asked.clone();
    }
    let told = briefs_for(&brief, &users, at(0));
    let who: Vec<&str> = told.iter().map(|n| n.username.as_str()).collect();
    assert_eq!(who, ["supervisor1", "kadis-damkar"], "not the operator nor the officers, who asked too");
    assert_eq!(told[0].path(), "/dasbor?from=2026-12-07&to=2026-12-07");
    assert_eq!(
        told[0].title(tanggap_domain::Lang::Id),
        "Ringkasan 2026-12-07: 412 panggilan, 38 kejadian, 5 langkah terlambat. \
         Paling sering terlambat: DAMKAR (3 dari 9, terbanyak karena kendaraan rusak)."
    );
    assert_eq!((users[1].username.as_str(), users[1].duty), ("supervisor1", Duty::Off));
    assert!(users[1].pushes(&told[0]), "asked for, so sent off duty too");
    let not_asked = NotificationSettings { morning_brief: false, ..asked };
    assert!(briefs_for(&brief, &[Recipient { settings: not_asked, ..users[0].clone() }], at(0)).is_empty());
}

#[test]
fn a_support_request_tells_the_center_staff_on_duty() {
    let incident = dispatched_fire(&["DAMKAR"]);
    let ask = IncidentCommand::RequestSupport { from: agency("DAMKAR"), agency: agency("PSC119"), note: None };
    let (asked, events) = incident.execute(&ask, &damkar(), at(3)).unwrap();
    let names: Vec<String> =
        notifications_for(&asked, &events[0], &staff()).into_iter().map(|n| n.username.to_string()).collect();
    assert_eq!(names, ["operator1"]);

    let nobody_on_duty: Vec<Recipient> = staff()
        .into_iter()
        .map(|r| Recipient { settings: NotificationSettings::default(), duty: Duty::Off, ..r })
        .collect();
    let names: Vec<String> =
        notifications_for(&asked, &events[0], &nobody_on_duty).into_iter().map(|n| n.username.to_string()).collect();
    assert_eq!(names, ["operator1", "supervisor1"], "nobody on duty: the whole center is told");
}

#[test]
fn a_breach_goes_to_the_supervisor_signed_on_before_the_rostered_and_the_marked() {
    let incident = dispatched_fire(&["DAMKAR"]);
    let rules = EscalationRules::default();
    let (breached, _) = incident.record_sweep(at(6), rules).unwrap();
    let (escalated, events) = breached.record_sweep(at(20), rules).unwrap();
    let supervisor =
        |name: &str, duty: Duty| Recipient { duty, ..recipient(name, Role::Supervisor, None, false, true) };
    let told = |center: &[Recipient]| -> Vec<String> {
        notifications_for(&escalated, &events[0], center).into_iter().map(|n| n.username.to_string()).collect()
    };
    let mut center = vec![
        supervisor("marked", Duty::Marked),
        supervisor("rostered", Duty::Rostered),
        supervisor("signed-on", Duty::SignedOn),
        supervisor("home", Duty::Off),
    ];
    assert_eq!(told(&center), ["signed-on"]);
    center.remove(2);
    assert_eq!(told(&center), ["rostered"], "nobody signed on yet: whoever the roster has on the shift");
    center.remove(1);
    assert_eq!(told(&center), ["marked"]);
    center.remove(0);
    assert_eq!(told(&center), ["home"], "nobody on duty at all: every supervisor");
}

#[test]
fn a_step_given_on_an_older_version_holds_after_others_changes_but_not_after_its_own_agencys() {
    let incident = dispatched_fire(&["DAMKAR", "PDAM"]);
    let acknowledge = step("DAMKAR", AssignmentCommand::Acknowledge, None);
    let sweep: Vec<Change> = incident.sweep(at(6), EscalationRules::default());
    assert!(acknowledge.holds_after(&sweep), "a breach the sweeper recorded");
    let acknowledged = |code: &str| Change::AssignmentUpdated {
        agency: agency(code),
        status: AssignmentStatus::Acknowledged,
        reason: None,
        delay: None,
        report: None,
        outcome: None,
    };
    assert!(acknowledge.holds_after(&[acknowledged("PDAM")]), "another agency's step");
    assert!(!acknowledge.holds_after(&[acknowledged("DAMKAR")]), "someone else already moved this agency's assignment");
    let cancelled = vec![Change::Cancelled { reason: Reason::parse("salah alamat").unwrap() }];
    assert!(!acknowledge.holds_after(&cancelled));
    let verify = IncidentCommand::Verify { method: VerificationMethod::Callback, note: None };
    assert!(!verify.holds_after(&sweep), "other commands are about the whole incident");
    assert!(verify.holds_after(&[]));
}
