//! Who is calling, as handlers see it: the signed-in [`Principal`] and the request's [`SourceAddress`].

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use tanggap_domain::{Actor, AgencyCode, Caller, Change, Event, Incident, Role, Text, Username};

use crate::error::ApiError;

/// The signed-in caller, from a verified access token. The policy layer puts it on the request; a
/// handler that takes it is one that needs a signed-in caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub username: Username,
    pub role: Role,
    /// The agency an officer or head acts for.
    pub agency: Option<AgencyCode>,
    /// The session family the access token was issued in.
    pub session: String,
    /// The token was issued to a user who had to change their password first.
    pub must_change_password: bool,
}

impl Principal {
    /// How the caller is recorded in an incident's history.
    pub fn actor(&self) -> Actor {
        Actor::User { username: self.username.clone(), role: self.role }
    }

    /// Whether the caller is confined to one agency's assignments (officers and heads), and to which.
    /// `Err` for an agency-bound role without an agency, which a verified token never carries: such a
    /// caller is refused rather than left unconfined.
    pub fn agency_scope(&self) -> Result<Option<&AgencyCode>, crate::error::ApiError> {
        match (self.role.is_agency_bound(), &self.agency) {
            (false, _) => Ok(None),
            (true, Some(agency)) => Ok(Some(agency)),
            (true, None) => Err(crate::error::ApiError::Forbidden),
        }
    }

    /// Whether the caller may see this incident at all: everyone the policy lets read incidents, but an
    /// agency's people only where their agency has an assignment.
    pub fn may_see(&self, incident: &Incident) -> bool {
        match (self.role.is_agency_bound(), &self.agency) {
            (false, _) => true,
            (true, Some(agency)) => incident.assignment(agency).is_some(),
            (true, None) => false,
        }
    }

    /// The incident as this caller may see it: callers' personal data masked for roles that may not
    /// see it (UU 27/2022).
    pub fn redact_incident(&self, mut incident: Incident) -> Incident {
        if !self.role.sees_caller_identity() {
            incident.caller = incident.caller.masked();
        }
        incident
    }

    /// The events as this caller may see them: the report that opened the incident and each linked
    /// report carry their caller, and an edit may carry the caller's name.
    pub fn redact_events(&self, events: Vec<Event>) -> Vec<Event> {
        if self.role.sees_caller_identity() {
            return events;
        }
        events
            .into_iter()
            .map(|mut event| {
                match &mut event.change {
                    Change::Received { caller, .. } | Change::ReportLinked { caller, .. } => {
                        *caller = Caller::masked(caller);
                    }
                    Change::Edited { caller_name, .. } => {
                        // Initials, as the incident's caller shows them; a name without any is dropped.
                        let initials = caller_name.as_ref().and_then(|name| {
                            Caller { name: Some(name.as_str().to_owned()), ..Caller::default() }.masked().name
                        });
                        *caller_name = initials.and_then(|initials| Text::parse(&initials).ok());
                    }
                    _ => {}
                }
                event
            })
            .collect()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Principal>().cloned().ok_or(ApiError::Unauthenticated)
    }
}

/// Where a request came from, for throttling and the audit log: the first `X-Forwarded-For` hop when
/// there is one (CloudFront and API Gateway add it), else the socket's peer (the local server), else
/// `unknown`. Always an IP address's text or `unknown`, so it is safe in a storage key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceAddress(pub String);

impl SourceAddress {
    pub const UNKNOWN: &str = "unknown";
}

impl<S: Send + Sync> FromRequestParts<S> for SourceAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let forwarded = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(',').next())
            .and_then(|hop| hop.trim().parse::<IpAddr>().ok());
        let peer = || parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip());
        let address = forwarded.or_else(peer).map_or_else(|| Self::UNKNOWN.to_owned(), |ip| ip.to_string());
        Ok(Self(address))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;

    async fn source(request: Request<()>) -> String {
        let (mut parts, ()) = request.into_parts();
        SourceAddress::from_request_parts(&mut parts, &()).await.unwrap().0
    }

    #[tokio::test]
    async fn the_first_forwarded_hop_then_the_peer_then_unknown() {
        let forwarded = Request::get("/").header("x-forwarded-for", "203.0.113.7, 10.0.0.1").body(()).unwrap();
        assert_eq!(source(forwarded).await, "203.0.113.7");
        let mut peer = Request::get("/").header("x-forwarded-for", "garbage").body(()).unwrap();
        peer.extensions_mut().insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 5555))));
        assert_eq!(source(peer).await, "127.0.0.1");
        assert_eq!(source(Request::get("/").body(()).unwrap()).await, "unknown");
    }
}
