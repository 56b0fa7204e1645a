//! The shift screens, in the admin console's wasm: the shift under way with signing on and off
//! (`duty`), the month's roster and the shift pattern (`roster`), and the staffing planner (`planner`,
//! with its chart in `chart`), which computes its plan in the browser with the domain's Erlang C.

mod chart;
pub mod duty;
pub mod planner;
pub mod roster;

use leptos::prelude::*;
use tanggap_domain::shift::{ClockTime, Shift};

use crate::access::Screen;
use crate::clock::{self, DayWords};
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
