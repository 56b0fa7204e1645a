//! `/dinas/perencana`: the staffing planner. The API measures the calls of a range of days by weekday
//! and hour; the domain's Erlang C (`staffing::plan`) turns them, here in the browser, into the
//! operators each hour and each shift needs, so that another goal, handling time or yearly volume is
//! tried at once. Beside the need, what this month's roster provides each hour.

use leptos::prelude::*;
use tanggap_domain::dto::{RosterView, StaffingDemand};
use tanggap_domain::staffing::{self, Plan, PlanInput, ServiceGoal};
use tanggap_domain::{Day, Lang};

use super::chart::StaffingChart;
use super::{DayRangeFields, ShiftTabs, hours};
use crate::access::Screen;
use crate::api;
use crate::clock::{self, DayWords};
use crate::components::field::FieldErrors;
use crate::components::form::{Outcome, OutcomeLine, load, refused};
use crate::i18n::texts;

/// The handling time the plan assumes until the API measures it: a minute a call.
const ASSUMED_HANDLING_SECONDS: &str = "60";

/// Calls in each hour of each weekday, Monday first, as the planner takes them.
type WeekHours = [[f64; 24]; 7];

/// The goal chosen: one of the standards, or a share and a time of one's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Goal {
    Nfpa,
    Nena,
    Custom,
}

impl Goal {
    const ALL: [Goal; 3] = [Goal::Nfpa, Goal::Nena, Goal::Custom];

    fn value(self) -> &'static str {
        match self {
            Goal::Nfpa => "nfpa",
            Goal::Nena => "nena",
            Goal::Custom => "custom",
        }
    }
}

/// Every input of the planner, as typed.
#[derive(Clone, Copy)]
struct Inputs {
    handling: RwSignal<String>,
    goal: RwSignal<Goal>,
    share: RwSignal<String>,
    within: RwSignal<String>,
    shrinkage: RwSignal<String>,
    occupancy: RwSignal<String>,
    hours_per_week: RwSignal<String>,
    calls_per_year: RwSignal<String>,
}

// What each input may be: its range, and whether it may be left empty.

/// Any handling time measured reads, however short (a form sent within a second counts too).
const HANDLING: Range = Range { min: 0.0, max: 3600.0, optional: false };
const SHARE: Range = Range { min: 1.0, max: 99.9, optional: false };
const WITHIN: Range = Range { min: 0.0, max: 600.0, optional: false };
const SHRINKAGE: Range = Range { min: 0.0, max: 90.0, optional: false };
const OCCUPANCY: Range = Range { min: 10.0, max: 100.0, optional: false };
const HOURS_PER_WEEK: Range = Range { min: 1.0, max: 168.0, optional: false };
/// Up to 50 million a year: well past the busiest 112 centers, and still planned in a blink.
const CALLS_PER_YEAR: Range = Range { min: 1.0, max: 50_000_000.0, optional: true };

#[derive(Clone, Copy)]
struct Range {
    min: f64,
    max: f64,
    optional: bool,
}

impl Range {
    /// The number typed, if it reads and is in range; `Some(None)` for an optional input left empty.
    fn read(self, text: &str) -> Option<Option<f64>> {
        if text.trim().is_empty() {
            return self.optional.then_some(None);
        }
        let number = if self.optional { whole_number(text) } else { decimal(text) }?;
        (self.min..=self.max).contains(&number).then_some(Some(number))
    }

    fn required(self, text: &str) -> Option<f64> {
        self.read(text).flatten()
    }
}

impl Inputs {
    fn new() -> Self {
        let text = |value: &str| RwSignal::new(value.to_owned());
        Self {
            handling: text(""),
            goal: RwSignal::new(Goal::Nfpa),
            share: text("90"),
            within: text("10"),
            shrinkage: text("30"),
            occupancy: text("85"),
            hours_per_week: text("40"),
            calls_per_year: text(""),
        }
    }

    /// The planner's question for the calls measured, or None while an input does not read.
    fn plan_input(self, calls: WeekHours) -> Option<PlanInput> {
        let goal = match self.goal.get() {
            Goal::Nfpa => ServiceGoal::NFPA,
            Goal::Nena => ServiceGoal::NENA,
            Goal::Custom => ServiceGoal {
                share: SHARE.required(&self.share.read())? / 100.0,
                within_seconds: WITHIN.required(&self.within.read())?,
            },
        };
        let input = PlanInput {
            goal,
            shrinkage: SHRINKAGE.required(&self.shrinkage.read())? / 100.0,
            max_occupancy: OCCUPANCY.required(&self.occupancy.read())? / 100.0,
            hours_per_week: HOURS_PER_WEEK.required(&self.hours_per_week.read())?,
            ..PlanInput::with_defaults(calls, HANDLING.required(&self.handling.read())?)
        };
        Some(match CALLS_PER_YEAR.read(&self.calls_per_year.read())? {
            Some(calls_per_year) => input.scaled_to_year(calls_per_year),
            None => input,
        })
    }
}

#[component]
pub fn PlannerPage() -> impl IntoView {
    let t = texts();
    let s = t.shifts();
    let (from, to) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let demand = RwSignal::new(None::<StaffingDemand>);
    let roster = RwSignal::new(None::<RosterView>);
    let inputs = Inputs::new();
    let range_errors = FieldErrors::new();
    let loading: Outcome = RwSignal::new(Some(Ok(t.loading.to_owned())));
    let roster_failed: Outcome = RwSignal::new(None);

    // This month's roster: the pattern the plan is cut by, and the cover beside the need.
    load(async move {
        match api::roster(None).await {
            Ok(answer) => {
                roster.try_set(Some(answer));
            }
            Err(error) => {
                roster_failed.try_set(Some(Err(t.api_error(&error))));
            }
        }
    });
    // The handling time the page filled in last: replaced by the next range's, unless the user changed it.
    let filled = StoredValue::new(String::new());
    // The calls of the range typed (the API's four weeks while it is empty), asked again when it changes.
    Effect::new(move |_| {
        let day = |text: String| Day::parse(&text).ok();
        let (from, to) = (day(from.get()), day(to.get()));
        loading.set(Some(Ok(t.loading.to_owned())));
        load(async move {
            match api::staffing_demand(from, to).await {
                Ok(answer) => {
                    // The range's handling time measured, else assumed, unless the user typed another.
                    if inputs.handling.with_untracked(|typed| *typed == filled.get_value()) {
                        let measured = answer.handling_seconds.map(|seconds| one_decimal(seconds, Lang::En));
                        let handling = measured.unwrap_or_else(|| ASSUMED_HANDLING_SECONDS.to_owned());
                        filled.set_value(handling.clone());
                        inputs.handling.try_set(handling);
                    }
                    range_errors.set(Vec::new());
                    demand.try_set(Some(answer));
                    loading.try_set(None);
                }
                Err(error) => refused(range_errors, loading, &error, |e| t.api_error(e)),
            }
        });
    });

    // The plan, worked out again whenever an input, the calls or the roster's pattern changes.
    let plan = Memo::new(move |_| {
        let input = demand.with(|d| d.as_ref().map(|d| week_hours(&d.calls))).and_then(|c| inputs.plan_input(c))?;
        roster.with(|r| r.as_ref().map(|r| staffing::plan(&input, &r.pattern)))
    });
    // The weekday the chart shows: the one chosen, else the busiest measured.
    let chosen = RwSignal::new(None::<usize>);
    let weekday = Signal::derive(move || {
        chosen.get().unwrap_or_else(|| demand.with(|d| d.as_ref().map_or(0, |d| busiest(&week_hours(&d.calls)))))
    });

    let goals = Goal::ALL
        .into_iter()
        .map(|goal| {
            let words = match goal {
                Goal::Nfpa => s.goal_nfpa,
                Goal::Nena => s.goal_nena,
                Goal::Custom => s.goal_custom,
            };
            view! { <option value=goal.value() prop:selected=move || inputs.goal.get() == goal>{words}</option> }
        })
        .collect_view();
    let on_goal = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        inputs.goal.set(Goal::ALL.into_iter().find(|goal| goal.value() == value).unwrap_or(Goal::Nfpa));
    };
    let handling_note = move || {
        demand.with(|d| match d.as_ref().and_then(|d| d.handling_seconds) {
            Some(seconds) => format!("{} {} {}", s.handling_measured, one_decimal(seconds, t.lang), s.seconds),
            None => s.handling_assumed.to_owned(),
        })
    };
    let measured = move || {
        demand.with(|d| {
            d.as_ref().map(|d| {
                // Weekdays the range does not hold count as days without calls: say so.
                let short = d.to.days_since(d.from) < 6;
                view! {
                    <p class="planner-measured" data-testid="measured" data-calls=d.total_calls>
                        {s.measured}": " <strong>{d.total_calls}</strong> " " {s.calls} " · " {d.from.to_string()} " – "
                        {d.to.to_string()}
                        {short.then(|| view! { <span class="hint">{s.short_range}</span> })}
                    </p>
                }
            })
        })
    };
    let weekday_names: Vec<(String, String)> = (0..7)
        .map(|weekday| {
            let day = a_day_of(weekday);
            let name = |words| day.map(|day| clock::day_words(day, t.lang, words)).unwrap_or_default();
            (name(DayWords::Weekday), name(DayWords::ShortWeekday))
        })
        .collect();
    let weekday_options = weekday_names
        .iter()
        .enumerate()
        .map(|(i, (name, _))| {
            view! { <option value=i.to_string() prop:selected=move || weekday.get() == i>{name.clone()}</option> }
        })
        .collect_view();
    let names = weekday_names;
    // Calls and roster are in, yet no plan: an input does not read.
    let invalid = move || {
        let waiting = demand.with(Option::is_none) || roster.with(Option::is_none);
        (!waiting && plan.with(Option::is_none))
            .then(|| view! { <p class="notice failed" data-testid="planner-invalid">{s.check_inputs}</p> })
    };
    let result = move || {
        plan.get().map(|plan| {
            let day = weekday.get();
            // The roster's people each hour of that weekday, on average over the month.
            let cover = roster.with(|r| r.as_ref().map_or([0.0; 24], |r| r.roster.hourly_cover(&r.pattern)[day]));
            let weekdays = names.iter().map(|n| n.1.clone()).collect();
            view! {
                <StaffingChart hours=plan.hours[day] cover weekday=names[day].0.clone() />
                <PlanTables plan weekdays />
            }
        })
    };

    view! {
        <section class="panel shifts planner" aria-labelledby="planner-title">
            <ShiftTabs current=Screen::Planner />
            <h1 id="planner-title">{s.planner_title}</h1>
            <p class="hint">{s.planner_hint}</p>
            <form class="planner-inputs" on:submit=|ev| ev.prevent_default() novalidate>
                <DayRangeFields prefix="planner" from to errors=range_errors />
                {measured}
                <NumberInput id="planner-handling" label=s.handling_seconds value=inputs.handling range=HANDLING>
                    <p class="hint" data-testid="handling-note">{handling_note}</p>
                </NumberInput>
                <div class="field">
                    <label for="planner-goal">{s.goal}</label>
                    <select id="planner-goal" on:change=on_goal>{goals}</select>
                </div>
                <Show when=move || inputs.goal.get() == Goal::Custom>
                    <div class="pair">
                        <NumberInput id="planner-share" label=s.goal_share value=inputs.share range=SHARE />
                        <NumberInput id="planner-within" label=s.goal_seconds value=inputs.within range=WITHIN />
                    </div>
                </Show>
                <NumberInput id="planner-shrinkage" label=s.shrinkage value=inputs.shrinkage range=SHRINKAGE />
                <NumberInput id="planner-occupancy" label=s.max_occupancy value=inputs.occupancy range=OCCUPANCY />
                <NumberInput id="planner-hours" label=s.hours_per_week value=inputs.hours_per_week range=HOURS_PER_WEEK />
                <NumberInput id="planner-calls-per-year" label=s.calls_per_year value=inputs.calls_per_year range=CALLS_PER_YEAR>
                    <p class="hint">{s.calls_per_year_hint}</p>
                </NumberInput>
            </form>
            <OutcomeLine outcome=loading testid="planner-loading" />
            <OutcomeLine outcome=roster_failed testid="planner-roster-failed" />
            <div class="planner-result">
                <div class="field">
                    <label for="planner-weekday">{s.weekday}</label>
                    <select id="planner-weekday" on:change=move |ev| chosen.set(event_target_value(&ev).parse().ok().filter(|day| *day < 7))>
                        {weekday_options}
                    </select>
                </div>
                {invalid}
                {result}
            </div>
        </section>
    }
}

/// A number input that says when what is typed does not read or is out of its range.
#[component]
fn NumberInput(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    range: Range,
    /// What the number means or where it came from, beneath it.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let invalid = move || value.with(|text| range.read(text).is_none()).then_some("true");
    view! {
        <div class="field" class:has-error=move || invalid().is_some()>
            <label for=id>{label}</label>
            <input
                id=id
                type="text"
                inputmode="decimal"
                autocomplete="off"
                prop:value=value
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=invalid
            />
            {children.map(|hint| hint())}
        </div>
    }
}

/// Each shift's hours and those scheduled for it on each weekday, and what that comes to in a week.
#[component]
fn PlanTables(plan: Plan, weekdays: Vec<String>) -> impl IntoView {
    let t = texts();
    let s = t.shifts();
    let heads = weekdays.into_iter().map(|name| view! { <th scope="col">{name}</th> }).collect_view();
    let rows = plan
        .shifts
        .iter()
        .map(|shift| {
            let days = shift.scheduled.iter().map(|n| view! { <td>{*n}</td> }).collect_view();
            view! {
                <tr data-testid="plan-shift" data-index=shift.index data-peak=shift.peak()>
                    <th scope="row">{hours(shift.starts, shift.ends)}</th>
                    <td>{shift.hours as u32}</td>
                    {days}
                    <td><strong>{shift.peak()}</strong></td>
                </tr>
            }
        })
        .collect_view();
    let operator_hours = plan.shift_hours_a_week.round() as i64;
    view! {
        <h2>{s.by_shift_title}</h2>
        <div class="table-scroll">
            <table class="plan-table" data-testid="plan-shifts">
                <thead>
                    <tr>
                        <th scope="col">{s.shift}</th>
                        <th scope="col">{s.column_hours}</th>
                        {heads}
                        <th scope="col">{s.column_peak}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <dl class="plan-totals">
            <div>
                <dt>{s.operator_hours}</dt>
                <dd data-testid="operator-hours">{operator_hours}</dd>
            </div>
            <div>
                <dt>{s.headcount}</dt>
                <dd data-testid="headcount">{plan.headcount}</dd>
            </div>
        </dl>
        <p class="hint">{s.headcount_hint}</p>
    }
}

/// The API's 7 × 24 averages as the planner takes them (an hour missing from the answer: no calls).
fn week_hours(calls: &[Vec<f64>]) -> WeekHours {
    let mut week = [[0.0; 24]; 7];
    for (day, hours) in week.iter_mut().zip(calls) {
        for (slot, calls) in day.iter_mut().zip(hours) {
            *slot = if calls.is_finite() { calls.max(0.0) } else { 0.0 };
        }
    }
    week
}

/// The weekday with the most calls (Monday on a tie, or with none).
fn busiest(calls: &WeekHours) -> usize {
    let total = |day: &[f64; 24]| day.iter().sum::<f64>();
    (0..7).fold(0, |best, day| if total(&calls[day]) > total(&calls[best]) { day } else { best })
}

/// A day of `weekday` (0 Monday), for the browser to name.
fn a_day_of(weekday: usize) -> Option<Day> {
    // 1 January 2024 was a Monday.
    Day::parse("2024-01-01").ok().map(|monday| monday.plus_days(weekday as i64 % 7))
}

/// A decimal as typed: digits with at most one point or comma ("45", "0,5", "12.5").
fn decimal(text: &str) -> Option<f64> {
    let text = text.trim();
    let (whole, fraction) = text.split_once(['.', ',']).unwrap_or((text, ""));
    let digits = |part: &str| part.len() <= 12 && part.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits(whole) || !digits(fraction) {
        return None;
    }
    // By hand, from whole numbers: the float parser of `str::parse` would grow the wasm.
    let number = |part: &str| if part.is_empty() { Some(0) } else { part.parse::<u64>().ok() };
    let scale = 10u64.pow(fraction.len() as u32);
    Some(number(whole)? as f64 + number(fraction)? as f64 / scale as f64)
}

/// A whole number as typed, with or without thousands separators ("1700000", "1.700.000", "1 700 000").
fn whole_number(text: &str) -> Option<f64> {
    let digits: String = text.chars().filter(|c| !matches!(c, '.' | ',' | ' ' | '\u{a0}' | '_')).collect();
    if digits.is_empty() || digits.len() > 12 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<u64>().ok().map(|n| n as f64)
}

/// One decimal place, with the language's decimal sign ("4,5" / "4.5"): written from whole numbers,
/// as float formatting would grow the wasm.
pub(super) fn one_decimal(value: f64, lang: Lang) -> String {
    let tenths = (value * 10.0).round() as i64;
    let point = if lang == Lang::Id { ',' } else { '.' };
    let sign = if tenths < 0 { "-" } else { "" };
    match tenths.abs() % 10 {
        0 => format!("{sign}{}", tenths.abs() / 10),
        rest => format!("{sign}{}{point}{rest}", tenths.abs() / 10),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_typed_in_either_language() {
        assert_eq!(decimal("45"), Some(45.0));
        assert_eq!(decimal(" 12,5 "), Some(12.5));
        assert_eq!(decimal("0.25"), Some(0.25));
        assert_eq!(decimal(".5"), Some(0.5));
        for bad in ["", ".", "1.2.3", "-4", "1e3", "abc", "4 5"] {
            assert_eq!(decimal(bad), None, "{bad}");
        }
        assert_eq!(whole_number("1.700.000"), Some(1_700_000.0));
        assert_eq!(whole_number("1 700 000"), Some(1_700_000.0));
        assert_eq!(whole_number("1,7 juta"), None);
    }

    #[test]
    fn inputs_out_of_range_or_empty_do_not_read_unless_optional() {
        assert_eq!(SHRINKAGE.required("30"), Some(30.0));
        assert_eq!(SHRINKAGE.read("95"), None);
        assert_eq!(HANDLING.read(""), None);
        assert_eq!(HANDLING.read("0,4"), Some(Some(0.4)));
        assert_eq!(CALLS_PER_YEAR.read(""), Some(None));
        assert_eq!(CALLS_PER_YEAR.read("1700000"), Some(Some(1_700_000.0)));
        // A share of 100 % is never reached: Erlang C always leaves some calls waiting.
        assert_eq!(SHARE.read("100"), None);
    }

    #[test]
    fn figures_are_written_with_one_decimal_in_the_user_s_language() {
        assert_eq!(one_decimal(4.46, Lang::Id), "4,5");
        assert_eq!(one_decimal(4.46, Lang::En), "4.5");
        assert_eq!(one_decimal(2.0, Lang::Id), "2");
        assert_eq!(one_decimal(0.04, Lang::En), "0");
    }

    #[test]
    fn the_busiest_weekday_is_the_one_with_most_calls() {
        let mut calls = [[0.0; 24]; 7];
        assert_eq!(busiest(&calls), 0);
        calls[3][10] = 2.0;
        calls[5][1] = 1.5;
        assert_eq!(busiest(&calls), 3);
        assert_eq!(week_hours(&[vec![1.0, f64::NAN], vec![2.0; 30]])[1][23], 2.0);
    }
}
