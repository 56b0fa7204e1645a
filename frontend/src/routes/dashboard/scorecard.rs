//! The agency scorecard: one row per agency, in the API's order (least often on time first) until a
//! column's heading is chosen; an agency under the line on any clock stands out.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use tanggap_domain::Role;
use tanggap_domain::dto::{AgencyRow, ClockFigures, LateAssignment};

use crate::api;
use crate::i18n::{Texts, texts};
use crate::reference::Reference;
use crate::session;

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
    Rating,
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
            // The lowest average first; agencies nobody rated last.
            Self::Rating => a.average_rating.unwrap_or(6.0).total_cmp(&b.average_rating.unwrap_or(6.0)),
        }
    }
}

#[component]
pub fn Scorecard(rows: Vec<AgencyRow>, reference: Reference) -> impl IntoView {
    let t = texts();
    let d = t.dashboard();
    let sort = RwSignal::new(Sort::Worst);
    let sorted = move || {
        let by = sort.get();
        let mut rows = rows.clone();
        // Stable: ties keep the API's order.
        rows.sort_by(|a, b| by.compare(a, b));
        rows.into_iter().map(|row| view! { <ScoreRow row reference=reference.clone() /> }).collect_view()
    };
    let heading = move |by: Sort, label: &'static str| {
        let pressed = move || (sort.get() == by).to_string();
        view! {
            <th scope="col">
                <button type="button" class="sort" data-sort=format!("{by:?}").to_ascii_lowercase() aria-pressed=pressed on:click=move |_| sort.set(by)>
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
                            {heading(Sort::Rating, d.rating)}
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
fn ScoreRow(row: AgencyRow, reference: Reference) -> impl IntoView {
    let t = texts();
    let d = t.dashboard();
    let late = [&row.acknowledgement, &row.arrival, &row.completion]
        .iter()
        .any(|c| c.share_met.is_some_and(|share| share < ON_TIME_LINE));
    // An agency head opens only their own agency's late work (the API says the same).
    let may_open = untrack(session::user)
        .is_some_and(|user| user.role != Role::AgencyHead || user.agency.as_ref() == Some(&row.agency));
    let missed = row.acknowledgement.missed + row.arrival.missed + row.completion.missed;
    let open = RwSignal::new(false);
    let agency = row.agency.clone();
    let opener = (may_open && missed > 0).then(|| {
        view! {
            <br />
            <button type="button" class="quiet" data-testid="show-late" aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>
                {d.show_late}" ("{missed}")"
            </button>
        }
    });
    let detail = move || open.get().then(|| view! { <LateRow agency=agency.clone() reference=reference.clone() /> });
    let delays = row
        .delays
        .iter()
        .map(|delay| format!("{} {}", delay.of.label(t.lang), delay.count))
        .collect::<Vec<_>>()
        .join(", ");
    // "4.5 ★ (12)": the average of the stars, and how many rated.
    let rating = row.average_rating.map(|average| format!("{average:.1} ★ ({})", row.rated));
    let oldest = row.oldest_open.as_ref().map(|open| {
        let since = crate::clock::local_date_time(open.since, t.lang);
        let href = crate::access::incident_path(&open.incident);
        view! { <br /><a class="hint" href=href>{d.oldest_open}" "{since}</a> }
    });
    view! {
        <tr data-testid="scorecard-row" data-agency=row.agency.to_string() class:late=late>
            <th scope="row" data-label=d.agency>{row.agency.to_string()}{opener}</th>
            <td data-label=d.assignments data-testid="assignments">{row.assignments}</td>
            <td data-label=d.acknowledgement data-testid="acknowledgement">{clock(t, &row.acknowledgement)}</td>
            <td data-label=d.arrival data-testid="arrival">{clock(t, &row.arrival)}</td>
            <td data-label=d.completion data-testid="completion">{clock(t, &row.completion)}</td>
            <td data-label=d.declined data-testid="declined">{row.declined}</td>
            <td data-label=d.backlog data-testid="backlog">{row.backlog}{oldest}</td>
            <td data-label=d.rating data-testid="rating">{rating}</td>
            <td data-label=d.delays data-testid="delays">{delays}</td>
        </tr>
        {detail}
    }
}

/// Under an agency's row: its late assignments of the range, newest first, each with how late each
/// clock was and the reasons given, and a link to the incident.
#[component]
fn LateRow(agency: tanggap_domain::AgencyCode, reference: Reference) -> impl IntoView {
    let t = texts();
    let d = t.dashboard();
    let query = use_query_map();
    let late = LocalResource::new(move || {
        let mut params = query.get();
        params.remove("agency");
        params.insert("agency", agency.to_string());
        let search = params.to_query_string();
        async move { api::late_assignments(&search).await }
    });
    let content = move || {
        let reference = reference.clone();
        Suspend::new(async move {
            match late.await {
                Ok(answer) if answer.assignments.is_empty() => view! { <p class="hint">{d.late_none}</p> }.into_any(),
                Ok(answer) => {
                    let items = answer
                        .assignments
                        .into_iter()
                        .map(|a| view! { <LateItem late=a reference=reference.clone() /> })
                        .collect_view();
                    let truncated = answer.truncated.then(|| view! { <p class="hint">{d.late_truncated}</p> });
                    view! { <ul class="late-list">{items}</ul>{truncated} }.into_any()
                }
                Err(error) => view! { <p class="notice failed" role="alert">{t.api_error(&error)}</p> }.into_any(),
            }
        })
    };
    view! {
        <tr class="late-detail" data-testid="late-detail">
            <td colspan="9">
                <strong>{d.late_title}</strong>
                <Suspense fallback=move || view! { <p class="loading">{t.loading}</p> }>{content}</Suspense>
            </td>
        </tr>
    }
}

#[component]
fn LateItem(late: LateAssignment, reference: Reference) -> impl IntoView {
    let t = texts();
    let d = t.dashboard();
    let clocks = late
        .late
        .iter()
        .map(|l| match l.late_seconds {
            Some(seconds) => format!("{} {} {}", l.clock.label(t.lang), d.late_by, t.took(seconds)),
            None => format!("{} {}", l.clock.label(t.lang), d.still_late),
        })
        .collect::<Vec<_>>()
        .join(" · ");
    let reasons = late.delays.iter().map(|r| r.label(t.lang)).collect::<Vec<_>>().join(", ");
    let href = crate::access::incident_path(&late.incident);
    let category =
        reference.category(&late.category).map_or_else(|| late.category.to_string(), |c| c.name(t.lang).to_owned());
    let place = super::district_name(&reference, late.district.as_ref());
    view! {
        <li data-testid="late-item">
            <a href=href>{crate::clock::local_date_time(late.received_at, t.lang)}</a>
            " · "{category}" · "{place}" · "{late.status.label(t.lang)}
            <br />{clocks}
            {(!reasons.is_empty()).then(|| view! { <br /><span data-testid="late-reasons">{reasons}</span> })}
        </li>
    }
}

/// One clock in a cell: median and 90th percentile, and the share on time where there was a target.
fn clock(t: &'static Texts, figures: &ClockFigures) -> String {
    let d = t.dashboard();
    let Some(median) = figures.median_seconds else { return t.nothing.to_owned() };
    let mut text = format!("{} {}", t.median, t.took(median));
    if let Some(p90) = figures.p90_seconds {
        text.push_str(&format!(" · {} {}", t.p90, t.took(p90)));
    }
    if let Some(share) = figures.share_met {
        text.push_str(&format!(" · {:.0}% {}", share * 100.0, d.on_time));
    }
    text
}
