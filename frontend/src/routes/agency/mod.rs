//! The agency console, for officers and heads on their phones: `/tugas`, the agency's active
//! assignments, P1 first then newest, each with its running SLA clock; and `/tugas/{id}` ([`task`]),
//! one incident as the agency works on it, one tap per step. The API does the scoping (an agency's
//! people see only incidents their agency is assigned to) and masks the callers.
//!
//! Both pages follow the changes feed, so that a new dispatch, or someone else's step, shows without a
//! reload. The next poll goes a pause after the last one answered: on a weak rural link polls never
//! pile up.

mod photos;
mod support;
pub mod task;
mod words;
mod work;

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use leptos::prelude::*;
use tanggap_domain::dto::ProblemType;
use tanggap_domain::sla::ClockState;
use tanggap_domain::{AgencyCode, Incident, Timestamp};

use self::words::words;
use crate::access;
use crate::api::{self, ApiError};
use crate::clock::{self, Clock};
use crate::components::form::load;
use crate::components::incident_board::{Pace, pace, place, stopwatch};
use crate::components::priority_badge::PriorityBadge;
use crate::i18n::texts;
use crate::reference::Reference;
use crate::reference::with_reference;
use crate::session;

/// Pause between one answer of the changes feed and the next ask.
const POLL_PERIOD: Duration = Duration::from_secs(4);
/// How many active tasks the first load takes at most.
const LIMIT: u32 = 100;

#[component]
pub fn AgencyTasksPage() -> impl IntoView {
    let Some(agency) = untrack(session::user).and_then(|user| user.agency) else {
        return view! { <p class="notice failed">{words().no_agency}</p> }.into_any();
    };
    with_reference(move |reference| view! { <TaskList reference agency=agency.clone() /> }.into_any())
}

#[component]
fn TaskList(reference: Reference, agency: AgencyCode) -> impl IntoView {
    let (t, w) = (texts(), words());
    let clock = Clock::new();
    clock.tick_every_second();
    let list = RwSignal::new(Vec::<Incident>::new());
    let loaded = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    let code = agency.clone();
    let start: Reload = Box::new(move || {
        let code = code.clone();
        Box::pin(async move {
            let page = api::board(&format!("limit={LIMIT}&status=dispatched")).await;
            loaded.try_set(true);
            list.try_set(work::tasks(page?.incidents, &code));
            Ok(())
        })
    });
    let code = agency.clone();
    let apply: Apply = Box::new(move |changed| {
        list.try_update(|list| work::fold(list, changed, &code));
    });
    load(follow(start, apply, failure));

    let title = format!("{} · {agency}", t.agency_tasks_title);
    let tasks = move || list.try_get().unwrap_or_default();
    let empty = move || loaded.try_get().unwrap_or_default() && list.try_with(Vec::is_empty).unwrap_or_default();
    view! {
        <section class="panel tasks" aria-labelledby="tasks-title" data-testid="tasks">
            <h1 id="tasks-title">{title}</h1>
            {move || failure.try_get().flatten().map(|f| view! {
                <p class="notice failed" role="status">{w.tasks_stale}" "{t.api_error(&f)}</p>
            })}
            <Show when=move || !loaded.try_get().unwrap_or(true)>
                <p class="loading">{t.loading}</p>
            </Show>
            <ul class="task-list">
                <For
                    each=tasks
                    key=|incident| (incident.id.clone(), incident.version)
                    children=move |incident| {
                        view! { <TaskCard incident reference=reference.clone() agency=agency.clone() clock /> }
                    }
                />
            </ul>
            <Show when=empty>
                <p class="muted" data-testid="tasks-empty">{w.tasks_empty}</p>
            </Show>
        </section>
    }
}

/// One task: the whole card is the link to it, a big target for a thumb.
#[component]
fn TaskCard(incident: Incident, reference: Reference, agency: AgencyCode, clock: Clock) -> impl IntoView {
    let t = texts();
    let category = reference
        .category(&incident.category)
        .map_or_else(|| incident.category.to_string(), |c| c.name(t.lang).to_owned());
    let place = place(&incident.location).unwrap_or_else(|| t.nothing.to_owned());
    let landmark = incident.location.landmark.as_ref().map(|l| l.as_str().to_owned());
    let status = incident.assignment(&agency).map(|a| a.status.label(texts().lang)).unwrap_or_default();
    let id = incident.id.to_string();
    let href = access::task_path(&incident.id);
    let received_at = incident.received_at;
    let age = move || t.age(clock::seconds_since(received_at, clock.millis()));
    let incident = StoredValue::new(incident);
    let running = Signal::derive(move || {
        let now = now(clock)?;
        incident.with_value(|i| i.assignment(&agency).and_then(|a| race(i, a, now)))
    });

    view! {
        <li class="task" data-testid=format!("task-{id}") data-incident-id=id>
            <a class="task-link" href=href data-testid="incident-link">
                <span class="task-head">
                    <PriorityBadge priority=incident.with_value(|i| i.priority) />
                    <strong class="category">{category}</strong>
                    <time datetime=received_at.to_string()>{age}</time>
                </span>
                <span class="place">{place}</span>
                {landmark.map(|l| view! { <span class="landmark">{l}</span> })}
                <span class="task-foot">
                    <span class="task-status" data-testid="task-status">{status}</span>
                    <RaceClock running />
                </span>
            </a>
        </li>
    }
}

/// The clock an assignment is racing, as a line: what is due when, and how much time is left (or how
/// late it is), coloured by how far along its target it is.
#[component]
pub(super) fn RaceClock(running: Signal<Option<Race>>) -> impl IntoView {
    let text = move || running.get().map(|r| r.text).unwrap_or_default();
    let pace = move || running.get().map(|r| r.pace.as_str());
    view! { <span class="clock" data-testid="task-clock" data-pace=pace>{text}</span> }
}

/// Where an assignment's raced clock stands, worded.
#[derive(Clone, PartialEq)]
pub struct Race {
    pub text: String,
    pub pace: Pace,
}

/// The clock `assignment` is racing at `now`, worded, if any is running.
pub(super) fn race(incident: &Incident, assignment: &tanggap_domain::Assignment, now: Timestamp) -> Option<Race> {
    let (t, w) = (texts(), words());
    let (clock, state) = work::racing(incident, assignment, now)?;
    let target = incident.target(clock)?;
    let label = clock.label(t.lang);
    let elapsed = now.seconds_since(assignment.clock_start());
    Some(match state {
        ClockState::Overdue { due } => {
            Race { text: w.overdue(label, &time_of_day(due), &stopwatch(now.seconds_since(due))), pace: Pace::Late }
        }
        ClockState::Running { due } => Race {
            text: w.due(label, &time_of_day(due), &stopwatch(due.seconds_since(now))),
            pace: pace(elapsed, target),
        },
        _ => return None,
    })
}

/// The browser's clock as a domain moment (tracked: redrawn every tick). Always there: only a clock
/// beyond the year 9999 would have none.
pub(super) fn now(clock: Clock) -> Option<Timestamp> {
    Timestamp::from_unix_millis(clock.millis())
}

/// "14.35" / "14:35", in the user's language and the browser's time zone.
pub(super) fn time_of_day(at: Timestamp) -> String {
    let locale = match texts().lang {
        tanggap_domain::Lang::Id => "id-ID",
        tanggap_domain::Lang::En => "en-GB",
    };
    let options = js_sys::Object::new();
    for key in ["hour", "minute"] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &"2-digit".into());
    }
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at.unix_millis() as f64));
    date.to_locale_time_string_with_options(locale, &options).into()
}

/// Loads a page's view afresh (after a cursor for "now" was taken).
pub(super) type Reload = Box<dyn Fn() -> Pin<Box<dyn Future<Output = Result<(), ApiError>>>>>;
/// Folds a page of changed incidents into what a page shows.
pub(super) type Apply = Box<dyn Fn(Vec<Incident>)>;

/// Follows the changes feed until the scope that runs it goes: takes a cursor for "now", loads the
/// page's view (`start`), then every few seconds hands the incidents changed since to `apply`. A cursor
/// the API no longer accepts (a phone asleep for an hour) starts over; a failure is shown until an
/// answer comes. Boxed closures: one copy of the loop serves both pages.
pub(super) async fn follow(start: Reload, apply: Apply, failure: RwSignal<Option<ApiError>>) {
    loop {
        let started = match api::changes(None).await {
            Ok(now) => start().await.map(|()| now.cursor),
            Err(error) => Err(error),
        };
        let mut cursor = match started {
            Ok(cursor) => {
                failure.try_set(None);
                cursor
            }
            Err(error) => {
                failure.try_set(Some(error));
                pause(POLL_PERIOD).await;
                continue;
            }
        };
        loop {
            pause(POLL_PERIOD).await;
            match api::changes(Some(&cursor)).await {
                Ok(page) => {
                    cursor = page.cursor;
                    failure.try_set(None);
                    if !page.incidents.is_empty() {
                        apply(page.incidents);
                    }
                }
                Err(error) if error.is(ProblemType::CursorExpired) => break,
                Err(error) => {
                    failure.try_set(Some(error));
                }
            }
        }
    }
}

/// Resolves after `pause` (a browser timer).
async fn pause(pause: Duration) {
    let millis = i32::try_from(pause.as_millis()).unwrap_or(i32::MAX);
    let timer = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(timer).await;
}
