//! The agency scorecard: one row per agency, in the API's order (least often on time first) until a
//! column's heading is chosen; an agency under the line on any clock stands out.

use leptos::prelude::*;
use tanggap_domain::dto::{AgencyRow, ClockFigures};

use crate::i18n::{Texts, texts};

/// Below this share of steps on time, a row stands out.
const ON_TIME_LINE: f64 = 0.8;

/// What the table is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sort {
    /// The API's: least often on time first.
    Worst,
    Agency,
    Assignments,
    Acknowledgement,
    Arrival,
    Completion,
    Declined,
    Backlog,
}

impl Sort {
    /// Orders two rows, each column the way that puts the worst first (slowest, most declined …).
    fn compare(self, a: &AgencyRow, b: &AgencyRow) -> std::cmp::Ordering {
        let share = |c: &ClockFigures| c.share_met.unwrap_or(2.0);
        match self {
            Self::Worst => std::cmp::Ordering::Equal,
            Self::Agency => a.agency.cmp(&b.agency),
            Self::Assignments => b.assignments.cmp(&a.assignments),
            Self::Acknowledgement => share(&a.acknowledgement).total_cmp(&share(&b.acknowledgement)),
            Self::Arrival => share(&a.arrival).total_cmp(&share(&b.arrival)),
            Self::Completion => share(&a.completion).total_cmp(&share(&b.completion)),
            Self::Declined => b.declined.cmp(&a.declined),
            Self::Backlog => b.backlog.cmp(&a.backlog),
        }
    }
}

#[component]
pub fn Scorecard(rows: Vec<AgencyRow>) -> impl IntoView {
    let t = texts();
    let d = t.dashboard();
    let sort = RwSignal::new(Sort::Worst);
    let sorted = move || {
        let by = sort.get();
        let mut rows = rows.clone();
        // Stable: ties keep the API's order.
        rows.sort_by(|a, b| by.compare(a, b));
        rows.into_iter().map(|row| view! { <ScoreRow row /> }).collect_view()
    };
    let heading = move |by: Sort, label: &'static str| {
        let pressed = move || (sort.get() == by).to_string();
        view! {
            <th scope="col">
                <button type="button" class="sort" data-sort=format!("{by:?}").to_lowercase() aria-pressed=pressed on:click=move |_| sort.set(by)>
                    {label}
                </button>
            </th>
        }
    };

    view! {
        <section class="scorecard" aria-labelledby="scorecard-title">
            <h2 id="scorecard-title">{d.scorecard_title}</h2>
            <p class="hint">{d.scorecard_hint}</p>
            <div class="table-scroll">
                <table class="data-table" data-testid="scorecard">
                    <thead>
                        <tr>
                            {heading(Sort::Agency, d.agency)}
                            {heading(Sort::Assignments, d.assignments)}
                            {heading(Sort::Acknowledgement, d.acknowledgement)}
                            {heading(Sort::Arrival, d.arrival)}
                            {heading(Sort::Completion, d.completion)}
                            {heading(Sort::Declined, d.declined)}
                            {heading(Sort::Backlog, d.backlog)}
                            <th scope="col">{d.delays}</th>
                        </tr>
                    </thead>
                    <tbody>{sorted}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn ScoreRow(row: AgencyRow) -> impl IntoView {
    let t = texts();
    let d = t.dashboard();
    let late = [&row.acknowledgement, &row.arrival, &row.completion]
        .iter()
        .any(|c| c.share_met.is_some_and(|share| share < ON_TIME_LINE));
    let delays = row
        .delays
        .iter()
        .map(|delay| format!("{} {}", delay.of.label(t.lang), delay.count))
        .collect::<Vec<_>>()
        .join(", ");
    let oldest = row.oldest_open.as_ref().map(|open| {
        let since = crate::clock::local_date_time(open.since, t.lang);
        let href = format!("/kejadian/{}", open.incident);
        view! { <br /><a class="hint" href=href>{d.oldest_open}" "{since}</a> }
    });
    view! {
        <tr data-testid="scorecard-row" data-agency=row.agency.to_string() class:late=late>
            <th scope="row" data-label=d.agency>{row.agency.to_string()}</th>
            <td data-label=d.assignments data-testid="assignments">{row.assignments}</td>
            <td data-label=d.acknowledgement data-testid="acknowledgement">{clock(t, &row.acknowledgement)}</td>
            <td data-label=d.arrival data-testid="arrival">{clock(t, &row.arrival)}</td>
            <td data-label=d.completion data-testid="completion">{clock(t, &row.completion)}</td>
            <td data-label=d.declined data-testid="declined">{row.declined}</td>
            <td data-label=d.backlog data-testid="backlog">{row.backlog}{oldest}</td>
            <td data-label=d.delays data-testid="delays">{delays}</td>
        </tr>
    }
}

/// One clock in a cell: median and 90th percentile, and the share on time where there was a target.
fn clock(t: &'static Texts, figures: &ClockFigures) -> String {
    let d = t.dashboard();
    let Some(median) = figures.median_seconds else { return t.nothing.to_owned() };
    let mut text = format!("{} {}", d.median, t.took(median));
    if let Some(p90) = figures.p90_seconds {
        text.push_str(&format!(" · {} {}", d.p90, t.took(p90)));
    }
    if let Some(share) = figures.share_met {
        text.push_str(&format!(" · {:.0}% {}", share * 100.0, d.on_time));
    }
    text
}
