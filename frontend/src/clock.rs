//! The browser's wall clock, as a signal that ticks every second on the board, and waiting.

use leptos::prelude::*;
use tanggap_domain::Timestamp;

/// Resolves after `millis`: a task that waits (for typing to pause, between two looks at a job),
/// cancelled with its wait when it is dropped.
pub async fn pause(millis: i32) {
    let timer = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(timer).await;
}

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
        self.0.try_set(now_millis());
    }

    /// Ticks every second until the scope that called this goes: running clocks move on by themselves.
    pub fn tick_every_second(self) {
        if let Ok(interval) = set_interval_with_handle(move || self.tick(), std::time::Duration::from_secs(1)) {
            on_cleanup(move || interval.clear());
        }
    }

    /// `try_`: a row's last redraw may still be on its way when its board is closed (a page left
    /// while a load was answering).
    pub fn millis(self) -> i64 {
        self.0.try_get().unwrap_or_else(now_millis)
    }
}

/// A moment as the user's browser writes dates and times in their language ("21/10/2025, 14.30.00"),
/// in the browser's time zone.
pub fn local_date_time(at: Timestamp, lang: tanggap_domain::Lang) -> String {
    let locale = match lang {
        tanggap_domain::Lang::Id => "id-ID",
        tanggap_domain::Lang::En => "en-GB",
    };
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at.unix_millis() as f64));
    date.to_locale_string(locale, &wasm_bindgen::JsValue::UNDEFINED).into()
}

/// How a calendar day is named, in the user's language, by the browser (its locale data has the
/// names of days and months, so the wasm carries none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayWords {
    /// "Rabu".
    Weekday,
    /// "Rab".
    ShortWeekday,
    /// "Rabu, 18 Nov".
    WeekdayAndDate,
    /// "Rab 18": a row of a month's table.
    ShortWeekdayAndDay,
    /// "Desember 2026".
    MonthAndYear,
}

pub fn day_words(day: tanggap_domain::Day, lang: tanggap_domain::Lang, words: DayWords) -> String {
    let locale = match lang {
        tanggap_domain::Lang::Id => "id-ID",
        tanggap_domain::Lang::En => "en-GB",
    };
    let options = js_sys::Object::new();
    let set = |key: &str, value: &str| {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    };
    // The day's noon in UTC, named in UTC: the same calendar day wherever the browser is.
    set("timeZone", "UTC");
    match words {
        DayWords::Weekday => set("weekday", "long"),
        DayWords::ShortWeekday => set("weekday", "short"),
        DayWords::WeekdayAndDate => {
            set("weekday", "long");
            set("day", "numeric");
            set("month", "short");
        }
        DayWords::ShortWeekdayAndDay => {
            set("weekday", "short");
            set("day", "numeric");
        }
        DayWords::MonthAndYear => {
            set("month", "long");
            set("year", "numeric");
        }
    }
    let noon = day.start(0).unix_millis() + 12 * 3_600_000;
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(noon as f64));
    date.to_locale_date_string(locale, &options).into()
}

/// The time of day of `at` on the center's clock (`utc_offset_hours` from UTC), "07:02": shifts are
/// the center's, wherever the browser is.
pub fn center_time(at: Timestamp, utc_offset_hours: i8) -> String {
    let wall = tanggap_domain::time::local(at, utc_offset_hours);
    format!("{:02}:{:02}", wall.hour(), wall.minute())
}

/// Now, as the domain counts instants.
pub fn now() -> Option<Timestamp> {
    Timestamp::from_unix_millis(now_millis())
}
