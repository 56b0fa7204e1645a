//! Browser libraries served from the site's own origin rather than a CDN: the Content-Security-Policy
//! allows scripts from 'self' only, and a control room may sit behind a firewall that blocks CDNs.
//!
//!   vendor/leaflet/leaflet.js, leaflet.css, images/, LICENSE.txt   Leaflet (npm `leaflet`, frontend/package.json)
//!   vendor/leaflet.markercluster/leaflet.markercluster.js, MarkerCluster.css, MarkerCluster.Default.css,
//!     LICENSE.txt                                                  its clustering plugin (npm `leaflet.markercluster`)
//!
//! The app loads them only when a page shows a map (frontend/public/vendor/tanggap-map.js: the intake
//! form's, the dashboard's), so the login page does not pay for them.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};

use crate::tools;

/// Where frontend/package.json's packages are installed.
const FRONTEND_DIR: &str = "frontend";
const LEAFLET_DIST: &str = "frontend/node_modules/leaflet/dist";
/// The files of Leaflet's dist the map needs (no source maps, no ES module build).
const LEAFLET_FILES: [&str; 2] = ["leaflet.js", "leaflet.css"];
const CLUSTER_DIST: &str = "frontend/node_modules/leaflet.markercluster/dist";
/// The clustering plugin's minified build and its two stylesheets (the default look of clusters).
const CLUSTER_FILES: [&str; 3] = ["leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css"];

/// Installs the frontend's npm packages when missing and copies Leaflet into `<site>/vendor/leaflet/`,
/// its clustering plugin into `<site>/vendor/leaflet.markercluster/`.
pub fn copy_into(root: &Path, site: &Path) -> Result<()> {
    let dist = root.join(LEAFLET_DIST);
    tools::ensure_npm(root, FRONTEND_DIR, &dist.join("leaflet.js"))?;
    let cluster = root.join(CLUSTER_DIST);
    let cluster_out = site.join("vendor/leaflet.markercluster");
    fs::create_dir_all(&cluster_out).with_context(|| format!("cannot create {}", cluster_out.display()))?;
    for name in CLUSTER_FILES {
        copy_file(&cluster.join(name), &cluster_out.join(name))?;
    }
    copy_file(&cluster.join("../MIT-LICENCE.txt"), &cluster_out.join("LICENSE.txt"))?;
    let out = site.join("vendor/leaflet");
    fs::create_dir_all(out.join("images")).with_context(|| format!("cannot create {}", out.display()))?;
    for name in LEAFLET_FILES {
        copy_file(&dist.join(name), &out.join(name))?;
    }
    // The marker and layer-switcher icons, which leaflet.css refers to as images/...
    for entry in fs::read_dir(dist.join("images")).context("reading Leaflet's images")? {
        let entry = entry?;
        copy_file(&entry.path(), &out.join("images").join(entry.file_name()))?;
    }
    // BSD-2-Clause: the licence travels with the copy.
    copy_file(&dist.join("../LICENSE"), &out.join("LICENSE.txt"))
}

fn copy_file(from: &Path, to: &Path) -> Result<()> {
    fs::copy(from, to).with_context(|| format!("cannot copy {} to {}", from.display(), to.display())).map(drop)
}

#[cfg(test)]
mod tests {
    #[test]
    fn leaflet_and_its_clustering_plugin_are_pinned_exactly_in_the_frontend_package() {
        let manifest: serde_json::Value =
            serde_json::from_str(include_str!("../../frontend/package.json")).expect("frontend/package.json parses");
        assert_eq!(manifest["dependencies"]["leaflet"], "1.9.4");
        assert_eq!(manifest["dependencies"]["leaflet.markercluster"], "1.5.3");
    }
}
