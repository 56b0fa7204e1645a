//! A push service or webhook receiver on 127.0.0.1: records what it is sent and answers with the status
//! it is set to.

use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Request, StatusCode};

/// One request a test server received.
pub struct Received {
    pub path: String,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Received {
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default()
    }
}

/// A server that records every request and answers with the status it is set to.
#[derive(Clone)]
pub struct Server {
    pub url: String,
    received: Arc<Mutex<Vec<Received>>>,
    status: Arc<AtomicU16>,
}

impl Server {
    pub async fn start(status: StatusCode) -> Self {
        let received = Arc::new(Mutex::new(Vec::new()));
        let status = Arc::new(AtomicU16::new(status.as_u16()));
        let (inbox, answer) = (received.clone(), status.clone());
        let router = axum::Router::new().fallback(move |request: Request<Body>| {
            let (inbox, answer) = (inbox.clone(), answer.clone());
            async move {
                let (parts, body) = request.into_parts();
                let body = axum::body::to_bytes(body, 1 << 20).await.unwrap_or_default();
                let path = parts.uri.path().to_owned();
                inbox.lock().unwrap_or_else(PoisonError::into_inner).push(Received {
                    path,
                    headers: parts.headers,
                    body,
                });
                StatusCode::from_u16(answer.load(Ordering::SeqCst)).unwrap()
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await });
        Self { url, received, status }
    }

    pub fn answer(&self, status: StatusCode) {
        self.status.store(status.as_u16(), Ordering::SeqCst);
    }

    pub fn take(&self) -> Vec<Received> {
        std::mem::take(&mut *self.received.lock().unwrap_or_else(PoisonError::into_inner))
    }

    pub fn count(&self) -> usize {
        self.received.lock().unwrap_or_else(PoisonError::into_inner).len()
    }
}
