//! The maps' glue: Leaflet behind a small script of ours, `/vendor/tanggap-map.js`
//! (frontend/public/vendor/), which loads Leaflet from the site only when a page shows a map, so that
//! the login page and the other pages never pay for it. The app calls the glue's functions by name
//! (`window.tanggapMap.<name>(...)`) and hands it what it draws as it came; no Rust closure is given
//! to JavaScript.

use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

const GLUE: &str = "/vendor/tanggap-map.js";

/// `window.tanggapMap[name](...args)`, if the glue is there.
pub fn call(name: &str, args: &Array) -> Option<JsValue> {
    let glue = glue()?;
    let function = Reflect::get(&glue, &JsValue::from_str(name)).ok()?.dyn_into::<Function>().ok()?;
    function.apply(&glue, args).ok()
}

fn glue() -> Option<JsValue> {
    let window: JsValue = web_sys::window()?.into();
    Reflect::get(&window, &JsValue::from_str("tanggapMap")).ok().filter(|glue| !glue.is_undefined())
}

/// Adds the glue's `<script>` unless it is on the page; returns the element it added.
pub fn add_glue() -> Option<web_sys::Element> {
    let document = web_sys::window()?.document()?;
    let selector = format!("script[src=\"{GLUE}\"]");
    if document.query_selector(&selector).ok().flatten().is_some() {
        return None;
    }
    let script = document.create_element("script").ok()?;
    script.set_attribute("src", GLUE).ok()?;
    document.query_selector("head").ok().flatten()?.append_child(&script).ok()?;
    Some(script)
}

/// Waits until the glue is loaded, loading it if need be; false when it cannot load.
pub async fn loaded() -> bool {
    if glue().is_some() {
        return true;
    }
    let script = match add_glue() {
        Some(script) => script,
        // On the page and still loading: its element is found again.
        None => match web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(&format!("script[src=\"{GLUE}\"]")).ok().flatten())
        {
            Some(script) => script,
            None => return false,
        },
    };
    let loading = Promise::new(&mut |resolve, reject| {
        let _ = script.add_event_listener_with_callback("load", &resolve);
        let _ = script.add_event_listener_with_callback("error", &reject);
    });
    JsFuture::from(loading).await.is_ok() && glue().is_some()
}
