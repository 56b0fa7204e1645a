//! Open311 GeoReport v2 through the API: every endpoint in JSON and in XML, with the spec's field
//! names, filters and errors, on both backends.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::{Value, json};
use tanggap_api::Clock as _;
use tanggap_domain::Role;

use crate::helpers::*;

on_both_backends!(
    services_list_what_the_public_may_report_in_json_and_in_xml,
    a_service_definition_names_its_attributes_and_an_unknown_service_is_a_404_in_the_specs_shape,
    an_app_posts_a_request_with_its_key_and_follows_it_by_token_and_by_id,
    a_post_without_a_key_or_with_bad_fields_gets_the_specs_errors_and_stores_nothing,
    requests_are_listed_by_the_specs_filters_and_never_with_the_reporter_or_a_call,
    an_admin_lists_and_revokes_keys_and_a_revoked_key_is_refused,
);

const BASE: &str = "/api/open311/v2";

/// An admin issues a key to an app.
async fn app_key(app: &TestApp) -> String {
    let issued = app.as_admin().await.post("/api/open311/keys", &json!({ "app": "Aplikasi Lapor Warga" })).await;
    assert_eq!(issued.status, StatusCode::CREATED, "{:#}", issued.body);
    issued.body["api_key"].as_str().unwrap().to_owned()
}

fn form(path: &str, body: &str) -> Request<Body> {
    Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("x-forwarded-for", "10.1.0.1")
        .body(Body::from(body.to_owned()))
        .unwrap()
}

/// Every element of an XML document as `(path, text)`, checking that it is well-formed.
fn xml(text: &str) -> Vec<(String, String)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    let (mut path, mut found) = (Vec::<String>::new(), Vec::new());
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(start) => path.push(String::from_utf8(start.name().as_ref().to_vec()).unwrap()),
            Event::Empty(empty) => {
                let name = String::from_utf8(empty.name().as_ref().to_vec()).unwrap();
                found.push((format!("{}/{name}", path.join("/")), String::new()));
            }
            Event::Text(text) => found.push((path.join("/"), text.decode().unwrap().into_owned())),
            Event::End(_) => {
                path.pop();
            }
            Event::Eof => return found,
            _ => {}
        }
    }
}

fn xml_value<'a>(found: &'a [(String, String)], path: &str) -> Option<&'a str> {
    found.iter().find(|(p, _)| p == path).map(|(_, text)| text.as_str())
}

async fn services_list_what_the_public_may_report_in_json_and_in_xml(app: TestApp) {
    let json = app.get(&format!("{BASE}/services.json")).await;
    assert_eq!(json.status, StatusCode::OK);
    assert_eq!(json.header("content-type"), Some("application/json"));
    assert_eq!(json.body.as_array().map(Vec::len), Some(1), "only TREE: {:#}", json.body);
    let tree = &json.body[0];
    assert_eq!((tree["service_code"].as_str(), tree["service_name"].as_str()), (Some("TREE"), Some("Pohon tumbang")));
    assert_eq!((tree["metadata"].as_bool(), tree["type"].as_str()), (Some(true), Some("realtime")));
    for field in ["description", "keywords", "group"] {
        assert!(tree.get(field).is_some(), "{field}");
    }
    let xml_answer = app.send(Request::get(format!("{BASE}/services.xml")).body(Body::empty()).unwrap()).await;
    assert_eq!(xml_answer.status, StatusCode::OK);
    assert!(xml_answer.header("content-type").is_some_and(|t| t.starts_with("text/xml")));
    let found = xml(&xml_answer.text);
    assert_eq!(xml_value(&found, "services/service/service_code"), Some("TREE"));
    assert_eq!(xml_value(&found, "services/service/metadata"), Some("true"));
    let unknown = app.send(Request::get(format!("{BASE}/services.html")).body(Body::empty()).unwrap()).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(xml_value(&xml(&unknown.text), "errors/error/code"), Some("404"));
}

async fn a_service_definition_names_its_attributes_and_an_unknown_service_is_a_404_in_the_specs_shape(app: TestApp) {
    let json = app.get(&format!("{BASE}/services/TREE.json")).await;
    assert_eq!(json.status, StatusCode::OK, "{:#}", json.body);
    assert_eq!(json.body["service_code"], "TREE");
    let codes: Vec<&str> =
        json.body["attributes"].as_array().unwrap().iter().map(|a| a["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["village", "people_affected"]);
    let people = &json.body["attributes"][1];
    assert_eq!(
        (people["datatype"].as_str(), people["required"].as_bool(), people["order"].as_i64()),
        (Some("number"), Some(false), Some(2))
    );
    assert_eq!(people["variable"], true);
    let xml_answer = app.send(Request::get(format!("{BASE}/services/TREE.xml")).body(Body::empty()).unwrap()).await;
    let found = xml(&xml_answer.text);
    assert_eq!(xml_value(&found, "service_definition/service_code"), Some("TREE"));
    assert_eq!(xml_value(&found, "service_definition/attributes/attribute/code"), Some("village"));
    // FIRE is not for the public; NOPE is nothing.
    for code in ["FIRE", "NOPE"] {
        let missing = app.get(&format!("{BASE}/services/{code}.json")).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert_eq!(missing.body[0]["code"], 404, "{:#}", missing.body);
        assert!(missing.body[0]["description"].as_str().is_some_and(|d| !d.is_empty()));
    }
}

async fn an_app_posts_a_request_with_its_key_and_follows_it_by_token_and_by_id(app: TestApp) {
    let key = app_key(&app).await;
    let body = format!(
        "api_key={key}&jurisdiction_id=64.09&service_code=TREE&lat=-1.25&long=116.8&address_string=Jl.+Propinsi+km+4\
         &description=Pohon+tumbang+menutup+jalan&first_name=Siti&last_name=Aminah&phone=081270001001\
         &email=siti%40contoh.id&media_url=https%3A%2F%2Ffoto.contoh.id%2Fpohon.jpg\
         &attribute%5Bvillage%5D={API_API}&attribute%5Bpeople_affected%5D=12"
    );
    let posted = app.send(form(&format!("{BASE}/requests.json"), &body)).await;
    assert_eq!(posted.status, StatusCode::OK, "{}", posted.text);
    let id = posted.body[0]["service_request_id"].as_str().unwrap().to_owned();
    let token = posted.body[0]["token"].as_str().unwrap().to_owned();
    assert!(posted.body[0]["service_notice"].as_str().is_some_and(|n| !n.is_empty()));
    assert!(posted.body[0].get("account_id").is_some());

    let incident = app.as_operator().await.get(&format!("/api/incidents/{id}")).await.body["incident"].clone();
    assert_eq!((incident["channel"].as_str(), incident["status"].as_str()), (Some("online"), Some("received")));
    assert_eq!(
        (incident["people_affected"].as_u64(), incident["caller"]["name"].as_str()),
        (Some(12), Some("Siti Aminah"))
    );
    assert_eq!(incident["location"]["landmark"], "Jl. Propinsi km 4");
    assert_eq!(incident["location"]["village"]["name"], "Api-api");
    assert_eq!(incident["description"], "Pohon tumbang menutup jalan\nFoto: https://foto.contoh.id/pohon.jpg");
    assert!(!incident.to_string().contains("siti@contoh.id"), "no email kept");

    let by_token = app.send(Request::get(format!("{BASE}/tokens/{token}.xml")).body(Body::empty()).unwrap()).await;
    assert_eq!(by_token.status, StatusCode::OK, "{}", by_token.text);
    let found = xml(&by_token.text);
    assert_eq!(xml_value(&found, "service_requests/request/service_request_id"), Some(id.as_str()));
    let json_token = app.get(&format!("{BASE}/tokens/{token}.json")).await;
    assert_eq!(json_token.body, json!([{ "service_request_id": id, "token": token }]));

    let by_id = app.get(&format!("{BASE}/requests/{id}.json")).await;
    assert_eq!(by_id.status, StatusCode::OK, "{:#}", by_id.body);
    let request = &by_id.body[0];
    assert_eq!((request["status"].as_str(), request["service_code"].as_str()), (Some("open"), Some("TREE")));
    assert_eq!(
        (request["status_notes"].as_str(), request["service_name"].as_str()),
        (Some("Laporan diterima"), Some("Pohon tumbang"))
    );
    assert_eq!(request["address"], "Api-api, Waru");
    for field in
        ["description", "lat", "long", "media_url", "expected_datetime", "address_id", "zipcode", "service_notice"]
    {
        assert_eq!(request[field], Value::Null, "{field} is not told");
    }
    assert!(request["requested_datetime"].as_str().is_some_and(|t| t.ends_with("+08:00") || t.ends_with("+07:00")));
    let xml_id = app.send(Request::get(format!("{BASE}/requests/{id}.xml")).body(Body::empty()).unwrap()).await;
    let found = xml(&xml_id.text);
    assert_eq!(xml_value(&found, "service_requests/request/status"), Some("open"));
    assert!(found.iter().any(|(p, t)| p == "service_requests/request/lat" && t.is_empty()), "an empty <lat/>");
    for missing in [
        format!("{BASE}/requests/01JDGZ6Q8X4T3N2M1K0H9G8F7E.json"),
        format!("{BASE}/tokens/01JDGZ6Q8X4T3N2M1K0H9G8F7E.json"),
    ] {
        let answer = app.get(&missing).await;
        assert_eq!((answer.status, answer.body[0]["code"].as_u64()), (StatusCode::NOT_FOUND, Some(404)), "{missing}");
    }
}

async fn a_post_without_a_key_or_with_bad_fields_gets_the_specs_errors_and_stores_nothing(app: TestApp) {
    let key = app_key(&app).await;
    let good = "service_code=TREE&lat=-1.25&long=116.8&description=Pohon+tumbang";
    let no_key = app.send(form(&format!("{BASE}/requests.json"), good)).await;
    assert_eq!(no_key.status, StatusCode::FORBIDDEN);
    assert_eq!(no_key.body[0]["code"], 403);
    let wrong_key =
        app.send(form(&format!("{BASE}/requests.xml"), &format!("api_key=01JDGZ6Q8X4T3N2M1K0H9G8F7E&{good}"))).await;
    assert_eq!(wrong_key.status, StatusCode::FORBIDDEN);
    assert_eq!(xml_value(&xml(&wrong_key.text), "errors/error/code"), Some("403"));
    let long = "a".repeat(4001);
    for bad in [
        format!("api_key={key}&service_code=FIRE&lat=-1.25&long=116.8&description=Api"),
        format!("api_key={key}&service_code=TREE&description=Pohon+tumbang"),
        format!("api_key={key}&service_code=TREE&lat=utara&long=116.8&description=Pohon"),
        format!("api_key={key}&service_code=TREE&lat=-1.25&long=116.8&description={long}"),
        format!("api_key={key}&service_code=TREE&lat=-1.25&long=116.8&description=%3Cscript%3Ealert(1)%3C%2Fscript%3E"),
        format!("api_key={key}&service_code=TREE&lat=-1.25&long=116.8"),
        format!("api_key={key}&service_code=TREE&attribute%5Bvillage%5D={MANGGAR}&description=Pohon"),
    ] {
        let refused = app.send(form(&format!("{BASE}/requests.json"), &bad)).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{bad}: {}", refused.text);
        assert_eq!(refused.body[0]["code"], 400, "{}", refused.text);
    }
    let as_json =
        app.send(json_request(Method::POST, &format!("{BASE}/requests.json"), &json!({ "api_key": key }))).await;
    assert_eq!(as_json.status, StatusCode::BAD_REQUEST, "{}", as_json.text);
    // 4,000 characters are a description still.
    let longest = "a".repeat(4000);
    let taken =
        app.send(form(&format!("{BASE}/requests.json"), &format!("api_key={key}&{good}&description={longest}"))).await;
    assert_eq!(taken.status, StatusCode::OK, "{}", taken.text);
    let board = app.as_operator().await.get("/api/incidents").await;
    assert_eq!(board.body["incidents"].as_array().map(Vec::len), Some(1), "only the good one is stored");
    // Only an admin issues keys.
    let refused = app.as_operator().await.post("/api/open311/keys", &json!({ "app": "x" })).await;
    refused.assert_problem(StatusCode::FORBIDDEN, "/problems/forbidden");
}

async fn requests_are_listed_by_the_specs_filters_and_never_with_the_reporter_or_a_call(app: TestApp) {
    let key = app_key(&app).await;
    let post = |description: &str| {
        format!("api_key={key}&service_code=TREE&attribute%5Bvillage%5D={API_API}&description={description}")
    };
    let first =
        app.send(form(&format!("{BASE}/requests.json"), &post("Pohon+pertama"))).await.body[0]["service_request_id"]
            .clone();
    app.clock.advance(3600);
    let second =
        app.send(form(&format!("{BASE}/requests.json"), &post("Pohon+kedua"))).await.body[0]["service_request_id"]
            .clone();
    // A call is never listed.
    app.as_operator().await.reported(&fire_report()).await;
    let operator = app.as_operator().await;
    let incident = operator.get(&format!("/api/incidents/{}", second.as_str().unwrap())).await.body["incident"].clone();
    let closed = operator
        .command(&incident, json!({ "command": "close_as_false_report", "reason": "Sudah dibersihkan warga" }))
        .await;
    assert_eq!(closed.status, StatusCode::OK, "{:#}", closed.body);
    app.clock.advance(60);

    let ids = |body: &Value| -> Vec<Value> {
        body.as_array().unwrap().iter().map(|r| r["service_request_id"].clone()).collect()
    };
    let all = app.get(&format!("{BASE}/requests.json")).await;
    assert_eq!(all.status, StatusCode::OK, "{:#}", all.body);
    assert_eq!(ids(&all.body), [second.clone(), first.clone()], "newest first, no call");
    assert!(!all.text.contains("Siti") && !all.text.contains("Pohon pertama"), "nothing of the reporter nor the text");
    let open = app.get(&format!("{BASE}/requests.json?status=open")).await;
    assert_eq!(ids(&open.body), [first.clone()]);
    let closed_listed = app.get(&format!("{BASE}/requests.json?status=closed")).await;
    assert_eq!(closed_listed.body[0]["status_notes"], "Sudah diperiksa: tidak ada yang perlu ditangani.");
    assert_eq!(ids(&app.get(&format!("{BASE}/requests.json?service_code=FIRE")).await.body), Vec::<Value>::new());
    let by_ids = app
        .get(&format!(
            "{BASE}/requests.json?service_request_id={},{}",
            first.as_str().unwrap(),
            second.as_str().unwrap()
        ))
        .await;
    assert_eq!(by_ids.body.as_array().map(Vec::len), Some(2));
    let now = app.clock.now();
    let window = format!(
        "start_date={}&end_date={}",
        now.plus_seconds(-86_400).local_iso8601(7).replace('+', "%2B"),
        now.local_iso8601(7).replace('+', "%2B")
    );
    assert_eq!(app.get(&format!("{BASE}/requests.json?{window}")).await.body.as_array().map(Vec::len), Some(2));
    let gone = format!("start_date={}", now.plus_seconds(3600).local_iso8601(7).replace('+', "%2B"));
    assert_eq!(app.get(&format!("{BASE}/requests.json?{gone}")).await.body, json!([]));
    let too_long = format!(
        "start_date={}&end_date={}",
        now.plus_seconds(-91 * 86_400).local_iso8601(7).replace('+', "%2B"),
        now.local_iso8601(7).replace('+', "%2B")
    );
    for bad in [too_long.as_str(), "start_date=kemarin", "status=pending", "service_request_id=bukan-id"] {
        let refused = app.get(&format!("{BASE}/requests.json?{bad}")).await;
        assert_eq!((refused.status, refused.body[0]["code"].as_u64()), (StatusCode::BAD_REQUEST, Some(400)), "{bad}");
    }
    let listed_xml =
        app.send(Request::get(format!("{BASE}/requests.xml?status=open")).body(Body::empty()).unwrap()).await;
    let found = xml(&listed_xml.text);
    assert_eq!(xml_value(&found, "service_requests/request/service_request_id"), first.as_str());
    assert_eq!(xml_value(&found, "service_requests/request/status"), Some("open"));
    let executive = app.as_role(Role::Executive).await;
    assert_eq!(executive.get(&format!("{BASE}/requests.json")).await.status, StatusCode::OK, "anyone may list");
}

async fn an_admin_lists_and_revokes_keys_and_a_revoked_key_is_refused(app: TestApp) {
    let admin = app.as_admin().await;
    let key = app_key(&app).await;
    let listed = admin.get("/api/open311/keys").await;
    assert_eq!(listed.status, StatusCode::OK, "{:#}", listed.body);
    let keys = listed.body["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0]["app"], "Aplikasi Lapor Warga");
    assert!(!listed.text.contains(&key), "the key itself is never listed");
    let id = keys[0]["id"].as_str().unwrap().to_owned();
    let body = format!("api_key={key}&service_code=TREE&lat=-1.25&long=116.8&description=Pohon");
    assert_eq!(app.send(form(&format!("{BASE}/requests.json"), &body)).await.status, StatusCode::OK);

    let revoked = admin.send(Request::delete(format!("/api/open311/keys/{id}")).body(Body::empty()).unwrap()).await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT);
    let again = admin.send(Request::delete(format!("/api/open311/keys/{id}")).body(Body::empty()).unwrap()).await;
    again.assert_problem(StatusCode::NOT_FOUND, "/problems/not-found");
    assert_eq!(admin.get("/api/open311/keys").await.body["keys"], json!([]));
    let refused = app.send(form(&format!("{BASE}/requests.json"), &body)).await;
    assert_eq!((refused.status, refused.body[0]["code"].as_u64()), (StatusCode::FORBIDDEN, Some(403)));
    let nameless = admin.post("/api/open311/keys", &json!({ "app": "  " })).await;
    assert_eq!(nameless.field_errors(), [("app".to_owned(), "required".to_owned())]);
}
