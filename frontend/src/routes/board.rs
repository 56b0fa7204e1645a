//! `/`: the board of open incidents. Call takers (operators, supervisors) get the intake form beside
//! it; executives and admins read the board only.

use std::sync::Arc;

use leptos::prelude::*;
use tanggap_domain::IncidentId;
use tanggap_domain::dto::IncidentDetail;

use crate::access;
use crate::components::incident_board::IncidentBoard;
use crate::components::intake::IntakeForm;
use crate::i18n::texts;
use crate::reference::{Reference, use_reference};
use crate::session;

#[component]
pub fn BoardPage() -> impl IntoView {
    let takes_calls = untrack(session::user).is_some_and(|user| access::takes_calls(user.role));
    with_reference(move |reference| {
        if takes_calls {
            view! { <Console reference /> }.into_any()
        } else {
            view! { <IncidentBoard reference title=texts().board_title reload=0 fresh=None /> }.into_any()
        }
    })
}

/// The form and the board; a save reloads the board at once and marks the new incident on it.
#[component]
fn Console(reference: Reference) -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let fresh = RwSignal::new(None::<IncidentId>);
    let on_created = move |detail: IncidentDetail| {
        fresh.set(Some(detail.incident.id));
        reload.update(|n| *n = n.wrapping_add(1));
    };

    view! {
        <div class="console">
            <IntakeForm reference=reference.clone() on_created />
            <IncidentBoard reference title=texts().board_title reload fresh />
        </div>
    }
}

/// Draws `page` once the categories and regions are in, or says that they could not be loaded.
/// Not generic over `page`: one copy of the loading machinery serves every page.
pub fn with_reference(page: impl Fn(Reference) -> AnyView + Send + Sync + 'static) -> AnyView {
    let page: Arc<dyn Fn(Reference) -> AnyView + Send + Sync> = Arc::new(page);
    reference_gate(page)
}

fn reference_gate(page: Arc<dyn Fn(Reference) -> AnyView + Send + Sync>) -> AnyView {
    let t = texts();
    let reference = use_reference();
    let content = move || {
        let page = page.clone();
        Suspend::new(async move {
            match reference.get().await {
                Ok(reference) => page(reference),
                Err(error) => view! {
                    <section class="panel" role="alert">
                        <p>{t.reference_failed}" "{t.api_error(&error)}</p>
                        <button type="button" on:click=move |_| reference.reload()>{t.retry}</button>
                    </section>
                }
                .into_any(),
            }
        })
    };
    view! { <Suspense fallback=move || view! { <p class="loading">{t.loading}</p> }>{content}</Suspense> }.into_any()
}
