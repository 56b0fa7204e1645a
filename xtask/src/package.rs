//! `cargo xtask package`: everything Terraform uploads, built where infra/examples/regency expects it.
//!
//!   target/lambda/<function>/bootstrap.zip   every function binary, for Lambda on arm64 (provided.al2023)
//!   target/lambda/architecture.txt           `arm64`, or `x86_64` after a fallback (Terraform reads it)
//!   target/site/                              the frontend (the same build as `cargo xtask frontend`)
//!
//! The functions are the `bin` targets of the packages under functions/ that depend on lambda_http (the
//! API's functions) or lambda_runtime (the scheduled and stream-triggered ones), found with `cargo
//! metadata`, the same rule as the contract test in tests/contract; so a new function crate is packaged
//! without touching this file. cargo-lambda cross-compiles them with zig as the linker.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::{frontend, process, target_dir, tools};

const ARM64_TARGET: &str = "aarch64-unknown-linux-gnu";
/// A (normal) dependency on one of these makes a package's binaries Lambda functions.
const LAMBDA_RUNTIMES: [&str; 2] = ["lambda_http", "lambda_runtime"];
/// A zip above this (a cold start's download and unpack grow with it) is reported loudly.
const ZIP_GOAL: u64 = 6 * 1024 * 1024;

/// A Lambda function binary and the package that builds it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Function {
    pub package: String,
    pub binary: String,
    /// The features its package turns on in the workspace's own crates (`tanggap-api/s3`): functions
    /// that differ here are built apart ([`build_groups`]).
    pub features: BTreeSet<String>,
}

pub fn package(root: &Path, args: &[String]) -> Result<()> {
    let force_x86 = match args {
        [] => false,
        [flag] if flag == "--x86-64" => true,
        _ => bail!("usage: cargo xtask package [--x86-64], got {args:?}"),
    };
    let start = Instant::now();
    let functions = lambda_functions(root)?;
    anyhow::ensure!(!functions.is_empty(), "no Lambda function binaries under functions/");
    println!(
        "==> packaging {} function(s): {}",
        functions.len(),
        functions.iter().map(|f| f.binary.as_str()).collect::<Vec<_>>().join(", ")
    );

    tools::CARGO_LAMBDA.ensure(root)?;
    let arch = if force_x86 {
        Architecture::X86_64
    } else {
        match tools::ensure_rust_target(ARM64_TARGET) {
            Ok(()) => Architecture::Arm64,
            Err(err) => {
                fallback_banner(&err);
                Architecture::X86_64
            }
        }
    };

    let lambda_dir = target_dir(root).join("lambda");
    build_functions(root, &functions, arch, &lambda_dir)?;
    std::fs::write(lambda_dir.join("architecture.txt"), format!("{}\n", arch.terraform_name()))
        .context("writing target/lambda/architecture.txt")?;

    println!("==> building the site");
    let site = frontend::build(root).context("building the frontend")?;

    println!("==> packaged in {:.0} s ({})", start.elapsed().as_secs_f64(), arch.terraform_name());
    let mut over_goal = Vec::new();
    for function in &functions {
        let zip = lambda_dir.join(&function.binary).join("bootstrap.zip");
        let size = std::fs::metadata(&zip).with_context(|| format!("cargo-lambda wrote no {}", zip.display()))?.len();
        println!("    {:<48} {:>7.2} MB", rel(root, &zip), size as f64 / 1024.0 / 1024.0);
        if size > ZIP_GOAL {
            over_goal.push(function.binary.clone());
        }
    }
    println!("    {:<48}", format!("{}/", rel(root, &site.dir)));
    if !over_goal.is_empty() {
        println!(
            "    WARNING: over the {} MB goal: {} (a bigger zip starts colder; look for a new heavy dependency)",
            ZIP_GOAL / 1024 / 1024,
            over_goal.join(", ")
        );
    }
    if arch == Architecture::X86_64 && !force_x86 {
        fallback_banner(&anyhow::anyhow!("see above"));
    }
    println!("Next: cd infra/examples/regency && terraform init && terraform apply (infra/README.md)");
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Architecture {
    Arm64,
    X86_64,
}

impl Architecture {
    fn cargo_lambda_flag(self) -> &'static str {
        match self {
            Self::Arm64 => "--arm64",
            Self::X86_64 => "--x86-64",
        }
    }

    /// As Lambda (and so Terraform) names it.
    fn terraform_name(self) -> &'static str {
        match self {
            Self::Arm64 => "arm64",
            Self::X86_64 => "x86_64",
        }
    }
}

fn fallback_banner(err: &anyhow::Error) {
    let line = "!".repeat(100);
    println!("{line}");
    println!("!! The arm64 target ({ARM64_TARGET}) cannot be added: {err:#}");
    println!("!! FALLING BACK TO x86_64. The functions will run on x86_64 Lambdas, about 25% dearer per GB-second.");
    println!(
        "!! target/lambda/architecture.txt says x86_64, and Terraform follows it. Fix rustup to go back to arm64."
    );
    println!("{line}");
}

fn build_functions(root: &Path, functions: &[Function], arch: Architecture, lambda_dir: &Path) -> Result<()> {
    let venv_bin = tools::CARGO_LAMBDA.dir(root).join("bin");
    // The venv's bin first: cargo-lambda finds zig (the ziglang package) through the venv's python3.
    let path = std::env::join_paths(
        std::iter::once(venv_bin.clone()).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )?;
    for packages in build_groups(functions) {
        let mut cmd = Command::new(venv_bin.join("cargo-lambda"));
        cmd.args(["lambda", "build", "--release", "--locked", "--output-format", "zip", arch.cargo_lambda_flag()])
            .arg("--lambda-dir")
            .arg(lambda_dir)
            .env("PATH", &path);
        for package in &packages {
            cmd.args(["--package", package]);
        }
        process::run(&mut cmd).with_context(|| format!("cargo lambda build of {}", packages.join(", ")))?;
    }
    Ok(())
}

/// The packages to build together, one cargo build per group. Cargo unifies features across all the
/// packages of one build: built with the photos function, every function would get tanggap-api's "s3"
/// (and look for a bucket at cold start). So functions that turn on the same features of the workspace's
/// crates are built together (sharing one compilation of everything), the others apart.
fn build_groups(functions: &[Function]) -> Vec<Vec<String>> {
    let mut groups: BTreeMap<&BTreeSet<String>, BTreeSet<&str>> = BTreeMap::new();
    for function in functions {
        groups.entry(&function.features).or_default().insert(&function.package);
    }
    groups.into_values().map(|packages| packages.into_iter().map(str::to_owned).collect()).collect()
}

/// The workspace's Lambda function binaries: `bin` targets of packages under functions/ that depend on
/// lambda_http or lambda_runtime. Kept in step with tests/contract's `lambda_binaries`.
pub fn lambda_functions(root: &Path) -> Result<Vec<Function>> {
    let json = process::output(process::cargo().args(["metadata", "--no-deps", "--format-version", "1", "--offline"]))
        .context("cargo metadata")?;
    let metadata: serde_json::Value = serde_json::from_str(&json).context("parsing cargo metadata")?;
    functions_in(&metadata, &root.join("functions"))
}

fn functions_in(metadata: &serde_json::Value, functions_dir: &Path) -> Result<Vec<Function>> {
    let mut found = BTreeSet::new();
    for package in metadata["packages"].as_array().context("no packages in cargo metadata")? {
        let manifest = Path::new(package["manifest_path"].as_str().unwrap_or_default());
        let uses_a_lambda_runtime = package["dependencies"].as_array().is_some_and(|deps| {
            deps.iter()
                .any(|d| LAMBDA_RUNTIMES.contains(&d["name"].as_str().unwrap_or_default()) && d["kind"].is_null())
        });
        if !manifest.starts_with(functions_dir) || !uses_a_lambda_runtime {
            continue;
        }
        let name = package["name"].as_str().context("a package without a name")?;
        // Path dependencies are the workspace's own crates (registry ones have no `path`).
        let features: BTreeSet<String> = package["dependencies"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|d| d["path"].is_string() && d["kind"].is_null())
            .flat_map(|d| {
                let dependency = d["name"].as_str().unwrap_or_default();
                d["features"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(move |feature| Some(format!("{dependency}/{}", feature.as_str()?)))
            })
            .collect();
        for target in package["targets"].as_array().into_iter().flatten() {
            if target["kind"].as_array().is_some_and(|kinds| kinds.iter().any(|k| k == "bin")) {
                let binary = target["name"].as_str().context("a bin without a name")?;
                found.insert(Function {
                    package: name.to_owned(),
                    binary: binary.to_owned(),
                    features: features.clone(),
                });
            }
        }
    }
    Ok(found.into_iter().collect())
}

fn rel(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).map(PathBuf::from).unwrap_or_else(|_| path.to_path_buf()).display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_lambda_binaries_under_functions_are_packaged() {
        let metadata = serde_json::json!({ "packages": [
            { "name": "tanggap-fn-incidents", "manifest_path": "/ws/functions/incidents/Cargo.toml",
              "dependencies": [{ "name": "lambda_http", "kind": null },
                               { "name": "tanggap-api", "kind": null, "path": "/ws/functions/api", "features": ["ssm", "s3"] }],
              "targets": [{ "name": "incidents", "kind": ["bin"] }] },
            { "name": "tanggap-fn-sweeper", "manifest_path": "/ws/functions/sweeper/Cargo.toml",
              "dependencies": [{ "name": "lambda_runtime", "kind": null }],
              "targets": [{ "name": "sweeper", "kind": ["bin"] }] },
            { "name": "tanggap-local", "manifest_path": "/ws/functions/local/Cargo.toml",
              "dependencies": [{ "name": "axum", "kind": null }],
              "targets": [{ "name": "tanggap-local", "kind": ["bin"] }] },
            { "name": "tanggap-api", "manifest_path": "/ws/functions/api/Cargo.toml",
              "dependencies": [{ "name": "lambda_http", "kind": "dev" }],
              "targets": [{ "name": "tanggap_api", "kind": ["lib"] }] }
        ]});
        assert_eq!(
            functions_in(&metadata, Path::new("/ws/functions")).unwrap(),
            vec![
                Function {
                    package: "tanggap-fn-incidents".into(),
                    binary: "incidents".into(),
                    features: ["tanggap-api/s3".to_owned(), "tanggap-api/ssm".to_owned()].into(),
                },
                Function { package: "tanggap-fn-sweeper".into(), binary: "sweeper".into(), features: BTreeSet::new() },
            ]
        );
    }

    #[test]
    fn functions_that_turn_on_other_workspace_features_are_built_apart() {
        let function = |package: &str, features: &[&str]| Function {
            package: package.to_owned(),
            binary: package.to_owned(),
            features: features.iter().map(|f| f.to_string()).collect(),
        };
        let functions = [
            function("auth", &["tanggap-api/ssm"]),
            function("incidents", &["tanggap-api/s3", "tanggap-api/ssm"]),
            function("sweeper", &["tanggap-api/ssm"]),
        ];
        let mut groups = build_groups(&functions);
        groups.sort();
        assert_eq!(groups, vec![vec!["auth".to_owned(), "sweeper".to_owned()], vec!["incidents".to_owned()]]);
    }
}
