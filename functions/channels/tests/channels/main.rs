//! The channels against real HTTP servers on 127.0.0.1: a stand-in push service that keeps what it gets
//! and decrypts it as the browser would, and a webhook receiver that checks signatures.

mod backoff;
mod push;
mod support;
mod webhook;
