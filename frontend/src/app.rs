//! The shell: the session, reference data for every page, the header, and the page for the address,
//! behind a guard that lets in only the roles that may use it.
//!
//! The pages are picked by [`Screen::from_path`] rather than by a `<Routes>` table: every address is
//! a fixed path, and one match over erased pages compiles to far less wasm than a typed route table.

use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::location::{BrowserUrl, LocationProvider};

use crate::access::Screen;
use crate::components::guard::Guard;
use crate::components::header::Header;
use crate::reference::provide_reference;
use crate::routes::admin::{audit::AuditPage, categories::CategoriesPage, users::UsersPage};
use crate::routes::notifications::NotificationSettingsPage;
use crate::routes::{
    agency::AgencyTasksPage, agency::task::AgencyTaskPage, agency::task::IncidentAsTask, board::BoardPage,
    forbidden::ForbiddenPage, incident::IncidentPage, login::LoginPage, not_found::NotFound, password::PasswordPage,
};
use crate::{console, i18n, session};

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
        Some(screen) => view! { <Guard screen>{page(screen)}</Guard> }.into_any(),
        None => view! { <NotFound /> }.into_any(),
    };

    view! {
        <Header />
        <main id="main">{page}</main>
    }
}

fn page(screen: Screen) -> AnyView {
    match screen {
        Screen::Login => view! { <LoginPage /> }.into_any(),
        Screen::Password => view! { <PasswordPage /> }.into_any(),
        Screen::Forbidden => view! { <ForbiddenPage /> }.into_any(),
        Screen::Notifications if const { console::has(Screen::Notifications) } => {
            view! { <NotificationSettingsPage /> }.into_any()
        }
        Screen::Board if const { console::has(Screen::Board) } => view! { <BoardPage /> }.into_any(),
        Screen::AgencyTasks if const { console::has(Screen::AgencyTasks) } => view! { <AgencyTasksPage /> }.into_any(),
        Screen::Users if const { console::has(Screen::Users) } => view! { <UsersPage /> }.into_any(),
        Screen::Audit if const { console::has(Screen::Audit) } => view! { <AuditPage /> }.into_any(),
        Screen::Incident if const { console::has(Screen::Incident) } => view! { <IncidentPage /> }.into_any(),
        // The agency's console has no operator's incident page: its people see an incident as their task.
        Screen::Incident if const { console::has(Screen::AgencyTask) } && agency_bound() => {
            view! { <IncidentAsTask /> }.into_any()
        }
        Screen::AgencyTask if const { console::has(Screen::AgencyTask) } => view! { <AgencyTaskPage /> }.into_any(),
        Screen::Categories if const { console::has(Screen::Categories) } => view! { <CategoriesPage /> }.into_any(),
        // A page of another console's wasm (the site has one per console, see `console`).
        screen => console::elsewhere(screen),
    }
}

/// Whether the signed-in user works for an agency.
fn agency_bound() -> bool {
    untrack(session::user).is_some_and(|user| user.role.is_agency_bound())
}
