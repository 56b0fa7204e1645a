//! The one write path for incidents: every change of an incident (a report taken, a command, a linked
//! report, a photo, a breach the sweeper records) goes through [`execute`], which
//!
//! 1. reads the incident and checks that the actor may see it (anyone else is told "not found"),
//! 2. has the domain aggregate decide ([`Decision`]: the new state and its events, or a refusal),
//! 3. stores the change with its version condition together with its [`projections`] (the changes
//!    feed, callers' histories, the notice of whom to notify, the dashboard's counters) in one
//!    transaction, so that either all of it is stored or nothing is,
//! 4. on a version conflict decides again on the newest version, by one rule: if the decision still
//!    holds after the changes made since the version it was made on, at most [`ATTEMPTS`] times; and
//! 5. fans the change's notice out to users right after (the sweeper does it for a notice left pending).
//!
//! The store's [`IncidentWriter`] is held only by [`Writes`], whose field nothing outside this module
//! can reach: no route can store an incident except through here.

mod decision;
mod projections;

use std::sync::Arc;

use anyhow::Context as _;
use tanggap_domain::{Actor, Change, Event, Incident, IncidentId, LifecycleError};
use tanggap_store::Table;
use tanggap_store::repo::{Commit, Created, IdempotencyKey, IncidentWriter, RepoError};

pub use decision::{Decision, NewTicket};

use crate::auth::Principal;
use crate::error::ApiError;
use crate::state::AppState;

/// How many times a change is decided and saved before a conflict is given up on: the first try and
/// three more on newer versions. An incident that changes under a writer four times in a row is rare
/// enough to let the user retry (or the sweeper come back a minute later).
pub const ATTEMPTS: usize = 4;

/// The most events one change appends. With the head, the idempotency record and the projections, a
/// change stays well inside DynamoDB's 100 items per transaction (see `functions/store/KEYS.md`).
/// Only a sweep after a long outage could decide more; it records the first ones, the next sweep the rest.
pub const MAX_EVENTS: usize = 80;

/// The incident writer, out of reach of everything but [`execute`]: a route that tried to store an
/// incident itself would not compile.
///
/// ```compile_fail
/// async fn save_behind_the_services_back(state: &tanggap_api::AppState, commit: tanggap_store::repo::Commit<'_>) {
///     state.incident_writes.writer.commit(commit).await.ok();
/// }
/// ```
#[derive(Clone)]
pub struct Writes {
    writer: IncidentWriter,
}

impl Writes {
    pub fn new(table: Arc<dyn Table>) -> Self {
        Self { writer: IncidentWriter::new(table) }
    }
}

/// Who makes a change.
#[derive(Debug, Clone, Copy)]
pub enum Acting<'a> {
    /// A signed-in user: sees only what their role and agency may, and gives only the commands they may.
    User(&'a Principal),
    /// The system itself (the sweeper): sees every incident.
    System,
    /// A citizen, through the public pages: reaches only the incident their ticket opens (the pages
    /// look it up) and shows them nothing but its public steps.
    Public,
}

impl Acting<'_> {
    fn actor(&self) -> Actor {
        match self {
            Self::User(principal) => principal.actor(),
            Self::System => Actor::System,
            Self::Public => Actor::Public,
        }
    }

    fn may_see(&self, incident: &Incident) -> bool {
        match self {
            Self::User(principal) => principal.may_see(incident),
            Self::System | Self::Public => true,
        }
    }

    /// The incident as the actor may see it (callers' data masked for roles that may not see it).
    fn redact(&self, incident: Incident) -> Incident {
        match self {
            Self::User(principal) => principal.redact_incident(incident),
            Self::System | Self::Public => incident,
        }
    }
}

/// A request that must take effect once: its `Idempotency-Key` and the fingerprint of its body.
#[derive(Debug, Clone, Copy)]
pub struct Idempotency<'a> {
    pub key: &'a IdempotencyKey,
    pub fingerprint: &'a str,
}

/// What a change did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Stored: the incident after the change, and the events it appended.
    Changed { incident: Incident, events: Vec<Event> },
    /// Nothing to do (the photo is attached already, no clock is due): the incident as it is.
    Unchanged(Incident),
    /// The idempotency key was used for this same request before: nothing was written, and the answer
    /// is that request's incident as it is now.
    Replayed(IncidentId),
}

/// Why a change was not made. Nothing is written when a change is refused.
#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    /// No such incident, or one the actor may not see.
    #[error("no such incident")]
    NotFound,
    /// The actor's role may not give this command.
    #[error("the actor may not give this command")]
    Forbidden,
    /// The incident changed since the version the decision was made on, in a way that matters to it:
    /// the newest version, as the actor may see it.
    #[error("the incident changed: it is at version {}", .0.version)]
    Conflict(Box<Incident>),
    /// The life cycle refuses the command as given.
    #[error(transparent)]
    Refused(LifecycleError),
    /// The public's request is refused (a second rating, a rating before the handling is done).
    #[error(transparent)]
    Citizen(tanggap_domain::citizen::CitizenError),
    /// The life cycle refuses a change that does not wait for the user's decision (a linked report):
    /// the incident is no longer in a state that takes it.
    #[error("the incident's state refuses this: {0}")]
    StateMoved(LifecycleError),
    #[error("the idempotency key was used for another request")]
    IdempotencyKeyReused,
    #[error(transparent)]
    Storage(#[from] anyhow::Error),
}

impl From<ChangeError> for ApiError {
    fn from(error: ChangeError) -> Self {
        match error {
            ChangeError::NotFound => ApiError::NotFound,
            ChangeError::Forbidden => ApiError::Forbidden,
            ChangeError::Conflict(current) => ApiError::Conflict { current },
            ChangeError::Refused(refusal) => ApiError::Lifecycle(refusal),
            ChangeError::Citizen(refusal) => ApiError::Citizen(refusal),
            ChangeError::StateMoved(refusal) => ApiError::StateConflict(refusal),
            ChangeError::IdempotencyKeyReused => ApiError::IdempotencyKeyReused,
            ChangeError::Storage(error) => ApiError::Internal(error),
        }
    }
}

/// Makes one change of one incident: reads, checks, decides, stores with the change's projections,
/// retries a conflict by the one rule, and fans out its notice. See the module's documentation.
#[tracing::instrument(name = "incident change", skip_all, fields(id = %decision.incident_id(), decision = decision.name()))]
pub async fn execute(
    state: &AppState,
    acting: Acting<'_>,
    decision: Decision,
    idempotency: Option<Idempotency<'_>>,
) -> Result<Outcome, ChangeError> {
    let id = decision.incident_id().clone();
    // A retry is answered as the first request was, even if the incident has changed since. A create
    // needs no read for it: its transaction fails on the key, and the commit finds the first answer.
    if let (Some(idem), false) = (idempotency, decision.creates()) {
        match state.incidents.replayed(idem.key, idem.fingerprint).await {
            Ok(Some(first)) => return Ok(Outcome::Replayed(first)),
            Ok(None) => {}
            Err(RepoError::IdempotencyKeyReused) => return Err(ChangeError::IdempotencyKeyReused),
            Err(err) => return Err(anyhow::Error::new(err).context("reading the idempotency record").into()),
        }
    }
    let mut current = if decision.creates() { None } else { Some(visible(state, &acting, &id).await?) };
    decision.check_permitted(acting)?;
    let mut attempt = 1;
    loop {
        if let Some(incident) = &current
            && !holds_on(state, &decision, incident).await?
        {
            return Err(ChangeError::Conflict(Box::new(acting.redact(incident.clone()))));
        }
        let Some((next, events)) = decision.decide(state, &acting, current.as_ref()).await? else {
            let incident = current.context("a new incident is always a change")?;
            return Ok(Outcome::Unchanged(incident));
        };
        let projected = projections::project(state, &decision, current.as_ref(), &next, &events);
        let mut commit = match &current {
            Some(before) => Commit::change(before.version, &next, &events),
            None => Commit::new(&next, &events),
        };
        if let Some(idem) = idempotency {
            commit = commit.idempotent(idem.key, idem.fingerprint);
        }
        match state.incident_writes.writer.commit(commit.with(projected.writes)).await {
            Ok(Created::New) => {
                if let Some(notice) = &projected.notice {
                    crate::notify::fan_out(state, notice).await;
                }
                if projected.messages_reporter {
                    state.delivery.queued.notify_one();
                }
                return Ok(Outcome::Changed { incident: next, events });
            }
            Ok(Created::Replayed { id }) => return Ok(Outcome::Replayed(id)),
            Err(RepoError::IdempotencyKeyReused) => return Err(ChangeError::IdempotencyKeyReused),
            // Someone else's change landed between our read and our write: decide again on theirs.
            Err(RepoError::VersionConflict) => {
                let newest = state.incidents.get(&id).await.context("re-reading the incident after a conflict")?;
                let newest = newest.ok_or(ChangeError::NotFound)?;
                if attempt == ATTEMPTS {
                    return Err(ChangeError::Conflict(Box::new(acting.redact(newest))));
                }
                current = Some(newest);
                attempt += 1;
            }
            Err(err) => return Err(anyhow::Error::new(err).context("storing the incident's change").into()),
        }
    }
}

/// The incident, when the actor may see it: any other (or none) is "not found", so as not to reveal
/// that it exists.
async fn visible(state: &AppState, acting: &Acting<'_>, id: &IncidentId) -> Result<Incident, ChangeError> {
    let incident = state.incidents.get(id).await.with_context(|| format!("reading incident {id}"))?;
    incident.filter(|incident| acting.may_see(incident)).ok_or(ChangeError::NotFound)
}

/// Whether the decision, made on the version it names, still means the same on `current`: always when
/// it was made on this very version, names none, or means the same on any (a note); otherwise
/// when the changes since that version leave it standing ([`Decision::holds_after`]). A version from
/// the future never holds.
async fn holds_on(state: &AppState, decision: &Decision, current: &Incident) -> Result<bool, ChangeError> {
    let Some(seen) = decision.made_on() else { return Ok(true) };
    if seen == current.version || decision.commutes() {
        return Ok(true);
    }
    if seen > current.version {
        return Ok(false);
    }
    let events = state.incidents.events(&current.id).await.context("reading the changes since the version seen")?;
    let since: Vec<Change> = events.into_iter().filter(|e| e.seq > seen).map(|e| e.change).collect();
    Ok(decision.holds_after(&since))
}
