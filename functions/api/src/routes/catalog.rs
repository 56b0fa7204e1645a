//! The reference data intake forms are built from: categories, agencies, and the regency's regions.
//! Any signed-in user may read it; an admin edits categories and agencies (the `admin` function), and
//! every edit is audited.

use anyhow::Context as _;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use tanggap_domain::category::CategoryError;
use tanggap_domain::dto::{AreaMap, AuditAction, FieldError, FieldProblem, Problem};
use tanggap_domain::{Agency, AgencyCode, Category, CategoryCode, Lang, Region, Target};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::{Audit, Principal, SourceAddress};
use crate::error::ApiError;
use crate::extract::{Json, Language};
use crate::openapi::ProblemResponse;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(categories))
        .routes(routes!(agencies))
        .routes(routes!(regions))
        .routes(routes!(region_map))
}

/// The admin's edits, served by the `admin` function.
pub fn admin_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(save_category)).routes(routes!(save_agency))
}

/// Every category of call, in code order.
#[utoipa::path(
    get,
    path = "/api/categories",
    operation_id = "list_categories",
    tag = "catalog",
    security(("bearer" = [])),
    responses(
        (status = 200, body = Vec<Category>),
    )
)]
#[tracing::instrument(skip_all)]
pub async fn categories(State(state): State<AppState>) -> Result<Json<Vec<Category>>, ApiError> {
    Ok(Json(state.catalog.categories().await.context("listing the categories")?))
}

/// Every agency, in code order.
#[utoipa::path(
    get,
    path = "/api/agencies",
    operation_id = "list_agencies",
    tag = "catalog",
    security(("bearer" = [])),
    responses(
        (status = 200, body = Vec<Agency>),
    )
)]
#[tracing::instrument(skip_all)]
pub async fn agencies(State(state): State<AppState>) -> Result<Json<Vec<Agency>>, ApiError> {
    Ok(Json(state.catalog.agencies().await.context("listing the agencies")?))
}

/// The regency itself, then its districts and villages in code order (each district right before its
/// villages).
#[utoipa::path(
    get,
    path = "/api/regions",
    operation_id = "list_regions",
    tag = "catalog",
    security(("bearer" = [])),
    responses(
        (status = 200, body = Vec<Region>),
    )
)]
#[tracing::instrument(skip_all)]
pub async fn regions(State(state): State<AppState>) -> Result<Json<Vec<Region>>, ApiError> {
    let regency = state.catalog.region(&state.regency).await.context("reading the regency")?;
    let within = state.catalog.regions_within(&state.regency).await.context("listing the regency's regions")?;
    // The regency itself first, so that screens can name it.
    Ok(Json(regency.into_iter().chain(within).collect()))
}

/// The outlines of the regency's districts and villages as GeoJSON, for the dashboard's map to shade
/// by the counts of `GET /api/dashboard`. An empty collection where no outlines were loaded (the map
/// then shows pins only). The same for hours, so a browser keeps it.
#[utoipa::path(
    get,
    path = "/api/regions/map",
    operation_id = "region_map",
    tag = "catalog",
    security(("bearer" = [])),
    responses(
        (status = 200, body = AreaMap),
    )
)]
#[tracing::instrument(skip_all)]
pub async fn region_map(State(state): State<AppState>) -> Result<impl IntoResponse, ApiError> {
    let boundaries = state.catalog.boundaries(&state.regency).await.context("reading the regency's outlines")?;
    let map = AreaMap::new(boundaries.unwrap_or_default());
    Ok(([(header::CACHE_CONTROL, "private, max-age=3600")], Json(map)))
}

/// Creates or replaces a category (admin). The code in the body must be the path's; the category must
/// hold its own rules (names, a dispatch target for a dispatched category, none and no agencies for a
/// P0 one, no agency twice), name only agencies and related categories that exist, and not take a
/// quick key another category has. Incidents already taken keep what they were given (their dispatch
/// target is copied at intake).
#[utoipa::path(
    put,
    path = "/api/categories/{code}",
    operation_id = "save_category",
    tag = "catalog",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "The category's code, e.g. `FIRE`")),
    request_body = Category,
    responses(
        (status = 200, body = Category),
        (status = 404, body = Problem, content_type = "application/problem+json", description = "Not a category code"),
        (status = 413, response = ProblemResponse),
        (status = 415, response = ProblemResponse),
        (status = 422, body = Problem, content_type = "application/problem+json", description = "Field errors; a quick key another category has is `taken` on `quick_key`"),
    )
)]
#[tracing::instrument(name = "save category", skip_all, fields(admin = %principal.username))]
pub async fn save_category(
    State(state): State<AppState>,
    Language(lang): Language,
    principal: Principal,
    source: SourceAddress,
    path: Result<Path<String>, PathRejection>,
    Json(mut category): Json<Category>,
) -> Result<Json<Category>, ApiError> {
    let code = path.ok().and_then(|Path(code)| CategoryCode::parse(&code).ok()).ok_or(ApiError::NotFound)?;
    category.name_id = category.name_id.trim().to_owned();
    category.name_en = category.name_en.trim().to_owned();
    // The same category twice in `related` says nothing more.
    let mut related = Vec::with_capacity(category.related.len());
    for other in std::mem::take(&mut category.related) {
        if !related.contains(&other) {
            related.push(other);
        }
    }
    category.related = related;

    let mut errors = Vec::new();
    if category.code != code {
        errors.push(FieldError::new("code", FieldProblem::Invalid, lang));
    }
    if let Err(refusal) = category.check() {
        errors.extend(category_problems(&category, refusal, lang));
    }
    let agencies = state.catalog.agencies().await.context("listing the agencies")?;
    for (field, listed) in
        [("lead_agencies", &category.lead_agencies), ("support_agencies", &category.support_agencies)]
    {
        if listed.iter().any(|code| !agencies.iter().any(|agency| agency.code == *code)) {
            errors.push(FieldError::new(field, FieldProblem::UnknownAgency, lang));
        }
    }
    let categories = state.catalog.categories().await.context("listing the categories")?;
    if category.related.contains(&code) {
        errors.push(FieldError::new("related", FieldProblem::Invalid, lang));
    } else if category.related.iter().any(|other| !categories.iter().any(|c| c.code == *other)) {
        errors.push(FieldError::new("related", FieldProblem::UnknownCategory, lang));
    }
    if let Some(key) = category.quick_key
        && categories.iter().any(|other| other.code != code && other.quick_key == Some(key))
    {
        errors.push(FieldError::new("quick_key", FieldProblem::QuickKeyTaken, lang));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }

    let before = categories.iter().find(|c| c.code == code);
    state.catalog.put_category(&category).await.context("storing the category")?;
    let audit = Audit {
        action: AuditAction::CategorySaved,
        actor: Some(&principal.username),
        subject: None,
        source: &source,
        detail: Some(category_changes(before, &category)),
    };
    audit.record(&state).await?;
    Ok(Json(category))
}

/// The fields a refusal of [`Category::check`] is about.
fn category_problems(category: &Category, refusal: CategoryError, lang: Lang) -> Vec<FieldError> {
    match refusal {
        CategoryError::BadName { max } => [("name_id", &category.name_id), ("name_en", &category.name_en)]
            .into_iter()
            .filter_map(|(field, name)| {
                let problem = if name.is_empty() {
                    FieldProblem::Required
                } else if name.chars().count() > max {
                    FieldProblem::TooLong(max)
                } else {
                    return None;
                };
                Some(FieldError::new(field, problem, lang))
            })
            .collect(),
        CategoryError::TargetRequired => {
            let problem =
                if category.dispatch_target.is_none() { FieldProblem::Required } else { FieldProblem::Invalid };
            vec![FieldError::new("dispatch_target", problem, lang)]
        }
        CategoryError::P0Dispatches => [
            ("dispatch_target", category.dispatch_target.is_some()),
            ("lead_agencies", !category.lead_agencies.is_empty()),
            ("support_agencies", !category.support_agencies.is_empty()),
        ]
        .into_iter()
        .filter(|(_, dispatches)| *dispatches)
        .map(|(field, _)| FieldError::new(field, FieldProblem::Invalid, lang))
        .collect(),
        CategoryError::AgencyTwice => vec![FieldError::new("support_agencies", FieldProblem::Invalid, lang)],
        CategoryError::BadTargets => [
            ("arrival_target", category.arrival_target.is_some()),
            ("completion_target", category.completion_target.is_some()),
        ]
        .into_iter()
        .filter(|(_, given)| *given)
        .map(|(field, _)| FieldError::new(field, FieldProblem::Invalid, lang))
        .collect(),
        CategoryError::SopTooLong { .. } => vec![FieldError::new("sop", FieldProblem::Invalid, lang)],
    }
}

/// What a save changed, for the audit log: `FIRE: dispatch_target: 5 -> 7; quick_key: - -> k`.
fn category_changes(before: Option<&Category>, after: &Category) -> String {
    let Some(before) = before else { return format!("{}: created", after.code) };
    let codes = |list: &[AgencyCode]| join(list.iter().map(AgencyCode::as_str));
    let fields = [
        ("name_id", before.name_id.clone(), after.name_id.clone()),
        ("name_en", before.name_en.clone(), after.name_en.clone()),
        ("priority", before.priority.to_string(), after.priority.to_string()),
        ("dispatch_target", minutes(before.dispatch_target), minutes(after.dispatch_target)),
        ("arrival_target", minutes(before.arrival_target), minutes(after.arrival_target)),
        ("completion_target", minutes(before.completion_target), minutes(after.completion_target)),
        ("lead_agencies", codes(&before.lead_agencies), codes(&after.lead_agencies)),
        ("support_agencies", codes(&before.support_agencies), codes(&after.support_agencies)),
        ("quick_key", key(before), key(after)),
        (
            "related",
            join(before.related.iter().map(CategoryCode::as_str)),
            join(after.related.iter().map(CategoryCode::as_str)),
        ),
        ("sop", join(before.sop.iter().map(String::as_str)), join(after.sop.iter().map(String::as_str))),
        ("support_direct", before.support_direct.to_string(), after.support_direct.to_string()),
        ("public", before.public.to_string(), after.public.to_string()),
    ];
    changes(after.code.as_str(), &fields)
}

fn minutes(target: Option<Target>) -> String {
    target.map_or_else(|| "-".to_owned(), |target| target.as_minutes().to_string())
}

fn key(category: &Category) -> String {
    category.quick_key.map_or_else(|| "-".to_owned(), |key| key.to_string())
}

/// A list as `A, B`, or `-` when empty.
fn join<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let joined = items.collect::<Vec<_>>().join(", ");
    if joined.is_empty() { "-".to_owned() } else { joined }
}

/// `CODE: field: old -> new; ...` for the fields that differ, or `CODE: unchanged`.
fn changes(code: &str, fields: &[(&str, String, String)]) -> String {
    let changed: Vec<String> = fields
        .iter()
        .filter(|(_, old, new)| old != new)
        .map(|(field, old, new)| format!("{field}: {old} -> {new}"))
        .collect();
    if changed.is_empty() { format!("{code}: unchanged") } else { format!("{code}: {}", changed.join("; ")) }
}

/// The longest agency name.
pub const MAX_AGENCY_NAME_CHARS: usize = 80;

/// Creates or replaces an agency (admin). The code in the body must be the path's; the name is 1 to 80
/// characters.
#[utoipa::path(
    put,
    path = "/api/agencies/{code}",
    operation_id = "save_agency",
    tag = "catalog",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "The agency's code, e.g. `DAMKAR`")),
    request_body = Agency,
    responses(
        (status = 200, body = Agency),
        (status = 404, body = Problem, content_type = "application/problem+json", description = "Not an agency code"),
        (status = 413, response = ProblemResponse),
        (status = 415, response = ProblemResponse),
        (status = 422, response = ProblemResponse),
    )
)]
#[tracing::instrument(name = "save agency", skip_all, fields(admin = %principal.username))]
pub async fn save_agency(
    State(state): State<AppState>,
    Language(lang): Language,
    principal: Principal,
    source: SourceAddress,
    path: Result<Path<String>, PathRejection>,
    Json(mut agency): Json<Agency>,
) -> Result<Json<Agency>, ApiError> {
    let code = path.ok().and_then(|Path(code)| AgencyCode::parse(&code).ok()).ok_or(ApiError::NotFound)?;
    agency.name = agency.name.trim().to_owned();
    let mut errors = Vec::new();
    if agency.code != code {
        errors.push(FieldError::new("code", FieldProblem::Invalid, lang));
    }
    if agency.name.is_empty() {
        errors.push(FieldError::new("name", FieldProblem::Required, lang));
    } else if agency.name.chars().count() > MAX_AGENCY_NAME_CHARS {
        errors.push(FieldError::new("name", FieldProblem::TooLong(MAX_AGENCY_NAME_CHARS), lang));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }

    let before = state.catalog.agency(&code).await.context("reading the agency")?;
    state.catalog.put_agency(&agency).await.context("storing the agency")?;
    let detail = match &before {
        None => format!("{code}: created"),
        Some(before) => changes(
            code.as_str(),
            &[
                ("name", before.name.clone(), agency.name.clone()),
                ("outside_regency", before.outside_regency.to_string(), agency.outside_regency.to_string()),
            ],
        ),
    };
    let audit = Audit {
        action: AuditAction::AgencySaved,
        actor: Some(&principal.username),
        subject: None,
        source: &source,
        detail: Some(detail),
    };
    audit.record(&state).await?;
    Ok(Json(agency))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_audit_detail_names_only_what_changed() {
        let fields = [
            ("dispatch_target", "5".to_owned(), "7".to_owned()),
            ("name_en", "Fire".to_owned(), "Fire".to_owned()),
            ("quick_key", "-".to_owned(), "k".to_owned()),
        ];
        assert_eq!(changes("FIRE", &fields), "FIRE: dispatch_target: 5 -> 7; quick_key: - -> k");
        assert_eq!(changes("FIRE", &fields[1..2]), "FIRE: unchanged");
        assert_eq!(join(["DAMKAR", "PDAM"].into_iter()), "DAMKAR, PDAM");
        assert_eq!(join(std::iter::empty()), "-");
    }
}
