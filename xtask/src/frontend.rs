//! The web app's build: wasm, JS glue, content-hashed assets, precompression, size budget.
//!
//! target/site/ is what gets served (locally by tanggap-local, on AWS from S3 behind CloudFront):
//!   index.html                        from frontend/index.html, placeholders filled in
//!   assets/tanggap-<hash>.js          wasm-bindgen's glue          (+ .br, .gz)
//!   assets/tanggap-<hash>_bg.wasm     the app                      (+ .br, .gz)
//!   assets/style-<hash>.css           frontend/style.css           (+ .br, .gz)
//!   assets/boot-<hash>.js             starts the app: imports the glue, loads the wasm
//!   assets/snippets/...               JS snippets of dependencies, if any
//!   ...                               frontend/public/, copied as-is
//! Hashed names let /assets/* be cached forever while index.html is always revalidated.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};

use crate::{process, target_dir, tools};

const PACKAGE: &str = "tanggap-frontend";
/// Cargo names the wasm after the binary: `tanggap_frontend` by the crate's choice, else the package name.
const WASM_FILES: [&str; 2] = ["tanggap_frontend.wasm", "tanggap-frontend.wasm"];
/// The wasm goes over weak mobile links: its brotli size must stay within this (1 KB = 1024 bytes).
const WASM_BROTLI_BUDGET: u64 = 250 * 1024;

pub struct Site {
    pub dir: PathBuf,
}

/// Builds the site into target/site/. A failed or over-budget build leaves the previous site alone.
pub fn build(root: &Path) -> Result<Site> {
    tools::ensure_wasm_target()?;
    process::run(process::cargo().args([
        "build",
        "--release",
        "--locked",
        "--target",
        tools::WASM_TARGET,
        "-p",
        PACKAGE,
    ]))
    .context("building the frontend's wasm")?;

    let target = target_dir(root);
    let wasm = built_wasm(&target.join(tools::WASM_TARGET).join("release"))?;
    let site = target.join("site");
    // Built next to the final place (same filesystem, so the swap is a rename) under a name unique
    // to this process; removed again if anything below fails.
    let stage = StageDir::new(target.join(format!("site.stage-{}", std::process::id())))?;
    let glue = stage.0.join(".bindgen");

    let start = Instant::now();
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&wasm)
        .web(true)?
        .typescript(false)
        .remove_name_section(true)
        .remove_producers_section(true)
        .generate(&glue)
        .with_context(|| format!("wasm-bindgen on {}", wasm.display()))?;

    let out = &stage.0;
    let assets = out.join("assets");
    fs::create_dir_all(&assets)?;
    let stem = wasm.file_stem().unwrap_or_default().to_string_lossy();
    let js = place_hashed(&glue.join(format!("{stem}.js")), &assets, "tanggap", ".js")?;
    let wasm_name = place_hashed(&glue.join(format!("{stem}_bg.wasm")), &assets, "tanggap", "_bg.wasm")?;
    let style = place_hashed(&root.join("frontend/style.css"), &assets, "style", ".css")?;
    // The page's only script is this file: an inline one would need the Content-Security-Policy to allow
    // inline scripts (CloudFront sends `script-src 'self' 'wasm-unsafe-eval'`, infra/modules/tanggap/cdn.tf).
    let boot = place_hashed_bytes(boot_script(&js, &wasm_name).as_bytes(), &assets, "boot", ".js")?;
    // Snippets are imported relative to the glue (`./snippets/...`): keep them beside it.
    if glue.join("snippets").is_dir() {
        copy_tree(&glue.join("snippets"), &assets.join("snippets"))?;
    }
    fs::remove_dir_all(&glue)?;

    let public = root.join("frontend/public");
    if public.is_dir() {
        copy_tree(&public, out).context("copying frontend/public")?;
    }
    write_index(root, out, &Assets { js, wasm: wasm_name.clone(), style, boot })?;

    let sizes = precompress(&assets)?;
    let wasm_sizes =
        sizes.iter().find(|s| s.name == wasm_name).context("the wasm is missing from the compressed assets")?;
    report(&sizes, start);
    if wasm_sizes.brotli > WASM_BROTLI_BUDGET {
        bail!(
            "the wasm is {} KB brotli-compressed, over the {} KB budget: find what grew \
             (a new dependency? debug info? a `format!`-heavy path?) before shipping it",
            kb(wasm_sizes.brotli),
            kb(WASM_BROTLI_BUDGET)
        );
    }

    stage.commit(&site)?;
    println!("    site ready in {}", site.display());
    Ok(Site { dir: site })
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

/// The boot script: imports wasm-bindgen's glue and starts the app with its wasm (both by hashed name,
/// so the boot script's own hash changes whenever either does).
fn boot_script(js: &str, wasm: &str) -> String {
    format!(
        "// Starts Tanggap. Generated by `cargo xtask frontend` (xtask/src/frontend.rs).\n\
         import init from '/assets/{js}';\n\
         init({{ module_or_path: '/assets/{wasm}' }});\n"
    )
}

/// The hashed names (under /assets/) that index.html refers to.
struct Assets {
    js: String,
    wasm: String,
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
    for (placeholder, value) in
        [("{{js}}", &assets.js), ("{{wasm}}", &assets.wasm), ("{{style}}", &assets.style), ("{{boot}}", &assets.boot)]
    {
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

fn report(sizes: &[Sizes], start: Instant) {
    println!("    {:<40} {:>10} {:>10} {:>10}", "asset", "raw KB", "gzip KB", "brotli KB");
    for s in sizes {
        println!("    {:<40} {:>10} {:>10} {:>10}", s.name, kb(s.raw), kb(s.gzip), kb(s.brotli));
    }
    println!(
        "    (wasm budget: {} KB brotli; bindgen + compression took {:.1} s)",
        kb(WASM_BROTLI_BUDGET),
        start.elapsed().as_secs_f64()
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
        Assets { js: "t-1.js".into(), wasm: "t-2_bg.wasm".into(), style: "s-3.css".into(), boot: "b-4.js".into() }
    }

    #[test]
    fn placeholders_become_absolute_asset_paths() {
        let template = r#"<link href="{{style}}"><link rel="modulepreload" href="{{js}}"><link href="{{wasm}}"><script type="module" src="{{boot}}"></script>"#;
        let html = fill_index(template, &assets()).unwrap();
        assert_eq!(
            html,
            r#"<link href="/assets/s-3.css"><link rel="modulepreload" href="/assets/t-1.js"><link href="/assets/t-2_bg.wasm"><script type="module" src="/assets/b-4.js"></script>"#
        );
    }

    #[test]
    fn a_missing_or_unknown_placeholder_is_an_error() {
        assert!(fill_index("{{js}} {{wasm}} {{style}}", &assets()).is_err());
        assert!(fill_index("{{js}} {{wasm}} {{style}} {{boot}} {{title}}", &assets()).is_err());
    }

    #[test]
    fn an_inline_script_is_refused_because_the_csp_would_block_it() {
        let template =
            r#"{{js}} {{wasm}} {{style}} <script type="module" src="{{boot}}"></script><script>alert(1)</script>"#;
        let err = fill_index(template, &assets()).unwrap_err();
        assert!(format!("{err:#}").contains("inline script"), "{err:#}");
    }

    #[test]
    fn the_boot_script_starts_the_hashed_glue_with_the_hashed_wasm() {
        let boot = boot_script("tanggap-1.js", "tanggap-2_bg.wasm");
        assert!(boot.contains("import init from '/assets/tanggap-1.js';"), "{boot}");
        assert!(boot.contains("init({ module_or_path: '/assets/tanggap-2_bg.wasm' });"), "{boot}");
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
