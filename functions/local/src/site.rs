//! Serves the built frontend: hashed assets cached for good, `index.html` never cached, and every
//! unknown path answered with `index.html` so that the app's own router handles deep links.

use std::path::Path;

use axum::Router;
use axum::http::{HeaderValue, header};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

pub fn router(site_dir: &Path) -> Router {
    let index = ServeFile::new(site_dir.join("index.html"));
    let assets = ServeDir::new(site_dir.join("assets")).precompressed_br().precompressed_gzip();
    let pages = ServeDir::new(site_dir).fallback(index);
    Router::new()
        .nest_service(
            "/assets",
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ))
                .service(assets),
        )
        .fallback_service(
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-cache")))
                .service(pages),
        )
}
