//! Tanggap's HTTP layer: the axum routers that the Lambda functions and the local server run.
//!
//! - [`functions`]: one router per function (and all of them together), with the layers of [`middleware`];
//! - [`routes`]: the handlers, one module per area, each described for the [`openapi`] document;
//! - [`policy`]: which roles may call which route, in one table, and the layer that enforces it;
//! - [`auth`]: passwords, access tokens, sessions, login throttling, the signed-in caller;
//! - [`extract`] and [`error`]: input refused and failures answered as problem details (RFC 9457);
//! - [`incidents`]: the one write path of incidents: decide, store with projections, retry, notify;
//! - [`notify`]: notifications of incidents' changes, in-app and out by Web Push and the webhook;
//! - [`sweeper`]: the minute's SLA sweep: breaches, escalations, notification retries;
//! - [`state`]: what the handlers share, and the configuration it is built from.

pub mod auth;
pub mod duty;
pub mod error;
pub mod exports;
pub mod extract;
pub mod functions;
pub mod incidents;
pub mod middleware;
pub mod notify;
pub mod open311;
pub mod openapi;
pub mod policy;
pub mod public;
pub mod routes;
pub mod state;
pub mod sweeper;

pub use error::ApiError;
pub use state::{AppState, Clock, Config, ManualClock, SystemClock};
