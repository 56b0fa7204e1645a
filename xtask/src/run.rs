//! `cargo xtask run`: build what is missing, then serve the product locally with demo data.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::{frontend, process, target_dir, tools};

/// `args` are what followed `run`; those after `--` go to tanggap-local as they are.
pub fn run(root: &Path, args: &[String]) -> Result<()> {
    let extra = match args.split_first() {
        None => &[][..],
        Some((sep, rest)) if sep == "--" => rest,
        Some(_) => bail!("usage: cargo xtask run [-- ARGS for tanggap-local], got {args:?}"),
    };

    tools::ensure_seed_packages(root)?;
    let site = frontend::build(root).context("building the frontend")?;
    process::run(process::cargo().args(["build", "--locked", "-p", "tanggap-local"]))
        .context("building tanggap-local")?;

    let target = target_dir(root);
    let mut cmd = Command::new(target.join("debug/tanggap-local"));
    // Our defaults, unless the caller passed the same flag (clap rejects a flag given twice).
    let given = |flag: &str| extra.iter().any(|a| a == flag || a.starts_with(&format!("{flag}=")));
    if !given("--demo") {
        cmd.arg("--demo");
    }
    if !given("--site-dir") {
        cmd.arg("--site-dir").arg(&site.dir);
    }
    if !given("--area-data") {
        cmd.arg("--area-data").arg(root.join(tools::AREA_DATA));
    }
    cmd.args(extra);
    // PORT, TANGGAP_DATA_DIR and TANGGAP_REGENCY reach the server through the inherited environment.
    println!("==> {}", process::describe(&cmd));
    exec(cmd)
}

/// Becomes the server (Unix exec): Ctrl-C, the exit code and the terminal are then simply its own.
#[cfg(unix)]
fn exec(mut cmd: Command) -> Result<()> {
    use std::os::unix::process::CommandExt;
    let err = cmd.exec();
    Err(err).with_context(|| format!("cannot start `{}`", process::describe(&cmd)))
}

/// Elsewhere: run it and wait; Ctrl-C reaches the child too, as it shares the console.
#[cfg(not(unix))]
fn exec(mut cmd: Command) -> Result<()> {
    process::run(&mut cmd)
}
