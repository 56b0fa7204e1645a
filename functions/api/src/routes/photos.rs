//! Photos from the field: the browser uploads straight to storage (S3, or the local data directory)
//! with a short-lived signed URL, then asks the API to attach what it uploaded. Attaching reads the
//! bytes back and checks them (size, that they are the image they claim, not a decompression bomb),
//! stores a downscaled viewing copy, and records the photo in the incident's history. A photo is shown
//! only through a short-lived signed URL handed to someone who may see the incident.

use anyhow::Context as _;
use axum::extract::{Path, State};
use serde::Deserialize;
use tanggap_domain::dto::{FieldError, FieldProblem, IncidentDetail, NewPhoto, PhotoUpload, PhotoView, UploadHeader};
use tanggap_domain::{Incident, IncidentId, IncidentStatus, Lang, Photo, PhotoId, Timestamp};
use tanggap_photos::{PhotoError, PhotoKey, PhotoType};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::Principal;
use crate::error::{ApiError, BadRequest};
use crate::extract::{IncidentPath, Json, Language, Query};
use crate::incidents::{self, Acting, Decision};
use crate::openapi::ProblemResponse;
use crate::routes::incidents::{read_detail, redact, visible_incident};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(upload)).routes(routes!(attach, view))
}

/// Asks where to upload a photo for the incident: an agency's people only while their agency is
/// assigned, everyone only while the incident is dispatched or resolved (the field report's time).
#[utoipa::path(
    post,
    path = "/api/incidents/{id}/photos",
    operation_id = "photo_upload",
    tag = "photos",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The incident's id (a ULID)")),
    request_body = NewPhoto,
    responses(
        (status = 200, body = PhotoUpload),
        (status = 400, response = ProblemResponse),
        (status = 404, response = ProblemResponse),
        (status = 409, response = ProblemResponse),
        (status = 422, response = ProblemResponse),
    )
)]
#[tracing::instrument(name = "photo upload", skip_all, fields(id = %id.0, username = %principal.username))]
pub async fn upload(
    State(state): State<AppState>,
    Language(lang): Language,
    principal: Principal,
    id: IncidentPath,
    Json(form): Json<NewPhoto>,
) -> Result<Json<PhotoUpload>, ApiError> {
    let incident = photographable(&state, &principal, &id.0).await?;
    let photos = state.photos()?;
    let kind = PhotoType::from_content_type(&form.content_type)
        .map_err(|_| ApiError::Validation(vec![FieldError::new("content_type", FieldProblem::Invalid, lang)]))?;
    let max = state.photo_max_bytes;
    if form.size == 0 || form.size > max {
        let problem = FieldProblem::TooMany(u32::try_from(max).unwrap_or(u32::MAX));
        return Err(ApiError::Validation(vec![FieldError::new("size", problem, lang)]));
    }
    let photo = PhotoId::parse(&ulid::Ulid::new().to_string()).context("a new ULID is not a photo id")?;
    let key = photo_key(&incident.id, &photo)?;
    let now = state.clock.now();
    let upload = photos.upload_url(&key, kind, form.size, unix(now)).await.map_err(|err| photo_refusal(err, lang))?;
    Ok(Json(PhotoUpload {
        photo,
        url: upload.url,
        method: upload.method,
        headers: upload.headers.into_iter().map(|(name, value)| UploadHeader { name, value }).collect(),
        expires_at: Timestamp::from_unix_millis(upload.expires_at_unix * 1000).context("the upload's expiry")?,
    }))
}

/// Attaches an uploaded photo once its bytes are checked, with a viewing copy. Attaching the same
/// photo again answers with the incident as it is.
#[utoipa::path(
    post,
    path = "/api/incidents/{id}/photos/{photo}",
    operation_id = "photo_attach",
    tag = "photos",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The incident's id (a ULID)"),
        ("photo" = String, Path, description = "The photo's id, as the upload gave it"),
    ),
    responses(
        (status = 200, body = IncidentDetail),
        (status = 400, response = ProblemResponse),
        (status = 404, response = ProblemResponse),
        (status = 409, response = ProblemResponse),
        (status = 422, response = ProblemResponse),
    )
)]
#[tracing::instrument(name = "photo attach", skip_all, fields(id = %path.0, photo = %path.1, username = %principal.username))]
pub async fn attach(
    State(state): State<AppState>,
    Language(lang): Language,
    principal: Principal,
    Path(path): Path<(String, String)>,
) -> Result<Json<IncidentDetail>, ApiError> {
    let (id, photo) = parse_path(&path)?;
    let incident = photographable(&state, &principal, &id).await?;
    if !incident.photos.iter().any(|p| p.id == photo) {
        let photos = state.photos()?;
        let key = photo_key(&id, &photo)?;
        let bytes = photos.read(key.as_str()).await.map_err(|err| photo_refusal(err, lang))?;
        // Nothing uploaded (yet, or the URL expired unused): the browser must upload first.
        let bytes = bytes.ok_or(ApiError::NotFound)?;
        let kind = PhotoType::sniff(&bytes)
            .ok_or_else(|| ApiError::Validation(vec![FieldError::new("photo", FieldProblem::Invalid, lang)]))?;
        // Decoding and downscaling take a core for a second or more: off the request threads.
        let max = state.photo_max_bytes;
        let processed = tokio::task::spawn_blocking(move || tanggap_photos::process(&bytes, kind, max))
            .await
            .context("processing the photo")?
            .map_err(|err| photo_refusal(err, lang))?;
        photos
            .write(&key.view_key(), processed.view_jpeg, PhotoType::Jpeg.content_type())
            .await
            .map_err(|err| photo_refusal(err, lang))?;
        let record = Photo {
            id: photo.clone(),
            agency: principal.agency_scope()?.cloned(),
            by: Some(principal.username.clone()),
            at: state.clock.now(),
            width: processed.width,
            height: processed.height,
        };
        // Like a note, a photo means the same on any version: applied to the newest one.
        incidents::execute(
            &state,
            Acting::User(&principal),
            Decision::AddPhoto { id: id.clone(), photo: record },
            None,
        )
        .await?;
    }
    let detail = read_detail(&state, &id).await?.ok_or(ApiError::NotFound)?;
    Ok(Json(redact(&principal, detail)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ViewQuery {
    /// `true` for the original as uploaded; the downscaled viewing copy otherwise.
    #[serde(default)]
    original: bool,
}

/// A short-lived address of an attached photo, for whoever may see the incident.
#[utoipa::path(
    get,
    path = "/api/incidents/{id}/photos/{photo}",
    operation_id = "photo_view",
    tag = "photos",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "The incident's id (a ULID)"),
        ("photo" = String, Path, description = "The photo's id"),
        ViewQuery,
    ),
    responses(
        (status = 200, body = PhotoView),
        (status = 400, response = ProblemResponse),
        (status = 404, response = ProblemResponse),
    )
)]
#[tracing::instrument(name = "photo view", skip_all, fields(id = %path.0, photo = %path.1, username = %principal.username))]
pub async fn view(
    State(state): State<AppState>,
    Language(lang): Language,
    principal: Principal,
    Path(path): Path<(String, String)>,
    Query(query): Query<ViewQuery>,
) -> Result<Json<PhotoView>, ApiError> {
    let (id, photo) = parse_path(&path)?;
    let incident = visible_incident(&state, &principal, &id).await?;
    if !incident.photos.iter().any(|p| p.id == photo) {
        return Err(ApiError::NotFound);
    }
    let key = photo_key(&id, &photo)?;
    let object = if query.original { key.as_str().to_owned() } else { key.view_key() };
    let now = state.clock.now();
    let url = state.photos()?.view_url(&object, unix(now)).await.map_err(|err| photo_refusal(err, lang))?;
    let expires_at = now.plus_seconds(tanggap_photos::VIEW_URL_SECONDS);
    Ok(Json(PhotoView { url, expires_at }))
}

/// The incident, when the caller may add photos to it now (an agency's people see only incidents their
/// agency is assigned to).
async fn photographable(state: &AppState, principal: &Principal, id: &IncidentId) -> Result<Incident, ApiError> {
    let incident = visible_incident(state, principal, id).await?;
    if !matches!(incident.status, IncidentStatus::Dispatched | IncidentStatus::Resolved) {
        return Err(ApiError::StateConflict(tanggap_domain::LifecycleError::PhotoNotAllowed));
    }
    Ok(incident)
}

fn parse_path((id, photo): &(String, String)) -> Result<(IncidentId, PhotoId), ApiError> {
    let id = IncidentId::parse(id).map_err(|_| ApiError::BadRequest(BadRequest::MalformedIncidentId))?;
    // A photo id that cannot be one names no photo.
    let photo = PhotoId::parse(photo).map_err(|_| ApiError::NotFound)?;
    Ok((id, photo))
}

pub(crate) fn photo_key(incident: &IncidentId, photo: &PhotoId) -> Result<PhotoKey, ApiError> {
    let key = format!("incidents/{incident}/{photo}");
    Ok(PhotoKey::parse(&key).with_context(|| format!("{key} is not a photo key"))?)
}

fn unix(at: Timestamp) -> i64 {
    at.unix_millis().div_euclid(1000)
}

/// A photo the officer can do something about is a validation problem on `photo`; storage failing is ours.
pub(crate) fn photo_refusal(err: PhotoError, lang: Lang) -> ApiError {
    let problem = match err {
        PhotoError::TooLarge { max } => FieldProblem::TooMany(u32::try_from(max).unwrap_or(u32::MAX)),
        PhotoError::TooManyPixels { .. }
        | PhotoError::NotAnImage
        | PhotoError::TypeMismatch { .. }
        | PhotoError::UnsupportedType(_)
        | PhotoError::Undecodable(_) => FieldProblem::Invalid,
        other => return anyhow::Error::new(other).context("photo storage").into(),
    };
    ApiError::Validation(vec![FieldError::new("photo", problem, lang)])
}
