//! The top bar: the product's name and the regency it serves, the links the user's role may use,
//! who is logged in (name, role, agency) with the logout button, and the language switch.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use tanggap_domain::User;

use crate::access::{self, Screen};
use crate::components::bell::Bell;
use crate::i18n::{self, texts};
use crate::reference::use_reference;
use crate::session;

#[component]
pub fn Header() -> impl IntoView {
    let t = texts();
    let reference = use_reference();
    // A memo: a renewed session for the same user does not redraw the header.
    let user = Memo::new(|_| session::user());
    // The regency's name once the regions are in; the generic tagline until then (or if it is not listed).
    let context = move || {
        Suspend::new(async move {
            reference
                .get()
                .await
                .ok()
                .and_then(|r| r.regency().map(|r| r.name.clone()))
                .unwrap_or_else(|| t.app_tagline.into())
        })
    };
    let home = move || user.with(|u| u.as_ref().map_or(Screen::Login, |u| access::home(u.role)).path());
    let other = match t.lang {
        tanggap_domain::Lang::Id => "en",
        tanggap_domain::Lang::En => "id",
    };

    view! {
        <header class="app-header">
            <a class="app-name" href=home>{t.app_name}</a>
            <span class="app-context">
                <Suspense fallback=move || t.app_tagline>{context}</Suspense>
            </span>
            {move || user.get().map(|user| view! { <nav class="app-nav" aria-label=t.main_navigation>{links(&user)}</nav> })}
            <div class="header-end">
                {move || user.get().map(|user| view! { <Account user /> })}
                <button
                id="language"
                type="button"
                class="quiet"
                lang=other
                title=t.switch_language
                aria-label=t.switch_language
                on:click=|_| i18n::toggle()
            >
                    {t.other_language}
                </button>
            </div>
        </header>
    }
}

/// Who is logged in, and the way out.
#[component]
fn Account(user: User) -> impl IntoView {
    let t = texts();
    let leaving = RwSignal::new(false);
    let log_out = move |_| {
        if leaving.get_untracked() {
            return;
        }
        leaving.set(true);
        spawn_local(async move {
            session::log_out().await;
            leaving.try_set(false);
        });
    };
    let agency =
        user.agency.map(|a| view! { <span class="user-agency" data-testid="user-agency">{a.to_string()}</span> });

    view! {
        <div class="account">
            // Not before the password is changed: the API refuses everything else until then.
            {(!user.must_change_password).then(|| view! { <Bell /> })}
            <a class="user-name" href=Screen::Password.path() title=t.change_password_link data-testid="user-name">
                {user.display_name}
            </a>
            <span class="user-role" data-testid="user-role">{user.role.label(t.lang)}</span>
            {agency}
            <button id="logout" type="button" class="quiet" disabled=move || leaving.get() on:click=log_out>{t.log_out}</button>
        </div>
    }
}

/// The links the role may use.
fn links(user: &User) -> impl IntoView + use<> {
    let t = texts();
    access::navigation(user.role)
        .map(|(screen, words)| view! { <A href=screen.path() exact=true>{words(t)}</A> })
        .collect_view()
}
