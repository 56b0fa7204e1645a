//! `/tugas`: an agency's officers and heads see the incidents their agency is assigned to. The API
//! does the scoping and masks the callers; this page only titles the board with the agency.

use leptos::prelude::*;

use crate::components::incident_board::IncidentBoard;
use crate::i18n::texts;
use crate::routes::board::with_reference;
use crate::session;

#[component]
pub fn AgencyTasksPage() -> impl IntoView {
    let t = texts();
    let title = match untrack(session::user).and_then(|user| user.agency) {
        Some(agency) => format!("{} · {agency}", t.agency_tasks_title),
        None => t.agency_tasks_title.to_owned(),
    };
    with_reference(move |reference| {
        view! { <IncidentBoard reference title=title.clone() reload=0 fresh=None /> }.into_any()
    })
}
