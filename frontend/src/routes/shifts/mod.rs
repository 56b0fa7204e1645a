//! The shift screens, in the admin console's wasm: the shift under way with signing on and off
//! (`duty`) and its handover (`handover`), the month's roster and the shift pattern (`roster`), the
//! staffing planner (`planner`, with its chart in `chart`), which computes its plan in the browser with
//! the domain's Erlang C, and what the operators handled (`figures`).

mod chart;
pub mod duty;
pub mod figures;
mod handover;
pub mod planner;
pub mod roster;

use leptos::prelude::*;
use tanggap_domain::shift::{ClockTime, Shift};

use crate::access::Screen;
use crate::clock::{self, DayWords};
use crate::components::field::{Field, FieldErrors};
use crate::i18n::texts;
use crate::session;

/// The shift screens the user may open, as tabs above each of them.
#[component]
fn ShiftTabs(current: Screen) -> impl IntoView {
    let t = texts();
    let role = untrack(session::user).map(|user| user.role);
    let tabs = [
        (Screen::Shift, t.shift_title),
        (Screen::Roster, t.shifts().roster_title),
        (Screen::Planner, t.shifts().planner_title),
        (Screen::OperatorFigures, t.shifts().figures_title),
    ]
    .into_iter()
    .filter(|(screen, _)| role.is_some_and(|role| screen.allows(role)))
    .map(|(screen, words)| {
        view! { <a href=screen.path() aria-current=(screen == current).then_some("page")>{words}</a> }
    })
    .collect_view();
    view! { <nav class="tabs" aria-label=t.shifts().shifts_navigation>{tabs}</nav> }
}

/// A shift's hours on the wall clock: "07:00–15:00".
fn hours(starts: ClockTime, ends: ClockTime) -> String {
    format!("{starts}–{ends}")
}

/// "Sif 15:00–23:00, Rabu, 18 Nov": a shift as people name it, on the day it begins.
fn shift_words(shift: &Shift) -> String {
    let t = texts();
    let day = clock::day_words(shift.id.day, t.lang, DayWords::WeekdayAndDate);
    format!("{} {}, {day}", t.shifts().shift, hours(shift.starts, shift.ends))
}

/// The days measured, as the planner and the operators' figures take them: a first and a last day
/// (`{prefix}-from`, `{prefix}-to`), both empty for the API's four weeks up to yesterday. The API's
/// refusal of a range is shown at its field.
#[component]
fn DayRangeFields(
    prefix: &'static str,
    from: RwSignal<String>,
    to: RwSignal<String>,
    errors: FieldErrors,
) -> impl IntoView {
    let s = texts().shifts();
    let input = move |field: &'static str, label: &'static str, value: RwSignal<String>| {
        let id = format!("{prefix}-{field}");
        view! {
            <Field id=id.clone() field label error=errors.error_for(field)>
                <input
                    id=id
                    type="date"
                    prop:value=value
                    on:change=move |ev| {
                        let typed = event_target_value(&ev);
                        // A first day alone measures that day, not up to the API's yesterday.
                        if field == "from" && to.with_untracked(String::is_empty) {
                            to.set(typed.clone());
                        }
                        value.set(typed);
                    }
                />
            </Field>
        }
    };
    view! {
        <fieldset class="range-fields" data-testid=format!("{prefix}-range")>
            {input("from", s.measured_from, from)}
            {input("to", s.measured_to, to)}
            <p class="hint">{s.range_hint}</p>
        </fieldset>
    }
}
