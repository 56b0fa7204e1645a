//! The handlers, one module per area. Each module's `router()` registers its handlers with their
//! OpenAPI descriptions; [`crate::functions`] puts the areas together into each function's router.

pub mod audit;
pub mod auth;
pub mod callers;
pub mod catalog;
pub mod changes;
pub mod dashboard;
pub mod duplicates;
pub mod handover;
pub mod health;
pub mod incidents;
pub mod intake;
pub mod me;
pub mod notifications;
pub mod photos;
pub mod ratings;
pub mod reports;
pub mod shifts;
pub mod tickets;
pub mod users;
