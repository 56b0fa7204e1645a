//! Where the board's incidents come from: the API, polled until live updates arrive over a WebSocket.
//!
//! The next load is scheduled a period after the last one *answered*, not on a fixed beat: on a slow
//! rural link a load is never cut short by the next one (reloads abort the load in flight), and
//! loads never pile up. A forced reload (after a save) goes at once.

use std::time::Duration;

use leptos::prelude::*;
use tanggap_domain::dto::BoardPage;

use crate::api::{self, ApiError};
use crate::clock::Clock;

/// How many open incidents the board shows at most; a flood can bring hundreds.
const BOARD_LIMIT: u32 = 100;
/// Pause between one answer and the next load.
const POLL_PERIOD: Duration = Duration::from_secs(5);

/// The board as last seen: a failed load keeps the last good page and says why it may be stale.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub page: Option<BoardPage>,
    pub failure: Option<ApiError>,
}

/// Loads the board now, whenever `reload` changes, and a period after each answer. Every answer
/// also ticks `clock`, so that the incidents' ages move on with it.
pub fn board_feed(reload: Signal<u32>, clock: Clock) -> LocalResource<Snapshot> {
    let poll = RwSignal::new(0u32);
    let next_poll = StoredValue::new(None::<TimeoutHandle>);
    // Only the latest load schedules the next: an aborted one answers too (with an error).
    let latest_load = StoredValue::new(0u64);
    let last_good = StoredValue::new(None::<BoardPage>);

    let schedule_next = move || {
        if let Some(pending) = next_poll.try_get_value().flatten() {
            pending.clear();
        }
        // `try_`: the board may have been closed by the time the timer fires.
        let next = set_timeout_with_handle(
            move || {
                poll.try_update(|n| *n = n.wrapping_add(1));
            },
            POLL_PERIOD,
        );
        next_poll.try_set_value(next.ok());
    };
    on_cleanup(move || {
        if let Some(pending) = next_poll.try_get_value().flatten() {
            pending.clear();
        }
    });

    LocalResource::new(move || {
        reload.track();
        poll.track();
        let this_load = latest_load.try_update_value(|n| {
            *n += 1;
            *n
        });
        async move {
            let result = api::board(BOARD_LIMIT).await;
            if this_load.is_some() && latest_load.try_get_value() == this_load {
                clock.tick();
                schedule_next();
            }
            match result {
                Ok(page) => {
                    last_good.try_set_value(Some(page.clone()));
                    Snapshot { page: Some(page), failure: None }
                }
                Err(failure) => Snapshot { page: last_good.try_get_value().flatten(), failure: Some(failure) },
            }
        }
    })
}
