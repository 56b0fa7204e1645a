//! The map of the range: the regency's districts and villages shaded by their incidents (the counts of
//! the dashboard's answer), and the incidents themselves as clustered pins when the range holds few
//! enough (`GET /api/dashboard/incidents`), each opening its incident for a reader who may see it.
//! Drawn by the maps' glue (Leaflet and its clustering plugin, served from the site); the outlines
//! (`GET /api/regions/map`, kept by the browser for an hour) and the pins are handed to it as the API
//! wrote them, so the wasm parses no GeoJSON.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

use js_sys::Array;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;
use tanggap_domain::dto::Dashboard;

use crate::api;
use crate::components::leaflet;
use crate::i18n::texts;

/// What the map shades: incidents per district and per village, as a JSON object keyed by kode wilayah.
pub fn counts(figures: &Dashboard) -> String {
    let districts = figures.districts.iter().filter_map(|d| Some((d.district.as_ref()?, d.count.count)));
    let villages = figures.villages.iter().map(|v| (&v.village, v.count));
    let pairs: Vec<String> = districts.chain(villages).map(|(code, count)| format!("\"{code}\":{count}")).collect();
    format!("{{{}}}", pairs.join(","))
}

#[component]
pub fn AreaMap(
    /// [`counts`] of the dashboard's answer.
    counts: String,
    /// The answer's range (`2026-11-01_2026-11-30`): which answer the map shows.
    range: String,
) -> impl IntoView {
    let t = texts();
    let d = t.dashboard();
    // The dashboard's own query: the same range and filters as the figures.
    let search = use_query_map().with_untracked(|q| q.to_query_string());
    let canvas = NodeRef::<html::Div>::new();
    // Whether this map is still the page's. A new answer may be rendered into the same elements (the
    // view is rebuilt in place), so a map replaced while it fetched must not draw over its successor:
    // it would leave the older range's counts under the newer range's name.
    let live = Arc::new(AtomicBool::new(true));
    let still_live = live.clone();
    // This map's name for the glue, which draws only the newest map asked for in an element.
    let id = MAPS.fetch_add(1, Ordering::Relaxed).to_string();
    let own = id.clone();
    // What the glue marks the element with once drawn: the range, so that whoever waits for this answer's
    // map is not satisfied by the replaced map still drawn in the same element.
    let drawn_as = range.clone();
    Effect::new(move |_| {
        let Some(element) = canvas.get() else { return };
        let (counts, search, live, id, drawn_as) =
            (counts.clone(), search.clone(), still_live.clone(), id.clone(), drawn_as.clone());
        spawn_local(async move {
            let areas = api::text("/api/regions/map").await.unwrap_or_else(|_| NO_AREAS.to_owned());
            let pins = api::text(&format!("/api/dashboard/incidents{search}")).await.unwrap_or_else(|_| "null".into());
            let loaded = leaflet::loaded().await;
            if !live.load(Ordering::Relaxed) {
                return;
            }
            if !loaded {
                element.set_class_name("area-map-canvas unavailable");
                element.set_text_content(Some(texts().dashboard().map_unavailable));
                return;
            }
            let args = Array::of5(&element.into(), &areas.into(), &counts.into(), &pins.into(), &id.into());
            args.push(&drawn_as.into());
            leaflet::call("areas", &args);
        });
    });
    // This map's own: a newer one may be drawn already in the page that replaces this one.
    on_cleanup(move || {
        live.store(false, Ordering::Relaxed);
        if let Some(element) = canvas.get_untracked() {
            leaflet::call("unmountAreas", &Array::of2(&element.into(), &own.as_str().into()));
        }
    });

    view! {
        <figure class="area-map" data-testid="area-map" data-range=range>
            <figcaption>{d.map_title}</figcaption>
            <div
                class="area-map-canvas"
                node_ref=canvas
                data-streets=t.map_streets
                data-satellite=t.map_satellite
                data-districts=d.map_districts
                data-villages=d.map_villages
                data-incidents=d.map_incidents
                data-open=d.map_open
                data-too-many=d.map_too_many
                data-unplaced=d.map_unplaced
                data-unavailable=d.map_unavailable
            ></div>
        </figure>
    }
}

/// Counts the maps made, to name each for the glue.
static MAPS: AtomicU32 = AtomicU32::new(0);

const NO_AREAS: &str = r#"{"type":"FeatureCollection","features":[]}"#;
