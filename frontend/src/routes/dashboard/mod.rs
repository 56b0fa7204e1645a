//! `/dasbor`: the regent's dashboard. The range and the filters live in the address (so a view can be
//! bookmarked or sent), and the address's query is the API's: `GET /api/dashboard?<the same query>`.
//! Everything is drawn from that one answer: the figures beside the previous period, the charts (SVG
//! drawn here, no chart library), and the agency scorecard.

mod charts;
mod controls;
mod export;
mod map;
mod ratings;
mod scorecard;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use tanggap_domain::dashboard::CallOutcome;
use tanggap_domain::dto::{Compared, Dashboard};

use crate::api;
use crate::i18n::texts;
use crate::reference::{Reference, with_reference};

#[component]
pub fn DashboardPage() -> impl IntoView {
    with_reference(move |reference| view! { <DashboardView reference /> }.into_any())
}

#[component]
fn DashboardView(reference: Reference) -> impl IntoView {
    let t = texts();
    let query = use_query_map();
    let figures = LocalResource::new(move || {
        let search = query.with(|q| q.to_query_string());
        async move { api::dashboard(&search).await }
    });
    let agencies = LocalResource::new(api::agencies);
    let reference_for_figures = reference.clone();
    let content = move || {
        let reference = reference_for_figures.clone();
        Suspend::new(async move {
            match figures.await {
                Ok(figures) => view! { <Figures figures reference /> }.into_any(),
                Err(error) => view! { <p class="notice failed" role="alert">{t.api_error(&error)}</p> }.into_any(),
            }
        })
    };
    let controls = move || {
        let reference = reference.clone();
        Suspend::new(async move {
            let agencies = agencies.await.unwrap_or_default();
            view! { <controls::Controls reference agencies /> }
        })
    };

    view! {
        <section class="panel dashboard" aria-labelledby="dashboard-title">
            <h1 id="dashboard-title">{t.dashboard_title}</h1>
            <Suspense fallback=|| ()>{controls}</Suspense>
            <export::Export />
            <Transition fallback=move || view! { <p class="loading">{t.loading}</p> }>{content}</Transition>
        </section>
    }
}

/// Everything the answer holds, in the order a reader asks: how much, how far, where, when, who.
#[component]
fn Figures(figures: Dashboard, reference: Reference) -> impl IntoView {
    let t = texts();
    let d = t.dashboard();
    let f = &figures.funnel;
    let cards = [
        (d.calls, f.calls, "calls"),
        (d.incidents, f.incidents, "incidents"),
        (d.dispatched, f.dispatched, "dispatched"),
        (d.resolved, f.resolved, "resolved"),
        (d.closed_false, f.closed_false, "closed-false"),
    ]
    .into_iter()
    .map(|(label, count, id)| view! { <FigureCard label count id /> })
    .collect_view();
    let range = format!("{} – {}", figures.range.from, figures.range.to);
    let previous = format!("{} {} – {}", d.compared_with, figures.previous.from, figures.previous.to);
    let nothing = f.calls.count == 0 && figures.agencies.is_empty();
    // The outcomes in the order of the answer (most calls first): the stacking and colours of the chart.
    let legend: Vec<(CallOutcome, String)> =
        figures.outcomes.iter().map(|o| (o.outcome.clone(), reference.outcome_label(&o.outcome))).collect();

    let categories: Vec<_> = figures
        .categories
        .iter()
        .map(|c| {
            let name =
                reference.category(&c.category).map_or_else(|| c.category.to_string(), |k| k.name(t.lang).to_owned());
            (name, c.count)
        })
        .collect();
    let districts: Vec<_> =
        figures.districts.iter().map(|c| (district_name(&reference, c.district.as_ref()), c.count)).collect();
    let outcomes: Vec<_> = figures.outcomes.iter().zip(&legend).map(|(o, (_, name))| (name.clone(), o.count)).collect();
    // The busiest villages; the previous period is not kept per village.
    let villages: Vec<_> = figures
        .villages
        .iter()
        .take(10)
        .map(|v| {
            let name = reference.region(&v.village).map_or_else(|| v.village.to_string(), |r| r.name.clone());
            (name, Compared { count: v.count, previous: 0 })
        })
        .collect();

    view! {
        <p class="dashboard-range" data-testid="dashboard-range">
            <strong>{range}</strong>" · "{previous}
        </p>
        <div class="figure-cards">{cards}</div>
        {nothing.then(|| view! { <p class="notice" data-testid="dashboard-empty">{d.nothing_counted}</p> })}
        <div class="charts">
            <charts::FunnelChart funnel=figures.funnel />
            <charts::CallsOverTime days=figures.calls_over_time.clone() period=figures.period legend />
            <charts::Heatmap heatmap=figures.heatmap.clone() />
            <charts::SlaOverTime days=figures.sla_over_time.clone() period=figures.period />
            <charts::Ranked title=d.outcomes_title testid="by-outcome" rows=outcomes previous=true />
            <charts::Ranked title=d.categories_title testid="by-category" rows=categories previous=true />
            <charts::Ranked title=d.districts_title testid="by-district" rows=districts previous=true />
            <charts::Ranked title=d.villages_title testid="by-village" rows=villages previous=false />
        </div>
        <map::AreaMap counts=map::counts(&figures) range=format!("{}_{}", figures.range.from, figures.range.to) />
        <scorecard::Scorecard rows=figures.agencies.clone() reference=reference.clone() />
        {ratings::may_read().then(|| view! { <ratings::Ratings reference=reference.clone() /> })}
        <p class="hint" data-testid="items-read">{figures.items_read}" "{d.items_read}</p>
    }
}

/// One figure in large type, with the previous period's beside it and the change between them.
#[component]
fn FigureCard(label: &'static str, count: Compared, id: &'static str) -> impl IntoView {
    let d = texts().dashboard();
    let change = count.count - count.previous;
    let (arrow, class) = match change {
        0 => ("=", "same"),
        c if c > 0 => ("▲", "up"),
        _ => ("▼", "down"),
    };
    view! {
        <div class="figure-card" data-testid=format!("figure-{id}")>
            <span class="figure-label">{label}</span>
            <span class="figure-value" data-testid="value">{count.count}</span>
            <span class=format!("figure-change {class}")>
                {arrow}" "{d.previous}" "<span data-testid="previous">{count.previous}</span>
            </span>
        </div>
    }
}

fn district_name(reference: &Reference, code: Option<&tanggap_domain::KodeWilayah>) -> String {
    match code {
        None => texts().dashboard().no_district.to_owned(),
        Some(code) => reference.region(code).map_or_else(|| code.to_string(), |r| r.name.clone()),
    }
}
