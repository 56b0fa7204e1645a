//! The regent's dashboard: the figures of a range of days beside the period before it, from the
//! counters each change of an incident writes (`tanggap_store::repo::DashboardRepo`), and each agency's
//! backlog now from the open work beside each open incident, never from reading incidents.

use anyhow::Context as _;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use tanggap_domain::dashboard::{self, Preset, RangeError};
use tanggap_domain::dto::{
    Dashboard, DashboardFilter, DayRange, ExportId, ExportView, FieldError, FieldProblem, LateAssignments, MapPin,
    MapPins, Problem,
};
use tanggap_domain::{AgencyCode, CategoryCode, Day, KodeWilayah, Lang, Priority, Role};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::exports;
use crate::extract::{Json, Language, Query};
use crate::openapi::ProblemResponse;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(figures))
        .routes(routes!(late))
        .routes(routes!(pins))
        .routes(routes!(start_export))
        .routes(routes!(export))
}

/// `?range=last_7_days` or `?from=2026-11-01&to=2026-11-30`, and any of the filters.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DashboardParams {
    /// A range by name, counted from today where the center is: `today`, `yesterday`, `last_7_days`,
    /// `this_month`, `last_month`. Without it, `from` and `to`; without those either, today.
    range: Option<Preset>,
    /// The first day, `YYYY-MM-DD` (the center's days, `TANGGAP_UTC_OFFSET_HOURS`).
    from: Option<String>,
    /// The last day, included; `from` when absent. At most 366 days after `from`.
    to: Option<String>,
    /// A category code (`FIRE`).
    category: Option<String>,
    /// A district's kode wilayah (`64.09.01`).
    district: Option<String>,
    /// Only incidents this agency was dispatched to, and its row of the scorecard.
    agency: Option<String>,
    /// `P1`, `P2`, `P3` or `P0`.
    priority: Option<Priority>,
}

/// The dashboard's figures for a range of days, each beside the same figure of the period of the same
/// length just before it: calls by outcome, the funnel, incidents by category, district and village,
/// calls per day and by weekday and hour, and the agency scorecard (times to acknowledge, arrive and
/// complete with their median and 90th percentile, shares on time, declines, delay reasons, and each
/// agency's open work now).
#[utoipa::path(
    get,
    path = "/api/dashboard",
    operation_id = "dashboard",
    tag = "dashboard",
    security(("bearer" = [])),
    params(DashboardParams),
    responses(
        (status = 200, body = Dashboard),
        (status = 400, body = Problem, content_type = "application/problem+json", description = "a day, code or range that does not parse (`invalid`, `reversed`, `too_many_days`)"),
    )
)]
#[tracing::instrument(name = "dashboard", skip_all)]
pub async fn figures(
    State(state): State<AppState>,
    Language(lang): Language,
    Query(params): Query<DashboardParams>,
) -> Result<Json<Dashboard>, ApiError> {
    let today = Day::of(state.clock.now(), state.intake.utc_offset_hours);
    let (range, filter) = params.parse(today, lang).map_err(ApiError::BadParameters)?;
    Ok(Json(answer(&state, range, &filter).await?))
}

/// The dashboard's figures for a range and filters: what `GET /api/dashboard` answers and an export
/// writes.
pub(crate) async fn answer(state: &AppState, range: DayRange, filter: &DashboardFilter) -> anyhow::Result<Dashboard> {
    let read =
        state.dashboard.counters(&[range, range.previous()]).await.context("reading the dashboard's counters")?;
    let open = state.dashboard.open_work().await.context("reading the open work for the backlog")?;
    Ok(dashboard::dashboard(range, filter, &read.counters, &open, read.items_read))
}

/// The most late assignments one answer lists (the newest of the range).
const LATE_LIMIT: usize = 200;

/// One agency's assignments that missed a target, of incidents received in the range, newest first,
/// with how late each clock was and the reasons given: what opens under the agency's row of the
/// scorecard. `agency` is required; an agency head may ask only for their own agency.
#[utoipa::path(
    get,
    path = "/api/dashboard/late",
    operation_id = "dashboard_late",
    tag = "dashboard",
    security(("bearer" = [])),
    params(DashboardParams),
    responses(
        (status = 200, body = LateAssignments),
        (status = 400, body = Problem, content_type = "application/problem+json", description = "no `agency`, or a day, code or range that does not parse"),
    )
)]
#[tracing::instrument(name = "late assignments", skip_all)]
pub async fn late(
    State(state): State<AppState>,
    principal: Principal,
    Language(lang): Language,
    Query(params): Query<DashboardParams>,
) -> Result<Json<LateAssignments>, ApiError> {
    let today = Day::of(state.clock.now(), state.intake.utc_offset_hours);
    let (range, filter) = params.parse(today, lang).map_err(ApiError::BadParameters)?;
    let agency = filter
        .agency
        .ok_or_else(|| ApiError::BadParameters(vec![FieldError::new("agency", FieldProblem::Required, lang)]))?;
    if principal.role == Role::AgencyHead && principal.agency.as_ref() != Some(&agency) {
        return Err(ApiError::Forbidden);
    }
    let (assignments, truncated) = state
        .dashboard
        .late(range, state.intake.utc_offset_hours, &agency, LATE_LIMIT)
        .await
        .with_context(|| format!("reading {agency}'s late assignments"))?;
    Ok(Json(LateAssignments { range, agency, assignments, truncated }))
}

/// The most incidents the map pins; a range with more shows only its shaded areas.
pub const PIN_LIMIT: usize = 1000;

/// The real incidents received in the range that the filters keep, for the map's pins, when there are
/// at most 1,000 of them (`truncated` and none pinned when there are more); each says whether the
/// reader may open it. Read from the register, a day at a time.
#[utoipa::path(
    get,
    path = "/api/dashboard/incidents",
    operation_id = "dashboard_incidents",
    tag = "dashboard",
    security(("bearer" = [])),
    params(DashboardParams),
    responses(
        (status = 200, body = MapPins),
        (status = 400, body = Problem, content_type = "application/problem+json", description = "a day, code or range that does not parse"),
    )
)]
#[tracing::instrument(name = "map pins", skip_all)]
pub async fn pins(
    State(state): State<AppState>,
    principal: Principal,
    Language(lang): Language,
    Query(params): Query<DashboardParams>,
) -> Result<Json<MapPins>, ApiError> {
    let today = Day::of(state.clock.now(), state.intake.utc_offset_hours);
    let (range, filter) = params.parse(today, lang).map_err(ApiError::BadParameters)?;
    let scope = principal.agency_scope()?;
    let (entries, truncated) = state
        .dashboard
        .register(range, |entry| entry.matches(&filter), PIN_LIMIT)
        .await
        .context("reading the register for the map")?;
    let categories = state.catalog.categories().await.context("reading the categories for the map")?;
    let mut pins = Vec::new();
    let mut unplaced = 0;
    for entry in entries.into_iter().filter(|_| !truncated) {
        let Some(at) = entry.coordinates else {
            unplaced += 1;
            continue;
        };
        let category_name = categories
            .iter()
            .find(|c| c.code == entry.category)
            .map_or_else(|| entry.category.to_string(), |c| c.name(lang).to_owned());
        let may_open = scope.is_none_or(|agency| entry.involves(agency));
        pins.push(MapPin {
            incident: entry.incident,
            received_at: entry.received_at,
            category: entry.category,
            category_name,
            priority: entry.priority,
            at,
            may_open,
        });
    }
    Ok(Json(MapPins { range, pins, unplaced, truncated, limit: PIN_LIMIT }))
}

/// Starts an export of exactly what the dashboard shows for the range and filters: an XLSX workbook
/// (the incidents with every life-cycle time, delay reasons and SLA outcomes; the agency scorecard;
/// the funnel and call outcomes beside the previous period) and a CSV of its incidents, headed in the
/// asker's language. Answers at once with the job; `GET /api/dashboard/exports/{id}` follows it.
#[utoipa::path(
    post,
    path = "/api/dashboard/exports",
    operation_id = "start_dashboard_export",
    tag = "dashboard",
    security(("bearer" = [])),
    params(DashboardParams),
    responses(
        (status = 202, body = ExportView, description = "queued"),
        (status = 400, body = Problem, content_type = "application/problem+json", description = "a day, code or range that does not parse"),
    )
)]
#[tracing::instrument(name = "start export", skip_all)]
pub async fn start_export(
    State(state): State<AppState>,
    principal: Principal,
    Language(lang): Language,
    Query(params): Query<DashboardParams>,
) -> Result<(StatusCode, Json<ExportView>), ApiError> {
    let today = Day::of(state.clock.now(), state.intake.utc_offset_hours);
    let (range, filter) = params.parse(today, lang).map_err(ApiError::BadParameters)?;
    let job = exports::start(&state, principal.username.clone(), lang, range, filter).await?;
    Ok((StatusCode::ACCEPTED, Json(exports::view(&state, &job).await?)))
}

/// An export as it stands: queued, running (with the days read so far), ready (with links to the
/// workbook and the CSV, valid for five minutes: ask again for new ones) or failed. Only its asker
/// sees it.
#[utoipa::path(
    get,
    path = "/api/dashboard/exports/{id}",
    operation_id = "dashboard_export",
    tag = "dashboard",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "the export's id")),
    responses(
        (status = 200, body = ExportView),
        (status = 404, response = ProblemResponse),
    )
)]
#[tracing::instrument(name = "export", skip_all)]
pub async fn export(
    State(state): State<AppState>,
    principal: Principal,
    Path(id): Path<String>,
) -> Result<Json<ExportView>, ApiError> {
    let id = ExportId::parse(&id).map_err(|_| ApiError::NotFound)?;
    let stored = state.exports.get(&id).await.context("reading the export job")?;
    let job = stored.map(|s| s.job).filter(|job| job.owner == principal.username).ok_or(ApiError::NotFound)?;
    Ok(Json(exports::view(&state, &job).await?))
}

impl DashboardParams {
    /// The range and the filters, or every parameter that does not parse.
    pub(crate) fn parse(&self, today: Day, lang: Lang) -> Result<(DayRange, DashboardFilter), Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut field = |name: &'static str, problem: FieldProblem| errors.push(FieldError::new(name, problem, lang));
        let day = |name: &'static str, value: &Option<String>, field: &mut dyn FnMut(&'static str, FieldProblem)| {
            given(value).and_then(|text| Day::parse(text).map_err(|_| field(name, FieldProblem::Invalid)).ok())
        };
        let from = day("from", &self.from, &mut field);
        let to = day("to", &self.to, &mut field);
        let range = match (self.range, from) {
            (Some(preset), _) => Some(preset.range(today)),
            (None, None) => Some(Preset::Today.range(today)),
            (None, Some(from)) => match DayRange::new(from, to.unwrap_or(from)) {
                Ok(range) => Some(range),
                Err(RangeError::Reversed) => {
                    field("to", FieldProblem::Reversed);
                    None
                }
                Err(RangeError::TooLong) => {
                    field("to", FieldProblem::TooManyDays(dashboard::MAX_DAYS as u32));
                    None
                }
            },
        };
        let filter = DashboardFilter {
            category: given(&self.category)
                .and_then(|c| CategoryCode::parse(c).map_err(|_| field("category", FieldProblem::Invalid)).ok()),
            district: given(&self.district)
                .and_then(|d| KodeWilayah::parse(d).map_err(|_| field("district", FieldProblem::BadRegion)).ok()),
            agency: given(&self.agency)
                .and_then(|a| AgencyCode::parse(a).map_err(|_| field("agency", FieldProblem::Invalid)).ok()),
            priority: self.priority,
        };
        match range {
            Some(range) if errors.is_empty() => Ok((range, filter)),
            _ => Err(errors),
        }
    }
}

/// A parameter's text, when it has any.
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}
