//! Black-box tests of the functions' routers: requests in, responses out, through `oneshot`, with no
//! server. Cases that touch storage run on both backends (see `on_both_backends!`).

/// Declares each case once per backend, as `embedded::<case>` and `dynamodb::<case>`; each case is an
/// `async fn(TestApp)` in the module that invokes the macro.
macro_rules! on_both_backends {
    ($($case:ident),* $(,)?) => {
        mod embedded {
            $(
                #[tokio::test]
                async fn $case() {
                    super::$case(crate::helpers::TestApp::embedded().await).await;
                }
            )*
        }
        mod dynamodb {
            $(
                #[tokio::test]
                async fn $case() {
                    super::$case(crate::helpers::TestApp::dynamodb().await).await;
                }
            )*
        }
    };
}

mod auth;
mod authorization;
mod board_filters;
mod callers;
mod catalog;
mod changes;
mod citizens;
mod dashboard;
mod dispatch;
mod duplicates;
mod edits;
mod exports;
mod health;
mod helpers;
mod incidents;
mod intake;
mod map;
mod notifications;
mod open311;
mod openapi;
mod problems;
mod receiver;
mod scoping;
mod shifts;
mod users;
mod write_path;
