//! A route guard: shows a screen only to those who may use it, and sends everyone else where they
//! belong (the login page, the password change, the forbidden page, their own home).

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

use crate::access::{self, Decision, Screen};
use crate::i18n::texts;
use crate::session;

#[component]
pub fn Guard(screen: Screen, children: ChildrenFn) -> impl IntoView {
    let t = texts();
    // A memo: renewing the session re-sets the user, which must not redraw (and reset) the page.
    let decision = Memo::new(move |_| access::decide(&session::auth(), screen));
    let location = use_location();
    move || match decision.get() {
        Decision::Show => children().into_any(),
        Decision::Wait => view! { <p class="loading" data-testid="restoring">{t.restoring_session}</p> }.into_any(),
        Decision::Unreachable => view! { <Unreachable /> }.into_any(),
        Decision::LogIn { remember } => {
            if remember {
                let (path, query) = (location.pathname.get_untracked(), location.search.get_untracked());
                session::remember_wanted(if query.is_empty() { path } else { format!("{path}?{query}") });
            }
            redirect(Screen::Login.path().to_owned())
        }
        Decision::Proceed => {
            let wanted = session::take_wanted();
            let target = untrack(session::user)
                .map(|user| access::after_login(&user, wanted.as_deref()))
                .unwrap_or_else(|| Screen::Login.path().to_owned());
            redirect(target)
        }
        Decision::Redirect(to) => redirect(to.path().to_owned()),
    }
}

/// Replaces the address rather than adding one: "back" must not lead to a page that bounces again.
fn redirect(path: String) -> AnyView {
    view! { <Redirect path options=NavigateOptions { replace: true, ..Default::default() } /> }.into_any()
}

/// The server did not answer whether there is a session.
#[component]
fn Unreachable() -> impl IntoView {
    let t = texts();
    view! {
        <section class="panel narrow" role="alert">
            <p>{t.server_unreachable}</p>
            <button type="button" on:click=|_| session::start()>{t.retry}</button>
        </section>
    }
}
