//! The consoles: the site ships one wasm per console, each with only its own pages, so that an agency
//! officer's phone never downloads the intake form or the admin screens. `cargo xtask frontend` builds
//! this crate once per console with that console's cargo feature alone; a plain build has every
//! feature, so every page (and never goes elsewhere).
//!
//! The boot script (made by xtask/src/frontend.rs) picks the wasm: the one asked for here when the app
//! reloads for a page of another console, else a guess from the address, else the one used last on
//! this device. A wrong guess costs one reload, never a loop: the wasm asked for has the page.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::access::Screen;
use crate::i18n::texts;
use crate::routes::not_found::NotFound;

/// The console the boot script is to load next (sessionStorage, read once) and the one used last
/// (localStorage). The same keys are in the boot script.
const NEXT_KEY: &str = "tanggap.console.next";
const LAST_KEY: &str = "tanggap.console";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Console {
    Operator,
    Agency,
    Admin,
}

use Console::*;

impl Console {
    /// Its cargo feature, and its name in the boot script.
    const fn name(self) -> &'static str {
        match self {
            Operator => "operator",
            Agency => "agency",
            Admin => "admin",
        }
    }

    /// Whether this wasm was built with the console.
    const fn built(self) -> bool {
        match self {
            Operator => cfg!(feature = "operator"),
            Agency => cfg!(feature = "agency"),
            Admin => cfg!(feature = "admin"),
        }
    }
}

/// The consoles whose wasm has the screen's page; a page missing from the current wasm is opened with
/// the first. Every screen must be in at least one.
pub const fn consoles(screen: Screen) -> &'static [Console] {
    match screen {
        Screen::Login | Screen::Password | Screen::Forbidden => &[Operator, Agency, Admin],
        // Every console's bell leads here; the operator's wasm has no room for it (desk screens open it
        // rarely, and reload into the admin console's wasm for it), agency officers' phones keep it.
        Screen::Notifications => &[Admin, Agency],
        Screen::Board => &[Operator],
        // The agency's console shows an incident as the agency's task (`/tugas/{id}`) instead: the
        // operator's page, with its forms and history, would not fit a phone's wasm budget.
        Screen::Incident => &[Operator],
        Screen::AgencyTasks | Screen::AgencyTask => &[Agency],
        Screen::Users | Screen::Audit | Screen::Categories => &[Admin],
    }
}

/// Whether this wasm has the screen's page. `app::page` asks in `const` blocks, so that the pages of
/// other consoles are not compiled in at all.
pub const fn has(screen: Screen) -> bool {
    let consoles = consoles(screen);
    let mut i = 0;
    while i < consoles.len() {
        if consoles[i].built() {
            return true;
        }
        i += 1;
    }
    false
}

/// The console of a one-console wasm (None for a plain build with all of them).
const fn this() -> Option<Console> {
    match (Operator.built(), Agency.built(), Admin.built()) {
        (true, false, false) => Some(Operator),
        (false, true, false) => Some(Agency),
        (false, false, true) => Some(Admin),
        _ => None,
    }
}

/// Remembers this wasm's console as the device's last: the next visit to a shared address (the login
/// page, an incident) starts with it.
pub fn start() {
    if let (Some(console), Some(storage)) = (this(), window().local_storage().ok().flatten()) {
        let _ = storage.set_item(LAST_KEY, console.name());
    }
}

/// The page of a screen this wasm does not have: the address is loaded afresh, with the wasm of a
/// console that has it. Where the choice cannot be handed to the boot script (no sessionStorage),
/// reloading could loop: "not found" instead.
pub fn elsewhere(screen: Screen) -> AnyView {
    let Some(console) = consoles(screen).first() else {
        return view! { <NotFound /> }.into_any();
    };
    let handed_over = window()
        .session_storage()
        .ok()
        .flatten()
        .is_some_and(|storage| storage.set_item(NEXT_KEY, console.name()).is_ok());
    if !handed_over {
        return view! { <NotFound /> }.into_any();
    }
    let location = use_location();
    let mut href = location.pathname.get_untracked();
    let (search, hash) = (location.search.get_untracked(), location.hash.get_untracked());
    if !search.is_empty() {
        href = format!("{href}?{search}");
    }
    if !hash.is_empty() && !hash.starts_with('#') {
        href.push('#');
    }
    href.push_str(&hash);
    // After the router has written a followed link into the history (it does so asynchronously):
    // `replace` then swaps that entry for the fresh load, and Back leads where it did before.
    set_timeout(
        move || {
            let _ = window().location().replace(&href);
        },
        Duration::ZERO,
    );
    view! { <p class="loading">{texts().loading}</p> }.into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCREENS: [Screen; 11] = [
        Screen::Login,
        Screen::Password,
        Screen::Forbidden,
        Screen::Board,
        Screen::AgencyTasks,
        Screen::AgencyTask,
        Screen::Users,
        Screen::Audit,
        Screen::Incident,
        Screen::Categories,
        Screen::Notifications,
    ];

    #[test]
    fn every_screen_is_in_some_console_and_a_plain_build_has_them_all() {
        for screen in SCREENS {
            assert!(!consoles(screen).is_empty(), "{screen:?}");
            assert!(has(screen), "{screen:?}");
        }
        assert_eq!(this(), None);
    }

    #[test]
    fn each_role_finds_its_home_and_links_in_one_console() {
        use tanggap_domain::Role;
        for role in Role::ALL {
            let home = consoles(crate::access::home(role));
            for screen in crate::access::navigation(role) {
                // The header's links lead to other consoles only for admins (to the board).
                if role != Role::Admin {
                    assert_eq!(consoles(*screen), home, "{role:?} {screen:?}");
                }
            }
        }
    }
}
