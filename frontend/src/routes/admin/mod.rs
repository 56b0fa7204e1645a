//! The admin's pages: users, the audit log, and the categories of call.

pub mod audit;
pub mod categories;
pub mod users;
