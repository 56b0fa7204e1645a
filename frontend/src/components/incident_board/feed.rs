//! Where the board's incidents come from: one load of the open incidents that match the board's
//! filter, then every few seconds the incidents changed since (`/api/incidents/changes`), folded in.
//! A cursor the API no longer accepts (the laptop slept for an hour) starts the board over.
//!
//! The next poll goes a pause after the last one *answered*, not on a fixed beat: on a slow rural link
//! polls never pile up. A save made here rings the feed, which polls at once.

use std::cell::RefCell;
use std::rc::Rc;
use std::task::{Poll, Waker};
use std::time::Duration;

use leptos::prelude::*;
use tanggap_domain::dto::{BoardFilter, ProblemType};
use tanggap_domain::{Incident, IncidentId, IncidentStatus, Priority, Timestamp};

use super::alert::Alert;
use crate::api::{self, ApiError};

/// How many open incidents the first load takes at most; a flood can bring hundreds.
pub const BOARD_LIMIT: u32 = 100;
/// Pause between one answer and the next poll.
const POLL_PERIOD: Duration = Duration::from_secs(3);

/// The open statuses a board can be filtered by, as the API's query names them.
pub const OPEN_STATUSES: [(IncidentStatus, &str); 3] = [
    (IncidentStatus::Received, "received"),
    (IncidentStatus::Verified, "verified"),
    (IncidentStatus::Dispatched, "dispatched"),
];

/// The board as the feed keeps it.
#[derive(Clone, Copy)]
pub struct Board {
    /// Most urgent first, then oldest.
    pub incidents: RwSignal<Vec<Incident>>,
    /// More open incidents matched than the first load took.
    pub truncated: RwSignal<bool>,
    /// The first load has answered (well or not).
    pub loaded: RwSignal<bool>,
    /// Why the last load or poll failed, until one succeeds.
    pub failure: RwSignal<Option<ApiError>>,
    /// Every incident this board has shown or heard of: a P1 not among them is new.
    seen: StoredValue<Vec<IncidentId>>,
}

impl Board {
    pub fn new() -> Self {
        Self {
            incidents: RwSignal::new(Vec::new()),
            truncated: RwSignal::new(false),
            loaded: RwSignal::new(false),
            failure: RwSignal::new(None),
            seen: StoredValue::new(Vec::new()),
        }
    }
}

/// Keeps `board` up to date for one filter until the scope it runs in goes (another filter, the board
/// closed). New P1s go to `alert`, except the one this user has just saved (`own`).
pub async fn run(board: Board, filter: BoardFilter, wake: Wake, alert: Alert, own: Signal<Option<IncidentId>>) {
    let query = board_query(&filter);
    // Only calls received since the board opened are news; a minute's slack for the phone's clock.
    let since = Timestamp::from_unix_millis(crate::clock::now_millis() - 60_000);
    loop {
        let Some(mut cursor) = start(board, &query).await else {
            wake.wait(POLL_PERIOD).await;
            continue;
        };
        loop {
            wake.wait(POLL_PERIOD).await;
            match api::changes(Some(&cursor)).await {
                Ok(page) => {
                    cursor = page.cursor;
                    board.failure.try_set(None);
                    let own = own.try_get_untracked().flatten();
                    let new_p1 = board
                        .seen
                        .try_update_value(|seen| count_new_p1(seen, &page.incidents, &filter, own.as_ref(), since))
                        .unwrap_or_default();
                    if new_p1 > 0 {
                        alert.new_p1(new_p1);
                    }
                    board.incidents.try_update(|list| fold(list, page.incidents, &filter));
                }
                Err(error) if error.is(ProblemType::CursorExpired) => break,
                Err(error) => {
                    board.failure.try_set(Some(error));
                }
            }
        }
    }
}

/// The first load: a cursor for "now" first, so that whatever changes while the board loads comes
/// with the next poll. Returns the cursor, or none after a failure.
async fn start(board: Board, query: &str) -> Option<String> {
    let loaded = match api::changes(None).await {
        Ok(now) => api::board(query).await.map(|page| (now.cursor, page)),
        Err(error) => Err(error),
    };
    board.loaded.try_set(true);
    match loaded {
        Ok((cursor, page)) => {
            board.seen.try_update_value(|seen| seen.extend(page.incidents.iter().map(|i| i.id.clone())));
            board.truncated.try_set(page.next.is_some());
            board.failure.try_set(None);
            let mut incidents = page.incidents;
            sort(&mut incidents);
            board.incidents.try_set(incidents);
            Some(cursor)
        }
        Err(error) => {
            board.failure.try_set(Some(error));
            None
        }
    }
}

/// The board's query: its filter in the API's words, and the limit.
pub fn board_query(filter: &BoardFilter) -> String {
    let mut query = format!("limit={BOARD_LIMIT}");
    if let Some(status) = filter.status.and_then(|s| OPEN_STATUSES.iter().find(|(o, _)| *o == s)) {
        query.push_str("&status=");
        query.push_str(status.1);
    }
    if let Some(priority) = filter.priority {
        query.push_str("&priority=");
        query.push_str(priority.as_str());
    }
    if let Some(category) = &filter.category {
        query.push_str("&category=");
        query.push_str(category.as_str());
    }
    if let Some(district) = &filter.district {
        query.push_str("&district=");
        query.push_str(district.as_str());
    }
    query
}

/// Folds changed incidents into the board: the highest version of each wins, and those no longer
/// open or no longer matching the filter leave it.
pub fn fold(list: &mut Vec<Incident>, changed: Vec<Incident>, filter: &BoardFilter) {
    for incident in changed {
        if let Some(at) = list.iter().position(|i| i.id == incident.id) {
            if list[at].version >= incident.version {
                continue;
            }
            list.remove(at);
        }
        if incident.status.is_open() && filter.matches(&incident) {
            list.push(incident);
        }
    }
    sort(list);
}

/// Most urgent first, then oldest, as the API orders the board.
fn sort(list: &mut [Incident]) {
    list.sort_by_key(|i| (i.priority.rank(), i.received_at));
}

/// How many of `changed` are P1s this board has never seen, received since `since` (an older one
/// merely changed, by the sweeper say, beyond the board's first page, is no news), open and matching
/// its filter (not counting `own`, the one this user has just saved); every one of them is seen from
/// now on.
pub fn count_new_p1(
    seen: &mut Vec<IncidentId>,
    changed: &[Incident],
    filter: &BoardFilter,
    own: Option<&IncidentId>,
    since: Option<Timestamp>,
) -> u32 {
    let mut count = 0;
    for incident in changed {
        if seen.contains(&incident.id) {
            continue;
        }
        seen.push(incident.id.clone());
        let alarming = incident.priority == Priority::P1
            && incident.status.is_open()
            && filter.matches(incident)
            && since.is_none_or(|since| incident.received_at >= since);
        if alarming && own != Some(&incident.id) {
            count += 1;
        }
    }
    count
}

/// Wakes the feed a pause after its last answer, or at once when rung.
#[derive(Clone, Default)]
pub struct Wake(Rc<RefCell<WakeState>>);

#[derive(Default)]
struct WakeState {
    rung: bool,
    waker: Option<Waker>,
}

impl Wake {
    /// Polls now (or as soon as the poll in flight has answered).
    pub fn ring(&self) {
        let mut state = self.0.borrow_mut();
        state.rung = true;
        if let Some(waker) = state.waker.take() {
            waker.wake();
        }
    }

    async fn wait(&self, pause: Duration) {
        let alarm = self.clone();
        let timer = set_timeout_with_handle(move || alarm.ring(), pause).ok();
        std::future::poll_fn(|cx| {
            let mut state = self.0.borrow_mut();
            if std::mem::take(&mut state.rung) {
                Poll::Ready(())
            } else {
                state.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        })
        .await;
        if let Some(timer) = timer {
            timer.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tanggap_domain::{Caller, CategoryCode, Location};

    fn incident(id: &str, version: u64, priority: Priority, status: IncidentStatus, minute: i64) -> Incident {
        let at = Timestamp::from_unix_millis(minute * 60_000).unwrap();
        Incident {
            id: IncidentId::parse(&format!("01JDGZ6Q8X4T3N2M1K0H9G8F{id}")).unwrap(),
            version,
            status,
            category: CategoryCode::parse("FIRE").unwrap(),
            priority,
            dispatch_target: None,
            caller: Caller::default(),
            location: Location::default(),
            description: None,
            people_affected: None,
            received_at: at,
            updated_at: at,
            assignments: vec![],
            merged_into: None,
            extra_reports: 0,
            caller_blocked: false,
            arrival_target: None,
            completion_target: None,
            support_requests: vec![],
            breaches: vec![],
            photos: vec![],
            milestones: Default::default(),
            channel: Default::default(),
            ticket: None,
            rating: None,
            complaint: None,
        }
    }

    fn ids(list: &[Incident]) -> Vec<String> {
        list.iter().map(|i| format!("{}v{}", &i.id.as_str()[24..], i.version)).collect()
    }

    #[test]
    fn changes_keep_the_highest_version_and_drop_what_is_no_longer_open() {
        use IncidentStatus::*;
        let mut board =
            vec![incident("AA", 1, Priority::P2, Received, 1), incident("BB", 2, Priority::P2, Received, 2)];
        let changed = vec![
            incident("AA", 2, Priority::P2, Verified, 1),
            incident("BB", 3, Priority::P2, Closed, 2),
            incident("CC", 1, Priority::P1, Received, 3),
            // An older version arriving late changes nothing.
            incident("AA", 1, Priority::P2, Received, 1),
        ];
        fold(&mut board, changed, &BoardFilter::default());
        assert_eq!(ids(&board), ["CCv1", "AAv2"], "most urgent first, then oldest");
    }

    #[test]
    fn an_incident_that_no_longer_matches_the_filter_leaves_the_board() {
        use IncidentStatus::*;
        let filter = BoardFilter { status: Some(Received), ..Default::default() };
        let mut board = vec![incident("AA", 1, Priority::P1, Received, 1)];
        fold(&mut board, vec![incident("AA", 2, Priority::P1, Verified, 1)], &filter);
        assert!(board.is_empty());
        assert_eq!(board_query(&filter), "limit=100&status=received");
    }

    #[test]
    fn only_p1s_never_seen_before_and_not_saved_here_are_new() {
        use IncidentStatus::*;
        let mut seen = vec![incident("AA", 1, Priority::P1, Received, 1).id];
        let own = incident("DD", 1, Priority::P1, Received, 4).id;
        let changed = [
            incident("AA", 2, Priority::P1, Verified, 1),
            incident("BB", 1, Priority::P1, Received, 2),
            incident("BB", 2, Priority::P1, Verified, 2),
            incident("CC", 1, Priority::P3, Received, 3),
            incident("DD", 1, Priority::P1, Received, 4),
            // Received before the board opened, merely changed now: not news.
            incident("EE", 3, Priority::P1, Dispatched, 0),
        ];
        let since = Timestamp::from_unix_millis(60_000);
        assert_eq!(count_new_p1(&mut seen, &changed, &BoardFilter::default(), Some(&own), since), 1);
        assert_eq!(count_new_p1(&mut seen, &changed, &BoardFilter::default(), None, since), 0, "seen now");
    }
}
