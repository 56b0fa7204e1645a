//! `/terlarang`: a page the user's role may not use, or a read the API refused.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::access::{self, Screen};
use crate::i18n::texts;
use crate::session;

#[component]
pub fn ForbiddenPage() -> impl IntoView {
    let t = texts();
    let home = untrack(session::user).map_or(Screen::Login, |user| access::home(user.role)).path();
    view! {
        <section class="panel narrow" data-testid="forbidden">
            <h1>{t.forbidden_title}</h1>
            <p>{t.forbidden_body}</p>
            <p><A href=home>{t.back_home}</A></p>
        </section>
    }
}
