//! One router per Lambda function, and all of them together for the local server.
//!
//! Every function also serves `/api/health` and `/api/openapi.json`, and answers unknown `/api` paths
//! with a problem. Routes are registered only through `utoipa_axum`'s `routes!`, so that each one is
//! in the OpenAPI document; every router is held to [`crate::policy`], which refuses any route it does
//! not declare.

use axum::Router;
use axum::routing::any;
use utoipa_axum::router::OpenApiRouter;

use crate::error::ApiError;
use crate::state::AppState;
use crate::{middleware, openapi, policy, routes};

/// The `incidents` function: intake (with callers' histories and blocks, and the day's counts), the
/// board, life-cycle commands and dispatch, field photos, the reference data they need, the
/// dashboard's figures, the public pages (`/lapor`, `/t/{token}`) and Open311 (`/api/open311/*`).
pub fn incidents(state: AppState) -> Router {
    finish(common().merge(incidents_routes()), state)
}

/// The `auth` function: login, refresh, logout, and one's own account (`/api/auth/*`, `/api/me*`).
pub fn auth(state: AppState) -> Router {
    finish(common().merge(auth_routes()), state)
}

/// The `admin` function: user administration, the audit log, catalog edits (`/api/users*`,
/// `/api/audit`, `PUT /api/categories/{code}`, `PUT /api/agencies/{code}`), and shifts: sign-ons, the
/// roster, the pattern, handovers and the staffing planner's calls (`/api/shifts/*`).
pub fn admin(state: AppState) -> Router {
    finish(common().merge(admin_routes()), state)
}

/// Every function's routes in one router (the local server's).
pub fn all(state: AppState) -> Router {
    finish(all_routes(), state)
}

/// The OpenAPI document of the whole API.
pub fn openapi() -> utoipa::openapi::OpenApi {
    openapi::with_common_problems(all_routes().into_openapi())
}

fn all_routes() -> OpenApiRouter<AppState> {
    // Each new function's own routes are merged here too.
    common().merge(incidents_routes()).merge(auth_routes()).merge(admin_routes())
}

/// What every function serves.
fn common() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(openapi::base()).merge(routes::health::router()).merge(openapi::router())
}

fn incidents_routes() -> OpenApiRouter<AppState> {
    routes::catalog::router()
        .merge(routes::incidents::router())
        .merge(routes::duplicates::router())
        .merge(routes::changes::router())
        .merge(routes::reports::router())
        .merge(routes::callers::router())
        .merge(routes::intake::router())
        .merge(routes::photos::router())
        .merge(routes::dashboard::router())
        .merge(routes::ratings::router())
        .merge(routes::tickets::router())
        // The public pages and Open311, small and few: with the incidents they report and follow.
        .merge(crate::public::router())
        .merge(crate::open311::router())
}

fn auth_routes() -> OpenApiRouter<AppState> {
    routes::auth::router().merge(routes::me::router()).merge(routes::notifications::router())
}

fn admin_routes() -> OpenApiRouter<AppState> {
    routes::users::router()
        .merge(routes::audit::router())
        .merge(routes::catalog::admin_router())
        .merge(routes::shifts::router())
        .merge(routes::handover::router())
}

fn finish(routes: OpenApiRouter<AppState>, state: AppState) -> Router {
    let (router, _) = routes.split_for_parts();
    // A route rather than a fallback, so that the local server can merge this router with its own fallback.
    let router = router
        .route("/api/{*rest}", any(|| async { ApiError::NotFound }))
        // A layer on the routes (not around the router), so that it sees which route matched.
        .layer(axum::middleware::from_fn_with_state(state.clone(), policy::authorize))
        .with_state(state);
    middleware::apply(router)
}
