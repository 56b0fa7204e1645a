//! The public's ratings, for the supervisors who follow them up (and the regent's staff), newest first.
//! Each agency's average is in the dashboard's scorecard.

use anyhow::Context as _;
use axum::extract::State;
use tanggap_domain::dto::Ratings;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ApiError;
use crate::extract::Json;
use crate::state::AppState;

/// The most ratings one answer lists.
pub const RATINGS_LISTED: usize = 200;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(ratings))
}

/// The latest ratings (at most 200), newest first: stars, comment, the incident and the agencies that
/// completed their part. Nothing of the reporter.
#[utoipa::path(
    get,
    path = "/api/ratings",
    operation_id = "ratings",
    tag = "dashboard",
    security(("bearer" = [])),
    responses((status = 200, body = Ratings)),
)]
#[tracing::instrument(name = "ratings", skip_all)]
pub async fn ratings(State(state): State<AppState>) -> Result<Json<Ratings>, ApiError> {
    let ratings = state.citizens.ratings(RATINGS_LISTED).await.context("reading the ratings")?;
    Ok(Json(Ratings { ratings }))
}
