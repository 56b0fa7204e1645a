//! The reference data intake forms are built from: categories, agencies, and the regency's regions.
//! Any signed-in user may read it.

use anyhow::Context as _;
use axum::extract::State;
use tanggap_domain::dto::Problem;
use tanggap_domain::{Agency, Category, Region};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ApiError;
use crate::extract::Json;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(categories)).routes(routes!(agencies)).routes(routes!(regions))
}

/// Every category of call, in code order.
#[utoipa::path(
    get,
    path = "/api/categories",
    operation_id = "list_categories",
    tag = "catalog",
    security(("bearer" = [])),
    responses(
        (status = 200, body = Vec<Category>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 500, body = Problem, content_type = "application/problem+json"),
    )
)]
#[tracing::instrument(skip_all)]
pub async fn categories(State(state): State<AppState>) -> Result<Json<Vec<Category>>, ApiError> {
    Ok(Json(state.catalog.categories().await.context("listing the categories")?))
}

/// Every agency, in code order.
#[utoipa::path(
    get,
    path = "/api/agencies",
    operation_id = "list_agencies",
    tag = "catalog",
    security(("bearer" = [])),
    responses(
        (status = 200, body = Vec<Agency>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 500, body = Problem, content_type = "application/problem+json"),
    )
)]
#[tracing::instrument(skip_all)]
pub async fn agencies(State(state): State<AppState>) -> Result<Json<Vec<Agency>>, ApiError> {
    Ok(Json(state.catalog.agencies().await.context("listing the agencies")?))
}

/// The regency itself, then its districts and villages in code order (each district right before its
/// villages).
#[utoipa::path(
    get,
    path = "/api/regions",
    operation_id = "list_regions",
    tag = "catalog",
    security(("bearer" = [])),
    responses(
        (status = 200, body = Vec<Region>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 500, body = Problem, content_type = "application/problem+json"),
    )
)]
#[tracing::instrument(skip_all)]
pub async fn regions(State(state): State<AppState>) -> Result<Json<Vec<Region>>, ApiError> {
    let regency = state.catalog.region(&state.regency).await.context("reading the regency")?;
    let within = state.catalog.regions_within(&state.regency).await.context("listing the regency's regions")?;
    // The regency itself first, so that screens can name it.
    Ok(Json(regency.into_iter().chain(within).collect()))
}
