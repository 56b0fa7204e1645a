//! Small real servers for the tests: they listen on a free port and keep every request they get.

use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use tokio::net::TcpListener;

/// One request as the server got it.
pub struct Received {
    pub path: String,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Received {
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|value| value.to_str().ok()).unwrap_or_else(|| panic!("no {name} header"))
    }
}

/// What a server has received so far.
#[derive(Clone, Default)]
pub struct Inbox(Arc<Mutex<Vec<Received>>>);

impl Inbox {
    pub fn push(&self, received: Received) {
        self.0.lock().expect("inbox lock").push(received);
    }

    pub fn take(&self) -> Vec<Received> {
        std::mem::take(&mut *self.0.lock().expect("inbox lock"))
    }
}

/// Serves `router` on a free port of 127.0.0.1; returns its base URL, `http://127.0.0.1:<port>`.
pub async fn serve(router: Router) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let address = listener.local_addr().expect("the bound address");
    tokio::spawn(async move { axum::serve(listener, router).await.expect("the test server runs") });
    format!("http://{address}")
}

/// A server that keeps every request and answers each with `status` and `answer`.
pub async fn recording_server(status: StatusCode, answer: &'static str) -> (String, Inbox) {
    let inbox = Inbox::default();
    let router = Router::new()
        .fallback(move |State(inbox): State<Inbox>, uri: Uri, headers: HeaderMap, body: Bytes| async move {
            inbox.push(Received { path: uri.path().to_owned(), headers, body });
            (status, answer)
        })
        .with_state(inbox.clone());
    (serve(router).await, inbox)
}

/// A URL on 127.0.0.1 where nothing listens: a port just bound and released.
pub async fn unreachable_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let address = listener.local_addr().expect("the bound address");
    drop(listener);
    format!("http://{address}")
}

pub fn now_unix() -> i64 {
    let since_epoch = SystemTime::now().duration_since(UNIX_EPOCH).expect("the clock is after 1970");
    i64::try_from(since_epoch.as_secs()).expect("seconds fit in i64")
}
