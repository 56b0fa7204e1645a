//! One module per page.

pub mod admin;
pub mod agency;
pub mod board;
pub mod forbidden;
pub mod incident;
pub mod login;
pub mod not_found;
pub mod notifications;
pub mod password;
