# Every route of the API and the function that serves it: the one place to edit when a route is added.
#
# The keys are API Gateway route keys, `METHOD /path`, written exactly as the API's OpenAPI document
# (`GET /api/openapi.json`) writes them, `{param}` included. The values are function names, keys of
# local.functions (functions.tf). `cargo test` (tests/contract) fails until every route of the document
# is here, nothing else is, and each goes to a function whose router serves it.

locals {
  routes = {
    # What every function serves; the incidents function answers for the deployment.
    "GET /api/health"       = "incidents"
    "GET /api/openapi.json" = "incidents"

    # Reference data the intake form needs.
    "GET /api/categories"  = "incidents"
    "GET /api/agencies"    = "incidents"
    "GET /api/regions"     = "incidents"
    "GET /api/regions/map" = "incidents"

    # Intake, the open board, life-cycle commands.
    "POST /api/incidents"               = "incidents"
    "GET /api/incidents"                = "incidents"
    "GET /api/incidents/{id}"           = "incidents"
    "GET /api/incidents/duplicates"     = "incidents"
    "GET /api/incidents/changes"        = "incidents"
    "POST /api/incidents/{id}/commands" = "incidents"
    "POST /api/incidents/{id}/reports"  = "incidents"
    "POST /api/incidents/{id}/ticket"   = "incidents"

    # Field photos: a presigned upload, its confirmation (checked, the viewing copy written), a view.
    "POST /api/incidents/{id}/photos"         = "incidents"
    "POST /api/incidents/{id}/photos/{photo}" = "incidents"
    "GET /api/incidents/{id}/photos/{photo}"  = "incidents"

    # Callers' earlier calls and blocks, and the day's intake counts.
    "GET /api/callers/{phone}"          = "incidents"
    "PUT /api/callers/{phone}/block"    = "incidents"
    "DELETE /api/callers/{phone}/block" = "incidents"
    "GET /api/intake/counts"            = "incidents"

    # The regent's dashboard: figures from the counters each change writes, an agency's late work, the
    # map's pins, and exports (queued here, written by the `exports` function).
    "GET /api/dashboard"              = "incidents"
    "GET /api/dashboard/late"         = "incidents"
    "GET /api/dashboard/incidents"    = "incidents"
    "POST /api/dashboard/exports"     = "incidents"
    "GET /api/dashboard/exports/{id}" = "incidents"

    # The public's ratings, for the supervisors.
    "GET /api/ratings" = "incidents"

    # The public pages (CloudFront sends /lapor and /t/* here, cdn.tf): report, track, rate, say
    # that the problem is not solved.
    "GET /lapor"            = "incidents"
    "POST /lapor"           = "incidents"
    "GET /t/{token}"        = "incidents"
    "POST /t/{token}/nilai" = "incidents"
    "POST /t/{token}/belum" = "incidents"

    # Open311 GeoReport v2 for civic reporting apps, and the keys an admin issues them.
    "GET /api/open311/v2/{document}"          = "incidents"
    "POST /api/open311/v2/{document}"         = "incidents"
    "GET /api/open311/v2/services/{document}" = "incidents"
    "GET /api/open311/v2/requests/{document}" = "incidents"
    "GET /api/open311/v2/tokens/{document}"   = "incidents"
    "POST /api/open311/keys"                  = "incidents"
    "GET /api/open311/keys"                   = "incidents"
    "DELETE /api/open311/keys/{id}"           = "incidents"

    # Signing in and out, and one's own account.
    "POST /api/auth/login"   = "auth"
    "POST /api/auth/refresh" = "auth"
    "POST /api/auth/logout"  = "auth"
    "GET /api/me"            = "auth"
    "POST /api/me/password"  = "auth"

    # One's notifications (the bell), how one wants to be reached, one's browsers for Web Push.
    "GET /api/notifications"            = "auth"
    "POST /api/notifications/read"      = "auth"
    "GET /api/me/notification-settings" = "auth"
    "PUT /api/me/notification-settings" = "auth"
    "GET /api/push/key"                 = "auth"
    "PUT /api/me/push-subscriptions"    = "auth"
    "DELETE /api/me/push-subscriptions" = "auth"

    # User administration and the audit log (admin only).
    "GET /api/users"                      = "admin"
    "POST /api/users"                     = "admin"
    "PATCH /api/users/{username}"         = "admin"
    "POST /api/users/{username}/password" = "admin"
    "GET /api/audit"                      = "admin"

    # Shifts: signing on and off, the roster, the pattern, handovers, operators' figures, the planner's calls.
    "GET /api/shifts/now"                                 = "admin"
    "POST /api/shifts/sign-on"                            = "admin"
    "POST /api/shifts/sign-off"                           = "admin"
    "GET /api/shifts/roster"                              = "admin"
    "PUT /api/shifts/roster/{day}/{index}"                = "admin"
    "PUT /api/shifts/pattern"                             = "admin"
    "GET /api/shifts/demand"                              = "admin"
    "GET /api/shifts/operators"                           = "admin"
    "GET /api/shifts/{day}/{index}"                       = "admin"
    "PUT /api/shifts/{day}/{index}/handover"              = "admin"
    "POST /api/shifts/{day}/{index}/handover/acknowledge" = "admin"

    # Catalog edits (admin only); reading the catalog is the incidents function's.
    "PUT /api/categories/{code}" = "admin"
    "PUT /api/agencies/{code}"   = "admin"

    # Whatever no route above matches (an unknown path, a method a path lacks) goes to a function too,
    # so that the answer is the API's own problem+json 404/405, not API Gateway's bare {"message": ...}.
    "$default" = "incidents"
  }
}
