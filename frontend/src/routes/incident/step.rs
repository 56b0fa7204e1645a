//! What an agency reports by phone, recorded by the operator: its next step (or that it declines, or
//! the operator withdraws it), with the field report or the reason, and why it is late when it is.
//! Any agency at work may be recorded so (a phone call, a radio message).
//! Agencies outside the regency have no accounts here, so this is how their work gets on record.

use leptos::prelude::*;
use tanggap_domain::sla::SlaOutcome;
use tanggap_domain::{
    AgencyCode, AssignmentCommand, AssignmentStatus, DelayKind, DelayReason, Incident, IncidentCommand, Lang, Reason,
    Text, Timestamp,
};

use super::page::Page;
use super::words::text_error;
use crate::clock;
use crate::components::form::{Outcome, OutcomeLine, submit};
use crate::i18n::texts;

/// The statuses an operator may record, in the order offered: the next step first.
const STEPS: [AssignmentStatus; 6] = [
    AssignmentStatus::Acknowledged,
    AssignmentStatus::EnRoute,
    AssignmentStatus::OnScene,
    AssignmentStatus::Completed,
    AssignmentStatus::Declined,
    AssignmentStatus::Cancelled,
];

/// The steps an assignment in `status` may take.
fn choices(status: AssignmentStatus) -> Vec<AssignmentStatus> {
    STEPS.into_iter().filter(|next| status.can_become(*next)).collect()
}

/// Every step the operator may record, agency by agency (the agencies still at work, in their order).
fn steps_of(incident: &Incident) -> Vec<(AgencyCode, AssignmentStatus)> {
    incident
        .assignments
        .iter()
        .flat_map(|a| choices(a.status).into_iter().map(|next| (a.agency.clone(), next)))
        .collect()
}

/// The delay reason chosen (`""` for none), or the message that keeps it from being sent.
fn delay_from(kind: &str, text: &str, lang: Lang) -> Result<Option<DelayReason>, String> {
    Ok(Some(match kind {
        "" => return Ok(None),
        "vehicle_broken" => DelayReason::VehicleBroken,
        "no_fuel" => DelayReason::NoFuel,
        "no_personnel" => DelayReason::NoPersonnel,
        "access_blocked" => DelayReason::AccessBlocked,
        _ => DelayReason::Other { text: Reason::parse(text).map_err(|e| text_error("delay", e, lang).message)? },
    }))
}

/// The command for the chosen step; `text` is the field report (completion) or the reason (decline,
/// cancel), which those two need.
fn command(
    agency: AgencyCode,
    next: AssignmentStatus,
    text: &str,
    delay: Option<DelayReason>,
    lang: Lang,
) -> Result<IncidentCommand, String> {
    let reason = || Reason::parse(text).map_err(|e| text_error("reason", e, lang).message);
    let update = match next {
        AssignmentStatus::Acknowledged => AssignmentCommand::Acknowledge,
        AssignmentStatus::EnRoute => AssignmentCommand::EnRoute,
        AssignmentStatus::OnScene => AssignmentCommand::OnScene,
        AssignmentStatus::Completed => AssignmentCommand::Complete {
            report: Text::parse_optional(Some(text)).map_err(|e| text_error("report", e, lang).message)?,
        },
        AssignmentStatus::Declined => AssignmentCommand::Decline { reason: reason()? },
        _ => AssignmentCommand::Cancel { reason: reason()? },
    };
    Ok(IncidentCommand::UpdateAssignment { agency, update, delay })
}

/// One form for every agency at work: a step is chosen as "DAMKAR: tiba di lokasi" (each agency's next
/// step comes first), with the report or reason it takes, and the delay reason once it would be late.
/// Drawn anew when a step is recorded.
#[component]
pub(super) fn StepForm(page: Page, incident: Incident) -> impl IntoView {
    let t = texts();
    let d = t.dispatch();
    let steps = steps_of(&incident);
    if steps.is_empty() {
        return ().into_any();
    }
    let chosen = RwSignal::new(0usize);
    let text = RwSignal::new(String::new());
    let delay = RwSignal::new(String::new());
    let delay_text = RwSignal::new(String::new());
    let outcome: Outcome = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let steps = StoredValue::new(steps);
    let step = move || steps.with_value(|s| s.get(chosen.get()).cloned());
    // Whether the chosen step, recorded now, comes after its target (the API checks it again).
    let late = move || {
        let Some((agency, next)) = step() else { return false };
        let now = Timestamp::from_unix_millis(clock::now_millis());
        page.detail.with(|d| {
            let incident = &d.as_ref()?.incident;
            Some(matches!(incident.outcome(incident.assignment(&agency)?, next, now?)?, SlaOutcome::Missed { .. }))
        }) == Some(true)
    };
    let record = move |_| {
        let Some((agency, next)) = step() else { return };
        let kind = delay.get_untracked();
        if kind.is_empty() && late() {
            return outcome.set(Some(Err(d.late.to_owned())));
        }
        let command = delay_from(&kind, &delay_text.get_untracked(), t.lang)
            .and_then(|delay| command(agency, next, &text.get_untracked(), delay, t.lang));
        let command = match command {
            Ok(command) => command,
            Err(message) => return outcome.set(Some(Err(message))),
        };
        outcome.set(None);
        let version = page.version();
        // On success the form is drawn anew, with the agency's next step.
        submit(busy, async move {
            if let Err(error) = page.send(version, command).await {
                let message =
                    if error.conflict().is_some() { t.status_conflict.to_owned() } else { t.api_error(&error) };
                outcome.try_set(Some(Err(message)));
            }
        });
    };
    let options = steps.with_value(|steps| {
        steps
            .iter()
            .map(|(agency, next)| {
                let label = format!("{agency}: {}", next.label(t.lang));
                view! { <option value=option_value(agency, *next)>{label}</option> }
            })
            .collect_view()
    });
    // The report (completion) or the reason (decline, cancel), for the steps that take one.
    let text_input = move || {
        let label = match step()?.1 {
            AssignmentStatus::Completed => d.report,
            AssignmentStatus::Declined | AssignmentStatus::Cancelled => t.reason,
            _ => return None,
        };
        Some(view! {
            <input
                data-testid="record-text"
                placeholder=label
                aria-label=label
                prop:value=text
                on:input=move |ev| text.set(event_target_value(&ev))
            />
        })
    };
    // Why it is late: offered once the chosen step would be late (and kept once chosen).
    let delay_inputs = move || {
        (late() || !delay.with(String::is_empty)).then(|| {
            let reasons = DelayKind::ALL
                .iter()
                .map(|kind| {
                    let value = kind.as_str();
                    let selected = delay.with_untracked(|k| k == value);
                    view! { <option value=value prop:selected=selected>{kind.label(t.lang)}</option> }
                })
                .collect_view();
            view! {
                <select data-testid="record-delay" aria-label=d.delay on:change=move |ev| delay.set(event_target_value(&ev))>
                    <option value="">{d.delay}</option>
                    {reasons}
                </select>
                <input
                    data-testid="record-delay-text"
                    placeholder=DelayKind::Other.label(t.lang)
                    aria-label=DelayKind::Other.label(t.lang)
                    prop:value=delay_text
                    on:input=move |ev| delay_text.set(event_target_value(&ev))
                />
            }
        })
    };

    view! {
        <div class="step-controls" data-testid="record-form">
            <h3>{d.column_phone}</h3>
            <select
                data-testid="record-step"
                aria-label=d.column_phone
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    let at = steps.with_value(|s| s.iter().position(|(agency, next)| option_value(agency, *next) == value));
                    chosen.set(at.unwrap_or_default());
                }
            >
                {options}
            </select>
            {text_input}
            {delay_inputs}
            <button type="button" class="secondary" data-testid="record-submit" disabled=busy on:click=record>
                {d.record}
            </button>
            <OutcomeLine outcome testid="record-notice" />
        </div>
    }
    .into_any()
}

/// A step's option: `DAMKAR:on_scene`.
fn option_value(agency: &AgencyCode, next: AssignmentStatus) -> String {
    format!("{agency}:{}", step_value(next))
}

/// A step as the API's `update` names it.
fn step_value(status: AssignmentStatus) -> &'static str {
    match status {
        AssignmentStatus::Acknowledged => "acknowledge",
        AssignmentStatus::EnRoute => "en_route",
        AssignmentStatus::OnScene => "on_scene",
        AssignmentStatus::Completed => "complete",
        AssignmentStatus::Declined => "decline",
        AssignmentStatus::Cancelled => "cancel",
        AssignmentStatus::Dispatched => "dispatched",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn damkar() -> AgencyCode {
        AgencyCode::parse("DAMKAR").unwrap()
    }

    #[test]
    fn the_next_step_is_offered_first_then_declining_and_withdrawing_as_the_life_cycle_allows() {
        use AssignmentStatus::*;
        assert_eq!(choices(Dispatched), [Acknowledged, Declined, Cancelled]);
        assert_eq!(choices(EnRoute), [OnScene, Cancelled]);
        assert_eq!(choices(OnScene), [Completed, Cancelled]);
        assert!(choices(Completed).is_empty());
    }

    #[test]
    fn every_agency_at_work_offers_its_steps_in_the_order_of_the_assignments() {
        let at = tanggap_domain::Timestamp::from_unix_millis(0).unwrap();
        let mut incident = super::super::fixtures::incident();
        let mut pdam = tanggap_domain::Assignment::dispatched(AgencyCode::parse("PDAM").unwrap(), at);
        pdam.status = AssignmentStatus::OnScene;
        let mut bpbd = tanggap_domain::Assignment::dispatched(AgencyCode::parse("BPBD").unwrap(), at);
        bpbd.status = AssignmentStatus::Completed;
        incident.assignments = vec![tanggap_domain::Assignment::dispatched(damkar(), at), bpbd, pdam];
        let offered: Vec<String> = steps_of(&incident).iter().map(|(a, next)| option_value(a, *next)).collect();
        assert_eq!(offered, ["DAMKAR:acknowledge", "DAMKAR:decline", "DAMKAR:cancel", "PDAM:complete", "PDAM:cancel"]);
    }

    #[test]
    fn declining_and_withdrawing_need_a_reason_and_a_completion_takes_the_report() {
        let refused = command(damkar(), AssignmentStatus::Cancelled, "  ", None, Lang::Id).unwrap_err();
        assert_eq!(refused, "Wajib diisi.");
        let complete = command(damkar(), AssignmentStatus::Completed, "api padam", None, Lang::En).unwrap();
        assert!(matches!(
            complete,
            IncidentCommand::UpdateAssignment { update: AssignmentCommand::Complete { report: Some(r) }, .. }
                if r.as_str() == "api padam"
        ));
        assert!(matches!(
            command(damkar(), AssignmentStatus::Completed, "", None, Lang::En),
            Ok(IncidentCommand::UpdateAssignment { update: AssignmentCommand::Complete { report: None }, .. })
        ));
    }

    #[test]
    fn a_delay_reason_is_read_from_its_kind_and_another_reason_needs_its_text() {
        assert_eq!(delay_from("", "", Lang::En), Ok(None));
        assert_eq!(delay_from("no_fuel", "", Lang::En), Ok(Some(DelayReason::NoFuel)));
        assert!(delay_from("other", " ", Lang::En).is_err());
        assert!(matches!(
            delay_from("other", "jembatan putus", Lang::En),
            Ok(Some(DelayReason::Other { text })) if text.as_str() == "jembatan putus"
        ));
    }
}
