//! Linked reports: another call about an incident already open, added to it instead of opening a second
//! one. Like a create, it is idempotent by its `Idempotency-Key`; unlike most commands, it needs no
//! expected version: a report means the same whatever changed meanwhile, so it is applied to the newest.

use anyhow::Context as _;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue};
use sha2::{Digest, Sha256};
use tanggap_domain::IncidentId;
use tanggap_domain::dto::{IncidentDetail, NewReport, Problem};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::incidents::{IDEMPOTENT_REPLAYED, read_detail, redact};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{IdempotencyKeyHeader, IncidentPath, Json, Language};
use crate::incidents::{self, Acting, Decision, Idempotency, Outcome};
use crate::openapi::ProblemResponse;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(link_report))
}

/// Links another call about the same event to an open incident: its caller and what they said join the
/// history, and the incident counts one more report.
///
/// Retrying with the same `Idempotency-Key` and body answers with the incident as it is now and links
/// nothing twice. An incident no longer open refuses the report (409 `/problems/lifecycle`).
#[utoipa::path(
    post,
    path = "/api/incidents/{id}/reports",
    operation_id = "link_report",
    tag = "incidents",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The incident's id (a ULID)"),
        ("Idempotency-Key" = String, Header, description = "8-128 letters, digits, - or _; one per call"),
    ),
    request_body = NewReport,
    responses(
        (status = 200, body = IncidentDetail, headers(
            ("Idempotent-Replayed" = String, description = "`true` when this repeats an earlier report"),
        )),
        (status = 400, response = ProblemResponse),
        (status = 404, response = ProblemResponse),
        (status = 409, body = Problem, content_type = "application/problem+json", description = "The incident is no longer open"),
        (status = 413, response = ProblemResponse),
        (status = 415, response = ProblemResponse),
        (status = 422, response = ProblemResponse),
    )
)]
#[tracing::instrument(
    name = "link report",
    skip_all,
    fields(id = %id.0, idempotency_key = %key.0, username = %principal.username)
)]
pub async fn link_report(
    State(state): State<AppState>,
    Language(lang): Language,
    principal: Principal,
    id: IncidentPath,
    key: IdempotencyKeyHeader,
    Json(form): Json<NewReport>,
) -> Result<(HeaderMap, Json<IncidentDetail>), ApiError> {
    let id = id.0;
    let (caller, description) = form.parse(lang).map_err(ApiError::Validation)?;
    let fingerprint = fingerprint(&id, &form)?;
    let idempotency = Idempotency { key: &key.0, fingerprint: &fingerprint };
    let decision = Decision::LinkReport { id: id.clone(), caller, description };
    match incidents::execute(&state, Acting::User(&principal), decision, Some(idempotency)).await? {
        Outcome::Changed { incident, .. } | Outcome::Unchanged(incident) => {
            let events = state.incidents.events(&id).await.context("reading the incident's history")?;
            Ok((HeaderMap::new(), Json(redact(&principal, IncidentDetail { incident, events }))))
        }
        // A retry is answered as it was, even if the incident has been closed since.
        Outcome::Replayed(first) => replay(&state, &principal, &first).await,
    }
}

/// The answer to a repeated report: the incident as it is now, marked as a replay.
async fn replay(
    state: &AppState,
    principal: &Principal,
    id: &IncidentId,
) -> Result<(HeaderMap, Json<IncidentDetail>), ApiError> {
    let detail = read_detail(state, id).await?.context("the replayed report's incident is missing")?;
    let mut headers = HeaderMap::new();
    headers.insert(IDEMPOTENT_REPLAYED, HeaderValue::from_static("true"));
    Ok((headers, Json(redact(principal, detail))))
}

/// Identifies a report's request: the incident it is for and its body as parsed and serialised again,
/// so that the same key on another incident, or with another body, is another request.
fn fingerprint(id: &IncidentId, form: &NewReport) -> Result<String, ApiError> {
    let canonical = serde_json::to_vec(form).context("serialising the report for its fingerprint")?;
    let mut hash = Sha256::new();
    hash.update(b"report:");
    hash.update(id.as_str().as_bytes());
    hash.update(b":");
    hash.update(&canonical);
    Ok(format!("{:x}", hash.finalize()))
}
