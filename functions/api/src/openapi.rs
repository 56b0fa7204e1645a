//! The OpenAPI 3.1 document: generated from the handlers' `#[utoipa::path]` descriptions as they are
//! registered (see [`crate::functions::openapi`]), so it cannot miss a route; served at
//! `/api/openapi.json`.

use std::sync::OnceLock;

use axum::http::header;
use axum::response::IntoResponse;
use tanggap_domain::dto::{FieldError, Problem};
use utoipa::OpenApi as _;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
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
            (Indonesian unless English is preferred), with the request's `x-request-id`. \
            Sign in with `POST /api/auth/login`; send the access token as `Authorization: Bearer …` \
            and renew it with `POST /api/auth/refresh`, which reads the HttpOnly `tanggap_refresh` cookie. \
            Without a valid token a protected route answers 401 `/problems/unauthenticated`; with one \
            whose role may not call it, 403 `/problems/forbidden`.",
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later"),
    ),
    tags(
        (name = "auth", description = "Signing in and out, sessions, one's own account"),
        (name = "users", description = "User administration (admin)"),
        (name = "audit", description = "The audit log of accounts (admin)"),
        (name = "incidents", description = "Intake, the open board, life-cycle commands"),
        (name = "callers", description = "Callers' earlier calls and blocks of numbers (intake)"),
        (name = "catalog", description = "Categories, agencies and regions"),
        (name = "notifications", description = "One's notifications, how one is reached, Web Push browsers"),
        (name = "meta", description = "Health and this document"),
    ),
    components(schemas(Problem, FieldError)),
    modifiers(&BearerScheme)
)]
struct ApiDoc;

/// The `bearer` security scheme that protected operations name.
struct BearerScheme;

impl utoipa::Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            BEARER,
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
        );
    }
}

/// The security scheme's name, as `security(("bearer" = []))` on each protected operation names it.
pub const BEARER: &str = "bearer";

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
