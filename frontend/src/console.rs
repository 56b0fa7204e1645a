//! The consoles: the site ships one wasm per console, each with only its own pages, so that an agency
//! officer's phone never downloads the intake form or the admin screens. `cargo xtask frontend` builds
//! this crate once per console with that console's cargo feature alone; a plain build has every
//! feature, so every page (and never goes elsewhere). Which console has which screen is said in the
//! screen's row (`access::SCREENS`).
//!
//! The boot script (made by xtask/src/frontend.rs) picks the wasm: the one asked for here when the app
//! reloads for a page of another console, else a guess from the address, else the one used last on
//! this device. A wrong guess costs one reload, never a loop: the wasm asked for has the page.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The console the boot script is to load next (sessionStorage, read once) and the one used last
/// (localStorage). The same keys are in the boot script.
const NEXT_KEY: &str = "tanggap.console.next";
const LAST_KEY: &str = "tanggap.console";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Console {
    Operator,
    Agency,
    Admin,
    /// The regent's dashboard: read on phones, so it carries nothing else.
    Dashboard,
}

use Console::*;

impl Console {
    /// Its cargo feature, and its name in the boot script.
    const fn name(self) -> &'static str {
        match self {
            Operator => "operator",
            Agency => "agency",
            Admin => "admin",
            Dashboard => "dashboard",
        }
    }

    /// Whether this wasm was built with the console.
    const fn built(self) -> bool {
        match self {
            Operator => cfg!(feature = "operator"),
            Agency => cfg!(feature = "agency"),
            Admin => cfg!(feature = "admin"),
            Dashboard => cfg!(feature = "dashboard"),
        }
    }
}

/// Whether this wasm was built with any of these consoles: `const`, so that a page's code can be left
/// out of the consoles that do not have it (see `access::Screen::has`).
pub const fn any_built(consoles: &[Console]) -> bool {
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
    match (Operator.built(), Agency.built(), Admin.built(), Dashboard.built()) {
        (true, false, false, false) => Some(Operator),
        (false, true, false, false) => Some(Agency),
        (false, false, true, false) => Some(Admin),
        (false, false, false, true) => Some(Dashboard),
        _ => None,
    }
}

/// Remembers this wasm's console as the device's last: the next visit to a shared address (the login
/// page, an incident) starts with it. Also names it on the page (`<html data-console="admin">`, "all"
/// for a plain build), so that a browser test can wait until the console that has the page runs.
pub fn start() {
    let name = this().map_or("all", Console::name);
    if let Some(root) = window().document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-console", name);
    }
    if let (Some(console), Some(storage)) = (this(), window().local_storage().ok().flatten()) {
        let _ = storage.set_item(LAST_KEY, console.name());
    }
}

/// For the page of a screen this wasm does not have: loads the address afresh, with the wasm of the
/// first of the screens' consoles, and says whether it will. Where the choice cannot be handed to the
/// boot script (no sessionStorage), reloading could loop: the caller then says "not found" instead.
pub fn open_elsewhere(consoles: &[Console]) -> bool {
    let Some(console) = consoles.first() else { return false };
    let handed_over = window()
        .session_storage()
        .ok()
        .flatten()
        .is_some_and(|storage| storage.set_item(NEXT_KEY, console.name()).is_ok());
    if !handed_over {
        return false;
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
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_build_has_every_console() {
        assert!(any_built(&[Operator]) && any_built(&[Agency]) && any_built(&[Admin]) && any_built(&[Dashboard]));
        assert_eq!(this(), None);
    }
}
