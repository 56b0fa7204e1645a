//! Browser libraries served from the site's own origin rather than a CDN: the Content-Security-Policy
//! allows scripts from 'self' only, and a control room may sit behind a firewall that blocks CDNs.
//!
//!   vendor/leaflet/leaflet.js, leaflet.css, images/, LICENSE.txt   Leaflet (npm `leaflet`, frontend/package.json)
//!
//! The app loads them only when the intake form opens (frontend/public/vendor/tanggap-map.js), so the
//! login page does not pay for them.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};

use crate::tools;

/// Where frontend/package.json's packages are installed.
const FRONTEND_DIR: &str = "frontend";
const LEAFLET_DIST: &str = "frontend/node_modules/leaflet/dist";
/// The files of Leaflet's dist the map needs (no source maps, no ES module build).
const LEAFLET_FILES: [&str; 2] = ["leaflet.js", "leaflet.css"];

/// Installs the frontend's npm packages when missing and copies Leaflet into `<site>/vendor/leaflet/`.
pub fn copy_into(root: &Path, site: &Path) -> Result<()> {
    let dist = root.join(LEAFLET_DIST);
    tools::ensure_npm(root, FRONTEND_DIR, &dist.join("leaflet.js"))?;
    let out = site.join("vendor/leaflet");
    fs::create_dir_all(out.join("images")).with_context(|| format!("cannot create {}", out.display()))?;
    let copy = |from: &Path, to: &Path| {
        fs::copy(from, to).with_context(|| format!("cannot copy {} to {}", from.display(), to.display())).map(drop)
    };
    for name in LEAFLET_FILES {
        copy(&dist.join(name), &out.join(name))?;
    }
    // The marker and layer-switcher icons, which leaflet.css refers to as images/...
    for entry in fs::read_dir(dist.join("images")).context("reading Leaflet's images")? {
        let entry = entry?;
        copy(&entry.path(), &out.join("images").join(entry.file_name()))?;
    }
    // BSD-2-Clause: the licence travels with the copy.
    copy(&dist.join("../LICENSE"), &out.join("LICENSE.txt"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn leaflet_is_pinned_exactly_in_the_frontend_package() {
        let manifest: serde_json::Value =
            serde_json::from_str(include_str!("../../frontend/package.json")).expect("frontend/package.json parses");
        assert_eq!(manifest["dependencies"]["leaflet"], "1.9.4");
    }
}
