//! The shell: the session, reference data for every page, the header, and the page for the address,
//! behind a guard that lets in only the roles that may use it.
//!
//! The pages are picked by [`Screen::from_path`] (the screens' declared rows, `access::SCREENS`) and
//! [`routes::page`] rather than by a `<Routes>` table: every address is a fixed path, and one match
//! over erased pages compiles to far less wasm than a typed route table.

use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::location::{BrowserUrl, LocationProvider};

use crate::access::Screen;
use crate::components::guard::Guard;
use crate::components::header::Header;
use crate::reference::provide_reference;
use crate::routes::{self, not_found::NotFound};
use crate::{i18n, session};

#[component]
pub fn App() -> impl IntoView {
    session::start();
    provide_reference();
    view! {
        <Router>
            // Everything is drawn again in the other language when the user switches; the session,
            // the reference data and the address survive it.
            {move || {
                i18n::language();
                view! { <Shell /> }
            }}
        </Router>
    }
}

#[component]
fn Shell() -> impl IntoView {
    // A read the API refused (403): the forbidden page says so, instead of an empty page.
    let navigate = use_navigate();
    Effect::watch(session::refusals, move |_, _, _| navigate(Screen::Forbidden.path(), Default::default()), false);

    let location = use_location();
    // The router writes a clicked link's address into the address bar only once a route table says
    // the new page is drawn; there is no table here, so the shell says it (else the bar keeps the old
    // address, and a reload opens the wrong page).
    if let Some(browser) = use_context::<BrowserUrl>() {
        Effect::new(move |_| {
            location.pathname.track();
            browser.ready_to_complete();
        });
    }
    // A memo: only a move to another screen redraws the page (not a new query string).
    let screen = Memo::new(move |_| location.pathname.with(|path| Screen::from_path(path)));
    let page = move || match screen.get() {
        Some(screen) => view! { <Guard screen>{routes::page(screen)}</Guard> }.into_any(),
        None => view! { <NotFound /> }.into_any(),
    };

    view! {
        <Header />
        <main id="main">{page}</main>
    }
}
