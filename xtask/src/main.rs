//! The project's commands, run as `cargo xtask <command>` (see `.cargo/config.toml`).
//!
//! Plain Rust instead of shell scripts or make: it runs wherever cargo runs, needs nothing else
//! installed first, and installs the rest (wasm target, Python venv, npm packages, Chromium) itself.

mod bench_dashboard;
mod bench_start;
mod frontend;
mod infra;
mod package;
mod process;
mod run;
mod test;
mod tools;
mod vendor;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const HELP: &str = "\
Usage: cargo xtask <command> [args]

Commands:
  run [-- ARGS]   build what is missing, then serve the product locally with demo data
                  (env PORT, TANGGAP_DATA_DIR, TANGGAP_REGENCY pass through; ARGS go to tanggap-local)
  test            every test: Terraform checks (fmt, checkov), Rust (natively, against moto's DynamoDB,
                  with the infra contract test), wasm builds with the size budget, then the browser
                  scenarios against a local server
  frontend        build the web app into target/site/ (hashed, precompressed assets, size report)
  package [--x86-64]
                  build what Terraform deploys: every function as an arm64 Lambda zip in
                  target/lambda/<name>/bootstrap.zip, and the site in target/site/ (infra/README.md)
  bench-start [--runs N] [--function NAME]
                  time a release function binary from start to its first response on a fake Lambda
                  runtime (a stand-in for cold starts; default: incidents, 20 runs)
  bench-dashboard [--calls N] [--regency CODE] [--year YYYY]
                  write a year of calls (Kabupaten Bogor's 1.7 million by default) through the incident
                  service into a fresh embedded store, then time the dashboard for a day, a month, a year
  help            this text

Missing tools are installed on first use (rustup targets, Python venvs under .tools, npm ci, apt-get
chromium).";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    // Every path below is relative to the repository root, wherever the command was started.
    if let Err(err) = std::env::set_current_dir(&root) {
        eprintln!("error: cannot enter {}: {err}", root.display());
        return ExitCode::FAILURE;
    }

    let (command, rest) = match args.split_first() {
        Some((command, rest)) => (command.as_str(), rest),
        None => ("help", &[][..]),
    };
    let result = match command {
        "run" => run::run(&root, rest),
        "test" => no_args(command, rest).and_then(|()| test::test(&root)),
        "frontend" => no_args(command, rest).and_then(|()| frontend::build(&root).map(drop)),
        "package" => package::package(&root, rest),
        "bench-start" => bench_start::bench_start(&root, rest),
        "bench-dashboard" => bench_dashboard::bench_dashboard(&root, rest),
        "help" | "-h" | "--help" => {
            println!("{HELP}");
            Ok(())
        }
        other => {
            eprintln!("error: unknown command `{other}`\n\n{HELP}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // `{:#}` prints the whole context chain on one line: "step: cause: root cause".
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn no_args(command: &str, rest: &[String]) -> anyhow::Result<()> {
    anyhow::ensure!(rest.is_empty(), "`cargo xtask {command}` takes no arguments, got {rest:?}");
    Ok(())
}

/// The workspace root: xtask's own manifest lives one level below it.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives inside the workspace").to_path_buf()
}

/// Cargo's target directory, honouring CARGO_TARGET_DIR like cargo itself does.
fn target_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root.join(dir),
        None => root.join("target"),
    }
}
