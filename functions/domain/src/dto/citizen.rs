//! The citizens' side as the center reads it: the ratings the public gave.

use serde::{Deserialize, Serialize};

use crate::assignment::AssignmentStatus;
use crate::citizen::{Channel, Rating, Stars, TicketCode};
use crate::{AgencyCode, CategoryCode, Incident, IncidentId, Text, Timestamp};

/// One rating, with what the supervisor needs to follow it up (no reporter's personal data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatedIncident {
    pub incident: IncidentId,
    pub ticket: Option<TicketCode>,
    pub category: CategoryCode,
    #[serde(default)]
    pub channel: Channel,
    /// The district's name, when the report named one.
    pub district: Option<String>,
    /// The agencies that completed their part: those the rating counts for.
    pub agencies: Vec<AgencyCode>,
    pub stars: Stars,
    pub comment: Option<Text>,
    pub received_at: Timestamp,
    pub at: Timestamp,
}

impl RatedIncident {
    pub fn of(incident: &Incident, rating: &Rating) -> Self {
        Self {
            incident: incident.id.clone(),
            ticket: incident.ticket.clone(),
            category: incident.category.clone(),
            channel: incident.channel,
            district: incident.location.district.as_ref().map(|d| d.name.clone()),
            agencies: incident
                .assignments
                .iter()
                .filter(|a| a.status == AssignmentStatus::Completed)
                .map(|a| a.agency.clone())
                .collect(),
            stars: rating.stars,
            comment: rating.comment.clone(),
            received_at: incident.received_at,
            at: rating.at,
        }
    }
}

/// `POST /api/incidents/{id}/ticket`: a ticket for a phoned-in incident.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketRequest {
    /// Send the caller the code and tracking link through the regency's gateway (and, once the
    /// handling is done, the link to rate it).
    #[serde(default)]
    pub send: bool,
    /// The caller's language for the messages and the page (Indonesian unless said).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<crate::Lang>,
}

/// The ticket given: its code, and its tracking link (shown once: the table keeps only its hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssuedTicket {
    pub code: TicketCode,
    /// The tracking page's path, `/t/<token>`.
    pub link: String,
    /// Whether it is on its way to the caller through the gateway.
    pub sent: bool,
}

/// `GET /api/ratings`: the latest ratings, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ratings {
    pub ratings: Vec<RatedIncident>,
}

/// A key an admin issued to a civic reporting app for Open311's `POST requests`. The key itself is
/// shown once, when issued; `id` is the SHA-256 the table keeps, which names it to revoke it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppKey {
    pub id: String,
    pub app: String,
    pub created_at: Timestamp,
}

/// `GET /api/open311/keys`: the keys issued, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppKeys {
    pub keys: Vec<AppKey>,
}

/// `POST /api/open311/keys`: the app to issue a key to.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewAppKey {
    /// Who the key is for, as the admin names it ("Aplikasi Lapor Kabupaten").
    pub app: String,
}

/// The longest name of an app.
pub const MAX_APP_CHARS: usize = 100;

/// A key just issued: the only time `api_key` is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssuedAppKey {
    pub key: AppKey,
    pub api_key: String,
}
