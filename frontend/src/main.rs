//! Tanggap's web app: the screens of a regency's 112 command center, rendered in the browser.
//!
//! `access` declares the screens, one row each (address, roles, consoles, header link), and what a
//! guard does about a visitor; `routes/` holds one module per page and which page draws each screen;
//! `components/` the parts pages are built from; `app` the shell around the page; `console` the
//! consoles (one wasm each) and the move to another; `api` the client of the functions' HTTP API,
//! `session` the signed-in user and their token, `reference` the categories and regions every screen
//! looks up, and `i18n` every word shown, in Bahasa Indonesia and English.

mod access;
mod api;
mod app;
mod clock;
mod components;
mod console;
mod i18n;
mod idempotency;
mod reference;
mod routes;
mod session;

fn main() {
    // A panic in the browser otherwise shows only "unreachable executed" in the console.
    console_error_panic_hook::set_once();
    i18n::init();
    console::start();
    leptos::mount::mount_to_body(app::App);
}
