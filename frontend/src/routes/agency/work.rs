//! What the agency console decides on its own, without the browser: which incidents are the agency's
//! active tasks and in what order, the next step of an assignment, the clock it is racing, whether a
//! step would come late, and which agencies may still be asked for.

use std::cmp::Reverse;

use tanggap_domain::sla::ClockState;
use tanggap_domain::text::TextError;
use tanggap_domain::{
    Agency, AgencyCode, Assignment, AssignmentCommand, AssignmentStatus, DelayKind, DelayReason, Incident, SlaClock,
    SlaOutcome, Text, Timestamp,
};

/// A step an officer reports with one tap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Acknowledge,
    EnRoute,
    OnScene,
    Complete,
}

impl Step {
    /// The API's name of the step (`update.step`); also its button's test id, `step-<name>`.
    pub fn name(self) -> &'static str {
        match self {
            Step::Acknowledge => "acknowledge",
            Step::EnRoute => "en_route",
            Step::OnScene => "on_scene",
            Step::Complete => "complete",
        }
    }

    pub fn status(self) -> AssignmentStatus {
        match self {
            Step::Acknowledge => AssignmentStatus::Acknowledged,
            Step::EnRoute => AssignmentStatus::EnRoute,
            Step::OnScene => AssignmentStatus::OnScene,
            Step::Complete => AssignmentStatus::Completed,
        }
    }

    /// The step that follows `status`, if the assignment has one left.
    pub fn after(status: AssignmentStatus) -> Option<Step> {
        match status {
            AssignmentStatus::Dispatched => Some(Step::Acknowledge),
            AssignmentStatus::Acknowledged => Some(Step::EnRoute),
            AssignmentStatus::EnRoute => Some(Step::OnScene),
            AssignmentStatus::OnScene => Some(Step::Complete),
            _ => None,
        }
    }

    pub fn command(self, report: Option<Text>) -> AssignmentCommand {
        match self {
            Step::Acknowledge => AssignmentCommand::Acknowledge,
            Step::EnRoute => AssignmentCommand::EnRoute,
            Step::OnScene => AssignmentCommand::OnScene,
            Step::Complete => AssignmentCommand::Complete { report },
        }
    }

    /// Whether the step stops one of the assignment's SLA clocks (and so may need a delay reason).
    pub fn has_clock(self) -> bool {
        SlaClock::stopped_by(self.status()).is_some()
    }
}

/// Whether `incident` is one of `agency`'s active tasks: open, and the agency's assignment not ended.
pub fn is_task(incident: &Incident, agency: &AgencyCode) -> bool {
    incident.status.is_open() && incident.assignment(agency).is_some_and(|a| !a.status.is_ended())
}

/// Keeps only the agency's active tasks, in the order the list shows them.
pub fn tasks(mut incidents: Vec<Incident>, agency: &AgencyCode) -> Vec<Incident> {
    incidents.retain(|i| is_task(i, agency));
    sort(&mut incidents);
    incidents
}

/// Folds changed incidents into the list: the highest version of each wins (the feed's answers only
/// grow, but one answer may hold an incident twice); those that are no longer the agency's active
/// tasks leave it, and new ones (a new dispatch) join it.
pub fn fold(list: &mut Vec<Incident>, mut changed: Vec<Incident>, agency: &AgencyCode) {
    changed.sort_by(|a, b| a.id.cmp(&b.id).then(b.version.cmp(&a.version)));
    changed.dedup_by(|later, first| later.id == first.id);
    for incident in changed {
        if let Some(at) = list.iter().position(|i| i.id == incident.id) {
            if list[at].version >= incident.version {
                continue;
            }
            list.remove(at);
        }
        if is_task(&incident, agency) {
            list.push(incident);
        }
    }
    sort(list);
}

/// P1 first, then the newest.
fn sort(list: &mut [Incident]) {
    list.sort_by_key(|i| (i.priority.rank(), Reverse(i.received_at)));
}

/// The clock an assignment is racing: the first of its clocks still running (or overdue), with where
/// it stands.
pub fn racing(incident: &Incident, assignment: &Assignment, now: Timestamp) -> Option<(SlaClock, ClockState)> {
    SlaClock::ALL.into_iter().find_map(|clock| match incident.clock_state(assignment, clock, now) {
        state @ (ClockState::Running { .. } | ClockState::Overdue { .. }) => Some((clock, state)),
        _ => None,
    })
}

/// Whether `agency` reporting `step` at `now` comes after the step's target: the API then wants a
/// delay reason with it.
pub fn late(incident: &Incident, agency: &AgencyCode, step: Step, now: Timestamp) -> bool {
    incident
        .assignment(agency)
        .and_then(|assignment| incident.outcome(assignment, step.status(), now))
        .is_some_and(|outcome| matches!(outcome, SlaOutcome::Missed { .. }))
}

/// The delay reasons offered; the last is "other", which needs a text.
pub const DELAY_KINDS: [DelayKind; 5] = DelayKind::ALL;

/// The delay reason chosen (an index into [`DELAY_KINDS`]) with the text typed for "other".
pub fn delay_reason(kind: usize, text: &str) -> Result<DelayReason, TextError> {
    DELAY_KINDS.get(kind).copied().unwrap_or(DelayKind::Other).reason(text)
}

/// The agencies `own` may still ask for: not itself, not one working on the incident, not one asked
/// for already.
pub fn support_candidates<'a>(incident: &Incident, agencies: &'a [Agency], own: &AgencyCode) -> Vec<&'a Agency> {
    agencies
        .iter()
        .filter(|agency| agency.code != *own)
        .filter(|agency| incident.assignment(&agency.code).is_none_or(|a| a.status.is_ended()))
        .filter(|agency| !incident.support_requests.iter().any(|r| r.agency == agency.code))
        .collect()
}

/// Whether the agency may still decline: only before it sets out.
pub fn may_decline(status: AssignmentStatus) -> bool {
    matches!(status, AssignmentStatus::Dispatched | AssignmentStatus::Acknowledged)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tanggap_domain::incident::SupportRequest;
    use tanggap_domain::{Caller, CategoryCode, IncidentId, IncidentStatus, Location, Priority, Target};

    fn at(minute: i64) -> Timestamp {
        Timestamp::from_unix_millis(minute * 60_000).unwrap()
    }

    fn code(agency: &str) -> AgencyCode {
        AgencyCode::parse(agency).unwrap()
    }

    fn incident(
        id: &str,
        version: u64,
        priority: Priority,
        minute: i64,
        assignments: &[(&str, AssignmentStatus)],
    ) -> Incident {
        let received = at(minute);
        Incident {
            id: IncidentId::parse(&format!("01JDGZ6Q8X4T3N2M1K0H9G8F{id}")).unwrap(),
            version,
            status: IncidentStatus::Dispatched,
            category: CategoryCode::parse("FIRE").unwrap(),
            priority,
            dispatch_target: Some(Target::minutes(5)),
            caller: Caller::default(),
            location: Location::default(),
            description: None,
            people_affected: None,
            received_at: received,
            updated_at: received,
            assignments: assignments
                .iter()
                .map(|(agency, status)| {
                    let mut assignment = Assignment::dispatched(code(agency), received);
                    assignment.status = *status;
                    assignment
                })
                .collect(),
            merged_into: None,
            extra_reports: 0,
            caller_blocked: false,
            arrival_target: Some(Target::minutes(15)),
            completion_target: Some(Target::minutes(180)),
            support_requests: vec![],
            breaches: vec![],
            photos: vec![],
            milestones: Default::default(),
            channel: Default::default(),
            ticket: None,
            rating: None,
            complaint: None,
        }
    }

    fn ids(list: &[Incident]) -> Vec<String> {
        list.iter().map(|i| format!("{}v{}", &i.id.as_str()[24..], i.version)).collect()
    }

    #[test]
    fn the_list_holds_the_agency_s_active_tasks_p1_first_then_newest() {
        use AssignmentStatus::*;
        let damkar = code("DAMKAR");
        let list = tasks(
            vec![
                incident("AA", 2, Priority::P2, 1, &[("DAMKAR", Dispatched)]),
                incident("BB", 2, Priority::P1, 2, &[("DAMKAR", OnScene)]),
                incident("CC", 2, Priority::P1, 3, &[("DAMKAR", Acknowledged), ("PDAM", Dispatched)]),
                incident("DD", 2, Priority::P1, 4, &[("DAMKAR", Completed), ("PDAM", OnScene)]),
                incident("EE", 2, Priority::P1, 5, &[("PDAM", Dispatched)]),
            ],
            &damkar,
        );
        assert_eq!(ids(&list), ["CCv2", "BBv2", "AAv2"]);
    }

    #[test]
    fn a_new_dispatch_joins_the_list_and_an_ended_assignment_leaves_it() {
        use AssignmentStatus::*;
        let damkar = code("DAMKAR");
        let mut list = tasks(vec![incident("AA", 2, Priority::P1, 1, &[("DAMKAR", Dispatched)])], &damkar);
        let changed = vec![
            incident("BB", 2, Priority::P2, 2, &[("DAMKAR", Dispatched)]),
            incident("AA", 4, Priority::P1, 1, &[("DAMKAR", Declined)]),
            // An older version arriving late changes nothing.
            incident("AA", 3, Priority::P1, 1, &[("DAMKAR", Acknowledged)]),
            incident("CC", 2, Priority::P1, 3, &[("PDAM", Dispatched)]),
        ];
        fold(&mut list, changed, &damkar);
        assert_eq!(ids(&list), ["BBv2"]);
    }

    #[test]
    fn each_status_has_one_next_step_until_the_work_is_done() {
        use AssignmentStatus::*;
        let steps: Vec<Option<Step>> =
            [Dispatched, Acknowledged, EnRoute, OnScene, Completed, Declined].map(Step::after).to_vec();
        assert_eq!(
            steps,
            [Some(Step::Acknowledge), Some(Step::EnRoute), Some(Step::OnScene), Some(Step::Complete), None, None]
        );
        assert!(!Step::EnRoute.has_clock() && Step::OnScene.has_clock());
        assert!(may_decline(Acknowledged) && !may_decline(EnRoute));
    }

    #[test]
    fn a_step_after_its_target_is_late_and_the_clock_raced_is_the_first_not_reached() {
        use AssignmentStatus::*;
        let damkar = code("DAMKAR");
        // Received at minute 0: acknowledge by minute 5, on scene by 15.
        let fresh = incident("AA", 2, Priority::P1, 0, &[("DAMKAR", Dispatched)]);
        assert!(!late(&fresh, &damkar, Step::Acknowledge, at(5)));
        assert!(late(&fresh, &damkar, Step::Acknowledge, at(6)));
        assert!(!late(&fresh, &damkar, Step::EnRoute, at(60)), "no target for setting out");
        let assignment = fresh.assignment(&damkar).unwrap();
        assert_eq!(
            racing(&fresh, assignment, at(2)),
            Some((SlaClock::Acknowledgement, ClockState::Running { due: at(5) }))
        );
        assert_eq!(
            racing(&fresh, assignment, at(7)),
            Some((SlaClock::Acknowledgement, ClockState::Overdue { due: at(5) }))
        );

        let mut acknowledged = fresh.clone();
        acknowledged.assignments[0] = {
            let mut a = Assignment::dispatched(damkar.clone(), at(0));
            a.status = Acknowledged;
            a.steps.push(tanggap_domain::assignment::Step {
                status: Acknowledged,
                at: at(3),
                by: None,
                delay: None,
                outcome: None,
            });
            a
        };
        let assignment = acknowledged.assignment(&damkar).unwrap();
        assert_eq!(
            racing(&acknowledged, assignment, at(10)),
            Some((SlaClock::Arrival, ClockState::Running { due: at(15) }))
        );
        assert!(late(&acknowledged, &damkar, Step::OnScene, at(16)));
    }

    #[test]
    fn other_needs_a_text_and_the_named_reasons_do_not() {
        assert_eq!(delay_reason(1, ""), Ok(DelayReason::NoFuel));
        assert_eq!(delay_reason(4, "  "), Err(TextError::Empty));
        assert!(
            matches!(delay_reason(4, "jembatan putus"), Ok(DelayReason::Other { text }) if text.as_str() == "jembatan putus")
        );
        assert_eq!(DELAY_KINDS.len(), 5);
    }

    #[test]
    fn support_is_asked_only_of_agencies_not_working_and_not_asked_for_yet() {
        use AssignmentStatus::*;
        let agency = |c: &str| Agency { code: code(c), name: c.into(), outside_regency: false };
        let agencies = [agency("DAMKAR"), agency("PDAM"), agency("PSC119"), agency("BPBD"), agency("DINSOS")];
        let mut fire =
            incident("AA", 3, Priority::P1, 0, &[("DAMKAR", OnScene), ("PDAM", EnRoute), ("BPBD", Declined)]);
        fire.support_requests.push(SupportRequest {
            agency: code("DINSOS"),
            from: code("DAMKAR"),
            note: None,
            at: at(1),
        });
        let codes: Vec<&str> =
            support_candidates(&fire, &agencies, &code("DAMKAR")).iter().map(|a| a.code.as_str()).collect();
        assert_eq!(codes, ["PSC119", "BPBD"]);
    }
}
