//! The conformance suite on the DynamoDB backend, against the DynamoDB-compatible server named by
//! `TANGGAP_TEST_DYNAMODB_ENDPOINT` (moto's, started by `cargo xtask test`).

#[macro_use]
mod conformance;

conformance_suite!(tanggap_store::testing::dynamodb);
