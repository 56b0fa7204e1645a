//! `TestApp`: every function's routes over a fresh, seeded table, and ways to call them, anonymously
//! or as a signed-in user of any role (`app.as_operator()`, `app.as_role(..)`).

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt as _;
use serde_json::{Value, json};
use tanggap_api::auth::password::Cost;
use tanggap_api::auth::{Passwords, SigningKey};
use tanggap_api::{AppState, ManualClock, functions};
use tanggap_domain::{
    Agency, AgencyCode, Category, CategoryCode, DispatchTarget, KodeWilayah, Priority, Region, Role, Timestamp, User,
    Username,
};
use tanggap_store::repo::{CatalogRepo, StoredUser};
use tanggap_store::testing::{self, FailingTable, TestTable};
use tower::ServiceExt as _;

pub const REGENCY: &str = "64.09";
/// Inside the regency: a district and a village of each of two districts.
pub const PENAJAM: &str = "64.09.01";
pub const TANJUNG_TENGAH: &str = "64.09.01.1001";
pub const WARU: &str = "64.09.02";
pub const API_API: &str = "64.09.02.2001";
/// In the catalog, but in the neighbouring city (Balikpapan).
pub const MANGGAR: &str = "64.71.01.1001";

/// The key every test app signs tokens with.
fn signing_key() -> SigningKey {
    SigningKey::new(b"a fixed key for tests, 32+ bytes long".to_vec()).unwrap()
}

/// The password of every user the tests create.
pub const PASSWORD: &str = "kopi susu pagi hari";

/// The app, as one caller: anonymous, or signed in with a bearer token. Clones share the table.
#[derive(Clone)]
pub struct TestApp {
    pub router: Router,
    pub clock: Arc<ManualClock>,
    /// The state the router serves, for setting up users directly.
    pub state: AppState,
    /// The access token every request carries, when signed in.
    pub token: Option<String>,
    /// Keeps the table (and the embedded store's directory) alive for the test.
    _table: Arc<TestTable>,
}

impl TestApp {
    pub async fn embedded() -> Self {
        Self::on(testing::embedded().await).await
    }

    pub async fn dynamodb() -> Self {
        Self::on(testing::dynamodb().await).await
    }

    async fn on(table: TestTable) -> Self {
        seed(&CatalogRepo::new(table.table.clone())).await;
        let clock = Arc::new(ManualClock::new(Timestamp::from_unix_millis(1_795_000_000_000).unwrap()));
        let state = AppState::new(table.table.clone(), KodeWilayah::parse(REGENCY).unwrap(), clock.clone())
            .with_signing_key(&signing_key())
            .with_passwords(Passwords::new(Cost::TESTING).unwrap());
        Self { router: functions::all(state.clone()), clock, state, token: None, _table: Arc::new(table) }
    }

    /// The same app over the same table and identity, its state changed by `change` (other rules, say).
    pub fn with_state(&self, change: impl FnOnce(AppState) -> AppState) -> Self {
        let state = change(self.state.clone());
        Self { router: functions::all(state.clone()), state, ..self.clone() }
    }

    /// The same app and identity over the same table, whose `n`-th call (counted from this one on) fails:
    /// what a change leaves stored when storage fails in the middle of it. The table tells whether the
    /// failure was reached.
    pub fn failing_at(&self, n: usize) -> (Self, Arc<FailingTable>) {
        let failing = Arc::new(FailingTable::new(self._table.table.clone(), n));
        let state = AppState::new(failing.clone(), self.state.regency.clone(), self.clock.clone())
            .with_signing_key(&signing_key())
            .with_passwords(Passwords::new(Cost::TESTING).unwrap());
        (Self { router: functions::all(state.clone()), state, ..self.clone() }, failing)
    }

    /// The table itself, to look at items no route shows.
    pub fn table(&self) -> &dyn tanggap_store::Table {
        &*self._table.table
    }

    /// The same app, with no identity.
    pub fn anonymous(&self) -> Self {
        Self { token: None, ..self.clone() }
    }

    /// The same app, sending `token` as the bearer.
    pub fn with_token(&self, token: &str) -> Self {
        Self { token: Some(token.to_owned()), ..self.clone() }
    }

    /// Stores a user with [`PASSWORD`] (no change required), unless the username exists.
    pub async fn create_user(&self, username: &str, role: Role, agency: Option<&str>) -> User {
        let user = User {
            username: Username::parse(username).unwrap(),
            display_name: format!("Test {username}"),
            role,
            agency: agency.map(|a| AgencyCode::parse(a).unwrap()),
            disabled: false,
            must_change_password: false,
        };
        if self.state.users.get(&user.username).await.unwrap().is_none() {
            let hash = self.state.passwords.hash(PASSWORD).await.unwrap();
            self.state.users.create(&StoredUser::new(user.clone(), hash)).await.unwrap();
        }
        user
    }

    /// `POST /api/auth/login` (anonymously).
    pub async fn login(&self, username: &str, password: &str) -> TestResponse {
        self.anonymous().post("/api/auth/login", &json!({ "username": username, "password": password })).await
    }

    /// Signs in as `username` (created with `role` and `agency` if missing): the app as that user.
    pub async fn as_user(&self, username: &str, role: Role, agency: Option<&str>) -> Self {
        self.create_user(username, role, agency).await;
        let response = self.login(username, PASSWORD).await;
        assert_eq!(response.status, StatusCode::OK, "signing in as {username}: {:#}", response.body);
        self.with_token(response.body["access_token"].as_str().expect("an access token"))
    }

    /// Signs in as a user of `role`; officers and heads belong to DAMKAR.
    pub async fn as_role(&self, role: Role) -> Self {
        let agency = role.is_agency_bound().then_some("DAMKAR");
        self.as_user(&format!("test-{}", role.as_str().replace('_', "-")), role, agency).await
    }

    pub async fn as_operator(&self) -> Self {
        self.as_role(Role::Operator).await
    }

    pub async fn as_admin(&self) -> Self {
        self.as_role(Role::Admin).await
    }

    /// Signs in as an officer of `agency`.
    pub async fn as_officer_of(&self, agency: &str) -> Self {
        self.as_user(&format!("officer-{}", agency.to_lowercase()), Role::AgencyOfficer, Some(agency)).await
    }

    /// Sends `request`, with the bearer token when signed in (unless it carries its own).
    pub async fn send(&self, mut request: Request<Body>) -> TestResponse {
        if let Some(token) = &self.token
            && !request.headers().contains_key(header::AUTHORIZATION)
        {
            request.headers_mut().insert(header::AUTHORIZATION, format!("Bearer {token}").parse().unwrap());
        }
        send(self.router.clone(), request).await
    }

    /// `POST path` with the refresh cookie `cookie` (its value) and no body.
    pub async fn post_with_cookie(&self, path: &str, cookie: Option<&str>) -> TestResponse {
        let mut request = Request::post(path);
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, format!("tanggap_refresh={cookie}"));
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    pub async fn put(&self, path: &str, body: &Value) -> TestResponse {
        self.send(json_request(Method::PUT, path, body)).await
    }

    pub async fn patch(&self, path: &str, body: &Value) -> TestResponse {
        self.send(json_request(Method::PATCH, path, body)).await
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.send(Request::get(path).body(Body::empty()).unwrap()).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> TestResponse {
        self.send(json_request(Method::POST, path, body)).await
    }

    /// Reports an incident with its own idempotency key.
    pub async fn report(&self, body: &Value) -> TestResponse {
        self.report_with_key(&format!("key-{}", ulid::Ulid::new()), body).await
    }

    pub async fn report_with_key(&self, key: &str, body: &Value) -> TestResponse {
        let mut request = json_request(Method::POST, "/api/incidents", body);
        request.headers_mut().insert("idempotency-key", key.parse().unwrap());
        self.send(request).await
    }

    /// Reports an incident that must be accepted, and returns it.
    pub async fn reported(&self, body: &Value) -> Value {
        let response = self.report(body).await;
        assert_eq!(response.status, StatusCode::CREATED, "{:#}", response.body);
        response.body["incident"].clone()
    }

    pub async fn command(&self, incident: &Value, command: Value) -> TestResponse {
        let mut body = command;
        body["expected_version"] = incident["version"].clone();
        let id = incident["id"].as_str().unwrap();
        self.post(&format!("/api/incidents/{id}/commands"), &body).await
    }

    pub async fn board_ids(&self) -> Vec<String> {
        let board = self.get("/api/incidents").await;
        assert_eq!(board.status, StatusCode::OK);
        ids(&board.body["incidents"])
    }
}

/// Calls `router` with `request`, and reads the whole response.
pub async fn send(router: Router, request: Request<Body>) -> TestResponse {
    let response = router.oneshot(request).await.expect("the router is infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.expect("reading the body").to_bytes();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    // The public pages answer with HTML and Open311 with XML too; JSON must parse.
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let is_markup = content_type.starts_with("text/html") || content_type.starts_with("text/xml");
    let body =
        if bytes.is_empty() || is_markup { Value::Null } else { serde_json::from_slice(&bytes).expect("a JSON body") };
    TestResponse { status, headers, body, text }
}

pub fn json_request(method: Method, path: &str, body: &Value) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(serde_json::to_vec(body).unwrap()))
        .unwrap()
}

pub fn ids(incidents: &Value) -> Vec<String> {
    incidents.as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_owned()).collect()
}

/// A good intake form: a fire in a village of Penajam.
pub fn fire_report() -> Value {
    json!({
        "category": "fire",
        "village": TANJUNG_TENGAH,
        "landmark": "dekat pasar",
        "description": "Rumah terbakar, asap tebal",
        "caller_phone": "0812 3456 7890",
        "caller_name": "Budi",
    })
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
    /// The body as it came, for scanning.
    pub text: String,
}

impl TestResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The value the response's `Set-Cookie` gives `tanggap_refresh` (empty when it clears it).
    pub fn refresh_cookie(&self) -> Option<String> {
        let set_cookie = self.header("set-cookie")?;
        let value = set_cookie.strip_prefix("tanggap_refresh=")?.split(';').next()?;
        Some(value.to_owned())
    }

    /// The access token a login or refresh answered with.
    pub fn access_token(&self) -> &str {
        self.body["access_token"].as_str().unwrap_or_else(|| panic!("no access token: {:#}", self.body))
    }

    /// Asserts a problem+json answer with this status and type, and returns it.
    pub fn assert_problem(&self, status: StatusCode, kind: &str) -> &Value {
        assert_eq!(self.status, status, "{:#}", self.body);
        assert_eq!(self.header("content-type"), Some("application/problem+json"));
        assert_eq!(self.body["type"], kind, "{:#}", self.body);
        assert_eq!(self.body["status"], status.as_u16());
        assert!(self.body["title"].as_str().is_some_and(|t| !t.is_empty()), "a title: {:#}", self.body);
        let request_id = self.body["request_id"].as_str().expect("a request_id");
        assert_eq!(self.header("x-request-id"), Some(request_id), "the same id in the header");
        &self.body
    }

    /// The field errors of a problem, as (field, code) pairs.
    pub fn field_errors(&self) -> Vec<(String, String)> {
        self.body["errors"]
            .as_array()
            .map(|errors| {
                errors
                    .iter()
                    .map(|e| (e["field"].as_str().unwrap().into(), e["code"].as_str().unwrap().into()))
                    .collect()
            })
            .unwrap_or_default()
    }
}

async fn seed(catalog: &CatalogRepo) {
    let agency = |code: &str, name: &str| Agency {
        code: AgencyCode::parse(code).unwrap(),
        name: name.into(),
        outside_regency: false,
    };
    let category = |code: &str, id: &str, en: &str, priority: Priority, lead: &[&str]| Category {
        dispatch_target: priority.is_dispatchable().then(|| DispatchTarget::minutes(5)),
        lead_agencies: lead.iter().map(|code| AgencyCode::parse(code).unwrap()).collect(),
        ..Category::new(CategoryCode::parse(code).unwrap(), id, en, priority)
    };
    let region = |code: &str, name: &str| Region { code: KodeWilayah::parse(code).unwrap(), name: name.into() };
    for a in [agency("DAMKAR", "Pemadam Kebakaran"), agency("BPBD", "Badan Penanggulangan Bencana Daerah")] {
        catalog.put_agency(&a).await.unwrap();
    }
    for c in [
        category("FIRE", "Kebakaran", "Fire", Priority::P1, &["DAMKAR"]),
        // The one the public may report.
        Category { public: true, ..category("TREE", "Pohon tumbang", "Fallen tree", Priority::P2, &["BPBD"]) },
        category("PRANK", "Panggilan iseng", "Prank call", Priority::P0, &[]),
    ] {
        catalog.put_category(&c).await.unwrap();
    }
    for r in [
        region(REGENCY, "Kabupaten Penajam Paser Utara"),
        region(PENAJAM, "Penajam"),
        region(TANJUNG_TENGAH, "Tanjung Tengah"),
        region(WARU, "Waru"),
        region(API_API, "Api-api"),
        region("64.71.01", "Balikpapan Timur"),
        region(MANGGAR, "Manggar"),
    ] {
        catalog.put_region(&r).await.unwrap();
    }
}
