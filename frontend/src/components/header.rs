//! The top bar: the product's name and the regency it serves.

use leptos::prelude::*;

use crate::i18n::texts;
use crate::reference::use_reference;

#[component]
pub fn Header() -> impl IntoView {
    let t = texts();
    let reference = use_reference();
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
    view! {
        <header class="app-header">
            <a class="app-name" href="/">{t.app_name}</a>
            <span class="app-context">
                <Suspense fallback=move || t.app_tagline>{context}</Suspense>
            </span>
        </header>
    }
}
