//! Incidents: intake, the open board, one incident with its history, and life-cycle commands.
//!
//! Who may call each route is [`crate::policy`]'s; here are the rules that depend on the incident:
//! agency officers and heads see only incidents where their agency has an assignment (any other is
//! "not found", so as not to reveal it exists) and may only move their own agency's assignment; and
//! callers' numbers and names are masked for every role that may not see them, in the incident and in
//! its history.

use anyhow::Context as _;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use tanggap_domain::category::PriorityError;
use tanggap_domain::citizen::Channel;
use tanggap_domain::dto::{
    BoardFilter, BoardPage, CommandRequest, FieldError, FieldProblem, IncidentDetail, NewIncident,
};
use tanggap_domain::incident::Report;
use tanggap_domain::{
    Category, CategoryCode, Incident, IncidentCommand, IncidentId, IncidentStatus, KodeWilayah, Lang, Location,
    Priority, Region, RegionLevel,
};
use tanggap_store::StoreError;
use tanggap_store::repo::RepoError;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::Principal;
use crate::error::{ApiError, BadRequest};
use crate::extract::{IdempotencyKeyHeader, IncidentPath, Json, Language, PageParams, Query};
use crate::incidents::{self, Acting, Decision, Idempotency, Outcome};
use crate::openapi::ProblemResponse;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(create, board)).routes(routes!(detail)).routes(routes!(command))
}

/// Set on the answer to a create that repeated an earlier one.
pub const IDEMPOTENT_REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");

/// Takes a report and opens an incident (closed at once for a P0 category).
///
/// Retrying with the same `Idempotency-Key` and body answers with the first incident and changes nothing.
#[utoipa::path(
    post,
    path = "/api/incidents",
    operation_id = "create_incident",
    tag = "incidents",
    security(("bearer" = [])),
    params(("Idempotency-Key" = String, Header, description = "8-128 letters, digits, - or _; one per report")),
    request_body = NewIncident,
    responses(
        (status = 201, body = IncidentDetail, headers(
            ("Location" = String, description = "The incident's URL"),
            ("Idempotent-Replayed" = String, description = "`true` when this repeats an earlier create"),
        )),
        (status = 400, response = ProblemResponse),
        (status = 413, response = ProblemResponse),
        (status = 415, response = ProblemResponse),
        (status = 422, response = ProblemResponse),
    )
)]
#[tracing::instrument(name = "create incident", skip_all, fields(idempotency_key = %key.0, id, username = %principal.username))]
pub async fn create(
    State(state): State<AppState>,
    Language(lang): Language,
    principal: Principal,
    key: IdempotencyKeyHeader,
    Json(form): Json<NewIncident>,
) -> Result<(StatusCode, HeaderMap, Json<IncidentDetail>), ApiError> {
    let (category, report) = resolve(&state, &form, lang).await?;
    let id = IncidentId::parse(&ulid::Ulid::new().to_string()).context("a new ULID is not an incident id")?;
    tracing::Span::current().record("id", tracing::field::display(&id));
    let fingerprint = fingerprint(&form)?;
    let idempotency = Idempotency { key: &key.0, fingerprint: &fingerprint };
    let decision =
        Decision::Receive { id, category: Box::new(category), report: Box::new(report), ticket: None, photo: None };
    let (detail, replayed) =
        match incidents::execute(&state, Acting::User(&principal), decision, Some(idempotency)).await? {
            Outcome::Changed { incident, events } => (IncidentDetail { incident, events }, false),
            Outcome::Replayed(id) => {
                let first = read_detail(&state, &id).await?.context("the replayed key's incident is missing")?;
                (first, true)
            }
            Outcome::Unchanged(_) => return Err(anyhow::anyhow!("a report taken changed nothing").into()),
        };
    let mut headers = HeaderMap::new();
    let location = format!("/api/incidents/{}", detail.incident.id);
    headers.insert(header::LOCATION, HeaderValue::from_str(&location).context("the location header")?);
    if replayed {
        headers.insert(IDEMPOTENT_REPLAYED, HeaderValue::from_static("true"));
    }
    Ok((StatusCode::CREATED, headers, Json(redact(&principal, detail))))
}

/// Parses the form and looks up what it names: the category, and the district and village, which must
/// be in the catalog and inside the deployment's regency. Every problem is reported at once.
pub(crate) async fn resolve(state: &AppState, form: &NewIncident, lang: Lang) -> Result<(Category, Report), ApiError> {
    let draft = form.parse(lang).map_err(ApiError::Validation)?;
    let mut errors = Vec::new();
    let category = state.catalog.category(&draft.category).await.context("looking up the category")?;
    if category.is_none() {
        errors.push(FieldError::new("category", FieldProblem::UnknownCategory, lang));
    }
    // A district derived from the village is the village's problem when it is not found.
    let district_field = if form.district.is_some() { "district" } else { "village" };
    let district = region_in_regency(state, draft.district.as_ref(), district_field, lang, &mut errors).await?;
    let village = region_in_regency(state, draft.village.as_ref(), "village", lang, &mut errors).await?;
    // The operator may choose another priority than the category's, with a reason.
    let priority = category.as_ref().map(|c| c.priority_for(draft.priority, draft.priority_reason.as_ref()));
    match priority {
        Some(Err(PriorityError::ReasonRequired)) => {
            errors.push(FieldError::new("priority_reason", FieldProblem::Required, lang));
        }
        Some(Err(PriorityError::P0ForDispatchedCategory)) => {
            errors.push(FieldError::new("priority", FieldProblem::Invalid, lang));
        }
        _ => {}
    }
    let (Some(category), Some(Ok(priority))) = (category, priority) else {
        return Err(ApiError::Validation(errors));
    };
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let report = Report {
        caller: draft.caller,
        location: Location { district, village, landmark: draft.landmark, coordinates: draft.coordinates },
        description: draft.description,
        people_affected: draft.people_affected,
        priority: Some(priority),
        priority_reason: draft.priority_reason,
        // Whether the number is blocked is the create's to find out.
        caller_blocked: false,
        channel: Channel::Call,
        intake_seconds: draft.intake_seconds,
    };
    Ok((category, report))
}

/// Looks an edited location's district and village up again by their codes, as intake does: they must
/// be in the catalog and inside the regency, the village inside the district (which it implies when
/// absent). The names the client sent are replaced by the catalog's, so that none of its making is stored.
async fn resolve_location(state: &AppState, location: &mut Location, lang: Lang) -> Result<(), ApiError> {
    let village_code = location.village.as_ref().map(|village| village.code.clone());
    let district_code = match &location.district {
        Some(district) => Some(district.code.clone()),
        None => village_code.as_ref().and_then(KodeWilayah::parent),
    };
    // A district derived from the village is the village's problem.
    let district_field = if location.district.is_some() { "district" } else { "village" };
    let mut errors = Vec::new();
    if village_code.as_ref().is_some_and(|code| code.level() != RegionLevel::Village) {
        errors.push(FieldError::new("village", FieldProblem::BadRegion, lang));
    } else if district_code.as_ref().is_some_and(|code| code.level() != RegionLevel::District) {
        errors.push(FieldError::new(district_field, FieldProblem::BadRegion, lang));
    } else if let (Some(village), Some(district)) = (&village_code, &district_code)
        && !village.is_within(district)
    {
        errors.push(FieldError::new("village", FieldProblem::VillageOutsideDistrict, lang));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let district = region_in_regency(state, district_code.as_ref(), district_field, lang, &mut errors).await?;
    let village = region_in_regency(state, village_code.as_ref(), "village", lang, &mut errors).await?;
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    location.district = district;
    location.village = village;
    Ok(())
}

/// The region `code` names, when it is in the catalog and inside the deployment's regency; otherwise
/// a `region_not_found` error on `field`.
async fn region_in_regency(
    state: &AppState,
    code: Option<&KodeWilayah>,
    field: &str,
    lang: Lang,
    errors: &mut Vec<FieldError>,
) -> Result<Option<Region>, ApiError> {
    let Some(code) = code else { return Ok(None) };
    let region = if code.is_within(&state.regency) {
        state.catalog.region(code).await.with_context(|| format!("looking up region {code}"))?
    } else {
        None
    };
    if region.is_none() && !errors.iter().any(|e| e.field == field) {
        errors.push(FieldError::new(field, FieldProblem::RegionNotFound, lang));
    }
    Ok(region)
}

/// Identifies a create's request: the SHA-256 of its body as parsed and serialised again, so that
/// spacing and key order do not make a retry look like another request.
fn fingerprint(form: &NewIncident) -> Result<String, ApiError> {
    let canonical = serde_json::to_vec(form).context("serialising the request for its fingerprint")?;
    Ok(format!("{:x}", Sha256::digest(canonical)))
}

/// The incident and its history as `principal` may see them.
pub(crate) fn redact(principal: &Principal, detail: IncidentDetail) -> IncidentDetail {
    IncidentDetail {
        incident: principal.redact_incident(detail.incident),
        events: principal.redact_events(detail.events),
    }
}

/// The incident `principal` may see: any other (or none) is "not found", so as not to reveal it exists.
pub(crate) async fn visible_incident(
    state: &AppState,
    principal: &Principal,
    id: &IncidentId,
) -> Result<Incident, ApiError> {
    let incident = state.incidents.get(id).await.with_context(|| format!("reading incident {id}"))?;
    incident.filter(|incident| principal.may_see(incident)).ok_or(ApiError::NotFound)
}

pub(crate) async fn read_detail(state: &AppState, id: &IncidentId) -> Result<Option<IncidentDetail>, ApiError> {
    let Some(incident) = state.incidents.get(id).await.with_context(|| format!("reading incident {id}"))? else {
        return Ok(None);
    };
    let events = state.incidents.events(id).await.with_context(|| format!("reading incident {id}'s history"))?;
    Ok(Some(IncidentDetail { incident, events }))
}

/// The board's filters. They arrive as text, so that a bad value is named by its field.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BoardQuery {
    /// An open status: `received`, `verified` or `dispatched`.
    status: Option<String>,
    /// `P1`, `P2` or `P3`.
    priority: Option<String>,
    /// A category code, e.g. `FIRE`.
    category: Option<String>,
    /// A district's kode wilayah, e.g. `64.09.01`.
    district: Option<String>,
}

impl BoardQuery {
    /// The filter, every bad value named per field. A blank value filters nothing.
    fn parse(&self, lang: Lang) -> Result<BoardFilter, Vec<FieldError>> {
        fn given(value: &Option<String>) -> Option<&str> {
            value.as_deref().map(str::trim).filter(|v| !v.is_empty())
        }
        let mut errors = Vec::new();
        let mut filter = BoardFilter::default();
        if let Some(status) = given(&self.status) {
            match serde_json::from_value::<IncidentStatus>(status.to_ascii_lowercase().into()) {
                Ok(status) => filter.status = Some(status),
                Err(_) => errors.push(FieldError::new("status", FieldProblem::Invalid, lang)),
            }
        }
        if let Some(priority) = given(&self.priority) {
            match Priority::ALL.into_iter().find(|p| p.as_str().eq_ignore_ascii_case(priority)) {
                Some(priority) => filter.priority = Some(priority),
                None => errors.push(FieldError::new("priority", FieldProblem::Invalid, lang)),
            }
        }
        if let Some(category) = given(&self.category) {
            match CategoryCode::parse(category) {
                Ok(category) => filter.category = Some(category),
                Err(_) => errors.push(FieldError::new("category", FieldProblem::UnknownCategory, lang)),
            }
        }
        if let Some(district) = given(&self.district) {
            match KodeWilayah::parse(district).ok().filter(|code| code.level() == RegionLevel::District) {
                Some(district) => filter.district = Some(district),
                None => errors.push(FieldError::new("district", FieldProblem::BadRegion, lang)),
            }
        }
        if errors.is_empty() { Ok(filter) } else { Err(errors) }
    }
}

/// The open incidents, most urgent first, then oldest first, narrowed by the filters given (each must
/// hold). Agency officers and heads see only those where their agency has an assignment.
#[utoipa::path(
    get,
    path = "/api/incidents",
    operation_id = "incident_board",
    tag = "incidents",
    security(("bearer" = [])),
    params(PageParams, BoardQuery),
    responses(
        (status = 200, body = BoardPage),
        (status = 400, response = ProblemResponse),
    )
)]
#[tracing::instrument(name = "board", skip_all, fields(username = %principal.username))]
pub async fn board(
    State(state): State<AppState>,
    Language(lang): Language,
    principal: Principal,
    Query(params): Query<PageParams>,
    Query(filter): Query<BoardQuery>,
) -> Result<Json<BoardPage>, ApiError> {
    let (limit, cursor) = params.page()?;
    let filter = filter.parse(lang).map_err(ApiError::BadParameters)?;
    let agency = principal.agency_scope()?;
    let page = if agency.is_none() && filter.is_empty() {
        state.incidents.board(limit, cursor).await
    } else {
        let keep = |incident: &Incident| {
            filter.matches(incident) && agency.is_none_or(|agency| incident.assignment(agency).is_some())
        };
        state.incidents.board_where(keep, limit, cursor).await
    };
    match page {
        Ok((incidents, next)) => Ok(Json(BoardPage {
            incidents: incidents.into_iter().map(|incident| principal.redact_incident(incident)).collect(),
            next: next.map(|cursor| cursor.0),
        })),
        Err(RepoError::Store(StoreError::InvalidCursor)) => Err(ApiError::BadRequest(BadRequest::MalformedCursor)),
        Err(err) => Err(anyhow::Error::new(err).context("reading the board").into()),
    }
}

/// One incident with its whole history.
#[utoipa::path(
    get,
    path = "/api/incidents/{id}",
    operation_id = "incident_detail",
    tag = "incidents",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The incident's id (a ULID)")),
    responses(
        (status = 200, body = IncidentDetail),
        (status = 400, response = ProblemResponse),
        (status = 404, response = ProblemResponse),
    )
)]
#[tracing::instrument(name = "incident detail", skip_all, fields(id = %id.0, username = %principal.username))]
pub async fn detail(
    State(state): State<AppState>,
    principal: Principal,
    id: IncidentPath,
) -> Result<Json<IncidentDetail>, ApiError> {
    let detail = read_detail(&state, &id.0).await?.filter(|d| principal.may_see(&d.incident));
    detail.map(|detail| Json(redact(&principal, detail))).ok_or(ApiError::NotFound)
}

/// Gives a life-cycle command, made on the version the user saw.
///
/// A stale `expected_version` is refused with the incident as it is now (`current`), except for the
/// commands that mean the same on any version (`add_note`, `add_report`), and an agency's step or
/// support request when nothing since touched that agency's assignment (a note, a photo, a breach the
/// sweeper recorded): those are applied to the newest version. A command the life cycle does not allow
/// in the current state is refused with the reason. Agency officers and heads may only
/// `update_assignment` for their own agency (and not `cancel` it: that is the operator's) and
/// `request_support` in its name, 403 otherwise.
#[utoipa::path(
    post,
    path = "/api/incidents/{id}/commands",
    operation_id = "incident_command",
    tag = "incidents",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The incident's id (a ULID)")),
    request_body = CommandRequest,
    responses(
        (status = 200, body = IncidentDetail),
        (status = 400, response = ProblemResponse),
        (status = 404, response = ProblemResponse),
        (status = 409, response = ProblemResponse),
        (status = 413, response = ProblemResponse),
        (status = 415, response = ProblemResponse),
        (status = 422, response = ProblemResponse),
    )
)]
#[tracing::instrument(
    name = "incident command",
    skip_all,
    fields(id = %id.0, command = request.command.name(), username = %principal.username)
)]
pub async fn command(
    State(state): State<AppState>,
    Language(lang): Language,
    principal: Principal,
    id: IncidentPath,
    Json(mut request): Json<CommandRequest>,
) -> Result<Json<IncidentDetail>, ApiError> {
    let id = id.0;
    let acting = Acting::User(&principal);
    // An incident the caller may not see is not found, and a command they may not give is refused,
    // before its references are looked up.
    visible_incident(&state, &principal, &id).await?;
    Decision::permits(&request.command, acting)?;
    check_references(&state, &mut request.command, lang).await?;
    let decision =
        Decision::Command { id: id.clone(), command: request.command, expected_version: request.expected_version };
    let incident = match incidents::execute(&state, acting, decision, None).await? {
        Outcome::Changed { incident, .. } | Outcome::Unchanged(incident) => incident,
        Outcome::Replayed(_) => return Err(anyhow::anyhow!("a command has no idempotency key").into()),
    };
    let events = state.incidents.events(&id).await.context("reading the incident's history")?;
    Ok(Json(redact(&principal, IncidentDetail { incident, events })))
}

/// Checks that a command names only agencies, incidents and regions that exist, so that no dangling
/// code is ever written into a history; an edit's regions get the catalog's names.
async fn check_references(state: &AppState, command: &mut IncidentCommand, lang: Lang) -> Result<(), ApiError> {
    let (field, known) = match command {
        IncidentCommand::Edit { location: Some(location), .. } => return resolve_location(state, location, lang).await,
        IncidentCommand::Dispatch { agencies } => {
            let catalog = state.catalog.agencies().await.context("listing the agencies")?;
            ("agencies", agencies.iter().all(|code| catalog.iter().any(|agency| agency.code == *code)))
        }
        IncidentCommand::RequestSupport { agency, .. } => {
            let catalog = state.catalog.agencies().await.context("listing the agencies")?;
            ("agency", catalog.iter().any(|known| known.code == *agency))
        }
        IncidentCommand::MergeInto { target } => {
            ("target", state.incidents.get(target).await.context("reading the merge target")?.is_some())
        }
        _ => return Ok(()),
    };
    if known { Ok(()) } else { Err(ApiError::Validation(vec![FieldError::new(field, FieldProblem::Invalid, lang)])) }
}
