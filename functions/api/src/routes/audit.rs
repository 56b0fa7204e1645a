//! The audit log of accounts (admin only), newest first.

use axum::extract::State;
use tanggap_domain::dto::AuditPage;
use tanggap_store::StoreError;
use tanggap_store::repo::RepoError;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::{ApiError, BadRequest};
use crate::extract::{Json, PageParams, Query};
use crate::openapi::ProblemResponse;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(audit_log))
}

/// Logins, failed and throttled logins, logouts, refresh-token reuse, password changes and resets,
/// user creations and changes, callers' numbers blocked and unblocked: who, when, from where, what.
/// Newest first.
#[utoipa::path(
    get,
    path = "/api/audit",
    operation_id = "audit_log",
    tag = "audit",
    security(("bearer" = [])),
    params(PageParams),
    responses(
        (status = 200, body = AuditPage),
        (status = 400, response = ProblemResponse),
    )
)]
#[tracing::instrument(name = "audit log", skip_all)]
pub async fn audit_log(
    State(state): State<AppState>,
    Query(params): Query<PageParams>,
) -> Result<Json<AuditPage>, ApiError> {
    let (limit, cursor) = params.page()?;
    match state.audit.page(state.clock.now(), limit, cursor).await {
        Ok((entries, next)) => Ok(Json(AuditPage { entries, next: next.map(|cursor| cursor.0) })),
        Err(RepoError::Store(StoreError::InvalidCursor)) => Err(ApiError::BadRequest(BadRequest::MalformedCursor)),
        Err(err) => Err(anyhow::Error::new(err).context("reading the audit log").into()),
    }
}
