//! The agencies on the incident: each one's status, every step with when and who reported it (and why
//! it was late), its SLA clocks (running, overdue, met, missed) with the breaches recorded and their
//! escalations, and for the operator the form to record what an agency reports by phone.
//!
//! The table only shows, so it is written as HTML (escaped) and drawn again as a whole when the
//! incident or the clock moves: a few rows, and far less wasm than a typed view with a closure per cell.

use std::time::Duration;

use leptos::prelude::*;
use tanggap_domain::assignment::Step;
use tanggap_domain::sla::ClockState;
use tanggap_domain::{Agency, Assignment, AssignmentStatus, Incident, IncidentStatus, SlaClock, SlaOutcome, Timestamp};

use super::page::{Agencies, Page, key};
use super::step::StepForm;
use crate::clock::{self, Clock};
use crate::i18n::{Texts, texts};

/// How often the clocks move on: they count whole minutes.
const TICK: Duration = Duration::from_secs(15);

#[component]
pub(super) fn Assignments(page: Page, agencies: Agencies, acts: bool) -> impl IntoView {
    let t = texts();
    let d = t.dispatch();
    let clock = Clock::new();
    if let Ok(interval) = set_interval_with_handle(move || clock.tick(), TICK) {
        on_cleanup(move || interval.clear());
    }
    let rows = move || {
        let now = clock.millis();
        page.detail
            .with(|detail| agencies.with(|list| detail.as_ref().map(|d| rows(&d.incident, list, now, t))))
            .unwrap_or_default()
    };
    let headings: String = [t.agency, t.column_status, d.column_steps, d.column_sla]
        .map(|h| format!("<th scope=\"col\">{h}</th>"))
        .concat();
    // The form starts over when an agency reports a step (its choices are the agencies' next steps).
    let steps = key(page, |i| i.assignments.iter().map(|a| format!("{}:{} ", a.agency, a.steps.len())).collect());
    move || {
        steps.with(|_| ());
        let incident = page.incident()?;
        let form = acts && incident.status == IncidentStatus::Dispatched;
        (!incident.assignments.is_empty()).then(|| {
            view! {
                <section class="panel" data-testid="assignments">
                    <h2>{d.assignments}</h2>
                    <table class="data-table assignments">
                        <thead inner_html=format!("<tr>{headings}</tr>") />
                        <tbody inner_html=rows />
                    </table>
                    {form.then(|| view! { <StepForm page incident /> })}
                </section>
            }
        })
    }
}

/// The table's rows, as HTML.
fn rows(incident: &Incident, agencies: &[Agency], now: i64, t: &Texts) -> String {
    let d = t.dispatch();
    let mut html = String::new();
    for a in &incident.assignments {
        let known = agencies.iter().find(|known| known.code == a.agency);
        let mut who = a.agency.to_string();
        if let Some(known) = known {
            who = format!("{who} · {}", known.name);
        }
        if known.is_some_and(|k| k.outside_regency) {
            who = format!("{who} · {}", d.by_phone);
        }
        if let Some(from) = &a.requested_by {
            who = format!("{who} · {} {from}", d.asked_by);
        }
        let mut steps: String = a
            .steps
            .iter()
            .map(|s| format!("<li data-status=\"{}\">{}</li>", status_value(s.status), escape(&step_line(s, t))))
            .collect();
        if let Some(report) = &a.report {
            steps = format!("{steps}<li data-status=\"report\">{}</li>", escape(&format!("{}: {report}", d.report)));
        }
        let clocks: String = clock_lines(incident, a, now, t)
            .into_iter()
            .map(|(clock, state, line)| {
                format!("<li data-clock=\"{clock}\" data-state=\"{state}\">{}</li>", escape(&line))
            })
            .collect();
        html = format!(
            "{html}<tr data-testid=\"assignment-{}\" data-status=\"{}\"><td>{}</td><td data-testid=\"assignment-status\">{}</td>\
             <td><ol class=\"steps\">{steps}</ol></td><td><ul class=\"clocks\">{clocks}</ul></td></tr>",
            a.agency,
            status_value(a.status),
            escape(&who),
            a.status.label(t.lang),
        );
    }
    html
}

/// "tiba di lokasi · 22/11/2025, 14.03.10 · damkar · terlambat 2 mnt · Kendaraan rusak".
fn step_line(step: &Step, t: &Texts) -> String {
    let late = match step.outcome {
        Some(SlaOutcome::Missed { late_seconds }) => {
            t.dispatch().clock(ClockState::Missed { at: step.at, late_seconds }, 0, t)
        }
        _ => None,
    };
    let parts = [step.by.as_ref().map(|by| by.to_string()), late, step.delay.as_ref().map(|r| r.label(t.lang))];
    let mut line = format!("{} · {}", step.status.label(t.lang), clock::local_date_time(step.at, t.lang));
    for part in parts.into_iter().flatten() {
        line = format!("{line} · {part}");
    }
    line
}

/// Each clock with a target: its name, where it stands ("respons: sisa 3 mnt"), and the breach the
/// sweeper recorded for it with who it was escalated to.
fn clock_lines(incident: &Incident, a: &Assignment, now: i64, t: &Texts) -> Vec<(&'static str, &'static str, String)> {
    let d = t.dispatch();
    let Some(at) = Timestamp::from_unix_millis(now) else { return Vec::new() };
    SlaClock::ALL
        .into_iter()
        .filter_map(|sla| {
            let state = incident.clock_state(a, sla, at);
            let mut line = format!("{}: {}", sla.label(t.lang), d.clock(state, now, t)?);
            for breach in incident.breaches.iter().filter(|b| b.agency == a.agency && b.clock == sla) {
                line = format!("{line} · ⚠ {}", d.breached);
                let to: Vec<&str> = breach.escalated.iter().map(|e| e.label(t.lang)).collect();
                if !to.is_empty() {
                    line = format!("{line} · {} {}", d.escalated_to, to.join(", "));
                }
            }
            Some((clock_value(sla), state_value(state), line))
        })
        .collect()
}

/// Text made safe to put in HTML.
fn escape(text: &str) -> String {
    let mut safe = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => safe.push_str("&lt;"),
            '>' => safe.push_str("&gt;"),
            '&' => safe.push_str("&amp;"),
            '"' => safe.push_str("&quot;"),
            c => safe.push(c),
        }
    }
    safe
}

/// A status as the API names it (`en_route`): for tests and styles.
fn status_value(status: AssignmentStatus) -> &'static str {
    use AssignmentStatus::*;
    match status {
        Dispatched => "dispatched",
        Acknowledged => "acknowledged",
        EnRoute => "en_route",
        OnScene => "on_scene",
        Completed => "completed",
        Declined => "declined",
        Cancelled => "cancelled",
    }
}

fn clock_value(clock: SlaClock) -> &'static str {
    match clock {
        SlaClock::Acknowledgement => "acknowledgement",
        SlaClock::Arrival => "arrival",
        SlaClock::Completion => "completion",
    }
}

fn state_value(state: ClockState) -> &'static str {
    use ClockState::*;
    match state {
        NoTarget => "none",
        Running { .. } => "running",
        Overdue { .. } => "overdue",
        Met { .. } => "met",
        Missed { .. } => "missed",
        Stopped => "stopped",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tanggap_domain::{AgencyCode, Breach, Target};

    fn dispatched() -> (Incident, AgencyCode) {
        let mut incident = super::super::fixtures::incident();
        incident.status = IncidentStatus::Dispatched;
        incident.dispatch_target = Some(Target::minutes(5));
        incident.arrival_target = Some(Target::minutes(15));
        let damkar = AgencyCode::parse("DAMKAR").unwrap();
        incident.assignments = vec![Assignment::dispatched(damkar.clone(), incident.received_at)];
        (incident, damkar)
    }

    #[test]
    fn the_clocks_read_where_they_stand_with_their_breach_and_its_escalations() {
        let (mut incident, damkar) = dispatched();
        let due = incident.received_at.plus_seconds(300);
        let escalated = vec![tanggap_domain::Escalation::AgencyHead];
        incident.breaches =
            vec![Breach { agency: damkar, clock: SlaClock::Acknowledgement, due, recorded_at: due, escalated }];
        let now = incident.received_at.plus_seconds(7 * 60).unix_millis();
        let lines = clock_lines(&incident, &incident.assignments[0], now, &crate::i18n::ID);
        let overdue = "respons: lewat 2 mnt · ⚠ melewati target · eskalasi ke Kepala instansi";
        assert_eq!(
            lines,
            [
                ("acknowledgement", "overdue", overdue.to_owned()),
                ("arrival", "running", "tiba di lokasi: sisa 8 mnt".to_owned()),
            ]
        );
    }

    #[test]
    fn the_rows_name_the_agency_outside_the_regency_and_escape_what_people_typed() {
        let (mut incident, _) = dispatched();
        // No steps: their times are written by the browser.
        incident.assignments[0].steps.clear();
        incident.assignments[0].report = Some(tanggap_domain::Text::parse("api <b>padam</b> & aman").unwrap());
        let agencies = [Agency {
            code: AgencyCode::parse("DAMKAR").unwrap(),
            name: "Damkar \"PPU\"".into(),
            outside_regency: true,
        }];
        let html = rows(&incident, &agencies, incident.received_at.unix_millis(), &crate::i18n::ID);
        assert!(html.starts_with("<tr data-testid=\"assignment-DAMKAR\" data-status=\"dispatched\">"), "{html}");
        assert!(html.contains("<td>DAMKAR · Damkar &quot;PPU&quot; · dikonfirmasi lewat telepon</td>"), "{html}");
        assert!(html.contains("Laporan lapangan: api &lt;b&gt;padam&lt;/b&gt; &amp; aman</li>"), "{html}");
        assert!(html.contains("<li data-clock=\"acknowledgement\" data-state=\"running\">respons: sisa 5 mnt</li>"));
    }
}
