//! The parts pages are built from.

pub mod bell;
pub mod field;
pub mod form;
pub mod guard;
pub mod header;
pub mod incident_board;
pub mod intake;
pub mod leaflet;
pub mod priority_badge;
