//! `/dinas/operator`: what each operator and each shift of the pattern handled in a range of days
//! (the API's four weeks up to yesterday while none is typed): calls by how they ended, and the
//! handling time, the time to verification and to dispatch, each as median and 90th percentile. The
//! API counts a call for the operator who took it, in the hour it came in.

use leptos::prelude::*;
use tanggap_domain::Day;
use tanggap_domain::dto::{Durations, HandledFigures, OperatorFigures};

use super::{DayRangeFields, ShiftTabs, hours};
use crate::access::Screen;
use crate::api;
use crate::components::field::FieldErrors;
use crate::components::form::{Outcome, OutcomeLine, load, refused};
use crate::i18n::texts;
use crate::reference::{Reference, use_reference};

#[component]
pub fn OperatorFiguresPage() -> impl IntoView {
    let t = texts();
    let s = t.shifts();
    let (from, to) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let figures = RwSignal::new(None::<OperatorFigures>);
    let range_errors = FieldErrors::new();
    let loading: Outcome = RwSignal::new(None);
    // The figures of the range typed, asked again when it changes.
    Effect::new(move |_| {
        let day = |text: String| Day::parse(&text).ok();
        let (from, to) = (day(from.get()), day(to.get()));
        loading.set(Some(Ok(t.loading.to_owned())));
        load(async move {
            match api::operator_figures(from, to).await {
                Ok(answer) => {
                    range_errors.set(Vec::new());
                    figures.try_set(Some(answer));
                    loading.try_set(None);
                }
                Err(error) => refused(range_errors, loading, &error, |e| t.api_error(e)),
            }
        });
    });
    // Category names name the calls closed at intake: drawn once the reference data is in.
    let reference = use_reference();
    let tables = move || {
        let reference = reference.loaded()?;
        figures.get().map(|figures| figures_tables(&figures, &reference))
    };

    view! {
        <section class="panel shifts operator-figures" aria-labelledby="figures-title">
            <ShiftTabs current=Screen::OperatorFigures />
            <h1 id="figures-title">{s.figures_title}</h1>
            <p class="hint">{s.figures_hint}</p>
            <form class="range-form" on:submit=|ev| ev.prevent_default() novalidate>
                <DayRangeFields prefix="figures" from to errors=range_errors />
            </form>
            <OutcomeLine outcome=loading testid="figures-loading" />
            {tables}
        </section>
    }
}

/// The range measured, then a table of the operators (the busiest first) and one of the shifts, each
/// with the whole range's total beneath.
fn figures_tables(figures: &OperatorFigures, reference: &Reference) -> impl IntoView + use<> {
    let t = texts();
    let s = t.shifts();
    let range = figures.range;
    let operators: Vec<Row> = figures
        .operators
        .iter()
        .map(|operator| Row {
            name: operator.display_name.clone().unwrap_or_else(|| operator.username.to_string()),
            key: operator.username.to_string(),
            figures: operator.figures.clone(),
        })
        .collect();
    let shifts: Vec<Row> = figures
        .shifts
        .iter()
        .map(|shift| Row {
            name: hours(shift.starts, shift.ends),
            key: shift.index.to_string(),
            figures: shift.figures.clone(),
        })
        .collect();
    let empty = operators.is_empty().then(|| view! { <p class="notice" data-testid="figures-empty">{s.no_calls}</p> });
    view! {
        <p class="figures-range" data-testid="figures-measured" data-from=range.from.to_string() data-to=range.to.to_string()>
            {s.measured}": "<strong>{format!("{} – {}", range.from, range.to)}</strong>
        </p>
        {empty}
        <h2>{s.by_operator_title}</h2>
        {figures_table(s.column_operator, "operator-row", operators, &figures.total, reference)}
        <h2>{s.by_shift_title}</h2>
        {figures_table(s.shift, "shift-row", shifts, &figures.total, reference)}
    }
}

/// One row of a table: an operator or a shift.
struct Row {
    name: String,
    /// The operator's username or the shift's index (`data-key`).
    key: String,
    figures: HandledFigures,
}

fn figures_table(
    first_column: &'static str,
    testid: &'static str,
    rows: Vec<Row>,
    total: &HandledFigures,
    reference: &Reference,
) -> impl IntoView + use<> {
    let t = texts();
    let s = t.shifts();
    // "Penanganan (median · p90)": the header of a column of durations, and its cells' label on a phone.
    let timed = |column: &str| format!("{column} ({} · {})", t.median, t.p90);
    let labels = [
        first_column.to_owned(),
        s.column_calls.to_owned(),
        s.column_outcomes.to_owned(),
        timed(s.column_handling),
        timed(s.column_to_verify),
        timed(s.column_to_dispatch),
    ];
    let heads = labels.iter().map(|label| view! { <th scope="col">{label.clone()}</th> }).collect_view();
    let body = rows
        .into_iter()
        .map(|row| figures_row(row.name, Some(row.key), testid, &row.figures, &labels, reference))
        .collect_view();
    let total = figures_row(s.total.to_owned(), None, "figures-total", total, &labels, reference);
    view! {
        <table class="data-table figures-table" data-testid=format!("{testid}s")>
            <thead>
                <tr>{heads}</tr>
            </thead>
            <tbody>{body}</tbody>
            <tfoot>{total}</tfoot>
        </table>
    }
}

/// One operator's, one shift's or the total's figures; `labels` name the cells on a phone.
fn figures_row(
    name: String,
    key: Option<String>,
    testid: &'static str,
    figures: &HandledFigures,
    labels: &[String; 6],
    reference: &Reference,
) -> impl IntoView + use<> {
    let outcomes = figures
        .outcomes
        .iter()
        .map(|o| format!("{} {}", reference.outcome_label(&o.outcome), o.calls))
        .collect::<Vec<_>>()
        .join(" · ");
    let cells = [
        figures.calls.to_string(),
        if outcomes.is_empty() { texts().nothing.to_owned() } else { outcomes },
        durations(&figures.handling),
        durations(&figures.to_verify),
        durations(&figures.to_dispatch),
    ];
    let cells =
        cells.into_iter().zip(&labels[1..]).map(|(cell, label)| view! { <td data-label=label.clone()>{cell}</td> });
    view! {
        <tr data-testid=testid data-key=key data-calls=figures.calls>
            <th scope="row" data-label=labels[0].clone()>{name}</th>
            {cells.collect_view()}
        </tr>
    }
}

/// "1 mnt 05 dtk · 2 mnt 40 dtk": the median and the 90th percentile; a dash where nothing was timed.
/// Each duration is kept on one line.
fn durations(durations: &Durations) -> String {
    let t = texts();
    let took =
        |seconds: Option<i64>| seconds.map_or_else(|| t.nothing.to_owned(), |s| t.took(s).replace(' ', "\u{a0}"));
    match durations.median_seconds {
        None => t.nothing.to_owned(),
        Some(_) => format!("{} · {}", took(durations.median_seconds), took(durations.p90_seconds)),
    }
}
