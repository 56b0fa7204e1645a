//! The web app's build: wasm, JS glue, content-hashed assets, precompression, size budget.
//!
//! target/site/ is what gets served (locally by tanggap-local, on AWS from S3 behind CloudFront):
//!   index.html                              from frontend/index.html, placeholders filled in
//!   assets/tanggap-<console>-<hash>.js      a console's wasm-bindgen glue   (+ .br, .gz)
//!   assets/tanggap-<console>-<hash>_bg.wasm a console's app                 (+ .br, .gz)
//!   assets/style-<hash>.css                 frontend/style.css              (+ .br, .gz)
//!   assets/boot-<hash>.js                   picks the console, imports its glue, loads its wasm
//!   assets/snippets/...               JS snippets of dependencies, if any
//!   ...                               frontend/public/, copied as-is
//! Hashed names let /assets/* be cached forever while index.html is always revalidated.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};

use crate::{process, target_dir, tools};

const PACKAGE: &str = "tanggap-frontend";
/// One wasm per console, each the frontend built with only that cargo feature, so that a phone loads
/// only the pages of its user's console (frontend/src/console.rs says which page is in which). The
/// first is the boot script's default.
const CONSOLES: [&str; 4] = ["operator", "agency", "admin", "dashboard"];
/// Cargo names the wasm after the binary: `tanggap_frontend` by the crate's choice, else the package name.
const WASM_FILES: [&str; 2] = ["tanggap_frontend.wasm", "tanggap-frontend.wasm"];
/// The wasm goes over weak mobile links: each console's brotli size must stay within its budget (1 KB =
/// 1024 bytes), checked on what is shipped, after wasm-opt. The agency console is used on phones over
/// 3G/4G and keeps DOMAIN.md's 250 KB. The operator and admin consoles are desk screens in the command
/// center on the center's own network, loaded once per shift and then cached: they may take more, up to
/// 310 KB, so that the operator's keyboard-first intake, map, incident page and dispatch panel fit. It
/// was 300 KB until dispatch came, and 315 KB for a while when the citizens' ticket and rating joined
/// the incident and its history; reading a history's changes without serde's buffering
/// (`tanggap_domain::event::tag_first`) took 10.7 KB off the operator's, and the budget went back down.
/// The next feature must make room for itself (issue 19 is where the consoles get lighter). The
/// regent's dashboard is read on phones too: it keeps the 250 KB.
/// The citizens' pages are no wasm at all (functions/api/src/public).
const WASM_BROTLI_BUDGET: u64 = 250 * 1024;
const DESK_WASM_BROTLI_BUDGET: u64 = 310 * 1024;

/// The budget of one console's wasm.
fn budget_of(console: &str) -> u64 {
    match console {
        "operator" | "admin" => DESK_WASM_BROTLI_BUDGET,
        _ => WASM_BROTLI_BUDGET,
    }
}
/// Cargo's rustflags for the wasm target only: host build scripts and proc macros keep theirs, and so
/// their cache. `erase_components` makes leptos type-erase views, so that generic rendering code is
/// compiled once per view type rather than once per component and closure (7-11% less brotli, measured).
const WASM_RUSTFLAGS_VAR: &str = "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS";
const WASM_RUSTFLAGS: &str = "--cfg erase_components";
/// wasm-opt's optimisation level: -Os, not -Oz, whose output is 4% smaller raw but up to 1 KB larger
/// brotli-compressed, and brotli bytes are what crosses the network.
const WASM_OPT_LEVEL: &str = "-Os";
/// Also asked of wasm-opt: drop what only tools need. The features wasm-opt may use are read from the
/// target_features section, which the frontend keeps for this (`strip = false`, root Cargo.toml).
const WASM_OPT_STRIP: [&str; 3] = ["--strip-target-features", "--strip-debug", "--strip-producers"];

pub struct Site {
    pub dir: PathBuf,
}

/// Builds the site into target/site/. A failed or over-budget build leaves the previous site alone.
pub fn build(root: &Path) -> Result<Site> {
    tools::ensure_wasm_target()?;
    let target = target_dir(root);
    let site = target.join("site");
    // Built next to the final place (same filesystem, so the swap is a rename) under a name unique
    // to this process; removed again if anything below fails.
    let stage = StageDir::new(target.join(format!("site.stage-{}", std::process::id())))?;
    let out = &stage.0;
    let assets = out.join("assets");
    fs::create_dir_all(&assets)?;

    let mut bundles = Vec::new();
    let mut took = Duration::ZERO;
    for console in CONSOLES {
        bundles.push(build_console(root, &target, console, &assets, &mut took)?);
    }
    let start = Instant::now();
    let style = place_hashed(&root.join("frontend/style.css"), &assets, "style", ".css")?;
    // The page's only script is this file: an inline one would need the Content-Security-Policy to allow
    // inline scripts (CloudFront sends `script-src 'self' 'wasm-unsafe-eval'`, infra/modules/tanggap/cdn.tf).
    let boot = place_hashed_bytes(boot_script(&bundles).as_bytes(), &assets, "boot", ".js")?;

    let public = root.join("frontend/public");
    if public.is_dir() {
        copy_tree(&public, out).context("copying frontend/public")?;
    }
    crate::vendor::copy_into(root, out).context("copying the vendored browser libraries")?;
    write_index(root, out, &Assets { style, boot })?;

    let sizes = precompress(&assets)?;
    took += start.elapsed();
    // A development build may be let through over budget (never CI's: it does not set this).
    let override_budget =
        std::env::var("TANGGAP_WASM_BUDGET_KB").ok().and_then(|kb| kb.parse::<u64>().ok()).map(|kb| kb * 1024);
    let budget = |console: &str| override_budget.unwrap_or_else(|| budget_of(console));
    report(&sizes, &bundles, took);
    let mut over = Vec::new();
    for bundle in &bundles {
        let wasm =
            sizes.iter().find(|s| s.name == bundle.wasm).context("a wasm is missing from the compressed assets")?;
        if wasm.brotli > budget(bundle.console) {
            over.push(format!("{} {} KB of {} KB", bundle.console, kb(wasm.brotli), kb(budget(bundle.console))));
        }
    }
    if !over.is_empty() {
        bail!(
            "over the brotli budget: {}. Find what grew (a new dependency? debug info? a \
             `format!`-heavy path? a page in a console that does not need it?) before shipping it",
            over.join(", ")
        );
    }

    stage.commit(&site)?;
    println!("    site ready in {}", site.display());
    Ok(Site { dir: site })
}

/// One console's wasm and glue, in the site's assets.
struct Bundle {
    console: &'static str,
    js: String,
    wasm: String,
    optimised: Optimised,
}

/// Builds the console's wasm (the frontend with only that feature), runs wasm-bindgen and wasm-opt on
/// it, and places the results in `assets` under hashed names. `took` adds up the time after cargo.
fn build_console(
    root: &Path,
    target: &Path,
    console: &'static str,
    assets: &Path,
    took: &mut Duration,
) -> Result<Bundle> {
    let mut cargo = process::cargo();
    cargo.args(["build", "--release", "--locked", "--target", tools::WASM_TARGET, "-p", PACKAGE]);
    cargo.args(["--no-default-features", "--features", console]);
    cargo.env(WASM_RUSTFLAGS_VAR, wasm_rustflags());
    process::run(&mut cargo).with_context(|| format!("building the {console} console's wasm"))?;
    // Cargo links the file below again for each feature set, even when nothing was recompiled.
    let wasm = built_wasm(&target.join(tools::WASM_TARGET).join("release"))?;

    let start = Instant::now();
    let glue = assets.join(format!(".bindgen-{console}"));
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&wasm)
        .web(true)?
        .typescript(false)
        .remove_name_section(true)
        .remove_producers_section(true)
        .generate(&glue)
        .with_context(|| format!("wasm-bindgen on {}", wasm.display()))?;
    let stem = wasm.file_stem().unwrap_or_default().to_string_lossy();
    let optimised = optimise(root, target, console, &glue.join(format!("{stem}_bg.wasm")))?;

    let prefix = format!("tanggap-{console}");
    let js = place_hashed(&glue.join(format!("{stem}.js")), assets, &prefix, ".js")?;
    let wasm_name = place_hashed(&glue.join(format!("{stem}_bg.wasm")), assets, &prefix, "_bg.wasm")?;
    // Snippets are imported relative to the glue (`./snippets/...`): keep them beside it. (They are
    // the same files in every console: named by crate and content.)
    if glue.join("snippets").is_dir() {
        copy_tree(&glue.join("snippets"), &assets.join("snippets"))?;
    }
    fs::remove_dir_all(&glue)?;
    *took += start.elapsed();
    Ok(Bundle { console, js, wasm: wasm_name, optimised })
}

/// The rustflags for the wasm target: ours after any the caller set for it. (RUSTFLAGS or
/// CARGO_ENCODED_RUSTFLAGS, when set, take precedence over all target rustflags in cargo: then the
/// wasm is built without ours, larger but working.)
fn wasm_rustflags() -> String {
    match std::env::var(WASM_RUSTFLAGS_VAR) {
        Ok(theirs) if !theirs.trim().is_empty() => format!("{theirs} {WASM_RUSTFLAGS}"),
        _ => WASM_RUSTFLAGS.to_owned(),
    }
}

/// What wasm-opt did, for the size report.
struct Optimised {
    before: u64,
    after: u64,
    cached: bool,
}

/// Runs wasm-opt on wasm-bindgen's output, in place. It takes seconds, so its result is kept under
/// target/wasm-opt/, named by the console and a hash of its input, the settings and binaryen's
/// version: rebuilding an unchanged app reuses it. Only the latest result of each console is kept.
fn optimise(root: &Path, target: &Path, console: &str, wasm: &Path) -> Result<Optimised> {
    let input = fs::read(wasm).with_context(|| format!("cannot read {}", wasm.display()))?;
    let lock = root.join(tools::WASM_OPT_DIR).join("package-lock.json");
    let mut key = Sha256::new();
    key.update(&input);
    key.update(fs::read(&lock).with_context(|| format!("cannot read {}", lock.display()))?);
    key.update([WASM_OPT_LEVEL].iter().chain(&WASM_OPT_STRIP).map(|a| format!("{a}\n")).collect::<String>());
    let key: String = key.finalize().iter().take(16).map(|b| format!("{b:02x}")).collect();
    let cache = target.join("wasm-opt");
    let cached = cache.join(format!("{console}-{key}.wasm"));

    let hit = cached.is_file();
    if !hit {
        let script = tools::ensure_wasm_opt(root)?;
        let out = with_suffix(wasm, ".opt");
        let mut cmd = Command::new("node");
        cmd.arg(&script).arg(wasm).arg(WASM_OPT_LEVEL).args(WASM_OPT_STRIP).arg("-o").arg(&out);
        process::run_quietly(&mut cmd).context("wasm-opt (is node installed?)")?;
        fs::create_dir_all(&cache).with_context(|| format!("cannot create {}", cache.display()))?;
        for old in fs::read_dir(&cache)? {
            let old = old?.path();
            if old.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(&format!("{console}-"))) {
                fs::remove_file(&old).with_context(|| format!("cannot remove {}", old.display()))?;
            }
        }
        fs::rename(&out, &cached).with_context(|| format!("cannot move wasm-opt's output to {}", cached.display()))?;
    }
    fs::copy(&cached, wasm).with_context(|| format!("cannot copy {} to {}", cached.display(), wasm.display()))?;
    let after = fs::metadata(wasm)?.len();
    Ok(Optimised { before: input.len() as u64, after, cached: hit })
}

/// The wasm cargo just built: the newest of the names it may have (an old one may linger).
fn built_wasm(release: &Path) -> Result<PathBuf> {
    WASM_FILES
        .iter()
        .map(|name| release.join(name))
        .filter_map(|path| Some((fs::metadata(&path).and_then(|m| m.modified()).ok()?, path)))
        .max()
        .map(|(_, path)| path)
        .with_context(|| format!("no {} in {} after the build", WASM_FILES.join(" or "), release.display()))
}

/// Copies `src` into `dir` as `<prefix>-<first 8 hex of sha256><suffix>` and returns that name.
fn place_hashed(src: &Path, dir: &Path, prefix: &str, suffix: &str) -> Result<String> {
    let bytes = fs::read(src).with_context(|| format!("cannot read {}", src.display()))?;
    place_hashed_bytes(&bytes, dir, prefix, suffix)
}

/// Writes `bytes` into `dir` as `<prefix>-<first 8 hex of sha256><suffix>` and returns that name.
fn place_hashed_bytes(bytes: &[u8], dir: &Path, prefix: &str, suffix: &str) -> Result<String> {
    let hash = Sha256::digest(bytes);
    let hex: String = hash.iter().take(4).map(|b| format!("{b:02x}")).collect();
    let name = format!("{prefix}-{hex}{suffix}");
    fs::write(dir.join(&name), bytes).with_context(|| format!("cannot write {name}"))?;
    Ok(name)
}

/// The boot script: picks the console, then imports its glue and starts it with its wasm (all by hashed
/// name, so the boot script's own hash changes whenever any does). The choice: the console the app asked
/// for when it reloaded for a page of another (sessionStorage, read once), else one guessed from the
/// address, else the one used last on this device (localStorage), else the first. The guess only saves
/// a reload: the app itself goes where a page is (frontend/src/console.rs, which has the same keys).
/// No top-level await and no `??`, for older phones' browsers.
fn boot_script(bundles: &[Bundle]) -> String {
    let table: String =
        bundles.iter().map(|b| format!("  {}: ['/assets/{}', '/assets/{}'],\n", b.console, b.js, b.wasm)).collect();
    let default = bundles.first().map_or("", |b| b.console);
    format!(
        "// Starts Tanggap. Generated by `cargo xtask frontend` (xtask/src/frontend.rs).\n\
         const bundles = {{\n{table}}};\n\
         function stored(storage, key, once) {{\n\
         \x20 try {{\n\
         \x20   const value = window[storage].getItem(key);\n\
         \x20   if (once) window[storage].removeItem(key);\n\
         \x20   return Object.prototype.hasOwnProperty.call(bundles, value) ? value : null;\n\
         \x20 }} catch (e) {{\n\
         \x20   return null;\n\
         \x20 }}\n\
         }}\n\
         const path = location.pathname;\n\
         const guess = path.startsWith('/admin/') || path === '/dinas' || path.startsWith('/dinas/') ? 'admin' :\n\
         \x20 path === '/tugas' || path.startsWith('/tugas/') ? 'agency' : path === '/dasbor' ? 'dashboard' : null;\n\
         const chosen = stored('sessionStorage', 'tanggap.console.next', true) || guess ||\n\
         \x20 stored('localStorage', 'tanggap.console', false) || '{default}';\n\
         const [js, wasm] = bundles[chosen];\n\
         // The wasm downloads while the glue loads.\n\
         const module = fetch(wasm);\n\
         import(js).then((glue) => glue.default({{ module_or_path: module }}));\n"
    )
}

/// The hashed names (under /assets/) that index.html refers to. (Not the consoles' glue and wasm: which
/// of them a page needs is known only to the boot script.)
struct Assets {
    style: String,
    boot: String,
}

/// Fills frontend/index.html's placeholders with the hashed asset paths.
fn write_index(root: &Path, out: &Path, assets: &Assets) -> Result<()> {
    let template_path = root.join("frontend/index.html");
    let template = fs::read_to_string(&template_path)
        .with_context(|| format!("cannot read the template {}", template_path.display()))?;
    let html = fill_index(&template, assets).context("in frontend/index.html")?;
    fs::write(out.join("index.html"), html).context("cannot write index.html")
}

/// Every placeholder must be there (a lost one would ship a page that never starts), and no other.
/// No inline script either: the Content-Security-Policy on AWS would block it.
fn fill_index(template: &str, assets: &Assets) -> Result<String> {
    if let Some(at) = find_inline_script(template) {
        let rest: String = template[at..].chars().take(60).collect();
        bail!("inline script at {rest:?}: the CSP allows only files from /assets/ (put it in the boot script)");
    }
    let mut html = template.to_owned();
    for (placeholder, value) in [("{{style}}", &assets.style), ("{{boot}}", &assets.boot)] {
        if !html.contains(placeholder) {
            bail!("the placeholder {placeholder} is missing");
        }
        // Absolute paths: index.html is also served for deep links such as /insiden/123.
        html = html.replace(placeholder, &format!("/assets/{value}"));
    }
    if let Some(at) = html.find("{{") {
        let rest: String = html[at..].chars().take(30).collect();
        bail!("unknown placeholder at {rest:?}");
    }
    Ok(html)
}

/// Where a `<script>` without a `src` starts, if the template has one.
fn find_inline_script(template: &str) -> Option<usize> {
    let lower = template.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find("<script") {
        let start = from + at;
        let end = lower[start..].find('>').map_or(lower.len(), |e| start + e);
        if !lower[start..end].contains(" src=") {
            return Some(start);
        }
        from = end;
    }
    None
}

struct Sizes {
    name: String,
    raw: u64,
    gzip: u64,
    brotli: u64,
}

/// Writes `<file>.br` (brotli, quality 11) and `<file>.gz` (gzip, best) beside every asset, so that
/// servers can send them as they are. The wasm is by far the slowest: it gets its own thread.
fn precompress(assets: &Path) -> Result<Vec<Sizes>> {
    let mut files = Vec::new();
    collect_files(assets, &mut files)?;
    let results: Vec<Result<Sizes>> = std::thread::scope(|scope| {
        let handles: Vec<_> = files.iter().map(|path| scope.spawn(move || compress_one(assets, path))).collect();
        handles.into_iter().map(|h| h.join().expect("compression thread panicked")).collect()
    });
    let mut sizes = results.into_iter().collect::<Result<Vec<_>>>()?;
    sizes.sort_by_key(|s| std::cmp::Reverse(s.raw));
    Ok(sizes)
}

fn compress_one(assets: &Path, path: &Path) -> Result<Sizes> {
    let bytes = fs::read(path)?;
    let name = path.strip_prefix(assets).unwrap_or(path).to_string_lossy().into_owned();

    let mut br = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut br, &params).with_context(|| format!("brotli on {name}"))?;
    fs::write(with_suffix(path, ".br"), &br)?;

    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&bytes)?;
    let gz = gz.finish().with_context(|| format!("gzip on {name}"))?;
    fs::write(with_suffix(path, ".gz"), &gz)?;

    Ok(Sizes { name, raw: bytes.len() as u64, gzip: gz.len() as u64, brotli: br.len() as u64 })
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

fn report(sizes: &[Sizes], bundles: &[Bundle], took: Duration) {
    println!("    {:<40} {:>10} {:>10} {:>10}", "asset", "raw KB", "gzip KB", "brotli KB");
    for s in sizes {
        println!("    {:<40} {:>10} {:>10} {:>10}", s.name, kb(s.raw), kb(s.gzip), kb(s.brotli));
    }
    for b in bundles {
        let o = &b.optimised;
        let reused = if o.cached { " (reused)" } else { "" };
        println!(
            "    wasm-opt {WASM_OPT_LEVEL} on {}: {} KB raw -> {} KB{reused}",
            b.console,
            kb(o.before),
            kb(o.after)
        );
    }
    println!(
        "    (wasm budget: {} KB brotli for the agency console, {} KB for the desk consoles; bindgen, \
         wasm-opt and compression took {:.1} s)",
        kb(WASM_BROTLI_BUDGET),
        kb(DESK_WASM_BROTLI_BUDGET),
        took.as_secs_f64()
    );
}

fn kb(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / 1024.0)
}

fn collect_files(dir: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    for entry in fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            collect_files(&path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}

fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))? {
        let entry = entry?;
        let dest = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &dest)?;
        } else {
            fs::copy(entry.path(), &dest)
                .with_context(|| format!("cannot copy {} to {}", entry.path().display(), dest.display()))?;
        }
    }
    Ok(())
}

/// The site being built; deleted on drop unless committed.
struct StageDir(PathBuf);

impl StageDir {
    fn new(path: PathBuf) -> Result<Self> {
        if path.exists() {
            fs::remove_dir_all(&path)?;
        }
        fs::create_dir_all(&path).with_context(|| format!("cannot create {}", path.display()))?;
        Ok(Self(path))
    }

    /// Puts the staged site in place of `site`: the old one is moved aside first and removed after,
    /// so there is never a half-written site at `site`, only (for an instant) none.
    fn commit(self, site: &Path) -> Result<()> {
        let old = with_suffix(site, &format!(".old-{}", std::process::id()));
        if site.exists() {
            fs::rename(site, &old).with_context(|| format!("cannot move {} aside", site.display()))?;
        }
        if let Err(err) = fs::rename(&self.0, site) {
            // Put the previous site back rather than leave none.
            let _ = fs::rename(&old, site);
            return Err(err).with_context(|| format!("cannot move the new site to {}", site.display()));
        }
        let _ = fs::remove_dir_all(&old);
        Ok(())
    }
}

impl Drop for StageDir {
    fn drop(&mut self) {
        // After a successful commit the path no longer exists and this is a no-op.
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assets() -> Assets {
        Assets { style: "s-3.css".into(), boot: "b-4.js".into() }
    }

    fn bundle(console: &'static str) -> Bundle {
        let optimised = Optimised { before: 2, after: 1, cached: false };
        Bundle {
            console,
            js: format!("tanggap-{console}-1.js"),
            wasm: format!("tanggap-{console}-2_bg.wasm"),
            optimised,
        }
    }

    #[test]
    fn placeholders_become_absolute_asset_paths() {
        let template = r#"<link href="{{style}}"><script type="module" src="{{boot}}"></script>"#;
        let html = fill_index(template, &assets()).unwrap();
        assert_eq!(html, r#"<link href="/assets/s-3.css"><script type="module" src="/assets/b-4.js"></script>"#);
    }

    #[test]
    fn a_missing_or_unknown_placeholder_is_an_error() {
        assert!(fill_index("{{style}}", &assets()).is_err());
        assert!(fill_index("{{style}} {{boot}} {{wasm}}", &assets()).is_err());
    }

    #[test]
    fn an_inline_script_is_refused_because_the_csp_would_block_it() {
        let template = r#"{{style}} <script type="module" src="{{boot}}"></script><script>alert(1)</script>"#;
        let err = fill_index(template, &assets()).unwrap_err();
        assert!(format!("{err:#}").contains("inline script"), "{err:#}");
    }

    #[test]
    fn the_boot_script_knows_every_console_by_hashed_name_and_defaults_to_the_first() {
        let boot = boot_script(&CONSOLES.map(bundle));
        for console in CONSOLES {
            let entry =
                format!("  {console}: ['/assets/tanggap-{console}-1.js', '/assets/tanggap-{console}-2_bg.wasm'],");
            assert!(boot.contains(&entry), "{boot}");
        }
        assert!(boot.contains("|| 'operator';"), "{boot}");
        // The keys the app writes (frontend/src/console.rs).
        let app = include_str!("../../frontend/src/console.rs");
        for key in ["tanggap.console.next", "tanggap.console"] {
            assert!(boot.contains(&format!("'{key}'")) && app.contains(&format!("\"{key}\"")), "{key}");
        }
    }

    #[test]
    fn the_consoles_are_the_frontends_features() {
        let manifest = include_str!("../../frontend/Cargo.toml");
        for console in CONSOLES {
            assert!(manifest.contains(&format!("\n{console} = []")), "{console}");
        }
    }

    #[test]
    fn the_template_in_the_repository_fills_in() {
        let template = include_str!("../../frontend/index.html");
        fill_index(template, &assets()).unwrap();
    }

    #[test]
    fn hashed_names_follow_the_content() {
        let dir = crate::process::TempDir::new("xtask-hash-test").unwrap();
        let src = dir.path().join("in.css");
        fs::write(&src, "body{}").unwrap();
        let first = place_hashed(&src, dir.path(), "style", ".css").unwrap();
        assert!(first.starts_with("style-") && first.ends_with(".css") && first.len() == "style-12345678.css".len());
        assert_eq!(place_hashed(&src, dir.path(), "style", ".css").unwrap(), first);
        fs::write(&src, "body{color:red}").unwrap();
        assert_ne!(place_hashed(&src, dir.path(), "style", ".css").unwrap(), first);
    }
}
