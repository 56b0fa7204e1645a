//! Open311 GeoReport v2 (open311.org) under `/api/open311/v2/`: civic reporting apps list the
//! categories the public may report (`services`), their definitions with attributes, post a request
//! with the key an admin issued to the app, and follow requests by id, by token, or by date, category
//! and status. Every document is named with its format, `.json` or `.xml` (the spec's required one).
//!
//! A request is an online report like the public page's, through the one write path as
//! [`Acting::Public`], with its ticket. The spec's model is smaller than the center's, so the mapping
//! loses (README "Open311"): a status is only `open` or `closed`, the steps are said in `status_notes`;
//! `email`, `device_id` and `account_id` are not kept; a `media_url` is not fetched but added to the
//! description as a link; and anyone may list requests, so a listed request carries neither its
//! description nor its position, and never its reporter.

mod format;

use std::collections::BTreeMap;

use anyhow::Context as _;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use tanggap_domain::citizen::{Channel, PublicRequest, PublicStep};
use tanggap_domain::dto::{
    AppKey, AppKeys, FieldError, FieldProblem, IssuedAppKey, MAX_APP_CHARS, NewAppKey, NewIncident,
};
use tanggap_domain::geo::RawCoordinates;
use tanggap_domain::{Category, CategoryCode, IncidentId, Lang, Text, Timestamp};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use self::format::{Document, Field, Format, Item, Open311Error};
use crate::auth::SourceAddress;
use crate::error::ApiError;
use crate::extract::{Json, Language};
use crate::incidents::{self, Acting, Decision, NewTicket, Outcome};
use crate::public::{Counted, Opened, TicketToken, count, looks_like_markup, open_ticket};
use crate::state::AppState;

/// The longest range of days `GET requests` answers, as the spec suggests.
pub const MAX_DAYS: i64 = 90;
/// The most requests one `GET requests` lists.
pub const MAX_LISTED: usize = 1000;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(document, post_request))
        .routes(routes!(service_definition))
        .routes(routes!(request_by_id))
        .routes(routes!(token))
        .routes(routes!(issue_key, keys))
        .routes(routes!(revoke_key))
}

type Answer = Result<Response, Open311Error>;

fn split(document: &str) -> Result<(&str, Format), Open311Error> {
    // A document with no format of the two: said in XML, the spec's.
    Format::split(document)
        .ok_or_else(|| Open311Error::new(StatusCode::NOT_FOUND, Format::Xml, "no such document: name it .json or .xml"))
}

fn internal(format: Format) -> impl FnOnce(anyhow::Error) -> Open311Error {
    move |error| {
        tracing::error!(error = format!("{error:#}"), "internal error on Open311");
        Open311Error::new(StatusCode::INTERNAL_SERVER_ERROR, format, "internal error; try again later")
    }
}

/// `GET requests` filters (the spec's names).
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RequestFilter {
    /// Comma-separated ids; when given, the other filters are ignored.
    service_request_id: Option<String>,
    service_code: Option<String>,
    /// ISO 8601 (`2026-12-01T00:00:00+07:00`); the range is at most 90 days, by default the last 90.
    start_date: Option<String>,
    end_date: Option<String>,
    /// `open`, `closed`, or both comma-separated.
    status: Option<String>,
    // `jurisdiction_id` is accepted and ignored, like any other parameter: one jurisdiction is served.
}

/// `services.{json,xml}`: the categories the public may report; `requests.{json,xml}`: requests by
/// the spec's filters, newest first, at most 1,000.
#[utoipa::path(
    get,
    path = "/api/open311/v2/{document}",
    operation_id = "open311_list",
    tag = "open311",
    params(("document" = String, Path, description = "`services.json`, `services.xml`, `requests.json` or `requests.xml`"), RequestFilter),
    responses(
        (status = 200, description = "A list of services or of service requests", content((String = "application/json"), (String = "text/xml"))),
        (status = 400, description = "A filter that does not parse, or a range over 90 days: `[{code, description}]`", content((String = "application/json"), (String = "text/xml"))),
        (status = 404, description = "No such document", content((String = "application/json"), (String = "text/xml"))),
        (status = 500, description = "`[{code, description}]`", content((String = "application/json"), (String = "text/xml"))),
    ),
)]
#[tracing::instrument(name = "open311 list", skip_all, fields(document = %document))]
pub async fn document(
    State(state): State<AppState>,
    Language(lang): Language,
    Path(document): Path<String>,
    Query(filter): Query<RequestFilter>,
) -> Answer {
    let (name, format) = split(&document)?;
    match name {
        "services" => {
            let services = public_categories(&state).await.map_err(internal(format))?;
            let items = services.iter().map(|c| service(c, lang)).collect();
            Ok(Document { root: "services", element: "service", items }.respond(format, StatusCode::OK))
        }
        "requests" => {
            let requests = listed(&state, &filter, format).await?;
            let categories = names(&state, lang).await.map_err(internal(format))?;
            let items = requests.iter().map(|r| request(r, &categories, state.intake.utc_offset_hours, lang)).collect();
            Ok(Document { root: "service_requests", element: "request", items }.respond(format, StatusCode::OK))
        }
        _ => Err(Open311Error::new(StatusCode::NOT_FOUND, format, "no such document")),
    }
}

/// `services/{service_code}.{json,xml}`: a service's definition and its attributes.
#[utoipa::path(
    get,
    path = "/api/open311/v2/services/{document}",
    operation_id = "open311_service_definition",
    tag = "open311",
    params(("document" = String, Path, description = "`<service_code>.json` or `.xml`")),
    responses(
        (status = 200, description = "The service definition", content((String = "application/json"), (String = "text/xml"))),
        (status = 404, description = "No such service: `[{code, description}]`", content((String = "application/json"), (String = "text/xml"))),
        (status = 500, description = "`[{code, description}]`", content((String = "application/json"), (String = "text/xml"))),
    ),
)]
#[tracing::instrument(name = "open311 service definition", skip_all, fields(document = %document))]
pub async fn service_definition(State(state): State<AppState>, Path(document): Path<String>) -> Answer {
    let (code, format) = split(&document)?;
    let category = public_category(&state, code, format).await?;
    let attributes = vec![
        attribute(1, "village", "string", "Kode wilayah of the village (desa/kelurahan), e.g. 64.09.02.2001"),
        attribute(2, "people_affected", "number", "How many people are affected"),
    ];
    let definition = vec![
        ("service_code", Field::from(category.code.as_str())),
        ("attributes", Field::Items { element: "attribute", items: attributes }),
    ];
    // The spec's one object, not a list: `{...}` in JSON, `<service_definition>` in XML.
    Ok(Document::respond_one("service_definition", definition, format))
}

fn attribute(order: i64, code: &str, datatype: &str, description: &str) -> Item {
    vec![
        ("variable", Field::Flag(true)),
        ("code", Field::from(code)),
        ("datatype", Field::from(datatype)),
        ("required", Field::Flag(false)),
        ("datatype_description", Field::from(description)),
        ("order", Field::Integer(order)),
        ("description", Field::from(description)),
    ]
}

/// `POST requests.{json,xml}`, form-encoded as the spec says: a new request, answered with its id
/// and its token (the tracking link's, `GET tokens/{token}`).
#[utoipa::path(
    post,
    path = "/api/open311/v2/{document}",
    operation_id = "open311_post_request",
    tag = "open311",
    params(("document" = String, Path, description = "`requests.json` or `requests.xml`")),
    request_body(content_type = "application/x-www-form-urlencoded", description = "api_key, jurisdiction_id, service_code, lat, long, address_string, description, first_name, last_name, phone, email, device_id, account_id, media_url, attribute[village], attribute[people_affected]"),
    responses(
        (status = 200, description = "`[{service_request_id, token, service_notice, account_id}]`", content((String = "application/json"), (String = "text/xml"))),
        (status = 400, description = "A field missing or invalid: `[{code, description}]`", content((String = "application/json"), (String = "text/xml"))),
        (status = 403, description = "No api_key, or one no admin issued", content((String = "application/json"), (String = "text/xml"))),
        (status = 404, description = "No such document", content((String = "application/json"), (String = "text/xml"))),
        (status = 429, description = "Too many requests from this address or phone", content((String = "application/json"), (String = "text/xml"))),
        (status = 500, description = "`[{code, description}]`", content((String = "application/json"), (String = "text/xml"))),
    ),
)]
#[tracing::instrument(name = "open311 request", skip_all, fields(document = %document, id))]
pub async fn post_request(
    State(state): State<AppState>,
    Language(lang): Language,
    SourceAddress(address): SourceAddress,
    Path(document): Path<String>,
    form: Result<axum::Form<Vec<(String, String)>>, axum::extract::rejection::FormRejection>,
) -> Answer {
    let (name, format) = split(&document)?;
    if name != "requests" {
        return Err(Open311Error::new(StatusCode::NOT_FOUND, format, "no such document"));
    }
    let bad = |description: String| Open311Error::new(StatusCode::BAD_REQUEST, format, description);
    let axum::Form(pairs) =
        form.map_err(|rejection| bad(format!("send the request form-encoded: {}", rejection.body_text())))?;
    let fields: BTreeMap<String, String> =
        pairs.into_iter().map(|(k, v)| (k, v.trim().to_owned())).filter(|(_, v)| !v.is_empty()).collect();
    let get = |name: &str| fields.get(name).map(String::as_str);
    let now = state.clock.now();
    let limited = |limit: Result<Result<(), crate::public::Limited>, tanggap_store::repo::RepoError>| match limit {
        Ok(Ok(())) => Ok(()),
        Ok(Err(limit)) => Err(Open311Error::new(
            StatusCode::TOO_MANY_REQUESTS,
            format,
            format!("too many requests; retry after {} s", limit.retry_after),
        )),
        Err(error) => Err(internal(format)(anyhow::Error::new(error))),
    };
    limited(count(&state.throttle, &Counted::Write { address }, now).await)?;
    let key = get("api_key").and_then(TicketToken::parse);
    let app = match key {
        Some(key) => {
            state.citizens.app_of_key(&key.hash()).await.context("reading an api_key").map_err(internal(format))?
        }
        None => None,
    };
    let Some(app) = app else {
        return Err(Open311Error::new(StatusCode::FORBIDDEN, format, "api_key was not provided or is invalid"));
    };
    let code = get("service_code").ok_or_else(|| bad("service_code is required".into()))?;
    let category = public_category(&state, code, format)
        .await
        .map_err(|_| bad(format!("service_code {code} is not a service")))?;
    let coordinates = match (get("lat"), get("long")) {
        (None, None) => None,
        (Some(lat), Some(lon)) => match (lat.parse::<f64>(), lon.parse::<f64>()) {
            (Ok(lat), Ok(lon)) => Some(RawCoordinates { lat, lon }),
            _ => return Err(bad("lat and long are decimal degrees".into())),
        },
        _ => return Err(bad("lat and long come together".into())),
    };
    let village = get("attribute[village]");
    if coordinates.is_none() && get("address_string").is_none() && village.is_none() {
        return Err(bad("a location is required: lat and long, address_string, or attribute[village]".into()));
    }
    let description = get("description").ok_or_else(|| bad("description is required".into()))?;
    for (field, text) in [("description", Some(description)), ("address_string", get("address_string"))] {
        if text.is_some_and(looks_like_markup) {
            return Err(bad(format!("{field} must be plain text, not markup")));
        }
    }
    if description.chars().count() > Text::MAX_CHARS {
        return Err(bad(format!("description is at most {} characters", Text::MAX_CHARS)));
    }
    // The spec's media_url is not fetched (a server fetching any URL it is given is a hazard), but
    // the operator sees it, and the description keeps its whole text where the link fits.
    let description = match get("media_url").filter(|url| url.starts_with("https://") || url.starts_with("http://")) {
        Some(url) if description.chars().count() + url.chars().count() + 8 <= Text::MAX_CHARS => {
            format!("{description}\nFoto: {url}")
        }
        _ => description.to_owned(),
    };
    let people_affected = match get("attribute[people_affected]") {
        None => None,
        Some(people) => {
            Some(people.parse::<u32>().map_err(|_| bad("attribute[people_affected] is a whole number".into()))?)
        }
    };
    let name = [get("first_name"), get("last_name")].into_iter().flatten().collect::<Vec<_>>().join(" ");
    let incident = NewIncident {
        category: category.code.to_string(),
        district: None,
        village: village.map(str::to_owned),
        landmark: get("address_string").map(str::to_owned),
        coordinates,
        description: Some(description),
        caller_phone: get("phone").map(str::to_owned),
        caller_name: (!name.is_empty()).then_some(name),
        people_affected,
        priority: None,
        priority_reason: None,
        // Nobody at the center handled it.
        intake_seconds: None,
    };
    let (category, mut report) = match crate::routes::incidents::resolve(&state, &incident, lang).await {
        Ok(resolved) => resolved,
        Err(ApiError::Validation(errors)) => return Err(bad(described(&errors))),
        Err(other) => return Err(internal(format)(anyhow::anyhow!("resolving an Open311 request: {other}"))),
    };
    report.channel = Channel::Online;
    if let Some(phone) = report.caller.phone.clone() {
        limited(count(&state.throttle, &Counted::Report { phone }, now).await)?;
    }
    let id = IncidentId::parse(&ulid::Ulid::new().to_string()).context("a new ULID").map_err(internal(format))?;
    tracing::Span::current().record("id", tracing::field::display(&id));
    let token = TicketToken::generate().map_err(internal(format))?;
    let decision = Decision::Receive {
        id: id.clone(),
        category: Box::new(category),
        report: Box::new(report),
        // The app tells its user of the request itself: the regency's gateway sends them nothing.
        ticket: Some(NewTicket { token_hash: token.hash(), message: None }),
        photo: None,
    };
    match incidents::execute(&state, Acting::Public, decision, None).await {
        Ok(Outcome::Changed { .. }) => {}
        Ok(other) => return Err(internal(format)(anyhow::anyhow!("a request taken was {other:?}"))),
        Err(error) => return Err(internal(format)(anyhow::anyhow!("storing an Open311 request: {error}"))),
    }
    tracing::info!(app = %app, "an Open311 request taken");
    let notice = match lang {
        Lang::Id => "Laporan diterima. Untuk keadaan darurat yang mengancam nyawa, telepon 112.",
        Lang::En => "Report received. For an emergency that puts a life at risk, call 112.",
    };
    let item = vec![
        ("service_request_id", Field::from(id.as_str())),
        ("token", Field::from(token.as_str())),
        ("service_notice", Field::from(notice)),
        ("account_id", Field::Nothing),
    ];
    Ok(Document { root: "service_requests", element: "request", items: vec![item] }.respond(format, StatusCode::OK))
}

/// `requests/{service_request_id}.{json,xml}`: one request, as a list of one.
#[utoipa::path(
    get,
    path = "/api/open311/v2/requests/{document}",
    operation_id = "open311_request",
    tag = "open311",
    params(("document" = String, Path, description = "`<service_request_id>.json` or `.xml`")),
    responses(
        (status = 200, description = "`[{service_request_id, status, status_notes, ...}]`", content((String = "application/json"), (String = "text/xml"))),
        (status = 404, description = "No such request: `[{code, description}]`", content((String = "application/json"), (String = "text/xml"))),
        (status = 500, description = "`[{code, description}]`", content((String = "application/json"), (String = "text/xml"))),
    ),
)]
#[tracing::instrument(name = "open311 request by id", skip_all, fields(document = %document))]
pub async fn request_by_id(
    State(state): State<AppState>,
    Language(lang): Language,
    Path(document): Path<String>,
) -> Answer {
    let (id, format) = split(&document)?;
    let not_found = || Open311Error::new(StatusCode::NOT_FOUND, format, "no such service request");
    let id = IncidentId::parse(id).map_err(|_| not_found())?;
    let incident = state.incidents.get(&id).await.context("reading a request").map_err(internal(format))?;
    let request_ = incident.as_ref().and_then(PublicRequest::of).ok_or_else(not_found)?;
    let categories = names(&state, lang).await.map_err(internal(format))?;
    let item = request(&request_, &categories, state.intake.utc_offset_hours, lang);
    Ok(Document { root: "service_requests", element: "request", items: vec![item] }.respond(format, StatusCode::OK))
}

/// `tokens/{token}.{json,xml}`: the request a token (from `POST requests`) stands for.
#[utoipa::path(
    get,
    path = "/api/open311/v2/tokens/{document}",
    operation_id = "open311_token",
    tag = "open311",
    params(("document" = String, Path, description = "`<token>.json` or `.xml`")),
    responses(
        (status = 200, description = "`[{service_request_id, token}]`", content((String = "application/json"), (String = "text/xml"))),
        (status = 404, description = "No such token: `[{code, description}]`", content((String = "application/json"), (String = "text/xml"))),
        (status = 429, description = "Too many tokens that opened nothing from this address", content((String = "application/json"), (String = "text/xml"))),
        (status = 500, description = "`[{code, description}]`", content((String = "application/json"), (String = "text/xml"))),
    ),
)]
#[tracing::instrument(name = "open311 token", skip_all)]
pub async fn token(
    State(state): State<AppState>,
    SourceAddress(address): SourceAddress,
    Path(document): Path<String>,
) -> Answer {
    let (token, format) = split(&document)?;
    let (token, id) = match open_ticket(&state, &address, token).await.map_err(internal(format))? {
        Opened::Ticket(token, id) => (token, id),
        Opened::Nothing => return Err(Open311Error::new(StatusCode::NOT_FOUND, format, "no such token")),
        Opened::TooMany(limit) => {
            let text = format!("too many tokens that opened nothing; retry after {} s", limit.retry_after);
            return Err(Open311Error::new(StatusCode::TOO_MANY_REQUESTS, format, text));
        }
    };
    let item = vec![("service_request_id", Field::from(id.as_str())), ("token", Field::from(token.as_str()))];
    Ok(Document { root: "service_requests", element: "request", items: vec![item] }.respond(format, StatusCode::OK))
}

/// Issues a key to a third-party app, for its `POST requests` (admins only). The key is in this
/// answer only: the table keeps its SHA-256.
#[utoipa::path(
    post,
    path = "/api/open311/keys",
    operation_id = "open311_issue_key",
    tag = "open311",
    security(("bearer" = [])),
    request_body = NewAppKey,
    responses(
        (status = 201, body = IssuedAppKey),
        (status = 422, response = crate::openapi::ProblemResponse),
    ),
)]
#[tracing::instrument(name = "open311 issue key", skip_all)]
pub async fn issue_key(
    State(state): State<AppState>,
    Language(lang): Language,
    Json(form): Json<NewAppKey>,
) -> Result<(StatusCode, Json<IssuedAppKey>), ApiError> {
    let app = form.app.trim();
    if app.is_empty() || app.chars().count() > MAX_APP_CHARS {
        let problem = if app.is_empty() { FieldProblem::Required } else { FieldProblem::TooLong(MAX_APP_CHARS) };
        return Err(ApiError::Validation(vec![FieldError::new("app", problem, lang)]));
    }
    let api_key = TicketToken::generate()?;
    let key = AppKey { id: api_key.hash(), app: app.to_owned(), created_at: state.clock.now() };
    state.citizens.put_app_key(&key).await.context("storing an app's key")?;
    tracing::info!(app, "an Open311 key issued");
    Ok((StatusCode::CREATED, Json(IssuedAppKey { key, api_key: api_key.as_str().to_owned() })))
}

/// The keys issued to apps and not revoked, newest first (admins only).
#[utoipa::path(
    get,
    path = "/api/open311/keys",
    operation_id = "open311_keys",
    tag = "open311",
    security(("bearer" = [])),
    responses((status = 200, body = AppKeys)),
)]
#[tracing::instrument(name = "open311 keys", skip_all)]
pub async fn keys(State(state): State<AppState>) -> Result<Json<AppKeys>, ApiError> {
    let keys = state.citizens.app_keys().await.context("reading the apps' keys")?;
    Ok(Json(AppKeys { keys }))
}

/// Revokes an app's key: its requests are refused from now on (admins only).
#[utoipa::path(
    delete,
    path = "/api/open311/keys/{id}",
    operation_id = "open311_revoke_key",
    tag = "open311",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The key's id, as the list gives it")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 404, response = crate::openapi::ProblemResponse),
    ),
)]
#[tracing::instrument(name = "open311 revoke key", skip_all)]
pub async fn revoke_key(State(state): State<AppState>, Path(id): Path<String>) -> Result<StatusCode, ApiError> {
    // An id is a hex SHA-256; anything else names no key.
    if id.len() != 64 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ApiError::NotFound);
    }
    if state.citizens.revoke_app_key(&id).await.context("revoking an app's key")? {
        tracing::info!(key = %&id[..12], "an Open311 key revoked");
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::NotFound)
    }
}

async fn public_categories(state: &AppState) -> anyhow::Result<Vec<Category>> {
    let categories = state.catalog.categories().await.context("reading the categories")?;
    Ok(categories.into_iter().filter(|c| c.public).collect())
}

async fn public_category(state: &AppState, code: &str, format: Format) -> Result<Category, Open311Error> {
    let not_found = || Open311Error::new(StatusCode::NOT_FOUND, format, format!("no service {code}"));
    let code = CategoryCode::parse(code).map_err(|_| not_found())?;
    let category = state.catalog.category(&code).await.context("reading a category").map_err(internal(format))?;
    category.filter(|c| c.public).ok_or_else(not_found)
}

/// Every category's name in `lang`, by code (a request keeps its category after it stops being public).
async fn names(state: &AppState, lang: Lang) -> anyhow::Result<BTreeMap<CategoryCode, String>> {
    let categories = state.catalog.categories().await.context("reading the categories")?;
    Ok(categories.iter().map(|c| (c.code.clone(), c.name(lang).to_owned())).collect())
}

fn service(category: &Category, lang: Lang) -> Item {
    let agencies = category.lead_agencies.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(", ");
    vec![
        ("service_code", Field::from(category.code.as_str())),
        ("service_name", Field::from(category.name(lang))),
        // The name in the other language: the spec's description, for an app that shows both.
        (
            "description",
            Field::from(category.name(match lang {
                Lang::Id => Lang::En,
                Lang::En => Lang::Id,
            })),
        ),
        ("metadata", Field::Flag(true)),
        ("type", Field::from("realtime")),
        ("keywords", Field::from(category.code.as_str().to_ascii_lowercase())),
        ("group", Field::from(agencies)),
    ]
}

/// The requests `filter` names: by id, or by date, category and status, newest first.
async fn listed(state: &AppState, filter: &RequestFilter, format: Format) -> Result<Vec<PublicRequest>, Open311Error> {
    let bad = |description: String| Open311Error::new(StatusCode::BAD_REQUEST, format, description);
    if let Some(ids) = &filter.service_request_id {
        let mut found = Vec::new();
        for id in ids.split(',').map(str::trim).filter(|id| !id.is_empty()).take(MAX_LISTED) {
            let id = IncidentId::parse(id).map_err(|_| bad(format!("{id} is not a service_request_id")))?;
            let incident = state.incidents.get(&id).await.context("reading a request").map_err(internal(format))?;
            found.extend(incident.as_ref().and_then(PublicRequest::of));
        }
        return Ok(found);
    }
    let date = |name: &str, value: &Option<String>| -> Result<Option<Timestamp>, Open311Error> {
        value
            .as_deref()
            .map(|v| {
                Timestamp::parse_rfc3339(v)
                    .ok_or_else(|| bad(format!("{name} is an ISO 8601 date and time, e.g. 2026-12-01T00:00:00+07:00")))
            })
            .transpose()
    };
    let now = state.clock.now();
    let (start, end) = match (date("start_date", &filter.start_date)?, date("end_date", &filter.end_date)?) {
        (Some(start), Some(end)) => (start, end),
        (Some(start), None) => (start, start.plus_seconds(MAX_DAYS * 86_400)),
        (None, Some(end)) => (end.plus_seconds(-MAX_DAYS * 86_400), end),
        (None, None) => (now.plus_seconds(-MAX_DAYS * 86_400), now),
    };
    if end < start {
        return Err(bad("end_date comes before start_date".into()));
    }
    if end.seconds_since(start) > MAX_DAYS * 86_400 {
        return Err(bad(format!("the range of dates is at most {MAX_DAYS} days")));
    }
    let code = filter
        .service_code
        .as_deref()
        .map(|code| CategoryCode::parse(code).map_err(|_| bad(format!("{code} is not a service_code"))))
        .transpose()?;
    let (mut open, mut closed) = (true, true);
    if let Some(status) = &filter.status {
        (open, closed) = (false, false);
        for status in status.split(',').map(str::trim) {
            match status {
                "open" => open = true,
                "closed" => closed = true,
                other => return Err(bad(format!("status is open or closed, not {other}"))),
            }
        }
    }
    let all = state.citizens.public_requests(start, end).await.context("reading requests").map_err(internal(format))?;
    let mut kept: Vec<PublicRequest> = all
        .into_iter()
        .filter(|r| code.as_ref().is_none_or(|code| r.category == *code))
        .filter(|r| if r.open { open } else { closed })
        .collect();
    kept.reverse();
    kept.truncate(MAX_LISTED);
    Ok(kept)
}

/// A request in the spec's fields. `status_notes` says how far it came in the public's words.
fn request(request: &PublicRequest, categories: &BTreeMap<CategoryCode, String>, offset: i8, lang: Lang) -> Item {
    let notes = match (request.progress.ending, request.progress.steps.last()) {
        (Some(ending), _) => ending.label(lang).to_owned(),
        (None, Some(last)) => last.step.label(lang).to_owned(),
        (None, None) => PublicStep::Received.label(lang).to_owned(),
    };
    let address =
        [request.village.as_deref(), request.district.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(", ");
    let agencies = request.agencies.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(", ");
    vec![
        ("service_request_id", Field::from(request.incident.as_str())),
        ("status", Field::from(if request.open { "open" } else { "closed" })),
        ("status_notes", Field::from(notes)),
        ("service_name", Field::from(categories.get(&request.category).cloned())),
        ("service_code", Field::from(request.category.as_str())),
        ("description", Field::Nothing),
        ("agency_responsible", Field::from((!agencies.is_empty()).then_some(agencies))),
        ("service_notice", Field::Nothing),
        ("requested_datetime", Field::from(request.received_at.local_iso8601(offset))),
        ("updated_datetime", Field::from(request.updated_at.local_iso8601(offset))),
        ("expected_datetime", Field::Nothing),
        ("address", Field::from((!address.is_empty()).then_some(address))),
        ("address_id", Field::Nothing),
        ("zipcode", Field::Nothing),
        ("lat", Field::Nothing),
        ("long", Field::Nothing),
        ("media_url", Field::Nothing),
    ]
}

/// Field errors as one line for the spec's `description`.
fn described(errors: &[FieldError]) -> String {
    errors.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; ")
}
