//! The admin's pages: users and the audit log.

pub mod audit;
pub mod users;
