//! While a call is being taken: the open incidents that may be the same event (when a warehouse burns,
//! dozens call), so that the operator links the call to one of them instead of opening another.

use anyhow::Context as _;
use axum::extract::State;
use serde::Deserialize;
use tanggap_domain::dto::{DuplicateCandidate, DuplicatesPage, FieldError, FieldProblem, Problem};
use tanggap_domain::duplicates::{Sighting, candidates};
use tanggap_domain::{CategoryCode, Coordinates, KodeWilayah, Lang, RegionLevel};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{Json, Language, Query};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(duplicates))
}

/// What the intake form knows so far. Everything arrives as text, so that a bad value is named by its
/// field rather than refused as a malformed query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DuplicatesQuery {
    /// The call's category code (required).
    category: Option<String>,
    /// Kode wilayah of the village, when the caller named one.
    village: Option<String>,
    /// Latitude of the pin, with `lon`.
    lat: Option<String>,
    /// Longitude of the pin, with `lat`.
    lon: Option<String>,
}

impl DuplicatesQuery {
    /// The category code, village and pin, every problem named per field.
    fn parse(&self, lang: Lang) -> Result<(CategoryCode, Option<KodeWilayah>, Option<Coordinates>), Vec<FieldError>> {
        let mut errors = Vec::new();
        let category = match self.category.as_deref().map(str::trim) {
            None | Some("") => Err(FieldProblem::Required),
            Some(code) => CategoryCode::parse(code).map_err(|_| FieldProblem::UnknownCategory),
        };
        if let Err(problem) = &category {
            errors.push(FieldError::new("category", *problem, lang));
        }
        let village = match self.village.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(code) => KodeWilayah::parse(code)
                .ok()
                .filter(|code| code.level() == RegionLevel::Village)
                .map(Some)
                .ok_or(FieldProblem::BadRegion),
        };
        if let Err(problem) = &village {
            errors.push(FieldError::new("village", *problem, lang));
        }
        let number = |text: &Option<String>| text.as_deref().map(|t| t.trim().parse::<f64>());
        let pin = match (number(&self.lat), number(&self.lon)) {
            (None, None) => Ok(None),
            (Some(Ok(lat)), Some(Ok(lon))) => Coordinates::new(lat, lon).map(Some).map_err(|_| ()),
            // Half a pin, or one that is not a number.
            _ => Err(()),
        };
        if pin.is_err() {
            errors.push(FieldError::new("coordinates", FieldProblem::BadCoordinates, lang));
        }
        match (category, village, pin) {
            (Ok(category), Ok(village), Ok(pin)) => Ok((category, village, pin)),
            _ => Err(errors),
        }
    }
}

/// The open incidents that may be the event this call is about: of the call's category or a related
/// one, received within the deployment's window (`TANGGAP_DUPLICATE_WINDOW_MINUTES`, 120 by default),
/// in the same village or within its radius of the pin (`TANGGAP_DUPLICATE_RADIUS_M`, 500 m by
/// default); nearest first, then newest. Empty while the call has neither village nor pin.
#[utoipa::path(
    get,
    path = "/api/incidents/duplicates",
    operation_id = "incident_duplicates",
    tag = "incidents",
    security(("bearer" = [])),
    params(DuplicatesQuery),
    responses(
        (status = 200, body = DuplicatesPage),
        (status = 400, body = Problem, content_type = "application/problem+json", description = "Field errors on `category`, `village` or `coordinates`"),
    )
)]
#[tracing::instrument(name = "duplicates", skip_all, fields(username = %principal.username))]
pub async fn duplicates(
    State(state): State<AppState>,
    Language(lang): Language,
    principal: Principal,
    Query(query): Query<DuplicatesQuery>,
) -> Result<Json<DuplicatesPage>, ApiError> {
    let (code, village, pin) = query.parse(lang).map_err(ApiError::BadParameters)?;
    let category = state.catalog.category(&code).await.context("looking up the category")?.ok_or_else(|| {
        ApiError::BadParameters(vec![FieldError::new("category", FieldProblem::UnknownCategory, lang)])
    })?;
    if village.is_none() && pin.is_none() {
        return Ok(Json(DuplicatesPage { candidates: Vec::new() }));
    }
    let open = state.incidents.open_incidents().await.context("reading the open incidents")?;
    let sighting = Sighting { category: &category, village: village.as_ref(), pin, at: state.clock.now() };
    let candidates = candidates(&sighting, &open, state.duplicate_rules)
        .into_iter()
        .map(|candidate| DuplicateCandidate {
            incident: principal.redact_incident(candidate.incident.clone()),
            same_village: candidate.same_village,
            // Finite and at most half the globe's circumference, so it fits.
            distance_m: candidate.distance_m.map(|d| d.round() as u32),
        })
        .collect();
    Ok(Json(DuplicatesPage { candidates }))
}
