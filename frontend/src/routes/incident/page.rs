//! What the page's parts share: the incident as the API last gave it, the way to send it a command, and
//! the memo that keeps a part from being drawn again for news about another.

use leptos::prelude::*;
use tanggap_domain::dto::{CommandRequest, IncidentDetail};
use tanggap_domain::{Agency, Incident, IncidentCommand, IncidentId};

use crate::api::{self, ApiError};

/// What the page's parts share: the incident's id and what the API last said about it.
#[derive(Clone, Copy)]
pub(super) struct Page {
    pub(super) id: StoredValue<IncidentId>,
    pub(super) detail: RwSignal<Option<IncidentDetail>>,
}

impl Page {
    pub(super) fn incident(self) -> Option<Incident> {
        self.detail.with_untracked(|d| d.as_ref().map(|d| d.incident.clone()))
    }

    pub(super) fn version(self) -> u64 {
        self.detail.with_untracked(|d| d.as_ref().map_or(0, |d| d.incident.version))
    }

    /// Sends a command made on `version`. The answer replaces what the page shows; after a conflict the
    /// newest incident is shown at once, and its history fetched.
    pub(super) async fn send(self, version: u64, command: IncidentCommand) -> Result<(), ApiError> {
        let id = self.id.get_value();
        let request = CommandRequest { expected_version: version, command };
        let error = match api::command(&id, &request).await {
            Ok(detail) => {
                self.detail.try_set(Some(detail));
                return Ok(());
            }
            Err(error) => error,
        };
        if let Some(current) = error.conflict().cloned() {
            self.detail.try_update(|d| {
                if let Some(d) = d {
                    d.incident = current;
                }
            });
            if let Ok(detail) = api::incident(&id).await {
                self.detail.try_set(Some(detail));
            }
        }
        Err(error)
    }
}

/// The agencies as the API lists them: their names, and which are outside the regency.
pub(super) type Agencies = RwSignal<Vec<Agency>>;

/// A memo of what a part is drawn from, in a few words (`DAMKAR:3,PDAM:2`). The part reads it
/// (`with`, not `track`: a memo never read is never computed, so it would never change).
pub(super) fn key(page: Page, of: fn(&Incident) -> String) -> Memo<String> {
    Memo::new(move |_| page.detail.with(|d| d.as_ref().map(|d| of(&d.incident))).unwrap_or_default())
}
