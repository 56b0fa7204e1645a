//! `/`: the board of open incidents. Call takers (operators, supervisors) get the intake form beside
//! it; executives and admins read the board only.

use leptos::prelude::*;
use tanggap_domain::IncidentId;
use tanggap_domain::dto::IncidentDetail;

use crate::access;
use crate::components::incident_board::IncidentBoard;
use crate::components::intake::IntakeForm;
use crate::i18n::texts;
use crate::reference::{Reference, with_reference};
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
