//! Shifts (`/api/shifts*`): the shift under way and who is on duty, signing on and off, the month's
//! roster (supervisors edit it), the center's shift pattern, and the calls the staffing planner plans
//! for. Roster and pattern changes are audited; sign-ons are their shifts' history.

use anyhow::Context as _;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;
use tanggap_domain::dashboard::{RangeError, staff};
use tanggap_domain::dto::{
    AuditAction, DayRange, FieldError, FieldProblem, OnDuty, OperatorFigures, OperatorRow, PatternEdit, Problem,
    RosterShiftEdit, RosterView, ShiftNow, ShiftRow, ShiftWorker, StaffingDemand,
};
use tanggap_domain::shift::{self, ClockTime, Duty, Roster, ShiftPattern, ShiftRef, SignOn};
use tanggap_domain::{Day, Lang, Role, User, staffing};
use tanggap_store::repo::RepoError;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::{Audit, Principal, SourceAddress};
use crate::duty::DutyNow;
use crate::error::ApiError;
use crate::extract::{Json, Language, Query};
use crate::openapi::ProblemResponse;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(now))
        .routes(routes!(sign_on))
        .routes(routes!(sign_off))
        .routes(routes!(roster))
        .routes(routes!(edit_roster))
        .routes(routes!(edit_pattern))
        .routes(routes!(demand))
        .routes(routes!(operators))
}

/// How often a change is made again when someone else's landed first.
const ATTEMPTS: usize = 5;

/// How many days the planner measures by default: four whole weeks, ending yesterday.
const DEMAND_DAYS: i64 = 28;

/// The shift under way and the next, who is on duty now (signed on, or rostered and not signed on
/// yet), and the caller's own latest sign-on.
#[utoipa::path(
    get,
    path = "/api/shifts/now",
    operation_id = "shift_now",
    tag = "shifts",
    security(("bearer" = [])),
    responses((status = 200, body = ShiftNow)),
)]
#[tracing::instrument(name = "shift now", skip_all)]
pub async fn now(State(state): State<AppState>, principal: Principal) -> Result<Json<ShiftNow>, ApiError> {
    let duty = DutyNow::read(&state).await?;
    let users = state.users.list().await.context("listing the users on duty")?;
    let mut on_duty: Vec<OnDuty> = users
        .into_iter()
        .filter(|user| !user.disabled && Roster::ROLES.contains(&user.role))
        .filter_map(|user| {
            let level = duty.duty(&user.username, false);
            let on_at = duty.latest.get(&user.username).filter(|_| level == Duty::SignedOn).map(|s| s.on_at);
            matches!(level, Duty::SignedOn | Duty::Rostered).then(|| OnDuty {
                username: user.username,
                display_name: user.display_name,
                role: user.role,
                duty: level,
                on_at,
            })
        })
        .collect();
    on_duty.sort_by(|a, b| b.duty.cmp(&a.duty).then_with(|| a.username.cmp(&b.username)));
    let next = duty.pattern.shift(duty.pattern.next(duty.current.id), duty.utc_offset_hours).unwrap_or(duty.current);
    Ok(Json(ShiftNow {
        me: duty.latest.get(&principal.username).cloned(),
        pattern: duty.pattern,
        utc_offset_hours: duty.utc_offset_hours,
        current: duty.current,
        next,
        on_duty,
    }))
}

/// Signs the caller on: to the shift under way, or to the next when it begins within 30 minutes. One
/// still signed on to an earlier shift (staying for a double) is signed off from it at once.
#[utoipa::path(
    post,
    path = "/api/shifts/sign-on",
    operation_id = "sign_on",
    tag = "shifts",
    security(("bearer" = [])),
    responses(
        (status = 201, body = SignOn),
        (status = 409, body = Problem, content_type = "application/problem+json", description = "signed on to this shift already (`/problems/shift`)"),
    )
)]
#[tracing::instrument(name = "sign on", skip_all, fields(user = %principal.username))]
pub async fn sign_on(
    State(state): State<AppState>,
    principal: Principal,
) -> Result<(StatusCode, Json<SignOn>), ApiError> {
    let user = signed_in_user(&state, &principal).await?;
    let utc_offset_hours = state.intake.utc_offset_hours;
    for _ in 0..ATTEMPTS {
        let now = state.clock.now();
        let pattern = state.shifts.pattern().await.context("reading the shift pattern")?;
        let joining = shift::duty::shift_to_join(&pattern, utc_offset_hours, now);
        let roster = state.shifts.roster(joining.id.day).await.context("reading the roster")?.roster;
        let last = state.shifts.last_sign_on(&user.username).await.context("reading the last sign-on")?;
        let signed =
            shift::sign_on(&user, last.as_ref().map(|l| &l.sign_on), &pattern, utc_offset_hours, &roster, now)?;
        match state.shifts.save_sign_on(last.as_ref(), &signed.sign_on, signed.closed.as_ref()).await {
            Ok(()) => return Ok((StatusCode::CREATED, Json(signed.sign_on))),
            Err(RepoError::VersionConflict) => continue,
            Err(err) => return Err(anyhow::Error::new(err).context("saving the sign-on").into()),
        }
    }
    Err(anyhow::anyhow!("{}'s sign-ons kept changing", user.username).into())
}

/// Signs the caller off from the shift they are signed on to.
#[utoipa::path(
    post,
    path = "/api/shifts/sign-off",
    operation_id = "sign_off",
    tag = "shifts",
    security(("bearer" = [])),
    responses(
        (status = 200, body = SignOn),
        (status = 409, body = Problem, content_type = "application/problem+json", description = "not signed on (`/problems/shift`)"),
    )
)]
#[tracing::instrument(name = "sign off", skip_all, fields(user = %principal.username))]
pub async fn sign_off(State(state): State<AppState>, principal: Principal) -> Result<Json<SignOn>, ApiError> {
    for _ in 0..ATTEMPTS {
        let last = state.shifts.last_sign_on(&principal.username).await.context("reading the last sign-on")?;
        let off = shift::sign_off(last.as_ref().map(|l| &l.sign_on), state.clock.now())?;
        match state.shifts.save_sign_on(last.as_ref(), &off, None).await {
            Ok(()) => return Ok(Json(off)),
            Err(RepoError::VersionConflict) => continue,
            Err(err) => return Err(anyhow::Error::new(err).context("saving the sign-off").into()),
        }
    }
    Err(anyhow::anyhow!("{}'s sign-ons kept changing", principal.username).into())
}

/// The caller's account, as signing on needs it (their role may have changed since the token).
async fn signed_in_user(state: &AppState, principal: &Principal) -> Result<User, ApiError> {
    let stored = state.users.get(&principal.username).await.context("reading the signed-in user")?;
    Ok(stored.filter(|stored| !stored.user.disabled).ok_or(ApiError::Unauthenticated)?.user)
}

/// `?month=2026-12`: the month of a roster; this month by default.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RosterParams {
    /// `YYYY-MM` (or any day of the month, `YYYY-MM-DD`).
    month: Option<String>,
}

/// A month's roster, the pattern its shifts are cut by, and the active operators and supervisors who
/// may be put on it.
#[utoipa::path(
    get,
    path = "/api/shifts/roster",
    operation_id = "roster",
    tag = "shifts",
    security(("bearer" = [])),
    params(RosterParams),
    responses(
        (status = 200, body = RosterView),
        (status = 400, body = Problem, content_type = "application/problem+json", description = "a month that does not parse"),
    )
)]
#[tracing::instrument(name = "roster", skip_all)]
pub async fn roster(
    State(state): State<AppState>,
    Language(lang): Language,
    Query(params): Query<RosterParams>,
) -> Result<Json<RosterView>, ApiError> {
    let month = match params.month.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
        None => Day::of(state.clock.now(), state.intake.utc_offset_hours),
        Some(month) => parse_month(month)
            .ok_or_else(|| ApiError::BadParameters(vec![FieldError::new("month", FieldProblem::Invalid, lang)]))?,
    };
    let pattern = state.shifts.pattern().await.context("reading the shift pattern")?;
    let roster = state.shifts.roster(month).await.context("reading the roster")?.roster;
    let mut people: Vec<ShiftWorker> = state
        .users
        .list()
        .await
        .context("listing the operators and supervisors")?
        .into_iter()
        .filter(|user| !user.disabled && Roster::ROLES.contains(&user.role))
        .map(|user| ShiftWorker { username: user.username, display_name: user.display_name, role: user.role })
        .collect();
    // Supervisors first: every shift needs one.
    people.sort_by(|a, b| (a.role != Role::Supervisor, &a.username).cmp(&(b.role != Role::Supervisor, &b.username)));
    Ok(Json(RosterView { pattern, utc_offset_hours: state.intake.utc_offset_hours, roster, people }))
}

/// `2026-12` or `2026-12-15`: the month's first day.
fn parse_month(text: &str) -> Option<Day> {
    let day = if text.len() == 7 { format!("{text}-01") } else { text.to_owned() };
    Day::parse(&day).ok().map(Day::first_of_month)
}

/// Puts people on one shift (of the pattern, in a month, not ended yet), in place of whoever was on
/// it; an empty list leaves it empty. Audited.
#[utoipa::path(
    put,
    path = "/api/shifts/roster/{day}/{index}",
    operation_id = "edit_roster",
    tag = "shifts",
    security(("bearer" = [])),
    params(
        ("day" = String, Path, description = "The day the shift begins, `YYYY-MM-DD`"),
        ("index" = u8, Path, description = "The shift's place in the day's pattern, 0 the first"),
    ),
    request_body = RosterShiftEdit,
    responses(
        (status = 200, body = Roster),
        (status = 400, body = Problem, content_type = "application/problem+json", description = "a day or index that does not parse"),
        (status = 413, response = ProblemResponse),
        (status = 415, response = ProblemResponse),
        (status = 422, body = Problem, content_type = "application/problem+json", description = "a shift that has ended or is not in the pattern, someone twice, or someone who is not an active operator or supervisor (`/problems/shift`)"),
    )
)]
#[tracing::instrument(name = "edit roster", skip_all, fields(supervisor = %principal.username))]
pub async fn edit_roster(
    State(state): State<AppState>,
    Language(lang): Language,
    principal: Principal,
    source: SourceAddress,
    Path((day, index)): Path<(String, String)>,
    Json(edit): Json<RosterShiftEdit>,
) -> Result<Json<Roster>, ApiError> {
    let shift = shift_in_path(&day, &index, lang)?;
    let users = state.users.list().await.context("listing the users")?;
    let pattern = state.shifts.pattern().await.context("reading the shift pattern")?;
    for _ in 0..ATTEMPTS {
        let stored = state.shifts.roster(shift.day).await.context("reading the roster")?;
        let mut roster = stored.roster.clone();
        let now = state.clock.now();
        roster.assign(shift, edit.people.clone(), &pattern, state.intake.utc_offset_hours, &users, now)?;
        match state.shifts.save_roster(&stored, roster).await {
            Ok(saved) => {
                let people: Vec<&str> = saved.roster.people(shift).iter().map(|p| p.as_str()).collect();
                let on = if people.is_empty() { "-".to_owned() } else { people.join(", ") };
                let audit = Audit {
                    action: AuditAction::RosterChanged,
                    actor: Some(&principal.username),
                    subject: None,
                    source: &source,
                    detail: Some(format!("{shift}: {on}")),
                };
                audit.record(&state).await?;
                return Ok(Json(saved.roster));
            }
            Err(RepoError::VersionConflict) => continue,
            Err(err) => return Err(anyhow::Error::new(err).context("saving the roster").into()),
        }
    }
    Err(anyhow::anyhow!("the roster of {} kept changing", shift.day.first_of_month()).into())
}

/// A shift named in a path by its day and index (`/2026-11-19/2`).
pub(crate) fn shift_in_path(day: &str, index: &str, lang: Lang) -> Result<ShiftRef, ApiError> {
    match (Day::parse(day), index.parse::<u8>()) {
        (Ok(day), Ok(index)) => Ok(ShiftRef { day, index }),
        (day, index) => {
            let mut errors = Vec::new();
            if day.is_err() {
                errors.push(FieldError::new("day", FieldProblem::Invalid, lang));
            }
            if index.is_err() {
                errors.push(FieldError::new("index", FieldProblem::Invalid, lang));
            }
            Err(ApiError::BadParameters(errors))
        }
    }
}

/// Sets when the center's shifts begin. Rosters keep their shifts by place in the day, so a change
/// applies to every month's roster as it stands. Audited.
#[utoipa::path(
    put,
    path = "/api/shifts/pattern",
    operation_id = "edit_shift_pattern",
    tag = "shifts",
    security(("bearer" = [])),
    request_body = PatternEdit,
    responses(
        (status = 200, body = ShiftPattern),
        (status = 413, response = ProblemResponse),
        (status = 415, response = ProblemResponse),
        (status = 422, body = Problem, content_type = "application/problem+json", description = "a time that is not `HH:MM` (`invalid` on `starts`), or shifts out of order, too short or too many (`/problems/shift`)"),
    )
)]
#[tracing::instrument(name = "edit shift pattern", skip_all, fields(by = %principal.username))]
pub async fn edit_pattern(
    State(state): State<AppState>,
    Language(lang): Language,
    principal: Principal,
    source: SourceAddress,
    Json(edit): Json<PatternEdit>,
) -> Result<Json<ShiftPattern>, ApiError> {
    let starts: Result<Vec<ClockTime>, _> = edit.starts.iter().map(|start| ClockTime::parse(start)).collect();
    let starts =
        starts.map_err(|_| ApiError::Validation(vec![FieldError::new("starts", FieldProblem::Invalid, lang)]))?;
    let pattern = ShiftPattern::new(starts)?;
    let before = state.shifts.pattern().await.context("reading the shift pattern")?;
    state.shifts.put_pattern(&pattern).await.context("saving the shift pattern")?;
    if before != pattern {
        let audit = Audit {
            action: AuditAction::ShiftPatternChanged,
            actor: Some(&principal.username),
            subject: None,
            source: &source,
            detail: Some(format!("{} -> {}", starts_text(&before), starts_text(&pattern))),
        };
        audit.record(&state).await?;
    }
    Ok(Json(pattern))
}

/// `07:00, 15:00, 23:00`.
fn starts_text(pattern: &ShiftPattern) -> String {
    pattern.starts().iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

/// `?from=2026-11-01&to=2026-11-28`: the days measured (the planner's, the operators' figures).
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DemandParams {
    /// The first day, `YYYY-MM-DD`; by default 28 days before yesterday.
    from: Option<String>,
    /// The last day, included; yesterday by default (today is not over). At most 366 days after `from`.
    to: Option<String>,
}

/// The calls of a range of days by weekday and hour, from the dashboard's counters: what the staffing
/// planner (Erlang C, computed in the app) turns into the operators each hour needs.
#[utoipa::path(
    get,
    path = "/api/shifts/demand",
    operation_id = "staffing_demand",
    tag = "shifts",
    security(("bearer" = [])),
    params(DemandParams),
    responses(
        (status = 200, body = StaffingDemand),
        (status = 400, body = Problem, content_type = "application/problem+json", description = "a day that does not parse, or a range reversed or longer than 366 days"),
    )
)]
#[tracing::instrument(name = "staffing demand", skip_all)]
pub async fn demand(
    State(state): State<AppState>,
    Language(lang): Language,
    Query(params): Query<DemandParams>,
) -> Result<Json<StaffingDemand>, ApiError> {
    let range = demand_range(&params, Day::of(state.clock.now(), state.intake.utc_offset_hours), lang)?;
    let read = state.dashboard.counters(&[range]).await.context("reading the dashboard's counters")?;
    let (calls, total_calls) = staffing::measured_calls(&range, &read.counters);
    let (staff, _) = state.dashboard.staff_counters(range).await.context("reading the operators' counters")?;
    let handling_seconds = staff.total(&range.blocks()).handling().mean();
    Ok(Json(StaffingDemand {
        from: range.from,
        to: range.to,
        calls: calls.iter().map(|hours| hours.to_vec()).collect(),
        total_calls,
        handling_seconds,
    }))
}

/// What each operator, and each shift of the pattern, handled in a range of days, from the counters
/// each change writes: calls by how they ended, the handling time (the intake form's first keystroke
/// to the report taken), and the times to verify and to dispatch, each as median and 90th percentile.
#[utoipa::path(
    get,
    path = "/api/shifts/operators",
    operation_id = "operator_figures",
    tag = "shifts",
    security(("bearer" = [])),
    params(DemandParams),
    responses(
        (status = 200, body = OperatorFigures),
        (status = 400, body = Problem, content_type = "application/problem+json", description = "a day that does not parse, or a range reversed or longer than 366 days"),
    )
)]
#[tracing::instrument(name = "operator figures", skip_all)]
pub async fn operators(
    State(state): State<AppState>,
    Language(lang): Language,
    Query(params): Query<DemandParams>,
) -> Result<Json<OperatorFigures>, ApiError> {
    let range = demand_range(&params, Day::of(state.clock.now(), state.intake.utc_offset_hours), lang)?;
    let (counters, items_read) =
        state.dashboard.staff_counters(range).await.context("reading the operators' counters")?;
    let pattern = state.shifts.pattern().await.context("reading the shift pattern")?;
    let users = state.users.list().await.context("listing the users")?;
    let (operators, shifts, total) = staff::figures(range, &counters, &pattern);
    let operators = operators
        .into_iter()
        .map(|(username, figures)| OperatorRow {
            display_name: users.iter().find(|u| u.username == username).map(|u| u.display_name.clone()),
            username,
            figures,
        })
        .collect();
    let shifts = shifts
        .into_iter()
        .zip(0..pattern.len())
        .filter_map(|(figures, index)| {
            let (starts, ends) = pattern.clock_hours(index)?;
            Some(ShiftRow { index, starts, ends, figures })
        })
        .collect();
    Ok(Json(OperatorFigures { range, operators, shifts, total, items_read }))
}

fn demand_range(params: &DemandParams, today: Day, lang: Lang) -> Result<DayRange, ApiError> {
    let parse = |field: &'static str, value: &Option<String>| -> Result<Option<Day>, FieldError> {
        match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(text) => Day::parse(text).map(Some).map_err(|_| FieldError::new(field, FieldProblem::Invalid, lang)),
        }
    };
    let (from, to) = (parse("from", &params.from), parse("to", &params.to));
    let errors: Vec<FieldError> = [&from, &to].into_iter().filter_map(|r| r.as_ref().err().cloned()).collect();
    if !errors.is_empty() {
        return Err(ApiError::BadParameters(errors));
    }
    let to = to.ok().flatten().unwrap_or_else(|| today.previous());
    let from = from.ok().flatten().unwrap_or_else(|| to.plus_days(1 - DEMAND_DAYS));
    DayRange::new(from, to).map_err(|error| {
        let problem = match error {
            RangeError::Reversed => FieldProblem::Reversed,
            RangeError::TooLong => FieldProblem::TooManyDays(tanggap_domain::dashboard::MAX_DAYS as u32),
        };
        ApiError::BadParameters(vec![FieldError::new("to", problem, lang)])
    })
}
