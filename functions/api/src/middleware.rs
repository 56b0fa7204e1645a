//! The layers every function's router gets: a request id on every request, response and log line; a
//! trace span per request; problem details for every error; panics answered as 500; a body limit.

use std::any::Any;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderName, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::error::{ApiError, PROBLEM_JSON, ProblemTemplate};
use crate::extract::Language;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The largest request body accepted. Intake forms and commands are a few KB; photos go to S3 directly.
pub const BODY_LIMIT: usize = 64 * 1024;

/// Wraps `router` in the layers, outermost first.
pub fn apply(router: Router) -> Router {
    router.layer(
        ServiceBuilder::new()
            // A client's own `x-request-id` is kept; otherwise one is made.
            .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
            // One INFO line per response (status, latency); 5xx also as ERROR.
            .layer(
                TraceLayer::new_for_http()
                    .make_span_with(request_span)
                    .on_response(DefaultOnResponse::new().level(Level::INFO)),
            )
            .layer(PropagateRequestIdLayer::new(REQUEST_ID))
            .layer(axum::middleware::from_fn(problem_details))
            .layer(CatchPanicLayer::custom(answer_panic))
            .layer(DefaultBodyLimit::max(BODY_LIMIT)),
    )
}

fn request_id(request: &Request) -> Option<String> {
    request.headers().get(REQUEST_ID).and_then(|value| value.to_str().ok()).map(str::to_owned)
}

/// The span every log line of a request is written in.
fn request_span(request: &Request) -> tracing::Span {
    tracing::info_span!(
        "request",
        method = %request.method(),
        path = %request.uri().path(),
        request_id = request_id(request).unwrap_or_default(),
    )
}

/// Marks an error response that answers in a shape of its own, which the problem layer leaves alone:
/// the public pages' (a page for people) and Open311's (the spec's list of `{code, description}`).
#[derive(Debug, Clone, Copy)]
pub struct OwnErrorShape;

/// Renders each problem in the request's language with its request id, and gives a problem to error
/// responses that have none.
async fn problem_details(request: Request, next: Next) -> Response {
    let lang = Language::of(request.headers());
    let id = request_id(&request);
    let mut response = next.run(request).await;
    if let Some(template) = response.extensions_mut().remove::<ProblemTemplate>() {
        return with_headers_of(template.respond(lang, id), response);
    }
    let status = response.status();
    let is_problem = response.headers().get(header::CONTENT_TYPE).is_some_and(|value| value == PROBLEM_JSON);
    let own_shape = response.extensions().get::<OwnErrorShape>().is_some();
    if (status.is_client_error() || status.is_server_error()) && !is_problem && !own_shape {
        return with_headers_of(ProblemTemplate::for_status(status).respond(lang, id), response);
    }
    response
}

/// `problem` with the headers `original` had (such as `Allow` on a 405), except those of its body.
fn with_headers_of(mut problem: Response, original: Response) -> Response {
    for (name, value) in original.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            problem.headers_mut().append(name, value.clone());
        }
    }
    problem
}

fn answer_panic(panic: Box<dyn Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".into());
    ApiError::Internal(anyhow::anyhow!("handler panicked: {message}")).into_response()
}
