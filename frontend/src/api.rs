//! The API client: one generic request path that decodes the domain's DTOs, turns problem+json
//! answers into [`ApiError::Problem`], and cancels reads that nobody waits for any more.

use gloo_net::http::{Request, RequestBuilder, Response};
use leptos::prelude::on_cleanup;
use send_wrapper::SendWrapper;
use serde::de::DeserializeOwned;
use tanggap_domain::dto::{BoardPage, IncidentDetail, NewIncident, Problem};
use tanggap_domain::{Category, Region};

use crate::i18n::texts;

/// Why a request gave no usable answer.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// No answer at all: offline, server down, or the request was cancelled.
    Network,
    /// The API refused or failed, and said why (RFC 9457), with field errors for validation.
    Problem(Problem),
    /// An answer that is neither the expected DTO nor a problem document (a proxy's error page…).
    Unreadable { status: u16 },
}

impl ApiError {
    /// The per-field errors of a validation problem; empty for every other failure.
    pub fn field_errors(&self) -> &[tanggap_domain::dto::FieldError] {
        match self {
            ApiError::Problem(problem) => &problem.errors,
            _ => &[],
        }
    }
}

pub async fn categories() -> Result<Vec<Category>, ApiError> {
    get("/api/categories").await
}

pub async fn regions() -> Result<Vec<Region>, ApiError> {
    get("/api/regions").await
}

/// The first page of open incidents, most urgent first, then oldest.
pub async fn board(limit: u32) -> Result<BoardPage, ApiError> {
    get(&format!("/api/incidents?limit={limit}")).await
}

/// Opens an incident. The same `idempotency_key` on a retry makes the API answer with the incident
/// created the first time instead of a second one.
pub async fn create_incident(incident: &NewIncident, idempotency_key: &str) -> Result<IncidentDetail, ApiError> {
    let request = with_language(Request::post("/api/incidents"))
        .header("Idempotency-Key", idempotency_key)
        .json(incident)
        // Only a serialisation bug can fail here; it is not the network's fault but reads the same to users.
        .map_err(|_| ApiError::Network)?;
    decode(request.send().await.map_err(network)?).await
}

/// A GET that is aborted when the reactive scope that started it is cleaned up (a resource
/// refetching, a page left), so that a stale answer never lands and no request piles up.
async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let controller = web_sys::AbortController::new().ok();
    let signal = controller.as_ref().map(web_sys::AbortController::signal);
    // on_cleanup wants Send; the controller lives on the browser's only thread anyway.
    let controller = SendWrapper::new(controller);
    on_cleanup(move || {
        if let Some(controller) = controller.take() {
            controller.abort();
        }
    });
    let response = with_language(Request::get(path)).abort_signal(signal.as_ref()).send().await.map_err(network)?;
    decode(response).await
}

fn with_language(request: RequestBuilder) -> RequestBuilder {
    request.header("Accept", "application/json").header("Accept-Language", texts().accept_language())
}

fn network(error: gloo_net::Error) -> ApiError {
    leptos::logging::warn!("request failed: {error}");
    ApiError::Network
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    // A body cut off mid-way is a network failure, not a bad answer.
    let body = response.text().await.map_err(network)?;
    if response.ok() {
        return serde_json::from_str(&body).map_err(|error| {
            leptos::logging::warn!("unexpected answer from {}: {error}", response.url());
            ApiError::Unreadable { status }
        });
    }
    match serde_json::from_str::<Problem>(&body) {
        Ok(problem) => Err(ApiError::Problem(problem)),
        Err(_) => Err(ApiError::Unreadable { status }),
    }
}
