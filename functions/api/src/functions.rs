//! One router per Lambda function, and all of them together for the local server.
//!
//! Every function also serves `/api/health` and `/api/openapi.json`, and answers unknown `/api` paths
//! with a problem. Routes are registered only through `utoipa_axum`'s `routes!`, so that each one is
//! in the OpenAPI document.

use axum::Router;
use axum::routing::any;
use utoipa_axum::router::OpenApiRouter;

use crate::error::ApiError;
use crate::state::AppState;
use crate::{middleware, openapi, routes};

/// The `incidents` function: intake, the board, life-cycle commands, and the reference data they need.
pub fn incidents(state: AppState) -> Router {
    finish(common().merge(incidents_routes()), state)
}

/// Every function's routes in one router (the local server's).
pub fn all(state: AppState) -> Router {
    finish(all_routes(), state)
}

/// The OpenAPI document of the whole API.
pub fn openapi() -> utoipa::openapi::OpenApi {
    all_routes().into_openapi()
}

fn all_routes() -> OpenApiRouter<AppState> {
    // Each new function's own routes are merged here too.
    common().merge(incidents_routes())
}

/// What every function serves.
fn common() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(openapi::base()).merge(routes::health::router()).merge(openapi::router())
}

fn incidents_routes() -> OpenApiRouter<AppState> {
    routes::catalog::router().merge(routes::incidents::router())
}

fn finish(routes: OpenApiRouter<AppState>, state: AppState) -> Router {
    let (router, _) = routes.split_for_parts();
    // A route rather than a fallback, so that the local server can merge this router with its own fallback.
    let router = router.route("/api/{*rest}", any(|| async { ApiError::NotFound })).with_state(state);
    middleware::apply(router)
}
