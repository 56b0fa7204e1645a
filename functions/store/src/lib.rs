//! Storage for Tanggap: one narrow [`Table`] contract and its two backends.
//!
//! [`dynamo::DynamoTable`] runs on AWS; [`embedded::EmbeddedTable`] runs everywhere else on one redb file.
//! Both honour the same contract, checked by the conformance suite in `tests/conformance`, so the code
//! above this crate never knows which one it has.

pub mod cursor;
pub mod dynamo;
pub mod embedded;
pub mod repo;
pub mod table;
#[cfg(feature = "testing")]
pub mod testing;

pub use table::*;
