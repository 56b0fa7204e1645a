//! The dashboard's charts, drawn as SVG from the API's figures: no chart library, nothing fetched.
//! Each scales to its box (`viewBox`), so it reads on a 360 px phone as on a desk screen; colours
//! come from the stylesheet by class (`series-0` …), and every mark has a `<title>` with its figure.

use leptos::prelude::*;
use tanggap_domain::Day;
use tanggap_domain::dashboard::CallOutcome;
use tanggap_domain::dashboard::Period;
use tanggap_domain::dto::{AgencyPeriod, Compared, Funnel, PeriodCalls};

use crate::i18n::texts;

/// Width of every chart's drawing, in its own units.
const WIDTH: f64 = 320.0;
/// Series colours in the stylesheet (`.series-0` … `.series-7`).
const SERIES: usize = 8;

fn series(i: usize) -> String {
    format!("series-{}", i % SERIES)
}

/// From calls to resolved, each stage as a bar as long as its share of the calls.
#[component]
pub fn FunnelChart(funnel: Funnel) -> impl IntoView {
    let d = texts().dashboard();
    let stages = [
        (d.calls, funnel.calls.count),
        (d.incidents, funnel.incidents.count),
        (d.verified, funnel.verified.count),
        (d.dispatched, funnel.dispatched.count),
        (d.resolved, funnel.resolved.count),
        (d.closed_false, funnel.closed_false.count),
    ];
    let most = stages[0].1.max(1) as f64;
    let row = 26.0;
    let height = row * stages.len() as f64;
    let bars = stages
        .into_iter()
        .enumerate()
        .map(|(i, (label, count))| {
            let y = i as f64 * row;
            let width = (count as f64 / most * (WIDTH - 120.0)).max(1.0);
            view! {
                <g data-testid="funnel-stage">
                    <text x="0" y=y + 17.0 class="chart-label">{label}</text>
                    <rect x="110" y=y + 4.0 width=width height=row - 8.0 class=series(i)>
                        <title>{format!("{label}: {count}")}</title>
                    </rect>
                    <text x=114.0 + width y=y + 17.0 class="chart-value">{count}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="chart" data-testid="chart-funnel">
            <figcaption>{d.funnel_title}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-label=d.funnel_title>{bars}</svg>
        </figure>
    }
}

/// How a period of a chart over time is named: its day, or its month (`2026-11`).
fn period_label(from: Day, period: Period) -> String {
    let day = from.to_string();
    match period {
        Period::Day => day,
        Period::Month => day.get(..7).unwrap_or(&day).to_owned(),
    }
}

/// Calls per day (or per month, for a long range), stacked by outcome in the legend's order, with the
/// legend beneath.
#[component]
pub fn CallsOverTime(days: Vec<PeriodCalls>, period: Period, legend: Vec<(CallOutcome, String)>) -> impl IntoView {
    let d = texts().dashboard();
    let title = match period {
        Period::Day => d.calls_per_day_title,
        Period::Month => d.calls_per_month_title,
    };
    let height = 140.0;
    let total = |day: &PeriodCalls| day.outcomes.iter().map(|o| o.count).sum::<i64>();
    let most = days.iter().map(total).max().unwrap_or(0).max(1) as f64;
    let slot = WIDTH / days.len().max(1) as f64;
    let gap = if slot > 4.0 { 1.0 } else { 0.0 };
    let bars = days
        .iter()
        .enumerate()
        .map(|(i, day)| {
            let mut top = height;
            let x = i as f64 * slot;
            let parts = legend
                .iter()
                .enumerate()
                .filter_map(|(s, (outcome, name))| {
                    let count = day.outcomes.iter().find(|o| &o.of == outcome)?.count;
                    let h = count as f64 / most * (height - 4.0);
                    top -= h;
                    Some(view! {
                        <rect x=x y=top width=(slot - gap).max(0.5) height=h class=series(s)>
                            <title>{format!("{} · {name}: {count}", period_label(day.from, period))}</title>
                        </rect>
                    })
                })
                .collect_view();
            view! { <g data-testid="period-bar" data-from=day.from.to_string() data-calls=total(day)>{parts}</g> }
        })
        .collect_view();
    let first = days.first().map(|d| period_label(d.from, period)).unwrap_or_default();
    let last = days.last().map(|d| period_label(d.from, period)).unwrap_or_default();
    let keys = legend
        .iter()
        .enumerate()
        .map(|(s, (_, name))| view! { <li><span class=format!("swatch {}", series(s))></span>{name.clone()}</li> })
        .collect_view();
    view! {
        <figure class="chart" data-testid="chart-calls-per-day">
            <figcaption>{title}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {}", height + 14.0) role="img" aria-label=title>
                {bars}
                <text x="0" y=height + 12.0 class="chart-label">{first}</text>
                <text x=WIDTH y=height + 12.0 class="chart-label end">{last}</text>
            </svg>
            <ul class="legend">{keys}</ul>
        </figure>
    }
}

/// Calls by weekday (rows, Monday first) and hour (columns), darker for more: when staff is needed.
#[component]
pub fn Heatmap(heatmap: Vec<Vec<i64>>) -> impl IntoView {
    let d = texts().dashboard();
    let most = heatmap.iter().flatten().copied().max().unwrap_or(0).max(1) as f64;
    let (left, top, cell) = (32.0, 12.0, (WIDTH - 32.0) / 24.0);
    let rows = heatmap
        .iter()
        .enumerate()
        .map(|(w, hours)| {
            let y = top + w as f64 * cell;
            let cells = hours
                .iter()
                .enumerate()
                .map(|(h, count)| {
                    let opacity = if *count == 0 { 0.06 } else { 0.2 + 0.8 * *count as f64 / most };
                    view! {
                        <rect x=left + h as f64 * cell y=y width=cell - 1.0 height=cell - 1.0 class="heat" fill-opacity=format!("{opacity:.2}")>
                            <title>{format!("{} {h:02}:00 · {count}", d.weekdays[w % 7])}</title>
                        </rect>
                    }
                })
                .collect_view();
            view! {
                <g data-testid="heatmap-row">
                    <text x="0" y=y + cell - 3.0 class="chart-label">{d.weekdays[w % 7]}</text>
                    {cells}
                </g>
            }
        })
        .collect_view();
    let hours = [0, 6, 12, 18]
        .into_iter()
        .map(|h| view! { <text x=left + f64::from(h) * cell y="9" class="chart-label">{format!("{h:02}")}</text> })
        .collect_view();
    let height = top + 7.0 * cell;
    view! {
        <figure class="chart" data-testid="chart-heatmap">
            <figcaption>{d.heatmap_title}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-label=d.heatmap_title>{hours}{rows}</svg>
        </figure>
    }
}

/// Each agency's share of steps on time, day by day or month by month (0 to 100%), one line per agency.
#[component]
pub fn SlaOverTime(days: Vec<AgencyPeriod>, period: Period) -> impl IntoView {
    let d = texts().dashboard();
    let height = 120.0;
    let mut agencies: Vec<_> = days.iter().map(|a| a.agency.clone()).collect();
    agencies.sort();
    agencies.dedup();
    let mut all_days: Vec<_> = days.iter().map(|a| a.from).collect();
    all_days.sort();
    all_days.dedup();
    // One day is drawn in the middle; more are spread over the whole width.
    let step = WIDTH / all_days.len().max(2).saturating_sub(1) as f64;
    let x_of = |day| match all_days.len() {
        1 => WIDTH / 2.0,
        _ => all_days.iter().position(|d| *d == day).unwrap_or(0) as f64 * step,
    };
    let lines = agencies
        .iter()
        .enumerate()
        .map(|(s, agency)| {
            let points: Vec<(f64, f64, String)> = days
                .iter()
                .filter(|a| &a.agency == agency && a.met + a.missed > 0)
                .map(|a| {
                    let share = a.met as f64 / (a.met + a.missed) as f64;
                    let label = period_label(a.from, period);
                    (x_of(a.from), height - share * height, format!("{agency} {label}: {:.0}%", share * 100.0))
                })
                .collect();
            let path = points.iter().map(|(x, y, _)| format!("{x:.1},{y:.1}")).collect::<Vec<_>>().join(" ");
            let dots = points
                .into_iter()
                .map(
                    |(x, y, title)| view! { <circle cx=x cy=y r="2.5" class=series(s)><title>{title}</title></circle> },
                )
                .collect_view();
            view! {
                <g data-testid="sla-line" data-agency=agency.to_string()>
                    <polyline points=path class=format!("line {}", series(s)) />
                    {dots}
                </g>
            }
        })
        .collect_view();
    let keys = agencies
        .iter()
        .enumerate()
        .map(|(s, agency)| view! { <li><span class=format!("swatch {}", series(s))></span>{agency.to_string()}</li> })
        .collect_view();
    view! {
        <figure class="chart" data-testid="chart-sla">
            <figcaption>{d.sla_title}</figcaption>
            <svg viewBox=format!("-4 -4 {} {}", WIDTH + 8.0, height + 8.0) role="img" aria-label=d.sla_title>
                <line x1="0" y1="0" x2=WIDTH y2="0" class="grid" />
                <line x1="0" y1=height / 2.0 x2=WIDTH y2=height / 2.0 class="grid" />
                <line x1="0" y1=height x2=WIDTH y2=height class="grid" />
                {lines}
            </svg>
            <ul class="legend">{keys}</ul>
        </figure>
    }
}

/// A ranked list with bars (calls by outcome, incidents by category, by district …): each row's
/// count, beside the previous period's where it is kept.
#[component]
pub fn Ranked(
    title: &'static str,
    testid: &'static str,
    rows: Vec<(String, Compared)>,
    previous: bool,
) -> impl IntoView {
    let d = texts().dashboard();
    let most = rows.iter().map(|(_, c)| c.count).max().unwrap_or(0).max(1) as f64;
    let items = rows
        .into_iter()
        .map(|(name, count)| {
            let width = format!("width: {:.1}%", count.count as f64 / most * 100.0);
            view! {
                <li data-testid="ranked-row">
                    <span class="ranked-name">{name}</span>
                    <span class="ranked-bar"><span class="series-0" style=width></span></span>
                    <span class="ranked-count" data-testid="count">{count.count}</span>
                    {previous.then(|| view! { <span class="ranked-previous">{d.previous}" "{count.previous}</span> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <figure class="chart ranked" data-testid=testid>
            <figcaption>{title}</figcaption>
            <ol>{items}</ol>
        </figure>
    }
}
