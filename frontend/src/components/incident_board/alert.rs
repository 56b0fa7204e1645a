//! The board's alarm for a new P1: a short two-tone beep, and the number of new P1s not yet seen in
//! the window's title ("(2) Tanggap 112") until the user comes back to the board (focuses the window,
//! shows the tab, clicks or types).
//!
//! Browsers let a page make sound only after the user has interacted with it. Until then the beep is
//! held back (it sounds at the first click) and the board says so.

use std::cell::RefCell;

use leptos::prelude::*;
use web_sys::{AudioContext, AudioContextState};

thread_local! {
    /// One audio context for the page's life: browsers limit how many a page may open.
    static AUDIO: RefCell<Option<AudioContext>> = const { RefCell::new(None) };
}

#[derive(Clone, Copy)]
pub struct Alert {
    /// New P1s since the user last looked.
    pub unseen: RwSignal<u32>,
    /// The browser holds the sound back until the user interacts with the page.
    pub muted: RwSignal<bool>,
    /// How many times the alarm went off (for the tests, as `data-alerts`).
    pub rung: RwSignal<u32>,
}

impl Alert {
    /// Listens for the user's return; the window's title is put back when the board goes.
    pub fn new() -> Self {
        let alert = Self { unseen: RwSignal::new(0), muted: RwSignal::new(false), rung: RwSignal::new(0) };
        let title = document().title();
        let listeners = ["focus", "visibilitychange", "pointerdown", "keydown"]
            .map(|event| window_event_listener_untyped(event, move |_| alert.seen()));
        let plain = title.clone();
        Effect::new(move |_| {
            let count = alert.unseen.get();
            document().set_title(&if count == 0 { plain.clone() } else { format!("({count}) {plain}") });
        });
        on_cleanup(move || {
            for listener in listeners {
                listener.remove();
            }
            document().set_title(&title);
        });
        alert
    }

    /// `count` new P1s arrived: beep, and count them in the title.
    pub fn new_p1(self, count: u32) {
        self.unseen.try_update(|n| *n += count);
        self.rung.try_update(|n| *n += 1);
        let sounding = beep();
        self.muted.try_set(!sounding);
    }

    /// The user is looking at the board (again): nothing is unseen, and sound may start.
    fn seen(self) {
        if document().hidden() {
            return;
        }
        if self.unseen.try_get_untracked().unwrap_or_default() > 0 {
            self.unseen.try_set(0);
        }
        // Within a click or key press, a suspended context may resume (and a held-back beep sound).
        AUDIO.with(|audio| {
            if let Some(context) = audio.borrow().as_ref() {
                let _ = context.resume();
            }
        });
        if self.muted.try_get_untracked().unwrap_or_default() {
            self.muted.try_set(false);
        }
    }
}

/// Sounds the alarm; whether the browser lets it sound now.
fn beep() -> bool {
    AUDIO.with(|audio| {
        let mut audio = audio.borrow_mut();
        if audio.is_none() {
            *audio = AudioContext::new().ok();
        }
        let Some(context) = audio.as_ref() else { return false };
        if context.state() != AudioContextState::Running {
            let _ = context.resume();
        }
        if let Err(error) = tone(context) {
            leptos::logging::warn!("alert sound failed: {error:?}");
        }
        context.state() == AudioContextState::Running
    })
}

/// Two short tones, high then lower: unlike any sound the browser makes itself.
fn tone(context: &AudioContext) -> Result<(), wasm_bindgen::JsValue> {
    let oscillator = context.create_oscillator()?;
    let gain = context.create_gain()?;
    let now = context.current_time();
    oscillator.frequency().set_value_at_time(880.0, now)?;
    oscillator.frequency().set_value_at_time(660.0, now + 0.25)?;
    gain.gain().set_value(0.3);
    oscillator.connect_with_audio_node(&gain)?;
    gain.connect_with_audio_node(&context.destination())?;
    oscillator.start_with_when(now)?;
    oscillator.stop_with_when(now + 0.5)
}
