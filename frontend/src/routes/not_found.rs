//! Any address the router does not know.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::access::{self, Screen};
use crate::i18n::texts;
use crate::session;

#[component]
pub fn NotFound() -> impl IntoView {
    let t = texts();
    let home = move || session::user().map_or(Screen::Login, |user| access::home(user.role)).path().to_owned();
    view! {
        <section class="panel narrow not-found">
            <h1>{t.not_found_title}</h1>
            <p>{t.not_found_body}</p>
            <p><A href=home>{t.back_home}</A></p>
        </section>
    }
}
