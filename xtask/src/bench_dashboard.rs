//! `cargo xtask bench-dashboard [--calls N] [--regency CODE] [--year YYYY]`: writes a year of a large
//! regency's calls (Kabupaten Bogor's 1.7 million by default) into a fresh embedded store through the
//! incident service, then times the dashboard for a day, a month and the year, with the items each
//! reads (functions/local/src/year.rs does both; this builds it in release and runs it).
//!
//! A benchmark, not a test: it reports numbers. The store is left in target/bench-dashboard/ for a look
//! with `cargo xtask run -- --data-dir target/bench-dashboard --regency 32.01` (no demo users there:
//! create an admin with --create-admin).

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::{process, target_dir, tools};

pub fn bench_dashboard(root: &Path, args: &[String]) -> Result<()> {
    let mut calls = "1700000".to_owned();
    let mut regency = "32.01".to_owned();
    let mut year = "2025".to_owned();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut value = |name: &str| rest.next().with_context(|| format!("{name} needs a value")).cloned();
        match arg.as_str() {
            "--calls" => calls = value("--calls")?,
            "--regency" => regency = value("--regency")?,
            "--year" => year = value("--year")?,
            other => {
                bail!("usage: cargo xtask bench-dashboard [--calls N] [--regency CODE] [--year YYYY], got {other:?}")
            }
        }
    }
    tools::ensure_seed_packages(root)?;
    println!("==> building tanggap-local in release");
    process::run(process::cargo().args(["build", "--release", "--locked", "-p", "tanggap-local"]))?;
    let data = target_dir(root).join("bench-dashboard");
    if data.exists() {
        std::fs::remove_dir_all(&data).with_context(|| format!("removing the last run's {}", data.display()))?;
    }
    let binary = target_dir(root).join("release/tanggap-local");
    process::run(
        Command::new(binary)
            .args(["--data-dir"])
            .arg(&data)
            .args(["--regency", &regency, "--generate-year", &year, "--generate-calls", &calls])
            .arg("--area-data")
            .arg(root.join(tools::AREA_DATA))
            .env("RUST_LOG", "info"),
    )
}
