//! The public's side: no login. A citizen reports on `/lapor`, gets a ticket and a tracking link
//! `/t/<token>`, follows the handling's public steps there, rates it once it is done, and may say
//! within 7 days that the problem is not solved.
//!
//! The pages are HTML rendered here (see [`pages`]), so that a cheap phone on a weak connection needs
//! one small request and no WebAssembly; `/publik/lapor.js` only makes them kinder (a draft kept on
//! the phone, a failed submit retried with the same key, the villages of the chosen district, the
//! phone's position, a photo made smaller before it is sent). Every write goes through the incidents'
//! one write path as [`Acting::Public`], counted against the limits in [`limits`].

mod form;
mod limits;
mod pages;
mod ticket;

use anyhow::Context as _;
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::Markup;
use serde::Deserialize;
use tanggap_domain::dto::{FieldError, FieldProblem};
use tanggap_domain::words::PublicWord as W;
use tanggap_domain::{Category, Incident, IncidentId, Lang, Photo, PhotoId};
use tanggap_photos::PhotoType;
use tanggap_store::repo::{IdempotencyKey, ReporterContact};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use self::form::looks_like_markup;
use self::form::{ComplaintForm, Form, FormError, RatingForm, ReportForm};
pub use self::limits::{Counted, Limited, MISSES_PER_ADDRESS, REPORTS_PER_PHONE, WRITES_PER_ADDRESS, count, reached};
use self::pages::{ReportPage, TicketPage};
pub use self::ticket::TicketToken;
use crate::auth::SourceAddress;
use crate::error::ApiError;
use crate::extract::Language;
use crate::incidents::{self, Acting, ChangeError, Decision, Idempotency, NewTicket, Outcome};
use crate::state::AppState;

/// The largest photo a citizen may send, in bytes. The form goes through the function itself (a phone
/// without JavaScript cannot upload to storage first), and a Lambda function takes at most 6 MB of
/// request, which base64 makes 4.5 MB of file; the page's script makes bigger photos smaller first.
pub const PHOTO_MAX_BYTES: usize = 4 * 1024 * 1024;
/// The report form with its photo.
const REPORT_BODY_LIMIT: usize = PHOTO_MAX_BYTES + 64 * 1024;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(report_form))
        .merge(OpenApiRouter::new().routes(routes!(submit_report)).layer(DefaultBodyLimit::max(REPORT_BODY_LIMIT)))
        .routes(routes!(ticket_page))
        .routes(routes!(rate))
        .routes(routes!(not_solved))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// `id` or `en`: the page's language, over the browser's `Accept-Language`.
    lang: Option<String>,
}

impl PageParams {
    fn lang(&self, default: Lang) -> Lang {
        self.lang.as_deref().map_or(default, Lang::from_accept_language)
    }
}

/// The report form.
#[utoipa::path(
    get,
    path = "/lapor",
    operation_id = "public_report_form",
    tag = "public",
    params(PageParams),
    responses(
        (status = 200, content_type = "text/html", body = String, description = "The report form"),
        (status = 500, content_type = "text/html", body = String, description = "A page that says to try again later"),
    ),
)]
#[tracing::instrument(name = "public report form", skip_all)]
pub async fn report_form(
    State(state): State<AppState>,
    Language(accepted): Language,
    axum::extract::Query(params): axum::extract::Query<PageParams>,
) -> Result<Response, PageError> {
    let lang = params.lang(accepted);
    let key = TicketToken::generate()?;
    Ok(html(StatusCode::OK, report_page(&state, lang, &Default::default(), &[], key.as_str()).await?))
}

/// Takes a citizen's report: an incident received as an online report, with its ticket and its photo,
/// then on to its tracking page (303). The same form sent again (the same `key`) is the same report.
#[utoipa::path(
    post,
    path = "/lapor",
    operation_id = "public_report",
    tag = "public",
    request_body(content_type = "multipart/form-data", description = "category, description, district, village, landmark, lat, lon, photo, caller_phone, caller_name, key, lang"),
    responses(
        (status = 303, description = "Reported: on to the tracking page `/t/{token}`"),
        (status = 413, content_type = "text/html", body = String, description = "The body or its photo is too large"),
        (status = 415, content_type = "text/html", body = String, description = "Not a form"),
        (status = 422, content_type = "text/html", body = String, description = "The form again, with what to fix"),
        (status = 429, content_type = "text/html", body = String, description = "Too many reports from this address or number"),
        (status = 500, content_type = "text/html", body = String, description = "A page that says to try again later"),
    ),
)]
#[tracing::instrument(name = "public report", skip_all, fields(id))]
pub async fn submit_report(
    State(state): State<AppState>,
    Language(accepted): Language,
    SourceAddress(address): SourceAddress,
    request: Request,
) -> Result<Response, PageError> {
    let now = state.clock.now();
    limited(count(&state.throttle, &Counted::Write { address }, now).await, accepted)?;
    let form = Form::read(request, &state).await?;
    let lang = form.lang().unwrap_or(accepted);
    if form.is_from_a_robot() {
        return Err(PageError::Refused { lang, status: StatusCode::UNPROCESSABLE_ENTITY });
    }
    let report = match ReportForm::parse(&form, lang) {
        Ok(report) => report,
        Err(errors) => return form_again(&state, lang, &form, &errors).await,
    };
    let (category, mut resolved) = match crate::routes::incidents::resolve(&state, &report.incident, lang).await {
        Ok(resolved) => resolved,
        Err(ApiError::Validation(errors)) => return form_again(&state, lang, &form, &errors).await,
        Err(other) => return Err(PageError::from(other)),
    };
    if !category.public {
        let errors = [FieldError::new("category", FieldProblem::UnknownCategory, lang)];
        return form_again(&state, lang, &form, &errors).await;
    }
    resolved.channel = tanggap_domain::citizen::Channel::Online;
    // The key the table keeps is a hash of the form's key, and the tracking link's token is another:
    // the table holds neither the key nor the token, and a retry finds both again.
    let token = report.key.derive("ticket");
    let idempotency_key = IdempotencyKey::parse(&report.key.derive("report").hash()).context("a hash is a key")?;
    let idempotency = Idempotency { key: &idempotency_key, fingerprint: &report.fingerprint };
    // A retry of a report that was taken (its answer lost on a weak link) goes straight to its ticket:
    // its photo is not checked again, and it does not count against the phone's limit.
    match state.incidents.replayed(&idempotency_key, &report.fingerprint).await {
        Ok(Some(_)) => return Ok(Redirect::to(&tracking_path(&token, lang)).into_response()),
        // A key first used for another report, or a read that failed: the create below finds out again.
        Ok(None) | Err(_) => {}
    }
    if let Some(phone) = resolved.caller.phone.clone() {
        limited(count(&state.throttle, &Counted::Report { phone }, now).await, lang)?;
    }
    let id = IncidentId::parse(&ulid::Ulid::new().to_string()).context("a new ULID is not an incident id")?;
    tracing::Span::current().record("id", tracing::field::display(&id));
    let photo = match &form.photo {
        None => None,
        Some(bytes) => match store_photo(&state, &id, bytes, lang).await {
            Ok(photo) => Some(photo),
            Err(PageError::Fields(errors)) => return form_again(&state, lang, &form, &errors).await,
            Err(other) => return Err(other),
        },
    };
    // Where the deployment has a gateway, a reporter who left a phone number is sent the link, and the
    // link to rate when the handling is done.
    let message = resolved
        .caller
        .phone
        .as_ref()
        .filter(|_| state.delivery.webhook.is_some())
        .map(|phone| ReporterContact { phone: phone.as_str().to_owned(), path: tracking_path(&token, lang), lang });
    let decision = Decision::Receive {
        id,
        category: Box::new(category),
        report: Box::new(resolved),
        ticket: Some(NewTicket { token_hash: token.hash(), message }),
        photo,
    };
    match incidents::execute(&state, Acting::Public, decision, Some(idempotency)).await {
        Ok(Outcome::Changed { .. } | Outcome::Replayed(_)) => {}
        Ok(Outcome::Unchanged(_)) => return Err(anyhow::anyhow!("a report taken changed nothing").into()),
        Err(ChangeError::IdempotencyKeyReused) => {
            // The same page sent once, then changed and sent again: a new report with a new key.
            let errors = [FieldError::new("key", FieldProblem::Invalid, lang)];
            let page = report_page(&state, lang, form.values(), &errors, TicketToken::generate()?.as_str()).await?;
            return Ok(html(StatusCode::UNPROCESSABLE_ENTITY, page));
        }
        Err(other) => return Err(ApiError::from(other).into()),
    }
    Ok(Redirect::to(&tracking_path(&token, lang)).into_response())
}

/// The report form again, with what was typed and what to fix (422), under the same key.
async fn form_again(state: &AppState, lang: Lang, form: &Form, errors: &[FieldError]) -> Result<Response, PageError> {
    let key = form.get("key").and_then(TicketToken::parse).map_or_else(TicketToken::generate, Ok)?;
    let page = report_page(state, lang, form.values(), errors, key.as_str()).await?;
    Ok(html(StatusCode::UNPROCESSABLE_ENTITY, page))
}

/// Checks a citizen's photo as a field photo is checked, and stores it with its viewing copy under
/// the new incident.
async fn store_photo(state: &AppState, id: &IncidentId, bytes: &[u8], lang: Lang) -> Result<Photo, PageError> {
    let refuse = |problem| PageError::Fields(vec![FieldError::new("photo", problem, lang)]);
    if bytes.len() > PHOTO_MAX_BYTES {
        return Err(refuse(FieldProblem::TooMany(u32::try_from(PHOTO_MAX_BYTES).unwrap_or(u32::MAX))));
    }
    let kind = PhotoType::sniff(bytes).ok_or_else(|| refuse(FieldProblem::Invalid))?;
    let photos = state.photos()?;
    let owned = bytes.to_vec();
    let max = state.photo_max_bytes;
    let processed = tokio::task::spawn_blocking(move || tanggap_photos::process(&owned, kind, max))
        .await
        .context("processing the photo")?
        .map_err(|err| match crate::routes::photos::photo_refusal(err, lang) {
            ApiError::Validation(errors) => PageError::Fields(errors),
            other => PageError::from(other),
        })?;
    let photo = PhotoId::parse(&ulid::Ulid::new().to_string()).context("a new ULID is not a photo id")?;
    let key = crate::routes::photos::photo_key(id, &photo)?;
    let storage = |err| PageError::from(anyhow::Error::new(err).context("storing a citizen's photo"));
    photos.write(key.as_str(), bytes.to_vec(), kind.content_type()).await.map_err(storage)?;
    photos.write(&key.view_key(), processed.view_jpeg, PhotoType::Jpeg.content_type()).await.map_err(storage)?;
    Ok(Photo {
        id: photo,
        agency: None,
        by: None,
        at: state.clock.now(),
        width: processed.width,
        height: processed.height,
    })
}

/// The tracking page: the ticket's public steps, and the rating form once the handling is done.
#[utoipa::path(
    get,
    path = "/t/{token}",
    operation_id = "public_ticket",
    tag = "public",
    params(("token" = String, Path, description = "The tracking link's token"), PageParams),
    responses(
        (status = 200, content_type = "text/html", body = String, description = "The ticket's steps"),
        (status = 404, content_type = "text/html", body = String, description = "No such ticket"),
        (status = 429, content_type = "text/html", body = String, description = "Too many links that opened nothing from this address"),
        (status = 500, content_type = "text/html", body = String, description = "A page that says to try again later"),
    ),
)]
#[tracing::instrument(name = "public ticket", skip_all)]
pub async fn ticket_page(
    State(state): State<AppState>,
    Language(accepted): Language,
    SourceAddress(address): SourceAddress,
    Path(token): Path<String>,
    axum::extract::Query(params): axum::extract::Query<PageParams>,
) -> Result<Response, PageError> {
    let lang = params.lang(accepted);
    let (token, incident) = ticketed(&state, &address, &token, lang).await?;
    tracking(&state, lang, &token, &incident, &[], None, StatusCode::OK).await
}

/// The reporter's rating, once per ticket, once the handling is done; on to the tracking page (303).
#[utoipa::path(
    post,
    path = "/t/{token}/nilai",
    operation_id = "public_rate",
    tag = "public",
    params(("token" = String, Path, description = "The tracking link's token")),
    request_body(content_type = "application/x-www-form-urlencoded", description = "stars (1 to 5), comment, lang"),
    responses(
        (status = 303, description = "Rated: back to the tracking page"),
        (status = 404, content_type = "text/html", body = String, description = "No such ticket"),
        (status = 409, content_type = "text/html", body = String, description = "Rated already, or not done yet"),
        (status = 415, content_type = "text/html", body = String, description = "Not a form"),
        (status = 422, content_type = "text/html", body = String, description = "The page again, with what to fix"),
        (status = 429, content_type = "text/html", body = String, description = "Too many requests from this address"),
        (status = 500, content_type = "text/html", body = String, description = "A page that says to try again later"),
    ),
)]
#[tracing::instrument(name = "public rating", skip_all, fields(id))]
pub async fn rate(
    State(state): State<AppState>,
    Language(accepted): Language,
    SourceAddress(address): SourceAddress,
    Path(token): Path<String>,
    request: Request,
) -> Result<Response, PageError> {
    on_ticket(&state, accepted, address, &token, request, |form, id, lang| {
        let rating = RatingForm::parse(form, lang)?;
        Ok(Decision::Rate { id, stars: rating.stars, comment: rating.comment })
    })
    .await
}

/// The reporter's word that the problem is not solved, within 7 days of its being done and once per
/// handling: the supervisor on duty is told, and reopens the incident or answers on the tracking page.
#[utoipa::path(
    post,
    path = "/t/{token}/belum",
    operation_id = "public_not_solved",
    tag = "public",
    params(("token" = String, Path, description = "The tracking link's token")),
    request_body(content_type = "application/x-www-form-urlencoded", description = "comment, lang"),
    responses(
        (status = 303, description = "Taken: back to the tracking page"),
        (status = 404, content_type = "text/html", body = String, description = "No such ticket"),
        (status = 409, content_type = "text/html", body = String, description = "Not done, said already, or more than 7 days since done"),
        (status = 415, content_type = "text/html", body = String, description = "Not a form"),
        (status = 422, content_type = "text/html", body = String, description = "The page again, with what to fix"),
        (status = 429, content_type = "text/html", body = String, description = "Too many requests from this address"),
        (status = 500, content_type = "text/html", body = String, description = "A page that says to try again later"),
    ),
)]
#[tracing::instrument(name = "public complaint", skip_all, fields(id))]
pub async fn not_solved(
    State(state): State<AppState>,
    Language(accepted): Language,
    SourceAddress(address): SourceAddress,
    Path(token): Path<String>,
    request: Request,
) -> Result<Response, PageError> {
    on_ticket(&state, accepted, address, &token, request, |form, id, lang| {
        Ok(Decision::Complain { id, comment: ComplaintForm::parse(form, lang)?.comment })
    })
    .await
}

/// A citizen's form posted on their ticket: counted against the address, read, made into a decision
/// by `decide` (or the page again with what to fix), and made; back to the tracking page (303), or the
/// page with the refusal (409).
async fn on_ticket(
    state: &AppState,
    accepted: Lang,
    address: String,
    token: &str,
    request: Request,
    decide: impl FnOnce(&Form, IncidentId, Lang) -> Result<Decision, Vec<FieldError>>,
) -> Result<Response, PageError> {
    let now = state.clock.now();
    limited(count(&state.throttle, &Counted::Write { address: address.clone() }, now).await, accepted)?;
    let form = Form::read(request, state).await?;
    let lang = form.lang().unwrap_or(accepted);
    let (token, incident) = ticketed(state, &address, token, lang).await?;
    tracing::Span::current().record("id", tracing::field::display(&incident.id));
    let decision = match decide(&form, incident.id.clone(), lang) {
        Ok(decision) => decision,
        Err(errors) => {
            return tracking(state, lang, &token, &incident, &errors, None, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    match incidents::execute(state, Acting::Public, decision, None).await {
        Ok(_) => Ok(Redirect::to(&tracking_path(&token, lang)).into_response()),
        Err(ChangeError::Citizen(refusal)) => {
            let current = state.incidents.get(&incident.id).await.context("reading the ticket's incident")?;
            let current = current.unwrap_or(incident);
            let text = refusal.message(lang);
            tracking(state, lang, &token, &current, &[], Some(text), StatusCode::CONFLICT).await
        }
        Err(other) => Err(ApiError::from(other).into()),
    }
}

/// What a tracking link's token (the public page's, or Open311's `tokens/{token}`) opens.
pub enum Opened {
    Ticket(TicketToken, IncidentId),
    Nothing,
    /// The address tried too many tokens that opened nothing.
    TooMany(Limited),
}

/// Looks a token up. One that opens nothing counts against the address, and an address that has tried
/// too many is refused before its token is even looked up, so that tokens cannot be guessed by trying.
pub async fn open_ticket(state: &AppState, address: &str, token: &str) -> anyhow::Result<Opened> {
    let now = state.clock.now();
    let miss = Counted::Miss { address: address.to_owned() };
    if let Some(limit) = reached(&state.throttle, &miss, now).await.context("reading the address's misses")? {
        return Ok(Opened::TooMany(limit));
    }
    if let Some(token) = TicketToken::parse(token)
        && let Some(id) = state.citizens.ticketed(&token.hash()).await.context("looking up a ticket")?
    {
        return Ok(Opened::Ticket(token, id));
    }
    Ok(match count(&state.throttle, &miss, now).await.context("counting a token that opened nothing")? {
        Ok(()) => Opened::Nothing,
        Err(limit) => Opened::TooMany(limit),
    })
}

/// The incident a tracking link opens, as a page would answer it.
async fn ticketed(
    state: &AppState,
    address: &str,
    token: &str,
    lang: Lang,
) -> Result<(TicketToken, Incident), PageError> {
    let (token, id) = match open_ticket(state, address, token).await? {
        Opened::Ticket(token, id) => (token, id),
        Opened::Nothing => return Err(PageError::NotFound { lang }),
        Opened::TooMany(limit) => return Err(PageError::TooMany { lang, retry_after: limit.retry_after }),
    };
    let incident = state.incidents.get(&id).await.context("reading a ticket's incident")?;
    Ok((token, incident.ok_or(PageError::NotFound { lang })?))
}

async fn tracking(
    state: &AppState,
    lang: Lang,
    token: &TicketToken,
    incident: &Incident,
    errors: &[FieldError],
    refusal: Option<&str>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let category = state.catalog.category(&incident.category).await.context("reading the incident's category")?;
    let category = category.as_ref().map_or(incident.category.as_str(), |c| c.name(lang)).to_owned();
    let page = pages::ticket(&TicketPage {
        lang,
        token: token.as_str(),
        incident,
        category: &category,
        utc_offset_hours: state.intake.utc_offset_hours,
        now: state.clock.now(),
        errors,
        refusal,
    });
    let mut response = html(status, page);
    // The link is the credential: it must not leave in a Referer.
    response.headers_mut().insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    Ok(response)
}

async fn report_page(
    state: &AppState,
    lang: Lang,
    values: &std::collections::BTreeMap<String, String>,
    errors: &[FieldError],
    key: &str,
) -> Result<Markup, PageError> {
    let categories: Vec<Category> = state
        .catalog
        .categories()
        .await
        .context("reading the categories")?
        .into_iter()
        .filter(|category| category.public)
        .collect();
    let regions = state.catalog.regions_within(&state.regency).await.context("reading the regency's areas")?;
    let regency = state.catalog.region(&state.regency).await.context("reading the regency")?;
    let regency = regency.map_or_else(|| state.regency.to_string(), |r| r.name);
    Ok(pages::report(&ReportPage {
        lang,
        regency: &regency,
        categories: &categories,
        areas: &pages::areas(regions),
        values,
        errors,
        key,
    }))
}

pub fn tracking_path(token: &TicketToken, lang: Lang) -> String {
    match lang {
        Lang::Id => format!("/t/{}", token.as_str()),
        Lang::En => format!("/t/{}?lang=en", token.as_str()),
    }
}

/// A page answer: never cached (it shows one person's ticket, or a form with a fresh key).
fn html(status: StatusCode, page: Markup) -> Response {
    let mut response = (status, page).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response.extensions_mut().insert(crate::middleware::OwnErrorShape);
    response
}

/// A request counted against its limit: on, or a 429 page in `lang`.
fn limited(counted: Result<Result<(), Limited>, tanggap_store::repo::RepoError>, lang: Lang) -> Result<(), PageError> {
    match counted.context("counting a public request")? {
        Ok(()) => Ok(()),
        Err(limit) => Err(PageError::TooMany { lang, retry_after: limit.retry_after }),
    }
}

/// Why a public page could not do what was asked, answered as a page.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error("no such ticket")]
    NotFound { lang: Lang },
    #[error("too many requests; retry after {retry_after} s")]
    TooMany { lang: Lang, retry_after: u64 },
    #[error(transparent)]
    Form(#[from] FormError),
    /// Fields to fix, shown on the form again by the handler.
    #[error("{} invalid field(s)", .0.len())]
    Fields(Vec<FieldError>),
    /// Refused as it stands (the honeypot filled in).
    #[error("refused")]
    Refused { lang: Lang, status: StatusCode },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<ApiError> for PageError {
    fn from(error: ApiError) -> Self {
        match error {
            ApiError::Validation(errors) => Self::Fields(errors),
            ApiError::Internal(error) => Self::Internal(error),
            other => Self::Internal(anyhow::anyhow!("unexpected on a public page: {other}")),
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (lang, status, title, text) = match &self {
            Self::NotFound { lang } => (*lang, StatusCode::NOT_FOUND, W::NotFoundTitle, W::NotFoundText),
            Self::TooMany { lang, .. } => (*lang, StatusCode::TOO_MANY_REQUESTS, W::TooManyTitle, W::TooManyText),
            Self::Form(FormError::UnsupportedMediaType) => {
                (Lang::default(), StatusCode::UNSUPPORTED_MEDIA_TYPE, W::RefusedTitle, W::NotAForm)
            }
            Self::Form(FormError::TooLarge) => {
                (Lang::default(), StatusCode::PAYLOAD_TOO_LARGE, W::RefusedTitle, W::TooLarge)
            }
            Self::Form(FormError::Malformed(_)) | Self::Fields(_) => {
                (Lang::default(), StatusCode::BAD_REQUEST, W::RefusedTitle, W::NotAForm)
            }
            Self::Refused { lang, status } => (*lang, *status, W::RefusedTitle, W::NotAForm),
            Self::Internal(error) => {
                tracing::error!(error = format!("{error:#}"), "internal error on a public page");
                (Lang::default(), StatusCode::INTERNAL_SERVER_ERROR, W::TroubleTitle, W::TooManyText)
            }
        };
        let mut response = html(status, pages::refusal(lang, title, text.label(lang), "/lapor"));
        if let Self::TooMany { retry_after, .. } = self {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        }
        response
    }
}
