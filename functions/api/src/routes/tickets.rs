//! A ticket for a phoned-in incident, when the operator chooses: the caller gets its code and tracking
//! link, sent through the regency's gateway when they left a number, and the link to rate once the
//! handling is done. (An online report gets its ticket as it is taken: see [`crate::public`].)

use anyhow::Context as _;
use axum::extract::State;
use axum::http::StatusCode;
use tanggap_domain::Lang;
use tanggap_domain::citizen::CitizenError;
use tanggap_domain::dto::{IssuedTicket, TicketRequest};
use tanggap_store::repo::ReporterContact;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::extract::{IncidentPath, Json};
use crate::incidents::{self, Acting, Decision, NewTicket, Outcome};
use crate::openapi::ProblemResponse;
use crate::public::{TicketToken, tracking_path};
use crate::routes::incidents::visible_incident;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(issue))
}

/// Gives the incident's caller a ticket: its code and tracking link, which this answer shows once.
/// With `send`, they go to the caller's number through the regency's gateway (the webhook), and the
/// link to rate follows when the handling is done. Once per incident: 409 after, and 409 when it is
/// to be sent but the caller left no number or the deployment has no gateway.
#[utoipa::path(
    post,
    path = "/api/incidents/{id}/ticket",
    operation_id = "issue_ticket",
    tag = "incidents",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The incident's id (a ULID)")),
    request_body = TicketRequest,
    responses(
        (status = 201, body = IssuedTicket),
        (status = 400, response = ProblemResponse),
        (status = 404, response = ProblemResponse),
        (status = 409, response = ProblemResponse),
        (status = 415, response = ProblemResponse),
    )
)]
#[tracing::instrument(name = "issue ticket", skip_all, fields(id = %id.0, username = %principal.username))]
pub async fn issue(
    State(state): State<AppState>,
    principal: Principal,
    id: IncidentPath,
    Json(request): Json<TicketRequest>,
) -> Result<(StatusCode, Json<IssuedTicket>), ApiError> {
    let incident = visible_incident(&state, &principal, &id.0).await?;
    let lang = request.lang.unwrap_or(Lang::Id);
    let token = TicketToken::generate()?;
    let link = tracking_path(&token, lang);
    let message = match (request.send, &incident.caller.phone, &state.delivery.webhook) {
        (false, _, _) => None,
        (true, None, _) => return Err(ApiError::Citizen(CitizenError::NoPhoneToMessage)),
        (true, _, None) => return Err(ApiError::Citizen(CitizenError::NoGateway)),
        (true, Some(phone), Some(_)) => {
            Some(ReporterContact { phone: phone.as_str().to_owned(), path: link.clone(), lang })
        }
    };
    let sent = message.is_some();
    let decision = Decision::IssueTicket { id: id.0, ticket: NewTicket { token_hash: token.hash(), message } };
    let incident = match incidents::execute(&state, Acting::User(&principal), decision, None).await? {
        Outcome::Changed { incident, .. } | Outcome::Unchanged(incident) => incident,
        Outcome::Replayed(_) => return Err(anyhow::anyhow!("a ticket has no idempotency key").into()),
    };
    let code = incident.ticket.context("a ticket issued gives the incident its code")?;
    Ok((StatusCode::CREATED, Json(IssuedTicket { code, link, sent })))
}
