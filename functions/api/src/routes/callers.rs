//! Callers: a number's earlier calls while it is on the line, and blocks of numbers that prank.
//!
//! Callers' numbers and calls are personal data (UU 27/2022): only intake (operators and supervisors)
//! reads them, and only supervisors block, which the audit log records. A block never refuses a call:
//! intake takes it and flags it (a prankster can have a real emergency). It ends by itself at its
//! `until`, which the code checks against the clock; the table's TTL only tidies up later.

use anyhow::Context as _;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use tanggap_domain::caller::{
    CallRecord, CallerBlock, PRANK_CALLS_FOR_BLOCK, PRANK_WINDOW_HOURS, prank_calls_within_window,
};
use tanggap_domain::dto::{
    AuditAction, CALLER_HISTORY_LIMIT, CallerHistory, FieldError, FieldProblem, NewBlock, Problem,
};
use tanggap_domain::{IncidentId, PhoneNumber};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::{Audit, Principal, SourceAddress};
use crate::error::ApiError;
use crate::extract::{Json, Language};
use crate::openapi::ProblemResponse;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(history)).routes(routes!(block, unblock))
}

/// The `{phone}` of a caller's path, as typed (`08…`, `62…`, `+62…`); anything else is a 400 naming
/// `phone`.
#[derive(Debug, Clone)]
pub struct PhonePath(pub PhoneNumber);

impl<S: Send + Sync> FromRequestParts<S> for PhonePath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let lang = Language::of(&parts.headers);
        let bad_phone = || ApiError::BadParameters(vec![FieldError::new("phone", FieldProblem::BadPhone, lang)]);
        let Path(phone) = Path::<String>::from_request_parts(parts, state).await.map_err(|_| bad_phone())?;
        PhoneNumber::parse(&phone).map(Self).map_err(|_| bad_phone())
    }
}

/// A number's earlier calls, newest first, each with its incident's status now (the call's outcome);
/// its prank calls of the last 24 hours, and whether they are enough to propose a block; and the block
/// in force, if any.
#[utoipa::path(
    get,
    path = "/api/callers/{phone}",
    operation_id = "caller_history",
    tag = "callers",
    security(("bearer" = [])),
    params(("phone" = String, Path, description = "The number as typed: 08…, 62… or +62… (`+` as %2B)")),
    responses(
        (status = 200, body = CallerHistory),
        (status = 400, body = Problem, content_type = "application/problem+json", description = "`phone` is not an Indonesian number (`bad_phone`)"),
    )
)]
#[tracing::instrument(name = "caller history", skip_all)]
pub async fn history(
    State(state): State<AppState>,
    PhonePath(phone): PhonePath,
) -> Result<Json<CallerHistory>, ApiError> {
    let now = state.clock.now();
    let window_start = now.plus_seconds(-PRANK_WINDOW_HOURS * 3600);
    let mut calls =
        state.callers.calls(&phone, CALLER_HISTORY_LIMIT, window_start).await.context("reading the caller's calls")?;
    let prank_calls = prank_calls_within_window(&calls, now);
    calls.truncate(CALLER_HISTORY_LIMIT);
    with_current_outcomes(&state, &mut calls).await?;
    let block = state.callers.block(&phone).await.context("reading the caller's block")?.filter(|b| b.is_active(now));
    Ok(Json(CallerHistory {
        phone,
        calls,
        prank_calls_24h: u32::try_from(prank_calls).unwrap_or(u32::MAX),
        block_proposed: prank_calls >= PRANK_CALLS_FOR_BLOCK && block.is_none(),
        block,
    }))
}

/// Sets each call's status to its incident's status now, reading each incident once.
async fn with_current_outcomes(state: &AppState, calls: &mut [CallRecord]) -> Result<(), ApiError> {
    let mut ids: Vec<&IncidentId> = calls.iter().map(|call| &call.incident).collect();
    ids.sort();
    ids.dedup();
    let reads = ids.iter().map(|id| async move {
        let incident = state.incidents.get(id).await.with_context(|| format!("reading incident {id}"))?;
        Ok::<_, anyhow::Error>(incident.map(|incident| (incident.id, incident.status)))
    });
    let statuses: Vec<_> = futures::future::try_join_all(reads).await?.into_iter().flatten().collect();
    for call in calls.iter_mut() {
        if let Some((_, status)) = statuses.iter().find(|(id, _)| *id == call.incident) {
            call.status = *status;
        }
    }
    Ok(())
}

/// Blocks the number for `hours` (the deployment's default, 24, when absent), replacing any block it
/// has. Its calls are still taken, flagged as blocked, until the block ends.
#[utoipa::path(
    put,
    path = "/api/callers/{phone}/block",
    operation_id = "block_caller",
    tag = "callers",
    security(("bearer" = [])),
    params(("phone" = String, Path, description = "The number as typed: 08…, 62… or +62… (`+` as %2B)")),
    request_body = NewBlock,
    responses(
        (status = 200, body = CallerBlock),
        (status = 400, body = Problem, content_type = "application/problem+json", description = "`phone` is not an Indonesian number (`bad_phone`)"),
        (status = 413, response = ProblemResponse),
        (status = 415, response = ProblemResponse),
        (status = 422, body = Problem, content_type = "application/problem+json", description = "`reason` missing or too long, `hours` out of range"),
    )
)]
#[tracing::instrument(name = "block caller", skip_all, fields(supervisor = %principal.username))]
pub async fn block(
    State(state): State<AppState>,
    Language(lang): Language,
    principal: Principal,
    source: SourceAddress,
    PhonePath(phone): PhonePath,
    Json(form): Json<NewBlock>,
) -> Result<Json<CallerBlock>, ApiError> {
    let (reason, hours) = form.parse(state.intake.block_hours, lang).map_err(ApiError::Validation)?;
    let now = state.clock.now();
    let block = CallerBlock {
        phone,
        reason,
        blocked_by: principal.username.clone(),
        blocked_at: now,
        until: now.plus_seconds(i64::from(hours) * 3600),
    };
    state.callers.put_block(&block).await.context("storing the block")?;
    let audit = Audit {
        action: AuditAction::CallerBlocked,
        actor: Some(&principal.username),
        subject: None,
        source: &source,
        detail: Some(describe(&block)),
    };
    audit.record(&state).await?;
    Ok(Json(block))
}

/// Lifts the number's block before its end. 204 also when it had none.
#[utoipa::path(
    delete,
    path = "/api/callers/{phone}/block",
    operation_id = "unblock_caller",
    tag = "callers",
    security(("bearer" = [])),
    params(("phone" = String, Path, description = "The number as typed: 08…, 62… or +62… (`+` as %2B)")),
    responses(
        (status = 204, description = "The number is not blocked (any more)"),
        (status = 400, body = Problem, content_type = "application/problem+json", description = "`phone` is not an Indonesian number (`bad_phone`)"),
    )
)]
#[tracing::instrument(name = "unblock caller", skip_all, fields(supervisor = %principal.username))]
pub async fn unblock(
    State(state): State<AppState>,
    principal: Principal,
    source: SourceAddress,
    PhonePath(phone): PhonePath,
) -> Result<StatusCode, ApiError> {
    let lifted = state.callers.lift_block(&phone).await.context("lifting the block")?;
    // A block that had ended already changed nothing; only lifting one in force is a decision to record.
    if let Some(block) = lifted.filter(|block| block.is_active(state.clock.now())) {
        let audit = Audit {
            action: AuditAction::CallerUnblocked,
            actor: Some(&principal.username),
            subject: None,
            source: &source,
            detail: Some(describe(&block)),
        };
        audit.record(&state).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

/// A block as the audit log words it: which number, why, until when.
fn describe(block: &CallerBlock) -> String {
    format!("{}: {} (until {})", block.phone, block.reason, block.until)
}
