//! The planner's chart: for each hour of one weekday, the operators to schedule (bars) beside those
//! the month's roster provides (outlines). SVG drawn by hand like the dashboard's charts: a `viewBox`
//! that scales to a 360 px phone, colours by class (`series-N`), a `<title>` on every mark. The
//! coordinates are whole numbers: formatting floats would grow the wasm.

use leptos::prelude::*;
use tanggap_domain::staffing::HourPlan;

use super::planner::one_decimal;
use crate::i18n::texts;

/// The drawing's width, in its own units.
const WIDTH: i32 = 320;
/// Room for the operators' scale on the left.
const LEFT: i32 = 20;
/// Each hour's width.
const SLOT: i32 = 12;
const TOP: i32 = 8;
const PLOT: i32 = 120;

#[component]
pub fn StaffingChart(hours: [HourPlan; 24], cover: [f64; 24], weekday: String) -> impl IntoView {
    let t = texts();
    let s = t.shifts();
    let most_cover = cover.iter().copied().fold(0.0, f64::max).ceil() as u32;
    let most = hours.iter().map(|h| h.scheduled).max().unwrap_or(0).max(most_cover).max(1);
    // The height of `value` operators: a unit at least, so that no hour with anyone looks empty.
    let height = move |value: f64| {
        if value > 0.0 { ((value * f64::from(PLOT) / f64::from(most)).round() as i32).max(1) } else { 0 }
    };
    let marks = hours
        .iter()
        .zip(cover)
        .enumerate()
        .map(|(hour, (plan, cover))| {
            let x = LEFT + hour as i32 * SLOT;
            let needed = height(f64::from(plan.scheduled));
            let covered = height(cover);
            let when = format!("{weekday} {hour:02}:00–{:02}:00", hour + 1);
            let need_title = format!(
                "{when} · {}: {} ({} {}) · {} {}",
                s.needed,
                plan.scheduled,
                plan.agents,
                s.at_phones,
                one_decimal(plan.calls, t.lang),
                s.calls_an_hour
            );
            let cover_title = format!("{when} · {}: {}", s.rostered, one_decimal(cover, t.lang));
            view! {
                <g data-testid="planner-hour" data-hour=hour data-scheduled=plan.scheduled>
                    <rect x=x + 2 y=TOP + PLOT - needed width=SLOT - 4 height=needed class="series-0">
                        <title>{need_title}</title>
                    </rect>
                    {(covered > 0).then(|| view! {
                        <rect x=x y=TOP + PLOT - covered width=SLOT height=covered class="cover series-1">
                            <title>{cover_title}</title>
                        </rect>
                    })}
                </g>
            }
        })
        .collect_view();
    let hour_labels = [0, 6, 12, 18, 24]
        .into_iter()
        .map(|hour| {
            let x = LEFT + hour * SLOT;
            let class = if hour == 24 { "chart-label end" } else { "chart-label" };
            view! { <text x=x y=TOP + PLOT + 12 class=class>{format!("{hour:02}")}</text> }
        })
        .collect_view();
    let title = format!("{} · {weekday}", s.chart_title);
    view! {
        <figure class="chart planner-chart" data-testid="planner-chart">
            <figcaption>{title.clone()}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {}", TOP + PLOT + 16) role="img" aria-label=title>
                <line x1=LEFT y1=TOP x2=LEFT + 24 * SLOT y2=TOP class="grid" />
                <line x1=LEFT y1=TOP + PLOT x2=LEFT + 24 * SLOT y2=TOP + PLOT class="grid" />
                <text x=LEFT - 4 y=TOP + 4 class="chart-label end">{most}</text>
                <text x=LEFT - 4 y=TOP + PLOT class="chart-label end">"0"</text>
                {marks}
                {hour_labels}
            </svg>
            <ul class="legend">
                <li><span class="swatch series-0"></span>{s.needed}</li>
                <li><span class="swatch outline series-1"></span>{s.rostered}</li>
            </ul>
        </figure>
    }
}
