//! A shift's record and its handover (`/api/shifts/{day}/{index}*`): who signed on, and at the shift's
//! end the outgoing supervisor's note beside what the next shift takes over (open incidents, the
//! targets missed during the shift, the numbers blocked), which the incoming supervisor acknowledges.

use anyhow::Context as _;
use axum::extract::{Path, State};
use tanggap_domain::dto::{HandoverAcknowledgement, HandoverNote, Problem, ShiftRecord};
use tanggap_domain::shift::handover::MAX_LISTED;
use tanggap_domain::shift::{Handover, HandoverMaterial, OpenIncident, Shift, ShiftRef};
use tanggap_domain::text::TextError;
use tanggap_domain::{Lang, Role, Text};
use tanggap_store::repo::RepoError;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::shifts::shift_in_path;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{Json, Language};
use crate::openapi::ProblemResponse;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(record)).routes(routes!(write)).routes(routes!(acknowledge))
}

/// How often a handover is made again when someone else's landed first.
const ATTEMPTS: usize = 5;

/// One shift: who signed on and off, its handover, and, for a supervisor while it may still be handed
/// over, what it would hand over now.
#[utoipa::path(
    get,
    path = "/api/shifts/{day}/{index}",
    operation_id = "shift_record",
    tag = "shifts",
    security(("bearer" = [])),
    params(
        ("day" = String, Path, description = "The day the shift begins, `YYYY-MM-DD`"),
        ("index" = u8, Path, description = "The shift's place in the day's pattern, 0 the first"),
    ),
    responses(
        (status = 200, body = ShiftRecord),
        (status = 400, body = Problem, content_type = "application/problem+json", description = "a day or index that does not parse"),
        (status = 404, response = ProblemResponse),
    )
)]
#[tracing::instrument(name = "shift record", skip_all)]
pub async fn record(
    State(state): State<AppState>,
    Language(lang): Language,
    principal: Principal,
    Path((day, index)): Path<(String, String)>,
) -> Result<Json<ShiftRecord>, ApiError> {
    let shift = shift_of(&state, shift_in_path(&day, &index, lang)?).await?;
    let sign_ons = state.shifts.sign_ons_of(shift.id).await.context("reading the shift's sign-ons")?;
    let handover = state.shifts.handover(shift.id).await.context("reading the handover")?.map(|h| h.handover);
    let now = state.clock.now();
    let open_to_handover = Handover::may_be_written(&shift, now) || shift.contains(now);
    let acknowledged = handover.as_ref().is_some_and(|h| h.acknowledged.is_some());
    // Gathering it reads the whole open board: only for the supervisors, who write the handover (the
    // operators signing on at a shift change read the written one).
    let writes = principal.role == Role::Supervisor;
    let material =
        if writes && open_to_handover && !acknowledged { Some(material(&state, &shift).await?) } else { None };
    Ok(Json(ShiftRecord { shift, sign_ons, handover, material }))
}

/// The outgoing supervisor writes the shift's handover note (again, until it is acknowledged), from
/// an hour before the shift's end until two hours after. What is handed over is kept as it stands now.
#[utoipa::path(
    put,
    path = "/api/shifts/{day}/{index}/handover",
    operation_id = "write_handover",
    tag = "shifts",
    security(("bearer" = [])),
    params(
        ("day" = String, Path, description = "The day the shift begins, `YYYY-MM-DD`"),
        ("index" = u8, Path, description = "The shift's place in the day's pattern, 0 the first"),
    ),
    request_body = HandoverNote,
    responses(
        (status = 200, body = Handover),
        (status = 400, body = Problem, content_type = "application/problem+json", description = "a day or index that does not parse"),
        (status = 404, response = ProblemResponse),
        (status = 409, body = Problem, content_type = "application/problem+json", description = "not the time to hand this shift over, or acknowledged already (`/problems/shift`)"),
        (status = 413, response = ProblemResponse),
        (status = 415, response = ProblemResponse),
        (status = 422, body = Problem, content_type = "application/problem+json", description = "an empty or too long note (`note`)"),
    )
)]
#[tracing::instrument(name = "write handover", skip_all, fields(supervisor = %principal.username))]
pub async fn write(
    State(state): State<AppState>,
    Language(lang): Language,
    principal: Principal,
    Path((day, index)): Path<(String, String)>,
    Json(body): Json<HandoverNote>,
) -> Result<Json<Handover>, ApiError> {
    let note = Text::parse(&body.note).map_err(|error| note_problem(error, lang))?;
    let shift = shift_of(&state, shift_in_path(&day, &index, lang)?).await?;
    for _ in 0..ATTEMPTS {
        let existing = state.shifts.handover(shift.id).await.context("reading the handover")?;
        let now = state.clock.now();
        let current = existing.as_ref().map(|stored| &stored.handover);
        // Refused before the material is gathered: reading the open board is the costly part.
        Handover::check_write(current, &shift, now)?;
        let material = material(&state, &shift).await?;
        let handover = Handover::write(current, &shift, &principal.username, note.clone(), material, now)?;
        match state.shifts.save_handover(existing.as_ref(), &handover).await {
            Ok(saved) => return Ok(Json(saved.handover)),
            Err(RepoError::VersionConflict) => continue,
            Err(err) => return Err(anyhow::Error::new(err).context("saving the handover").into()),
        }
    }
    Err(anyhow::anyhow!("the handover of {} kept changing", shift.id).into())
}

/// The incoming supervisor acknowledges the shift's handover, with a remark if any: once, and not the
/// one who wrote it.
#[utoipa::path(
    post,
    path = "/api/shifts/{day}/{index}/handover/acknowledge",
    operation_id = "acknowledge_handover",
    tag = "shifts",
    security(("bearer" = [])),
    params(
        ("day" = String, Path, description = "The day the shift begins, `YYYY-MM-DD`"),
        ("index" = u8, Path, description = "The shift's place in the day's pattern, 0 the first"),
    ),
    request_body = HandoverAcknowledgement,
    responses(
        (status = 200, body = Handover),
        (status = 400, body = Problem, content_type = "application/problem+json", description = "a day or index that does not parse"),
        (status = 404, response = ProblemResponse),
        (status = 409, body = Problem, content_type = "application/problem+json", description = "no handover yet, acknowledged already, or one's own (`/problems/shift`)"),
        (status = 413, response = ProblemResponse),
        (status = 415, response = ProblemResponse),
        (status = 422, body = Problem, content_type = "application/problem+json", description = "a too long note (`note`)"),
    )
)]
#[tracing::instrument(name = "acknowledge handover", skip_all, fields(supervisor = %principal.username))]
pub async fn acknowledge(
    State(state): State<AppState>,
    Language(lang): Language,
    principal: Principal,
    Path((day, index)): Path<(String, String)>,
    Json(body): Json<HandoverAcknowledgement>,
) -> Result<Json<Handover>, ApiError> {
    let note = Text::parse_optional(body.note.as_deref()).map_err(|error| note_problem(error, lang))?;
    let shift = shift_of(&state, shift_in_path(&day, &index, lang)?).await?;
    for _ in 0..ATTEMPTS {
        let existing = state.shifts.handover(shift.id).await.context("reading the handover")?;
        let current = existing.as_ref().map(|stored| &stored.handover);
        let handover = Handover::acknowledge(current, &principal.username, note.clone(), state.clock.now())?;
        match state.shifts.save_handover(existing.as_ref(), &handover).await {
            Ok(saved) => return Ok(Json(saved.handover)),
            Err(RepoError::VersionConflict) => continue,
            Err(err) => return Err(anyhow::Error::new(err).context("saving the acknowledgement").into()),
        }
    }
    Err(anyhow::anyhow!("the handover of {} kept changing", shift.id).into())
}

/// The shift as the center's pattern places it; 404 for an index past the day's last shift.
async fn shift_of(state: &AppState, id: ShiftRef) -> Result<Shift, ApiError> {
    let pattern = state.shifts.pattern().await.context("reading the shift pattern")?;
    pattern.shift(id, state.intake.utc_offset_hours).ok_or(ApiError::NotFound)
}

/// What `shift` hands over, as it stands now: every open incident counted and the most urgent listed,
/// the targets the sweeper found missed during the shift, and the numbers blocked now.
async fn material(state: &AppState, shift: &Shift) -> Result<HandoverMaterial, ApiError> {
    let now = state.clock.now();
    let open = state.incidents.open_incidents().await.context("reading the open incidents")?;
    let offset = state.intake.utc_offset_hours;
    let breaches = state
        .shifts
        .breaches_between(shift.begins_at, shift.ends_at, offset)
        .await
        .context("reading the shift's breaches")?;
    let blocked = state.callers.blocks(now).await.context("reading the blocked numbers")?;
    Ok(HandoverMaterial {
        open_count: open.len(),
        // The board's order: the most urgent first, then the oldest.
        open: open
            .into_iter()
            .take(MAX_LISTED)
            .map(|incident| OpenIncident {
                id: incident.id,
                category: incident.category,
                priority: incident.priority,
                status: incident.status,
                received_at: incident.received_at,
            })
            .collect(),
        breaches,
        blocked,
    })
}

fn note_problem(error: TextError, lang: Lang) -> ApiError {
    let problem = match error {
        TextError::Empty => tanggap_domain::dto::FieldProblem::Required,
        TextError::TooLong { max } => tanggap_domain::dto::FieldProblem::TooLong(max),
    };
    ApiError::Validation(vec![tanggap_domain::dto::FieldError::new("note", problem, lang)])
}
