//! `/dinas/jadwal?bulan=2026-12`: a month's roster at a glance, its days down and the pattern's shifts
//! across, each cell naming who works it. A supervisor opens a shift still to come (or under way) and
//! ticks who works it; shifts that have ended are history and stay as they are. Supervisors and
//! admins also change the shift pattern (when each shift begins).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use tanggap_domain::dto::{PatternEdit, RosterShiftEdit, RosterView, ShiftWorker};
use tanggap_domain::shift::{Shift, ShiftRef};
use tanggap_domain::{Day, Role, Username};

use super::{ShiftTabs, hours, shift_words};
use crate::access::Screen;
use crate::api;
use crate::clock::{self, DayWords};
use crate::components::field::{Field, FieldErrors};
use crate::components::form::{Outcome, OutcomeLine, SubmitButton, TextInput, load, refused, submit};
use crate::i18n::texts;
use crate::session;

/// The address's month: `?bulan=2026-12`.
const MONTH_KEY: &str = "bulan";

#[component]
pub fn RosterPage() -> impl IntoView {
    let t = texts();
    let s = t.shifts();
    let query = use_query_map();
    let roster = RwSignal::new(None::<RosterView>);
    let loaded = RwSignal::new(false);
    let loading: Outcome = RwSignal::new(None);
    let saved: Outcome = RwSignal::new(None);
    let selected = RwSignal::new(None::<ShiftRef>);
    Effect::new(move |_| {
        // This month (the API's) when the address names none, or names one that does not parse.
        let month = query.with(|q| q.get_str(MONTH_KEY).and_then(|month| Day::parse(&format!("{month}-01")).ok()));
        loading.set(Some(Ok(t.loading.to_owned())));
        selected.set(None);
        saved.set(None);
        load(async move {
            match api::roster(month).await {
                Ok(answer) => {
                    roster.try_set(Some(answer));
                    loaded.try_set(true);
                    loading.try_set(None);
                }
                Err(error) => {
                    loading.try_set(Some(Err(t.api_error(&error))));
                }
            }
        });
    });
    let role = untrack(session::user).map(|user| user.role);
    let edits_roster = role == Some(Role::Supervisor);
    let edits_pattern = matches!(role, Some(Role::Supervisor | Role::Admin));

    let months = move || {
        roster.with(|view| {
            view.as_ref().map(|view| {
                let month = view.roster.month;
                let href = |day: Day| format!("{}?{MONTH_KEY}={}", Screen::Roster.path(), month_of(day));
                view! {
                    <div class="months">
                        <a href=href(month.previous()) data-testid="previous-month">{s.previous_month}</a>
                        <h2 data-testid="roster-month" data-month=month_of(month)>
                            {clock::day_words(month, t.lang, DayWords::MonthAndYear)}
                        </h2>
                        <a href=href(month.first_of_next_month()) data-testid="next-month">{s.next_month}</a>
                    </div>
                }
            })
        })
    };
    let table =
        move || roster.with(|view| view.as_ref().map(|view| roster_table(view, roster, selected, saved, edits_roster)));
    // Drawn once the first roster is in, and kept: a saved pattern or roster does not redraw it.
    let pattern = move || {
        (edits_pattern && loaded.get()).then(|| {
            let starts = roster.with_untracked(|view| view.as_ref().map(starts_text).unwrap_or_default());
            view! { <PatternForm starts roster saved /> }
        })
    };

    view! {
        <section class="panel shifts" aria-labelledby="roster-title">
            <ShiftTabs current=Screen::Roster />
            <h1 id="roster-title">{s.roster_title}</h1>
            <p class="hint">{s.roster_hint}</p>
            {months}
            <OutcomeLine outcome=saved testid="roster-notice" />
            {table}
            <OutcomeLine outcome=loading testid="roster-loading" />
            {pattern}
        </section>
    }
}

/// `2026-12`: a month as the address names it.
fn month_of(day: Day) -> String {
    let day = day.to_string();
    day.get(..7).unwrap_or(&day).to_owned()
}

/// The month's days down, the pattern's shifts across. A supervisor's cells of shifts to come are
/// buttons that open the shift's form beneath its day.
fn roster_table(
    view: &RosterView,
    roster: RwSignal<Option<RosterView>>,
    selected: RwSignal<Option<ShiftRef>>,
    saved: Outcome,
    edits: bool,
) -> impl IntoView + use<> {
    let t = texts();
    let s = t.shifts();
    let (pattern, offset) = (view.pattern.clone(), view.utc_offset_hours);
    let now = clock::now();
    let shifts = |day: Day| -> Vec<Shift> {
        (0..pattern.len()).filter_map(|index| pattern.shift(ShiftRef { day, index }, offset)).collect()
    };
    let month = view.roster.month;
    let heads = shifts(month)
        .into_iter()
        .map(|shift| view! { <th scope="col">{hours(shift.starts, shift.ends)}</th> })
        .collect_view();
    let columns = pattern.len() as usize + 1;
    let mut days = Vec::new();
    let mut day = month;
    while day < month.first_of_next_month() {
        days.push(day);
        day = day.next();
    }
    let rows = days
        .into_iter()
        .map(|day| {
            let cells = shifts(day)
                .into_iter()
                .map(|shift| {
                    let on = view.roster.people(shift.id);
                    let names = on.iter().map(|username| display_name(&view.people, username)).collect::<Vec<_>>();
                    let ended = now.is_none_or(|now| shift.has_ended(now));
                    roster_cell(shift.id, names, ended, edits, selected)
                })
                .collect_view();
            let editor = move || {
                selected.get().filter(|shift| shift.day == day).and_then(|id| {
                    roster.with_untracked(|view| {
                        let view = view.as_ref()?;
                        let shift = view.pattern.shift(id, view.utc_offset_hours)?;
                        let on = view.roster.people(id).to_vec();
                        Some(view! {
                            <tr class="row-form">
                                <td colspan=columns>
                                    <ShiftForm shift people=view.people.clone() on roster selected saved />
                                </td>
                            </tr>
                        })
                    })
                })
            };
            view! {
                <tr data-testid="roster-day" data-day=day.to_string()>
                    <th scope="row">{clock::day_words(day, t.lang, DayWords::ShortWeekdayAndDay)}</th>
                    {cells}
                </tr>
                {editor}
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="roster-table" data-testid="roster">
                <thead>
                    <tr>
                        <th scope="col">{s.column_day}</th>
                        {heads}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// One shift of one day: who works it; a button that opens its form where the user may change it.
fn roster_cell(
    shift: ShiftRef,
    names: Vec<String>,
    ended: bool,
    edits: bool,
    selected: RwSignal<Option<ShiftRef>>,
) -> impl IntoView + use<> {
    let t = texts();
    let names = if names.is_empty() {
        vec![(t.nothing.to_owned(), "muted")]
    } else {
        names.into_iter().map(|n| (n, "name")).collect()
    };
    let names = names.into_iter().map(|(name, class)| view! { <span class=class>{name}</span> }).collect_view();
    // A shift still to come opens its form for a supervisor; one that has ended is only read.
    let (button, plain) = if edits && !ended { (Some(names), None) } else { (None, Some(names)) };
    let open = move || (selected.get() == Some(shift)).to_string();
    let toggle = move |_| selected.update(|s| *s = if *s == Some(shift) { None } else { Some(shift) });
    let button = button.map(|names| {
        view! {
            <button type="button" class="cell" data-testid="edit-shift" aria-expanded=open on:click=toggle>
                {names}
            </button>
        }
    });
    view! {
        <td data-testid="roster-cell" data-shift=shift.to_string() class:ended=ended>
            {button}
            {plain}
            {ended.then(|| view! { <span class="visually-hidden">{t.shifts().ended}</span> })}
        </td>
    }
}

/// A person's name as the roster shows it; their username if they are no longer listed.
fn display_name(people: &[ShiftWorker], username: &Username) -> String {
    people.iter().find(|p| &p.username == username).map_or_else(|| username.to_string(), |p| p.display_name.clone())
}

/// Who works one shift: a box to tick for each operator and supervisor (supervisors first, as the API
/// lists them), saved in place of whoever was on it.
#[component]
fn ShiftForm(
    shift: Shift,
    people: Vec<ShiftWorker>,
    on: Vec<Username>,
    roster: RwSignal<Option<RosterView>>,
    selected: RwSignal<Option<ShiftRef>>,
    saved: Outcome,
) -> impl IntoView {
    let t = texts();
    let s = t.shifts();
    // Someone on the shift who no longer works shifts (disabled) is offered too, to be taken off.
    let mut choices: Vec<(Username, String, Option<Role>)> =
        people.into_iter().map(|p| (p.username, p.display_name, Some(p.role))).collect();
    for username in &on {
        if !choices.iter().any(|(u, _, _)| u == username) {
            choices.push((username.clone(), username.to_string(), None));
        }
    }
    let order: Vec<Username> = choices.iter().map(|(u, _, _)| u.clone()).collect();
    let chosen = RwSignal::new(on);
    let busy = RwSignal::new(false);
    let outcome: Outcome = RwSignal::new(None);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        outcome.set(None);
        // In the order offered: supervisors first.
        let people: Vec<Username> =
            chosen.with_untracked(|c| order.iter().filter(|u| c.contains(u)).cloned().collect());
        let edit = RosterShiftEdit { people };
        submit(busy, async move {
            match api::edit_roster(shift.id, &edit).await {
                Ok(month) => {
                    saved.try_set(Some(Ok(format!("{} {}", s.roster_saved, shift_words(&shift)))));
                    selected.try_set(None);
                    roster.try_update(|view| {
                        if let Some(view) = view.as_mut().filter(|view| view.roster.month == month.month) {
                            view.roster = month;
                        }
                    });
                }
                Err(error) => {
                    outcome.try_set(Some(Err(t.api_error(&error))));
                }
            }
        });
    };
    let boxes = choices
        .into_iter()
        .map(|(username, name, role)| {
            let checked = {
                let username = username.clone();
                move || chosen.with(|c| c.contains(&username))
            };
            let value = username.to_string();
            let toggle = move |ev: leptos::ev::Event| {
                let tick = event_target_checked(&ev);
                chosen.update(|c| {
                    c.retain(|u| u != &username);
                    if tick {
                        c.push(username.clone());
                    }
                });
            };
            view! {
                <label class="choice">
                    <input type="checkbox" data-testid="person" value=value prop:checked=checked on:change=toggle />
                    <span>{name}</span>
                    {role.map(|role| view! { <small class="muted">{role.label(t.lang)}</small> })}
                </label>
            }
        })
        .collect_view();
    view! {
        <form class="shift-form" data-testid="shift-form" data-shift=shift.id.to_string() on:submit=on_submit>
            <fieldset>
                <legend>{format!("{} · {}", s.people_on_shift, shift_words(&shift))}</legend>
                <div class="choices">{boxes}</div>
            </fieldset>
            <div class="form-actions">
                <SubmitButton id="save-shift" busy idle_label=t.save busy_label=t.saving />
                <button type="button" class="secondary" on:click=move |_| selected.set(None)>{t.cancel}</button>
                <OutcomeLine outcome testid="shift-notice" />
            </div>
        </form>
    }
}

/// `07:00, 15:00, 23:00`.
fn starts_text(view: &RosterView) -> String {
    view.pattern.starts().iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

/// When each shift begins: times typed comma-separated, checked by the API (a time that is not
/// `HH:MM` at the field, shifts out of order or too short in the outcome).
#[component]
fn PatternForm(starts: String, roster: RwSignal<Option<RosterView>>, saved: Outcome) -> impl IntoView {
    let t = texts();
    let s = t.shifts();
    let starts = RwSignal::new(starts);
    let errors = FieldErrors::new();
    let outcome: Outcome = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        outcome.set(None);
        let edit = PatternEdit {
            starts: starts
                .get_untracked()
                .split(',')
                .map(str::trim)
                .filter(|start| !start.is_empty())
                .map(str::to_owned)
                .collect(),
        };
        submit(busy, async move {
            match api::edit_shift_pattern(&edit).await {
                Ok(pattern) => {
                    outcome.try_set(Some(Ok(s.pattern_saved.to_owned())));
                    saved.try_set(None);
                    roster.try_update(|view| {
                        if let Some(view) = view.as_mut() {
                            view.pattern = pattern;
                        }
                    });
                }
                Err(error) => refused(errors, outcome, &error, |e| t.api_error(e)),
            }
        });
    };
    view! {
        <form class="inline-form pattern-form" on:submit=on_submit novalidate>
            <h2>{s.pattern_title}</h2>
            <Field id="pattern-starts" field="starts" label=s.pattern_starts error=errors.error_for("starts")>
                <TextInput id="pattern-starts" value=starts field="starts" errors hint="pattern-hint" verbatim=true />
                <p class="hint" id="pattern-hint">{s.pattern_hint}</p>
            </Field>
            <div class="form-actions">
                <SubmitButton id="save-pattern" busy idle_label=t.save busy_label=t.saving />
                <OutcomeLine outcome testid="pattern-notice" />
            </div>
        </form>
    }
}
