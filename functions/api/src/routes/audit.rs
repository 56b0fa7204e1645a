//! The audit log of accounts (admin only), newest first.

use axum::extract::State;
use serde::Deserialize;
use tanggap_domain::dto::{AuditPage, Problem};
use tanggap_store::repo::RepoError;
use tanggap_store::{Cursor, StoreError};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ApiError, BadRequest};
use crate::extract::{Json, Query};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(audit_log))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// Entries per page, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<usize>,
    /// The `next` of the previous page.
    cursor: Option<String>,
}

const DEFAULT_PAGE: usize = 50;
const MAX_PAGE: usize = 200;

/// Logins, failed and throttled logins, logouts, refresh-token reuse, password changes and resets,
/// user creations and changes: who, when, from where, what. Newest first.
#[utoipa::path(
    get,
    path = "/api/audit",
    operation_id = "audit_log",
    tag = "audit",
    security(("bearer" = [])),
    params(AuditParams),
    responses(
        (status = 200, body = AuditPage),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 500, body = Problem, content_type = "application/problem+json"),
    )
)]
#[tracing::instrument(name = "audit log", skip_all)]
pub async fn audit_log(
    State(state): State<AppState>,
    Query(params): Query<AuditParams>,
) -> Result<Json<AuditPage>, ApiError> {
    let limit = params.limit.unwrap_or(DEFAULT_PAGE);
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(ApiError::BadRequest(BadRequest::MalformedQuery(format!("limit must be 1 to {MAX_PAGE}"))));
    }
    match state.audit.page(state.clock.now(), limit, params.cursor.map(Cursor)).await {
        Ok((entries, next)) => Ok(Json(AuditPage { entries, next: next.map(|cursor| cursor.0) })),
        Err(RepoError::Store(StoreError::InvalidCursor)) => Err(ApiError::BadRequest(BadRequest::MalformedCursor)),
        Err(err) => Err(anyhow::Error::new(err).context("reading the audit log").into()),
    }
}
