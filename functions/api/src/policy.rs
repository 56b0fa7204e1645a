//! Who may call what: every route of the API and the roles that may call it, in one table, and the
//! layer that holds every request to it. Deny by default: a route missing from the table is refused
//! to everyone, signed in or not.
//!
//! The table says which roles may call a route at all. Finer rules live with the data they concern, in
//! the handlers: agency officers and heads see and act only on their own agency's assignments, and
//! callers' personal data is masked for roles that may not see it.

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tanggap_domain::Role::{self, *};

use crate::auth::Principal;
use crate::error::ApiError;
use crate::state::AppState;

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in user, even one who must change their password first: their own account.
    Own,
    /// Any signed-in user who need not change their password first.
    SignedIn,
    /// Signed-in users of these roles (who need not change their password first).
    Roles(&'static [Role]),
}
use Access::*;

/// Who takes reports.
const INTAKE: &[Role] = &[Operator, Supervisor];
/// Who reads incidents: everyone but the public; officers and heads only their agency's.
const READERS: &[Role] = &[Operator, Supervisor, AgencyOfficer, AgencyHead, Executive, Admin];
/// Who gives life-cycle commands; officers and heads only `update_assignment` for their agency.
const RESPONDERS: &[Role] = &[Operator, Supervisor, AgencyOfficer, AgencyHead];
const ADMINS: &[Role] = &[Admin];
const SUPERVISORS: &[Role] = &[Supervisor];
/// Who reads the center's traffic: intake, and those who report on it (no caller is named in it).
const COUNTERS: &[Role] = &[Operator, Supervisor, Executive, Admin];
/// The dashboard: the regent and staff, the shift lead, and agency heads (who see the regency-wide
/// scorecard beside their own agency).
const DASHBOARD: &[Role] = &[Supervisor, AgencyHead, Executive];
/// Who reads the shifts and who is on duty: the center's staff, and those who oversee it.
const SHIFT_READERS: &[Role] = &[Operator, Supervisor, Executive, Admin];
/// The center's shift pattern: the shift leads, and admins who set the deployment up.
const PATTERN_EDITORS: &[Role] = &[Supervisor, Admin];
/// The staffing planner and the operators' figures: the shift leads and the regent's staff, who
/// decide on hiring.
const PLANNERS: &[Role] = &[Supervisor, Executive];
/// The public's ratings, comments included.
const RATING_READERS: &[Role] = &[Supervisor, Executive];

/// Every route: method, path as the router declares it, and who may call it.
pub const POLICY: &[(&str, &str, Access)] = &[
    ("GET", "/api/health", Public),
    ("GET", "/api/openapi.json", Public),
    // The password, or the refresh cookie, is the credential.
    ("POST", "/api/auth/login", Public),
    ("POST", "/api/auth/refresh", Public),
    ("POST", "/api/auth/logout", Public),
    ("GET", "/api/me", Own),
    ("POST", "/api/me/password", Own),
    // Each user's own notifications, settings and browsers.
    ("GET", "/api/notifications", SignedIn),
    ("POST", "/api/notifications/read", SignedIn),
    ("GET", "/api/me/notification-settings", SignedIn),
    ("PUT", "/api/me/notification-settings", SignedIn),
    ("GET", "/api/push/key", SignedIn),
    ("PUT", "/api/me/push-subscriptions", SignedIn),
    ("DELETE", "/api/me/push-subscriptions", SignedIn),
    ("GET", "/api/categories", SignedIn),
    ("GET", "/api/agencies", SignedIn),
    ("GET", "/api/regions", SignedIn),
    ("GET", "/api/regions/map", SignedIn),
    ("PUT", "/api/categories/{code}", Roles(ADMINS)),
    ("PUT", "/api/agencies/{code}", Roles(ADMINS)),
    ("POST", "/api/incidents", Roles(INTAKE)),
    ("GET", "/api/incidents", Roles(READERS)),
    ("GET", "/api/incidents/{id}", Roles(READERS)),
    ("GET", "/api/incidents/duplicates", Roles(INTAKE)),
    ("GET", "/api/incidents/changes", Roles(READERS)),
    ("POST", "/api/incidents/{id}/commands", Roles(RESPONDERS)),
    ("POST", "/api/incidents/{id}/reports", Roles(INTAKE)),
    // A ticket for a caller: the operator's choice, as they talk to them.
    ("POST", "/api/incidents/{id}/ticket", Roles(INTAKE)),
    // Photos: added by those who work on the incident (an agency's people while assigned), seen by readers.
    ("POST", "/api/incidents/{id}/photos", Roles(RESPONDERS)),
    ("POST", "/api/incidents/{id}/photos/{photo}", Roles(RESPONDERS)),
    ("GET", "/api/incidents/{id}/photos/{photo}", Roles(READERS)),
    // Callers' numbers and calls are personal data: intake only; blocking is a supervisor's decision.
    ("GET", "/api/callers/{phone}", Roles(INTAKE)),
    ("PUT", "/api/callers/{phone}/block", Roles(SUPERVISORS)),
    ("DELETE", "/api/callers/{phone}/block", Roles(SUPERVISORS)),
    ("GET", "/api/intake/counts", Roles(COUNTERS)),
    ("GET", "/api/dashboard", Roles(DASHBOARD)),
    ("GET", "/api/dashboard/late", Roles(DASHBOARD)),
    ("GET", "/api/dashboard/incidents", Roles(DASHBOARD)),
    ("POST", "/api/dashboard/exports", Roles(DASHBOARD)),
    ("GET", "/api/dashboard/exports/{id}", Roles(DASHBOARD)),
    // The public's ratings: the shift lead follows up the poor ones; the regent's staff read them.
    ("GET", "/api/ratings", Roles(RATING_READERS)),
    ("GET", "/api/users", Roles(ADMINS)),
    ("POST", "/api/users", Roles(ADMINS)),
    ("PATCH", "/api/users/{username}", Roles(ADMINS)),
    ("POST", "/api/users/{username}/password", Roles(ADMINS)),
    ("GET", "/api/audit", Roles(ADMINS)),
    // Shifts: everyone at the center signs on and off and reads the roster; supervisors make it.
    ("GET", "/api/shifts/now", Roles(SHIFT_READERS)),
    ("POST", "/api/shifts/sign-on", Roles(INTAKE)),
    ("POST", "/api/shifts/sign-off", Roles(INTAKE)),
    ("GET", "/api/shifts/roster", Roles(SHIFT_READERS)),
    ("PUT", "/api/shifts/roster/{day}/{index}", Roles(SUPERVISORS)),
    ("PUT", "/api/shifts/pattern", Roles(PATTERN_EDITORS)),
    ("GET", "/api/shifts/demand", Roles(PLANNERS)),
    ("GET", "/api/shifts/operators", Roles(PLANNERS)),
    // A shift's record and handover name blocked callers' numbers: the center's staff only.
    ("GET", "/api/shifts/{day}/{index}", Roles(INTAKE)),
    ("PUT", "/api/shifts/{day}/{index}/handover", Roles(SUPERVISORS)),
    ("POST", "/api/shifts/{day}/{index}/handover/acknowledge", Roles(SUPERVISORS)),
    // The public pages: the tracking link's token is the credential, and writes are rate-limited.
    ("GET", "/lapor", Public),
    ("POST", "/lapor", Public),
    ("GET", "/t/{token}", Public),
    ("POST", "/t/{token}/nilai", Public),
    ("POST", "/t/{token}/belum", Public),
    // Open311 GeoReport v2: apps read as anyone may; a POST carries the api_key an admin issued.
    ("GET", "/api/open311/v2/{document}", Public),
    ("POST", "/api/open311/v2/{document}", Public),
    ("GET", "/api/open311/v2/services/{document}", Public),
    ("GET", "/api/open311/v2/requests/{document}", Public),
    ("GET", "/api/open311/v2/tokens/{document}", Public),
    ("POST", "/api/open311/keys", Roles(ADMINS)),
    ("GET", "/api/open311/keys", Roles(ADMINS)),
    ("DELETE", "/api/open311/keys/{id}", Roles(ADMINS)),
    // Any other /api path: a 404 problem, whoever asks (the OpenAPI document lists the paths anyway).
    ("*", "/api/{*rest}", Public),
];

/// Who may call `method` on the route `path` (as the router declares it), if the table says.
pub fn access(method: &Method, path: &str) -> Option<Access> {
    // A HEAD is answered by the GET handler, so it is allowed as a GET.
    let method = if method == Method::HEAD { "GET" } else { method.as_str() };
    POLICY.iter().find(|(m, p, _)| (*m == method || *m == "*") && *p == path).map(|(_, _, access)| *access)
}

/// The methods the table declares for `path`, for a 405's `Allow`.
fn declared_methods(path: &str) -> Vec<&'static str> {
    POLICY.iter().filter(|(_, p, _)| *p == path).map(|(m, _, _)| *m).collect()
}

/// The layer: looks up the matched route in [`POLICY`] and lets the request through only as the table
/// says, with the caller's [`Principal`] on it for the handler.
pub async fn authorize(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    // What the check needs, taken out of the request (a request is not shared across an await).
    let path = request.extensions().get::<MatchedPath>().map(|path| path.as_str().to_owned());
    let method = request.method().clone();
    let token = bearer(request.headers()).map(str::to_owned);
    match check(&state, &method, path.as_deref(), token.as_deref()).await {
        Ok(principal) => {
            if let Some(principal) = principal {
                request.extensions_mut().insert(principal);
            }
            next.run(request).await
        }
        Err(refusal) => refusal.into_response(),
    }
}

async fn check(
    state: &AppState,
    method: &Method,
    path: Option<&str>,
    token: Option<&str>,
) -> Result<Option<Principal>, ApiError> {
    // No route matched: the router would answer 404, and nothing is there to protect.
    let Some(path) = path else { return Err(ApiError::NotFound) };
    let principal = token.and_then(|token| state.tokens.verify(token, state.clock.now()));
    let Some(access) = access(method, path) else {
        let declared = declared_methods(path);
        if !declared.is_empty() {
            return Err(ApiError::MethodNotAllowed { allow: declared.join(", ") });
        }
        // A route nobody declared: refused, whoever asks.
        tracing::warn!(%method, path, "a route missing from the policy was called");
        return Err(if principal.is_some() { ApiError::Forbidden } else { ApiError::Unauthenticated });
    };
    if access == Public {
        return Ok(None);
    }
    let principal = principal.ok_or(ApiError::Unauthenticated)?;
    if principal.must_change_password && access != Own && still_must_change(state, &principal).await? {
        return Err(ApiError::PasswordChangeRequired);
    }
    if let Roles(roles) = access
        && !roles.contains(&principal.role)
    {
        return Err(ApiError::Forbidden);
    }
    Ok(Some(principal))
}

/// The token says the user had to change their password when it was issued; they may have since, with
/// this very token (which stays valid until it expires).
async fn still_must_change(state: &AppState, principal: &Principal) -> Result<bool, ApiError> {
    let stored = state.users.get(&principal.username).await.map_err(|e| {
        ApiError::Internal(anyhow::Error::new(e).context("reading the user to check a required password change"))
    })?;
    Ok(stored.is_none_or(|stored| stored.user.must_change_password))
}

/// The token of an `Authorization: Bearer …` header.
fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim()).filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_is_declared_once() {
        for (i, (method, path, _)) in POLICY.iter().enumerate() {
            assert!(
                !POLICY[i + 1..].iter().any(|(m, p, _)| m == method && p == path),
                "{method} {path} is declared twice"
            );
        }
    }

    #[test]
    fn head_is_allowed_as_get_and_unknown_routes_have_no_access() {
        assert_eq!(access(&Method::HEAD, "/api/health"), Some(Public));
        assert_eq!(access(&Method::DELETE, "/api/incidents"), None);
        assert_eq!(access(&Method::GET, "/api/secret"), None);
        assert_eq!(declared_methods("/api/incidents"), ["POST", "GET"]);
    }
}
