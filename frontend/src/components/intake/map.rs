//! The map for the pin, through the maps' glue (`crate::components::leaflet`), loaded only when the
//! intake form opens.
//!
//! The glue finds the map's element by `data-tanggap-map` and writes a picked point into the form's
//! latitude and longitude boxes (as if typed: an `input` event). The app tells it where the pin is
//! now. If the glue or Leaflet cannot load (or no tiles can), the boxes still work on their own.

use js_sys::Array;
use tanggap_domain::Coordinates;

use crate::components::leaflet::{add_glue, call};

/// Draws the map in the form's map element: now if the glue is loaded, else once it is (the glue
/// mounts it by itself when it has loaded).
pub fn mount() {
    if call("mount", &Array::new()).is_none() {
        add_glue();
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
