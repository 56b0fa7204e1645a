//! The admin's pages: users, the audit log, the categories of call, and the apps' Open311 keys.

pub mod audit;
pub mod categories;
pub mod open311;
pub mod users;
