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
use tanggap_contract_tests::{FUNCTIONS_FILE, Module, ROUTES_FILE, lambda_binaries, openapi_routes, problems};
use tanggap_domain::KodeWilayah;
use tanggap_store::testing;
use tower::ServiceExt as _;

/// How a function binary builds its router from the state (its `main` passes it to `lambda_http::run`).
type MakeRouter = fn(AppState) -> Router;

/// The router of each function binary that serves routes (trigger "api" in the module). A new one needs
/// its line here too, so that the routes sent to it can be checked against what it serves. Functions
/// invoked by a schedule or the stream have no router.
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
fn every_function_that_serves_routes_has_its_router_listed_here() {
    let serving = module().api_functions();
    let listed: BTreeSet<String> = ROUTERS.iter().map(|(name, _)| name.to_string()).collect();
    assert_eq!(
        serving, listed,
        "update ROUTERS in tests/contract/tests/infra.rs to the functions with trigger \"api\" in local.functions"
    );
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

/// Some alarms count log lines (a metric filter on the JSON line's message, monitoring.tf): a message
/// the code no longer writes would silence its alarm for good, so every such message must still be in
/// the functions' source, as a string literal.
#[test]
fn every_log_line_an_alarm_counts_is_still_written_by_the_code() {
    let module = module();
    let patterns: Vec<String> = module
        .resources
        .iter()
        .filter(|((kind, _), _)| kind == "aws_cloudwatch_log_metric_filter")
        .map(|(_, resource)| resource.attributes.get("pattern").cloned().unwrap_or_default().replace("\\\"", "\""))
        .collect();
    assert!(!patterns.is_empty(), "no aws_cloudwatch_log_metric_filter in the module: the SLA alarm counts one");
    let mut sources = String::new();
    read_rust_sources(&workspace_root().join("functions"), &mut sources);
    for pattern in patterns {
        let (_, rest) = pattern
            .split_once("$.fields.message = \"")
            .unwrap_or_else(|| panic!("the metric filter pattern {pattern} does not match a message"));
        let message = rest.split('"').next().unwrap_or_default();
        assert!(
            sources.contains(&format!("\"{message}\"")),
            "a metric filter counts log lines with the message {message:?}, which no function under functions/ \
             writes any more: change the pattern in infra/modules/tanggap/monitoring.tf with the code"
        );
    }
}

/// Variables the code reads that no Lambda function is given, on purpose.
const NOT_FOR_LAMBDAS: [(&str, &str); 2] = [
    ("TANGGAP_WEBHOOK_SECRET", "the local server's webhook secret; the functions read it from SSM"),
    ("TANGGAP_TEST_DYNAMODB_ENDPOINT", "the tests' DynamoDB server"),
];

/// The functions read their configuration from `TANGGAP_*` variables (string constants in the crates'
/// sources); functions.tf sets them. A name that differs on one side fails only on AWS, at a cold start
/// or silently with a default, so both sides must name the same set. Variables Terraform sets only to
/// restart the functions when a secret is rotated end in `_VERSION` and are read by nobody.
#[test]
fn terraform_sets_the_variables_the_functions_read_and_no_others() {
    let mut sources = String::new();
    for entry in std::fs::read_dir(workspace_root().join("functions")).expect("reading functions/") {
        let crate_dir = entry.expect("a directory entry").path();
        // The local server is configured on the command line, not by Terraform.
        if crate_dir.ends_with("local") {
            continue;
        }
        if crate_dir.join("src").is_dir() {
            read_rust_sources(&crate_dir.join("src"), &mut sources);
        }
    }
    let read: BTreeSet<String> = quoted_variables(&sources)
        .into_iter()
        .filter(|name| !NOT_FOR_LAMBDAS.iter().any(|(not, _)| not == name))
        .collect();
    let functions_tf = std::fs::read_to_string(workspace_root().join(FUNCTIONS_FILE)).expect("reading functions.tf");
    let set = assigned_variables(&functions_tf);

    let unset: Vec<_> = read.difference(&set).collect();
    let unread: Vec<_> = set.difference(&read).filter(|name| !name.ends_with("_VERSION")).collect();
    assert!(
        unset.is_empty() && unread.is_empty(),
        "the functions read {unset:?}, which {FUNCTIONS_FILE} does not set (or add it to NOT_FOR_LAMBDAS with \
         why); {FUNCTIONS_FILE} sets {unread:?}, which no code under functions/ reads"
    );
}

/// Every string literal that is exactly a `TANGGAP_*` name: `"TANGGAP_TABLE"`.
fn quoted_variables(text: &str) -> BTreeSet<String> {
    text.split('"')
        .filter(|part| {
            part.starts_with("TANGGAP_")
                && part.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        })
        .map(str::to_owned)
        .collect()
}

/// Every `TANGGAP_* =` assignment (an environment variable of the functions) in Terraform text.
fn assigned_variables(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (start, _) in text.match_indices("TANGGAP_") {
        let rest = &text[start..];
        let end =
            rest.find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')).unwrap_or(rest.len());
        let after = rest[end..].trim_start();
        if after.starts_with('=') && !after.starts_with("==") {
            found.insert(rest[..end].to_owned());
        }
    }
    found
}

fn read_rust_sources(dir: &Path, into: &mut String) {
    for entry in std::fs::read_dir(dir).expect("reading functions/") {
        let path = entry.expect("a directory entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if path.is_dir() && name != "node_modules" && name != "target" {
            read_rust_sources(&path, into);
        } else if name.ends_with(".rs") {
            into.push_str(&std::fs::read_to_string(&path).expect("reading a source file"));
        }
    }
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
