//! The map for the pin: Leaflet behind a small glue script of ours, `/vendor/tanggap-map.js`
//! (frontend/public/vendor/), loaded only when the intake form opens, so that the login page and the
//! other pages never pay for it.
//!
//! The glue finds the map's element by `data-tanggap-map` and writes a picked point into the form's
//! latitude and longitude boxes (as if typed: an `input` event), so no Rust closure is handed to
//! JavaScript. The app tells it where the pin is now. If the glue or Leaflet cannot load (or no tiles
//! can), the boxes still work on their own.

use js_sys::{Array, Function, Reflect};
use tanggap_domain::Coordinates;
use wasm_bindgen::{JsCast, JsValue};

const GLUE: &str = "/vendor/tanggap-map.js";

/// Draws the map in the form's map element: now if the glue is loaded, else once it is.
pub fn mount() {
    if call("mount", &Array::new()).is_none() {
        load_glue();
    }
}

/// Puts the pin at `pin`, or removes it.
pub fn pin(pin: Option<Coordinates>) {
    let args = match pin {
        Some(pin) => Array::of2(&pin.lat().into(), &pin.lon().into()),
        None => Array::new(),
    };
    call("pin", &args);
}

/// The form is going away: so is its map.
pub fn unmount() {
    call("unmount", &Array::new());
}

/// `window.tanggapMap[name](...args)`, if the glue is there.
fn call(name: &str, args: &Array) -> Option<JsValue> {
    let window: JsValue = web_sys::window()?.into();
    let glue = Reflect::get(&window, &JsValue::from_str("tanggapMap")).ok()?;
    let function = Reflect::get(&glue, &JsValue::from_str(name)).ok()?.dyn_into::<Function>().ok()?;
    function.apply(&glue, args).ok()
}

/// Adds the glue's `<script>` once; it mounts the map by itself when it has loaded.
fn load_glue() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let selector = format!("script[src=\"{GLUE}\"]");
    if document.query_selector(&selector).ok().flatten().is_some() {
        return;
    }
    let (Ok(script), Some(head)) = (document.create_element("script"), document.query_selector("head").ok().flatten())
    else {
        return;
    };
    let _ = script.set_attribute("src", GLUE);
    let _ = head.append_child(&script);
}
