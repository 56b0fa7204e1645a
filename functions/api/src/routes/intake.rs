//! The day's intake counts, for the center's reports on its traffic. Each call taken (an incident
//! opened, or a report linked to one) is recorded in its local day in the incident's own transaction,
//! by a projection of the change (`crate::incidents`).

use std::collections::BTreeMap;

use anyhow::Context as _;
use axum::extract::State;
use serde::Deserialize;
use tanggap_domain::dto::{FieldError, FieldProblem, IntakeCounts, Problem};
use tanggap_store::repo::Day;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ApiError;
use crate::extract::{Json, Language, Query};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(counts))
}

/// The query of the counts: `?date=YYYY-MM-DD`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CountsParams {
    /// The local day (the deployment's UTC offset, `TANGGAP_UTC_OFFSET_HOURS`), `YYYY-MM-DD`; today
    /// when absent.
    date: Option<String>,
}

/// The calls taken on one local day: how many, per category (P0 calls included), and how many of
/// them were linked to an incident already open. A linked report counts in its incident's category.
#[utoipa::path(
    get,
    path = "/api/intake/counts",
    operation_id = "intake_counts",
    tag = "incidents",
    security(("bearer" = [])),
    params(CountsParams),
    responses(
        (status = 200, body = IntakeCounts),
        (status = 400, body = Problem, content_type = "application/problem+json", description = "`date` is not a date (`invalid`)"),
    )
)]
#[tracing::instrument(name = "intake counts", skip_all)]
pub async fn counts(
    State(state): State<AppState>,
    Language(lang): Language,
    Query(params): Query<CountsParams>,
) -> Result<Json<IntakeCounts>, ApiError> {
    let day = match params.date.as_deref().map(str::trim).filter(|date| !date.is_empty()) {
        None => Day::of(state.clock.now(), state.intake.utc_offset_hours),
        Some(date) => Day::parse(date)
            .map_err(|_| ApiError::BadParameters(vec![FieldError::new("date", FieldProblem::Invalid, lang)]))?,
    };
    let calls = state.callers.calls_on(&day).await.with_context(|| format!("reading the calls of {day}"))?;
    let mut by_category = BTreeMap::new();
    for call in &calls {
        *by_category.entry(call.category.clone()).or_insert(0) += 1;
    }
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Ok(Json(IntakeCounts {
        date: day.to_string(),
        total: count(calls.len()),
        by_category,
        linked_reports: count(calls.iter().filter(|call| call.linked).count()),
    }))
}
