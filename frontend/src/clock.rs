//! The browser's wall clock, as a signal that ticks with the board's refresh.

use leptos::prelude::*;
use tanggap_domain::Timestamp;

/// Milliseconds since the Unix epoch, from the browser. (`time`'s own clock is not available in wasm.)
pub fn now_millis() -> i64 {
    js_sys::Date::now() as i64
}

/// Whole seconds from `then` to the instant `now_millis` (negative if `then` is later).
pub fn seconds_since(then: Timestamp, now_millis: i64) -> i64 {
    (now_millis - then.unix_millis()).div_euclid(1000)
}

/// A signal holding the current time, refreshed by whoever calls [`Clock::tick`].
#[derive(Clone, Copy)]
pub struct Clock(RwSignal<i64>);

impl Clock {
    pub fn new() -> Self {
        Self(RwSignal::new(now_millis()))
    }

    pub fn tick(self) {
        self.0.set(now_millis());
    }

    pub fn millis(self) -> i64 {
        self.0.get()
    }
}
