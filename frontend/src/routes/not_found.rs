//! Any address the router does not know.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::texts;

#[component]
pub fn NotFound() -> impl IntoView {
    let t = texts();
    view! {
        <section class="panel not-found">
            <h1>{t.not_found_title}</h1>
            <p>{t.not_found_body}</p>
            <p><A href="/">{t.back_to_board}</A></p>
        </section>
    }
}
