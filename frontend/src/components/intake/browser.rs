//! What the intake's parts ask of the browser: moving the keyboard to a control, waiting for typing to
//! pause.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Moves the keyboard to the control with this id.
pub fn focus(id: &str) {
    if let Some(element) = document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = element.focus();
    }
}

/// Resolves after `millis`: a task that waits for the operator to stop typing, cancelled (with its
/// wait) when the next keystroke starts another.
pub async fn pause(millis: i32) {
    let timer = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(timer).await;
}
