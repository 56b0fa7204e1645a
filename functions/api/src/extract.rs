//! Extractors that reject with problem details instead of axum's plain-text rejections.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tanggap_domain::dto::{FieldError, FieldProblem};
use tanggap_domain::{IncidentId, Lang, Username};
use tanggap_store::Cursor;
use tanggap_store::repo::IdempotencyKey;

use crate::error::{ApiError, BadRequest};

/// The request's language, from `Accept-Language` (Indonesian unless English is preferred).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Language(pub Lang);

impl Language {
    pub fn of(headers: &HeaderMap) -> Lang {
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|value| value.to_str().ok())
            .map(Lang::from_accept_language)
            .unwrap_or_default()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Language {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(Self::of(&parts.headers)))
    }
}

/// A JSON body: parsed as axum's `Json` does, refused as a problem. Also a JSON response.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let lang = Language::of(request.headers());
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(json_problem(rejection, lang)),
        }
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

fn json_problem(rejection: JsonRejection, lang: Lang) -> ApiError {
    match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::UnsupportedMediaType,
        // Well-formed JSON of the wrong shape: name the field, as for any other invalid field.
        StatusCode::UNPROCESSABLE_ENTITY => ApiError::Validation(vec![data_error(&rejection, lang)]),
        _ => ApiError::BadRequest(BadRequest::MalformedJson(rejection.body_text())),
    }
}

/// The field that did not deserialise, found in the rejection's chain of causes.
fn data_error(rejection: &JsonRejection, lang: Lang) -> FieldError {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(rejection);
    while let Some(error) = cause {
        if let Some(error) = error.downcast_ref::<serde_path_to_error::Error<serde_json::Error>>() {
            let field = match error.path().to_string() {
                path if path == "." => "body".to_owned(),
                path => path,
            };
            return FieldError { field, code: FieldProblem::Invalid.code().into(), message: error.inner().to_string() };
        }
        cause = error.source();
    }
    FieldError::new("body", FieldProblem::Invalid, lang)
}

/// Query parameters, refused as a problem.
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(value)| Self(value))
            .map_err(|rejection: QueryRejection| {
                ApiError::BadRequest(BadRequest::MalformedQuery(rejection.body_text()))
            })
    }
}

/// The `{id}` of an incident's path.
#[derive(Debug, Clone)]
pub struct IncidentPath(pub IncidentId);

impl<S: Send + Sync> FromRequestParts<S> for IncidentPath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(id) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::BadRequest(BadRequest::MalformedIncidentId))?;
        IncidentId::parse(&id).map(Self).map_err(|_| ApiError::BadRequest(BadRequest::MalformedIncidentId))
    }
}

/// The `{username}` of a user's path. A name that cannot be a username names no user: 404.
#[derive(Debug, Clone)]
pub struct UsernamePath(pub Username);

impl<S: Send + Sync> FromRequestParts<S> for UsernamePath {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(name) = Path::<String>::from_request_parts(parts, state).await.map_err(|_| ApiError::NotFound)?;
        Username::parse(&name).map(Self).map_err(|_| ApiError::NotFound)
    }
}

/// The `Idempotency-Key` header that every create must carry.
#[derive(Debug, Clone)]
pub struct IdempotencyKeyHeader(pub IdempotencyKey);

impl IdempotencyKeyHeader {
    pub const NAME: &str = "idempotency-key";
}

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKeyHeader {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let value = parts.headers.get(Self::NAME).ok_or(ApiError::BadRequest(BadRequest::MissingIdempotencyKey))?;
        value
            .to_str()
            .ok()
            .and_then(|key| IdempotencyKey::parse(key).ok())
            .map(Self)
            .ok_or(ApiError::BadRequest(BadRequest::MalformedIdempotencyKey))
    }
}

/// The query of a paged list: `?limit=&cursor=`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Items per page, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<usize>,
    /// The `next` of the previous page.
    cursor: Option<String>,
}

impl PageParams {
    pub const DEFAULT_LIMIT: usize = 50;
    pub const MAX_LIMIT: usize = 200;

    /// The page size, checked, and where to start.
    pub fn page(self) -> Result<(usize, Option<Cursor>), ApiError> {
        let limit = self.limit.unwrap_or(Self::DEFAULT_LIMIT);
        if !(1..=Self::MAX_LIMIT).contains(&limit) {
            let max = Self::MAX_LIMIT;
            return Err(ApiError::BadRequest(BadRequest::MalformedQuery(format!("limit must be 1 to {max}"))));
        }
        Ok((limit, self.cursor.map(Cursor)))
    }
}
