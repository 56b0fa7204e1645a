//! The OpenAPI 3.1 document: generated from the handlers' `#[utoipa::path]` descriptions as they are
//! registered (see [`crate::functions::openapi`]), so it cannot miss a route; served at
//! `/api/openapi.json`.

use std::sync::OnceLock;

use axum::http::header;
use axum::response::IntoResponse;
use tanggap_domain::dto::{FieldError, Problem};
use utoipa::OpenApi as _;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

/// What the document says beyond its paths.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Tanggap API",
        description = "A regency's 112 emergency command center. Every 4xx and 5xx answer is \
            `application/problem+json` (RFC 9457), titled in the language of `Accept-Language` \
            (Indonesian unless English is preferred), with the request's `x-request-id`.",
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later"),
    ),
    tags(
        (name = "incidents", description = "Intake, the open board, life-cycle commands"),
        (name = "catalog", description = "Categories, agencies and regions"),
        (name = "meta", description = "Health and this document"),
    ),
    components(schemas(Problem, FieldError))
)]
struct ApiDoc;

/// The document's frame, before the routes add their paths.
pub fn base() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(openapi_json))
}

/// This document.
#[utoipa::path(
    get,
    path = "/api/openapi.json",
    tag = "meta",
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json"))
)]
pub async fn openapi_json() -> impl IntoResponse {
    // The document depends only on the code, so it is built once per process.
    static DOCUMENT: OnceLock<String> = OnceLock::new();
    let document = DOCUMENT.get_or_init(|| {
        crate::functions::openapi().to_json().unwrap_or_else(|err| {
            tracing::error!(error = %err, "serialising the OpenAPI document");
            String::from("{}")
        })
    });
    ([(header::CONTENT_TYPE, "application/json")], document.as_str())
}
