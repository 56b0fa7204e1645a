//! What the intake's parts ask of the browser: moving the keyboard to a control.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Moves the keyboard to the control with this id.
pub fn focus(id: &str) {
    if let Some(element) = document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = element.focus();
    }
}
