//! The Terraform in infra/ deploys what the code is: every function binary as a Lambda, every route of
//! the API's OpenAPI document (read from the code at test time) as an API Gateway route, each to a
//! function whose router really serves it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use tanggap_api::{AppState, SystemClock, functions};
use tanggap_contract_tests::{Module, ROUTES_FILE, lambda_binaries, openapi_routes, problems};
use tanggap_domain::KodeWilayah;
use tanggap_store::testing;
use tower::ServiceExt as _;

/// How a function binary builds its router from the state (its `main` passes it to `lambda_http::run`).
type MakeRouter = fn(AppState) -> Router;

/// The router of each function binary. A new function binary needs its line here too, so that the
/// routes sent to it can be checked against what it serves.
const ROUTERS: &[(&str, MakeRouter)] =
    &[("incidents", functions::incidents), ("auth", functions::auth), ("admin", functions::admin)];

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("the workspace root")
}

fn module() -> Module {
    Module::read(&workspace_root().join("infra/modules")).expect("reading the Terraform module")
}

fn api_routes() -> BTreeSet<String> {
    let document = serde_json::to_value(functions::openapi()).expect("the OpenAPI document as JSON");
    openapi_routes(&document).expect("routes of the OpenAPI document")
}

#[test]
fn terraform_deploys_every_function_binary_and_routes_every_api_route() {
    let module = module();
    let binaries = lambda_binaries(&workspace_root()).expect("the workspace's function binaries");
    assert!(!binaries.is_empty(), "no Lambda binaries found under functions/");

    let found = problems(&module, &binaries, &api_routes());

    assert!(found.is_empty(), "infra/ and the code disagree:\n  - {}", found.join("\n  - "));
}

#[test]
fn every_function_binary_has_its_router_listed_here() {
    let binaries = lambda_binaries(&workspace_root()).expect("the workspace's function binaries");
    let listed: BTreeSet<String> = ROUTERS.iter().map(|(name, _)| name.to_string()).collect();
    assert_eq!(binaries, listed, "update ROUTERS in tests/contract/tests/infra.rs to the function binaries");
}

/// A route sent to a function that does not serve it would answer 404 on AWS and nowhere else: ask each
/// function's own router. A path the router has answers an unsupported method with 405; a path it lacks
/// falls through to its catch-all 404.
#[tokio::test]
async fn every_gateway_route_goes_to_a_function_that_serves_its_path() {
    let table = testing::embedded().await;
    let state = AppState::new(table.table.clone(), KodeWilayah::parse("64.09").unwrap(), Arc::new(SystemClock));
    let mut wrong = Vec::new();
    for (route, function) in &module().routes {
        let Some((_, router)) = ROUTERS.iter().find(|(name, _)| name == function) else {
            wrong.push(format!("`{route}` goes to `{function}`, which has no router in ROUTERS"));
            continue;
        };
        let router = router(state.clone());
        if route == "$default" {
            // What no other route matches must still be answered as a problem, not API Gateway's own 404.
            let response = send(router, Method::GET, "/api/no-such-route-anywhere").await;
            let is_problem = response.1.as_deref() == Some("application/problem+json");
            if response.0 != StatusCode::NOT_FOUND || !is_problem {
                wrong.push(format!("`$default` goes to `{function}`, which answers an unknown path with {response:?}"));
            }
            continue;
        }
        let (_, path) = route.split_once(' ').expect("route keys are checked by the other test");
        let path = fill_parameters(path);
        let (status, _) = send(router, Method::from_bytes(b"PROBE").unwrap(), &path).await;
        if status != StatusCode::METHOD_NOT_ALLOWED {
            wrong.push(format!(
                "`{route}` goes to `{function}`, whose router does not serve {path} (a PROBE request got {status}, \
                 not 405): fix the function in {ROUTES_FILE}"
            ));
        }
    }
    assert!(wrong.is_empty(), "routes sent to the wrong function:\n  - {}", wrong.join("\n  - "));
}

/// `/api/incidents/{id}` -> `/api/incidents/probe`.
fn fill_parameters(path: &str) -> String {
    path.split('/')
        .map(|segment| if segment.starts_with('{') && segment.ends_with('}') { "probe" } else { segment })
        .collect::<Vec<_>>()
        .join("/")
}

async fn send(router: Router, method: Method, path: &str) -> (StatusCode, Option<String>) {
    let request = Request::builder().method(method).uri(path).body(Body::empty()).unwrap();
    let response = router.oneshot(request).await.unwrap();
    let content_type = response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_owned);
    (response.status(), content_type)
}
