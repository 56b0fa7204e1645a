//! Every word the product shows for a value of an enum, in Bahasa Indonesia and English: one
//! exhaustive `match` per enum, so that a new value does not compile until it has its words, and no
//! concept is worded twice. The functions (problem titles, refusals, notifications) and the app (every
//! screen) both read them from here.
//!
//! The words are `const fn`s returning `&'static str`: a console's wasm carries only those it calls,
//! and a table of the app may be built from them at compile time.

mod account;
mod assignment;
mod citizen;
mod dashboard;
mod incident;
mod problem;
mod shift;

pub use citizen::PublicWord;

#[cfg(test)]
mod tests;
