//! `/`: the operator's one screen, the intake form beside the board of open incidents.

use leptos::prelude::*;
use tanggap_domain::IncidentId;
use tanggap_domain::dto::IncidentDetail;

use crate::components::incident_board::IncidentBoard;
use crate::components::intake::IntakeForm;
use crate::i18n::texts;
use crate::reference::{Reference, use_reference};

#[component]
pub fn OperatorPage() -> impl IntoView {
    let t = texts();
    let reference = use_reference();
    let content = move || {
        Suspend::new(async move {
            match reference.get().await {
                Ok(reference) => view! { <Console reference /> }.into_any(),
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
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t.loading}</p> }>{content}</Suspense>
    }
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
            <IncidentBoard reference reload fresh />
        </div>
    }
}
