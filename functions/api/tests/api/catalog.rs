use axum::http::StatusCode;
use serde_json::Value;

use crate::helpers::{API_API, PENAJAM, REGENCY, TANJUNG_TENGAH, TestApp, WARU};

fn codes(list: &Value) -> Vec<&str> {
    list.as_array().unwrap().iter().map(|item| item["code"].as_str().unwrap()).collect()
}

on_both_backends!(the_catalog_lists_categories_agencies_and_only_the_regencys_regions);

async fn the_catalog_lists_categories_agencies_and_only_the_regencys_regions(app: TestApp) {
    let app = app.as_operator().await;
    let categories = app.get("/api/categories").await;
    let agencies = app.get("/api/agencies").await;
    let regions = app.get("/api/regions").await;

    assert_eq!(categories.status, StatusCode::OK);
    assert_eq!(codes(&categories.body), ["FIRE", "PRANK", "TREE"]);
    assert_eq!(categories.body[0]["name_id"], "Kebakaran");
    assert_eq!(codes(&agencies.body), ["BPBD", "DAMKAR"]);
    assert_eq!(codes(&regions.body), [REGENCY, PENAJAM, TANJUNG_TENGAH, WARU, API_API]);
}
