//! The OpenAPI 3.1 document: generated from the handlers' `#[utoipa::path]` descriptions as they are
//! registered (see [`crate::functions::openapi`]), so it cannot miss a route; served at
//! `/api/openapi.json`.

use std::sync::OnceLock;

use axum::http::header;
use axum::response::IntoResponse;
use tanggap_domain::dto::{FieldError, Problem};
use utoipa::OpenApi as _;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::PROBLEM_JSON;
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
        (name = "dashboard", description = "The regent's dashboard: figures, the agency scorecard"),
        (name = "shifts", description = "Shifts: who is on duty, signing on and off, the roster, the staffing planner's calls"),
        (name = "meta", description = "Health and this document"),
    ),
    components(schemas(Problem, FieldError), responses(ProblemResponse)),
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

/// A problem (RFC 9457), as every 4xx and 5xx is answered: declared once as `#/components/responses/Problem`,
/// which an operation names for each problem it may answer (`(status = 404, response = ProblemResponse)`).
/// Those every operation may answer are added by [`with_common_problems`].
pub struct ProblemResponse;

impl<'s> utoipa::ToResponse<'s> for ProblemResponse {
    fn response() -> (&'s str, RefOr<Response>) {
        let content = ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build();
        let response = ResponseBuilder::new()
            .description("A problem (RFC 9457): its `type` says which; `title` and `detail` say it in words")
            .content(PROBLEM_JSON, content)
            .build();
        ("Problem", response.into())
    }
}

/// The problems every operation may answer, so that no handler has to list them: 500 from anything,
/// and for a protected operation 401 (no valid access token) and 403 (a role that may not call it).
/// What a handler lists itself is kept.
pub fn with_common_problems(mut document: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    let problem = || RefOr::Ref(Ref::new("#/components/responses/Problem"));
    for item in document.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.options,
            &mut item.head,
            &mut item.patch,
            &mut item.trace,
        ];
        for operation in operations.into_iter().flatten() {
            // Only protected operations name a security scheme (the bearer one).
            let secured = operation.security.as_ref().is_some_and(|requirements| !requirements.is_empty());
            let statuses: &[&str] = if secured { &["401", "403", "500"] } else { &["500"] };
            for status in statuses {
                operation.responses.responses.entry((*status).to_owned()).or_insert_with(problem);
            }
        }
    }
    document
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
