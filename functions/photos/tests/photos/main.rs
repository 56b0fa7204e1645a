//! The photo store's behaviour through its public API: processing real images, and both stores end to
//! end over real HTTP (the local router on 127.0.0.1, S3 on moto's server with the `s3` feature).

mod local;
mod process;
#[cfg(feature = "s3")]
mod s3;
mod support;
