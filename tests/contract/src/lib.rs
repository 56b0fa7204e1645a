//! The deployment contract between the code and the Terraform in `infra/`, read from both sides.
//!
//! The code says which Lambda functions exist (the function binaries under `functions/`) and which routes
//! the API serves (its OpenAPI document, generated from the handlers). The Terraform module says which
//! functions it deploys (`local.functions`) and which API Gateway route goes to which of them
//! (`local.routes`). [`problems`] lists every way the two disagree, in words that say what to fix; the
//! tests in `tests/` fail with that list.
//!
//! Nothing here runs Terraform: the module's `.tf` files are parsed with `hcl-rs`, and the maps are read
//! as literal HCL objects (which is how the module writes them, so that they stay readable).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use hcl::{Body, Expression, ObjectKey};

/// Where the module's two maps live, for messages.
pub const FUNCTIONS_FILE: &str = "infra/modules/tanggap/functions.tf";
pub const ROUTES_FILE: &str = "infra/modules/tanggap/routes.tf";

/// The HTTP methods an OpenAPI path item may carry (and API Gateway routes may name).
const METHODS: [&str; 8] = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"];

/// What may invoke a function (`trigger` in `local.functions`): API Gateway through its routes, EventBridge
/// Scheduler, or the table's stream for new outbox items.
pub const TRIGGERS: [&str; 3] = [API_TRIGGER, "schedule", "outbox"];
/// The trigger of the functions that serve routes.
pub const API_TRIGGER: &str = "api";

/// Resources that must exist once per deployed function, and so must iterate `local.functions`: a
/// hand-written single Lambda (or a route outside the map) would escape the contract. The integrations
/// exist once per function that serves routes (`local.api_functions`, those whose trigger is "api").
const PER_FUNCTION: [&str; 1] = ["aws_lambda_function"];
const PER_API_FUNCTION: [&str; 1] = ["aws_apigatewayv2_integration"];
const PER_ROUTE: [&str; 1] = ["aws_apigatewayv2_route"];

/// What the Terraform module deploys, as far as the contract is concerned.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Module {
    /// The keys of `local.functions`: one Lambda each, named like its binary.
    pub functions: BTreeSet<String>,
    /// Each function's `trigger`, as written (a plain string); a function without one is absent.
    pub triggers: BTreeMap<String, String>,
    /// `local.routes`: an API Gateway route key (`GET /api/health`, or `$default`) and its function.
    pub routes: BTreeMap<String, String>,
    /// `local.api_paths` (cdn.tf): the path patterns CloudFront sends to the API rather than the site
    /// (`/api/*`, and the public pages the API renders), each a CloudFront path pattern.
    pub api_paths: Vec<String>,
    /// Every `resource` block, by `(type, name)`, with its `for_each` expression as written (if any)
    /// and its other attributes as written.
    pub resources: BTreeMap<(String, String), Resource>,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Resource {
    pub for_each: Option<String>,
    pub attributes: BTreeMap<String, String>,
}

impl Module {
    /// Reads every `.tf` file under `dir` (recursively), as Terraform reads a module's files together.
    pub fn read(dir: &Path) -> Result<Self> {
        let mut files = Vec::new();
        collect_tf_files(dir, &mut files)?;
        if files.is_empty() {
            bail!("no .tf files under {}", dir.display());
        }
        files.sort();
        let mut module = Module::default();
        for file in files {
            let text = std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
            module.add(&text).with_context(|| format!("in {}", file.display()))?;
        }
        Ok(module)
    }

    /// Adds one file's blocks.
    pub fn add(&mut self, hcl_text: &str) -> Result<()> {
        let body: Body = hcl::parse(hcl_text).context("not valid HCL")?;
        for block in body.blocks() {
            match block.identifier() {
                "locals" => {
                    for attribute in block.body().attributes() {
                        match attribute.key() {
                            "functions" => {
                                ensure_unset(self.functions.is_empty(), "local.functions")?;
                                self.functions = object_keys(attribute.expr()).context("local.functions")?;
                                self.triggers =
                                    string_fields(attribute.expr(), "trigger").context("local.functions")?;
                            }
                            "routes" => {
                                ensure_unset(self.routes.is_empty(), "local.routes")?;
                                self.routes = string_map(attribute.expr()).context("local.routes")?;
                            }
                            "api_paths" => {
                                ensure_unset(self.api_paths.is_empty(), "local.api_paths")?;
                                self.api_paths = string_list(attribute.expr()).context("local.api_paths")?;
                            }
                            _ => {}
                        }
                    }
                }
                "resource" => {
                    let labels: Vec<&str> = block.labels().iter().map(|l| l.as_str()).collect();
                    let [kind, name] = labels[..] else {
                        bail!("a resource block with labels {labels:?} (want a type and a name)");
                    };
                    let mut resource = Resource::default();
                    for attribute in block.body().attributes() {
                        let text = attribute.expr().to_string();
                        if attribute.key() == "for_each" {
                            resource.for_each = Some(text);
                        } else {
                            resource.attributes.insert(attribute.key().to_owned(), text);
                        }
                    }
                    self.resources.insert((kind.to_owned(), name.to_owned()), resource);
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// The functions that serve routes (trigger "api").
    pub fn api_functions(&self) -> BTreeSet<String> {
        self.triggers.iter().filter(|(_, trigger)| *trigger == API_TRIGGER).map(|(name, _)| name.clone()).collect()
    }

    fn resources_of<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = (&'a str, &'a Resource)> + 'a {
        self.resources.iter().filter(move |((k, _), _)| k == kind).map(|((_, name), r)| (name.as_str(), r))
    }
}

fn ensure_unset(unset: bool, what: &str) -> Result<()> {
    if !unset {
        bail!("{what} is defined twice");
    }
    Ok(())
}

fn collect_tf_files(dir: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if path.is_dir() {
            // Terraform's own working files (provider caches, downloaded modules) are not the module.
            if name != ".terraform" {
                collect_tf_files(&path, files)?;
            }
        } else if name.ends_with(".tf") {
            files.push(path);
        }
    }
    Ok(())
}

/// The keys of an HCL object (`{ incidents = { ... } }`), as written.
fn object_keys(expr: &Expression) -> Result<BTreeSet<String>> {
    let Expression::Object(object) = expr else {
        bail!("must be an object literal, not `{expr}`");
    };
    object.keys().map(key_text).collect()
}

/// For each entry of an object of objects (`{ incidents = { trigger = "api" } }`), its `field` when that is
/// a plain string; entries without the field are left out.
fn string_fields(expr: &Expression, field: &str) -> Result<BTreeMap<String, String>> {
    let Expression::Object(object) = expr else {
        bail!("must be an object literal, not `{expr}`");
    };
    let mut found = BTreeMap::new();
    for (key, value) in object {
        let name = key_text(key)?;
        let Expression::Object(entry) = value else {
            bail!("the entry {name:?} must be an object literal, not `{value}`");
        };
        let value = entry.iter().find(|(key, _)| key_text(key).is_ok_and(|key| key == field)).map(|(_, value)| value);
        match value {
            Some(Expression::String(text)) => {
                found.insert(name, text.clone());
            }
            Some(other) => bail!("`{field}` of {name:?} must be a plain string, not `{other}`"),
            None => {}
        }
    }
    Ok(found)
}

/// An object whose values are all plain strings (`{ "GET /api/health" = "incidents" }`).
fn string_map(expr: &Expression) -> Result<BTreeMap<String, String>> {
    let Expression::Object(object) = expr else {
        bail!("must be an object literal, not `{expr}`");
    };
    object
        .iter()
        .map(|(key, value)| {
            let key = key_text(key)?;
            match value {
                Expression::String(function) => Ok((key, function.clone())),
                other => bail!("the value of {key:?} must be a plain string (a function's name), not `{other}`"),
            }
        })
        .collect()
}

fn string_list(expr: &Expression) -> Result<Vec<String>> {
    let Expression::Array(items) = expr else {
        bail!("must be a list literal, not `{expr}`");
    };
    items
        .iter()
        .map(|item| match item {
            Expression::String(text) => Ok(text.clone()),
            other => bail!("each item must be a plain string, not `{other}`"),
        })
        .collect()
}

fn key_text(key: &ObjectKey) -> Result<String> {
    match key {
        ObjectKey::Identifier(ident) => Ok(ident.as_str().to_owned()),
        ObjectKey::Expression(Expression::String(text)) => Ok(text.clone()),
        ObjectKey::Expression(other) => bail!("object keys must be names or plain strings, not `{other}`"),
        other => bail!("unsupported object key {other:?}"),
    }
}

/// The API's routes as API Gateway route keys (`GET /api/incidents/{id}`), from an OpenAPI document.
/// OpenAPI and API Gateway write path parameters the same way (`{id}`), so the paths compare as they are.
pub fn openapi_routes(document: &serde_json::Value) -> Result<BTreeSet<String>> {
    let paths = document.get("paths").and_then(|p| p.as_object()).context("the document has no `paths` object")?;
    let mut routes = BTreeSet::new();
    for (path, item) in paths {
        let item = item.as_object().with_context(|| format!("path {path} is not an object"))?;
        for key in item.keys() {
            let method = key.to_uppercase();
            // A path item also carries `parameters`, `summary` and the like: only methods are routes.
            if METHODS.contains(&method.as_str()) {
                routes.insert(format!("{method} {path}"));
            }
        }
    }
    Ok(routes)
}

/// The workspace's Lambda function binaries: the `bin` targets of the packages under `functions/` that
/// depend on `lambda_http` (functions behind the API) or `lambda_runtime` (functions invoked by a schedule
/// or a stream); the local server has a binary too, but it is no Lambda. `cargo xtask package` uses the
/// same rule to know what to build.
pub fn lambda_binaries(workspace_root: &Path) -> Result<BTreeSet<String>> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["metadata", "--no-deps", "--format-version", "1", "--offline"])
        .current_dir(workspace_root)
        .output()
        .context("running cargo metadata")?;
    if !output.status.success() {
        bail!("cargo metadata failed: {}", String::from_utf8_lossy(&output.stderr));
    }
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).context("parsing cargo metadata")?;
    lambda_binaries_in(&metadata, &workspace_root.join("functions"))
}

/// A (normal) dependency on one of these makes a package's binaries Lambda functions.
pub const LAMBDA_RUNTIMES: [&str; 2] = ["lambda_http", "lambda_runtime"];

/// [`lambda_binaries`] on `cargo metadata`'s output.
pub fn lambda_binaries_in(metadata: &serde_json::Value, functions_dir: &Path) -> Result<BTreeSet<String>> {
    let packages = metadata.get("packages").and_then(|p| p.as_array()).context("no `packages` in cargo metadata")?;
    let mut binaries = BTreeSet::new();
    for package in packages {
        let manifest = package.get("manifest_path").and_then(|m| m.as_str()).unwrap_or_default();
        let is_lambda = Path::new(manifest).starts_with(functions_dir)
            && package["dependencies"].as_array().is_some_and(|deps| {
                deps.iter()
                    .any(|d| LAMBDA_RUNTIMES.contains(&d["name"].as_str().unwrap_or_default()) && d["kind"].is_null())
            });
        if !is_lambda {
            continue;
        }
        for target in package["targets"].as_array().into_iter().flatten() {
            if target["kind"].as_array().is_some_and(|kinds| kinds.iter().any(|k| k == "bin")) {
                binaries.insert(target["name"].as_str().context("a bin target without a name")?.to_owned());
            }
        }
    }
    Ok(binaries)
}

/// Every disagreement between the module, the function binaries and the API's routes, each a sentence
/// that says what to change. Empty when they agree.
pub fn problems(module: &Module, binaries: &BTreeSet<String>, api_routes: &BTreeSet<String>) -> Vec<String> {
    let mut problems = Vec::new();

    for binary in binaries.difference(&module.functions) {
        problems.push(format!(
            "the function binary `{binary}` has no Lambda: add `{binary} = {{ ... }}` to local.functions in \
             {FUNCTIONS_FILE} (what invokes it, what it may do with the table, its settings)"
        ));
    }
    for function in &module.functions {
        match module.triggers.get(function) {
            Some(trigger) if TRIGGERS.contains(&trigger.as_str()) => {}
            Some(trigger) => problems.push(format!(
                "`{function}` in local.functions ({FUNCTIONS_FILE}) has the trigger {trigger:?}; it must be one of \
                 {TRIGGERS:?}"
            )),
            None => problems.push(format!(
                "`{function}` in local.functions ({FUNCTIONS_FILE}) says nothing of what invokes it: give it \
                 `trigger = ` one of {TRIGGERS:?}"
            )),
        }
    }
    for function in module.functions.difference(binaries) {
        problems.push(format!(
            "local.functions in {FUNCTIONS_FILE} deploys `{function}`, but no package under functions/ has a \
             Lambda binary of that name (a [[bin]] in a crate that depends on lambda_http or lambda_runtime)"
        ));
    }

    for route in api_routes {
        if !module.routes.contains_key(route) {
            problems.push(format!(
                "the API serves `{route}`, but API Gateway has no route for it: add `\"{route}\" = \"<function>\"` \
                 to local.routes in {ROUTES_FILE}, naming the function whose router serves it"
            ));
        }
    }
    for (route, function) in &module.routes {
        if route.starts_with('$') {
            // `$default` catches what no other route matches; it only needs a function behind it.
            if route != "$default" {
                problems.push(format!("unknown special route `{route}` in {ROUTES_FILE} (only `$default` exists)"));
            }
        } else if let Err(why) = check_route_key(route, &module.api_paths) {
            problems.push(format!("route `{route}` in {ROUTES_FILE}: {why}"));
        } else if !api_routes.contains(route) {
            problems.push(format!(
                "API Gateway route `{route}` ({ROUTES_FILE}) is not in the API's OpenAPI document: \
                 remove it, or fix its method or path"
            ));
        }
        if !module.functions.contains(function) {
            problems.push(format!(
                "route `{route}` goes to `{function}`, which local.functions ({FUNCTIONS_FILE}) does not deploy"
            ));
        } else if let Some(trigger) = module.triggers.get(function).filter(|trigger| *trigger != API_TRIGGER) {
            problems.push(format!(
                "route `{route}` goes to `{function}`, whose trigger is {trigger:?}: only functions with trigger \
                 \"{API_TRIGGER}\" serve routes ({FUNCTIONS_FILE})"
            ));
        }
    }

    for (kinds, map) in [
        (&PER_FUNCTION[..], "local.functions"),
        (&PER_API_FUNCTION[..], "local.api_functions"),
        (&PER_ROUTE[..], "local.routes"),
    ] {
        for kind in kinds {
            let mut found = false;
            for (name, resource) in module.resources_of(kind) {
                found = true;
                if resource.for_each.as_deref() != Some(map) {
                    problems.push(format!(
                        "resource {kind}.{name} must iterate the map (`for_each = {map}`), not {}",
                        resource.for_each.as_deref().map_or("be a single resource".to_owned(), |e| format!("`{e}`"))
                    ));
                }
            }
            if !found {
                problems.push(format!("the module has no {kind} resource (one per entry of {map})"));
            }
        }
    }
    // Each route must target its own function's integration, not a fixed one.
    for (name, resource) in module.resources_of("aws_apigatewayv2_route") {
        let target = resource.attributes.get("target").map(String::as_str).unwrap_or_default();
        if !target.contains("[each.value]") {
            problems.push(format!(
                "resource aws_apigatewayv2_route.{name} must target the integration of its own function \
                 (`...integration.<name>[each.value].id`), not `{target}`"
            ));
        }
    }

    problems
}

/// `METHOD /path`, as API Gateway HTTP APIs write route keys, on a path CloudFront sends to the API.
fn check_route_key(route: &str, api_paths: &[String]) -> Result<(), String> {
    let Some((method, path)) = route.split_once(' ') else {
        return Err("a route key is `METHOD /path`".into());
    };
    if !METHODS.contains(&method) && method != "ANY" {
        return Err(format!("`{method}` is not an HTTP method in capitals"));
    }
    // CloudFront's patterns: `*` matches any characters, and a pattern without one matches itself.
    let sent = api_paths.iter().any(|pattern| match pattern.strip_suffix('*') {
        Some(prefix) => path.starts_with(prefix),
        None => path == pattern,
    });
    if !sent {
        return Err(format!(
            "CloudFront sends only {api_paths:?} (local.api_paths, cdn.tf) to the API: the path must match one"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module in the shape of infra/modules/tanggap, small enough to read.
    const MODULE: &str = r#"
locals {
  functions = {
    incidents = { trigger = "api", table_actions = ["dynamodb:GetItem"] }
    sweeper   = { trigger = "schedule", table_actions = ["dynamodb:Query"] }
  }
  api_functions = { for name, function in local.functions : name => function if function.trigger == "api" }
  api_paths     = ["/api/*"]
}
locals {
  routes = {
    "GET /api/health"         = "incidents"
    "GET /api/incidents/{id}" = "incidents"
    "$default"                = "incidents"
  }
}
resource "aws_lambda_function" "function" {
  for_each      = local.functions
  function_name = "tanggap-${each.key}"
}
resource "aws_apigatewayv2_integration" "function" {
  for_each = local.api_functions
}
resource "aws_apigatewayv2_route" "route" {
  for_each  = local.routes
  route_key = each.key
  target    = "integrations/${aws_apigatewayv2_integration.function[each.value].id}"
}
"#;

    fn module(text: &str) -> Module {
        let mut module = Module::default();
        module.add(text).unwrap();
        module
    }

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn api() -> BTreeSet<String> {
        set(&["GET /api/health", "GET /api/incidents/{id}"])
    }

    /// The function binaries MODULE deploys.
    fn binaries() -> BTreeSet<String> {
        set(&["incidents", "sweeper"])
    }

    #[test]
    fn a_module_that_matches_the_code_has_no_problems() {
        let module = module(MODULE);
        assert_eq!(module.functions, binaries());
        assert_eq!(module.api_functions(), set(&["incidents"]));
        assert_eq!(module.routes.len(), 3);
        assert_eq!(problems(&module, &binaries(), &api()), Vec::<String>::new());
    }

    #[test]
    fn a_new_api_route_without_its_gateway_route_is_reported() {
        let mut routes = api();
        routes.insert("POST /api/auth/login".into());
        let found = problems(&module(MODULE), &binaries(), &routes);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].contains("`POST /api/auth/login`") && found[0].contains("local.routes"), "{found:#?}");
    }

    #[test]
    fn a_gateway_route_the_api_does_not_serve_is_reported() {
        let found = problems(&module(MODULE), &binaries(), &set(&["GET /api/health"]));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].contains("`GET /api/incidents/{id}`") && found[0].contains("not in the API"), "{found:#?}");
    }

    #[test]
    fn a_route_to_a_function_that_is_not_deployed_is_reported() {
        let text = MODULE.replace(r#""GET /api/health"         = "incidents""#, r#""GET /api/health" = "auth""#);
        let found = problems(&module(&text), &binaries(), &api());
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].contains("goes to `auth`"), "{found:#?}");
    }

    #[test]
    fn a_binary_without_a_lambda_and_a_lambda_without_a_binary_are_reported() {
        let found = problems(&module(MODULE), &set(&["notifier", "sweeper"]), &api());
        assert!(found.iter().any(|p| p.contains("`notifier` has no Lambda")), "{found:#?}");
        assert!(found.iter().any(|p| p.contains("deploys `incidents`")), "{found:#?}");
    }

    #[test]
    fn a_route_to_a_function_that_serves_no_routes_is_reported() {
        let text = MODULE.replace(r#""GET /api/health"         = "incidents""#, r#""GET /api/health" = "sweeper""#);
        let found = problems(&module(&text), &binaries(), &api());
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].contains("goes to `sweeper`, whose trigger is \"schedule\""), "{found:#?}");
    }

    #[test]
    fn a_function_must_say_what_invokes_it() {
        let text = MODULE.replace(r#"trigger = "schedule", "#, "").replace(r#"trigger = "api""#, r#"trigger = "cron""#);
        let found = problems(&module(&text), &binaries(), &api());
        assert!(
            found.iter().any(|p| p.contains("`sweeper`") && p.contains("says nothing of what invokes it")),
            "{found:#?}"
        );
        assert!(found.iter().any(|p| p.contains("`incidents`") && p.contains("\"cron\"")), "{found:#?}");
    }

    #[test]
    fn resources_that_escape_the_maps_are_reported() {
        let text = MODULE
            .replace("for_each      = local.functions\n", "")
            .replace("for_each = local.api_functions", "for_each = local.functions")
            .replace("[each.value]", r#"["incidents"]"#);
        let found = problems(&module(&text), &binaries(), &api());
        assert!(found.iter().any(|p| p.contains("aws_lambda_function.function must iterate")), "{found:#?}");
        assert!(
            found.iter().any(|p| p.contains(
                "aws_apigatewayv2_integration.function must iterate the map (`for_each = local.api_functions`)"
            )),
            "{found:#?}"
        );
        assert!(found.iter().any(|p| p.contains("must target the integration of its own function")), "{found:#?}");
    }

    #[test]
    fn malformed_route_keys_are_reported() {
        let text = MODULE.replace(r#""GET /api/health""#, r#""get /health""#);
        let found = problems(&module(&text), &binaries(), &set(&["GET /api/incidents/{id}"]));
        assert!(found.iter().any(|p| p.contains("not an HTTP method")), "{found:#?}");
    }

    #[test]
    fn a_route_must_lie_under_a_path_cloudfront_sends_to_the_api() {
        let text = MODULE.replace(r#""GET /api/health""#, r#""GET /lapor""#);
        let api = set(&["GET /lapor", "GET /api/incidents/{id}"]);
        let found = problems(&module(&text), &binaries(), &api);
        assert!(found.iter().any(|p| p.contains("local.api_paths")), "{found:#?}");
        let sent = text.replace(r#"api_paths     = ["/api/*"]"#, r#"api_paths     = ["/api/*", "/lapor"]"#);
        assert_eq!(problems(&module(&sent), &binaries(), &api), Vec::<String>::new());
    }

    #[test]
    fn openapi_paths_become_route_keys() {
        let document = serde_json::json!({
            "paths": {
                "/api/incidents": { "get": {}, "post": {}, "parameters": [] },
                "/api/incidents/{id}": { "get": {} }
            }
        });
        assert_eq!(
            openapi_routes(&document).unwrap(),
            set(&["GET /api/incidents", "POST /api/incidents", "GET /api/incidents/{id}"])
        );
    }

    #[test]
    fn only_function_packages_that_use_a_lambda_runtime_are_lambdas() {
        let metadata = serde_json::json!({ "packages": [
            { "manifest_path": "/ws/functions/incidents/Cargo.toml",
              "dependencies": [{ "name": "lambda_http", "kind": null }],
              "targets": [{ "name": "incidents", "kind": ["bin"] }] },
            { "manifest_path": "/ws/functions/sweeper/Cargo.toml",
              "dependencies": [{ "name": "lambda_runtime", "kind": null }],
              "targets": [{ "name": "sweeper", "kind": ["bin"] }] },
            { "manifest_path": "/ws/functions/local/Cargo.toml",
              "dependencies": [{ "name": "axum", "kind": null }],
              "targets": [{ "name": "tanggap-local", "kind": ["bin"] }] },
            { "manifest_path": "/ws/functions/api/Cargo.toml",
              "dependencies": [{ "name": "lambda_http", "kind": "dev" }],
              "targets": [{ "name": "tanggap_api", "kind": ["lib"] }] },
            { "manifest_path": "/ws/xtask/Cargo.toml",
              "dependencies": [{ "name": "lambda_http", "kind": null }],
              "targets": [{ "name": "xtask", "kind": ["bin"] }] }
        ]});
        assert_eq!(lambda_binaries_in(&metadata, Path::new("/ws/functions")).unwrap(), set(&["incidents", "sweeper"]));
    }
}
