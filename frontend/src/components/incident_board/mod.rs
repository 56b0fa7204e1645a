//! The board of open incidents, most urgent first, then oldest: whatever the API lets the user see
//! (an agency's people only their agency's work, callers masked for roles that may not see them),
//! narrowed by the filters in the address (`?status=received&priority=P1&category=FIRE&district=…`).
//! Each incident has a running clock against its dispatch target; a new P1 sounds an alarm.
//! Rows are keyed by incident and version, so that an update only touches the rows that changed.

mod alert;
mod feed;

use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use tanggap_domain::citizen::Channel;
use tanggap_domain::dto::BoardFilter;
use tanggap_domain::{
    AssignmentStatus, CategoryCode, DispatchTarget, Incident, IncidentId, KodeWilayah, Location, Priority,
};

use self::alert::Alert;
use self::feed::{Board, OPEN_STATUSES, Wake};
use crate::access;
use crate::clock::{self, Clock};
use crate::components::priority_badge::PriorityBadge;
use crate::i18n::texts;
use crate::reference::Reference;

#[component]
pub fn IncidentBoard(
    reference: Reference,
    #[prop(into)] title: String,
    /// Changed by whoever knows the board is out of date (a save): polls at once.
    #[prop(into)]
    reload: Signal<u32>,
    /// The incident this operator has just saved, to be marked on the board (and not alarmed about).
    #[prop(into)]
    fresh: Signal<Option<IncidentId>>,
) -> impl IntoView {
    let t = texts();
    let clock = Clock::new();
    clock.tick_every_second();
    let board = Board::new();
    let alert = Alert::new();
    let wake = Wake::default();
    let query = use_query_map();
    let filter = Memo::new(move |_| query.with(|q| filter_from(|key| q.get_str(key))));
    // A new filter starts the feed over: the effect's cleanup cancels the previous one.
    let feed_wake = wake.clone();
    Effect::new(move |_| {
        let filter = filter.get();
        board.loaded.set(false);
        spawn_local_scoped_with_cancellation(feed::run(board, filter, feed_wake.clone(), alert, fresh));
    });
    Effect::new(move |before: Option<()>| {
        reload.track();
        if before.is_some() {
            wake.ring();
        }
    });

    // `try_`: the feed may land an answer just as the board is closed (a page left meanwhile).
    let incidents = move || board.incidents.try_get().unwrap_or_default();
    let empty = move || {
        board.loaded.try_get().unwrap_or_default() && board.incidents.try_with(Vec::is_empty).unwrap_or_default()
    };
    let failure = move || board.failure.try_get().flatten();

    view! {
        <section class="panel board" aria-labelledby="board-title" data-alerts=move || alert.rung.try_get()>
            <h2 id="board-title">{title}</h2>
            <Filters reference=reference.clone() />
            <Show when=move || alert.muted.try_get().unwrap_or_default()>
                <p class="notice attention" role="status" data-testid="sound-blocked">{t.sound_blocked}</p>
            </Show>
            {move || failure().map(|f| view! {
                <p class="notice failed" role="status">{t.board_stale}" "{t.api_error(&f)}</p>
            })}
            <Show when=move || !board.loaded.try_get().unwrap_or(true)>
                <p class="loading">{t.loading}</p>
            </Show>
            <table class="board-table" data-testid="board">
                <thead>
                    <tr>
                        <th scope="col">{t.column_priority}</th>
                        <th scope="col">{t.column_category}</th>
                        <th scope="col">{t.column_place}</th>
                        <th scope="col">{t.column_agencies}</th>
                        <th scope="col">{t.column_caller}</th>
                        <th scope="col">{t.column_age}</th>
                        <th scope="col">{t.column_clock}</th>
                        <th scope="col">{t.column_status}</th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=incidents
                        key=|incident| (incident.id.clone(), incident.version)
                        children=move |incident| {
                            view! { <IncidentRow incident reference=reference.clone() clock fresh /> }
                        }
                    />
                    <Show when=empty>
                        <tr class="empty">
                            <td colspan="8">{t.board_empty}</td>
                        </tr>
                    </Show>
                </tbody>
            </table>
            <Show when=move || board.truncated.try_get().unwrap_or_default()>
                <p class="notice">{t.board_truncated}</p>
            </Show>
        </section>
    }
}

/// The filter the address asks for (`query` looks a parameter up); anything unreadable is ignored.
pub fn filter_from<'a>(query: impl Fn(&str) -> Option<&'a str>) -> BoardFilter {
    BoardFilter {
        status: query("status").and_then(|s| OPEN_STATUSES.into_iter().find(|(_, v)| *v == s)).map(|(s, _)| s),
        priority: query("priority").and_then(|p| Priority::ALL.into_iter().find(|x| x.as_str() == p)),
        category: query("category").and_then(|c| CategoryCode::parse(c).ok()),
        district: query("district").and_then(|d| KodeWilayah::parse(d).ok()),
    }
}

/// One select per filter; a choice goes into the address (replacing it: "back" leaves the board).
#[component]
fn Filters(reference: Reference) -> impl IntoView {
    let t = texts();
    let query = use_query_map();
    let location = use_location();
    let navigate = use_navigate();
    let choose = move |key: &'static str, value: String| {
        let mut params = query.get_untracked();
        params.remove(key);
        if !value.is_empty() {
            params.insert(key, value);
        }
        let path = location.pathname.get_untracked();
        navigate(
            &format!("{path}{}", params.to_query_string()),
            NavigateOptions { replace: true, scroll: false, ..Default::default() },
        );
    };
    let statuses: Vec<(String, String)> =
        OPEN_STATUSES.iter().map(|(s, v)| ((*v).to_owned(), s.label(t.lang).to_owned())).collect();
    let priorities = [Priority::P1, Priority::P2, Priority::P3]
        .iter()
        .map(|p| (p.as_str().to_owned(), format!("{p} · {}", p.meaning(t.lang))))
        .collect();
    let categories = reference
        .categories_by_priority()
        .into_iter()
        .filter(|(priority, _)| priority.is_dispatchable())
        .flat_map(|(_, group)| group)
        .map(|c| (c.code.to_string(), c.name(t.lang).to_owned()))
        .collect();
    let districts = reference.districts().into_iter().map(|r| (r.code.to_string(), r.name)).collect();
    let filters = [
        ("status", t.column_status, statuses),
        ("priority", t.column_priority, priorities),
        ("category", t.category, categories),
        ("district", t.district, districts),
    ];
    let selects = filters
        .into_iter()
        .map(|(key, label, options)| {
            let choose = choose.clone();
            let id = format!("filter-{key}");
            let options = options
                .into_iter()
                .map(|(value, text)| {
                    let chosen = value.clone();
                    let selected = move || query.with(|q| q.get_str(key) == Some(chosen.as_str()));
                    view! { <option value=value prop:selected=selected>{text}</option> }
                })
                .collect_view();
            view! {
                <div class="filter">
                    <label for=id.clone()>{label}</label>
                    <select id=id on:change=move |ev| choose(key, event_target_value(&ev))>
                        <option value="" prop:selected=move || query.with(|q| q.get_str(key).is_none())>{t.filter_all}</option>
                        {options}
                    </select>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="filters" role="group" aria-label=t.filters>
            {selects}
        </div>
    }
}

#[component]
fn IncidentRow(
    incident: Incident,
    reference: Reference,
    clock: Clock,
    fresh: Signal<Option<IncidentId>>,
) -> impl IntoView {
    let t = texts();
    let category = reference
        .category(&incident.category)
        .map(|c| c.name(t.lang).to_owned())
        // A category removed since: its code still says what it was.
        .unwrap_or_else(|| incident.category.to_string());
    let place = place(&incident.location).unwrap_or_else(|| t.nothing.to_owned());
    // Shown as the API sends it: in full to those who may call back, masked to everyone else.
    let caller = incident.caller.phone_for_display().unwrap_or(t.nothing).to_owned();
    let agencies = incident
        .assignments
        .iter()
        .map(|a| {
            let code = a.agency.to_string();
            let label = code.clone();
            view! { <span class="agency" data-testid="assignment" data-agency=code>{label}</span> }
        })
        .collect_view();
    let online = incident.channel == Channel::Online;
    let landmark = incident.location.landmark.clone().map(String::from);
    let description = incident.description.clone().map(String::from);
    let received_at = incident.received_at;
    let age = move || t.age(clock::seconds_since(received_at, clock.millis()));
    let target = incident.dispatch_target;
    // The clock stops when the first agency acknowledges: that is what the target is about.
    let acknowledged = first_acknowledgement(&incident);
    let elapsed = move || {
        let end = acknowledged.unwrap_or_else(|| clock.millis());
        (end - received_at.unix_millis()).div_euclid(1000)
    };
    let row_pace = move || target.map(|target| pace(elapsed(), target));
    let clock_text = move || match target {
        Some(target) => format!("{} / {}", stopwatch(elapsed()), t.age(target.as_seconds())),
        None => stopwatch(elapsed()),
    };
    let clock_title = match (target, acknowledged) {
        (Some(target), None) => format!("{} {}", t.dispatch_target, t.age(target.as_seconds())),
        (Some(target), Some(_)) => format!("{} {} · {}", t.dispatch_target, t.age(target.as_seconds()), t.acknowledged),
        (None, _) => String::new(),
    };
    let href = access::incident_path(&incident.id);
    let id = incident.id.clone();
    let is_fresh = move || fresh.try_with(|f| f.as_ref() == Some(&id)).unwrap_or_default();

    view! {
        <tr data-testid="incident-row" data-incident-id=incident.id.to_string() class:fresh=is_fresh>
            <td data-label=t.column_priority>
                <PriorityBadge priority=incident.priority />
            </td>
            // One wrapper per cell: on phones a cell is a two-column grid, its label and its content.
            <td data-label=t.column_category>
                <div>
                    <a class="category" href=href data-testid="incident-link">{category}</a>
                    {online.then(|| view! { <span class="tag" data-testid="online-report">{Channel::Online.label(t.lang)}</span> })}
                    // Clamped to two lines by the stylesheet; the tooltip holds it all.
                    {description.map(|d| {
                        let tooltip = d.clone();
                        view! { <span class="excerpt" title=tooltip>{d}</span> }
                    })}
                </div>
            </td>
            <td data-label=t.column_place>
                <div>
                    <span class="place">{place}</span>
                    {landmark.map(|l| view! { <span class="landmark">{l}</span> })}
                </div>
            </td>
            <td data-label=t.column_agencies>
                <div class="agencies">{agencies}</div>
            </td>
            <td data-label=t.column_caller>
                <span class="caller" data-testid="caller">{caller}</span>
            </td>
            <td data-label=t.column_age>
                <time datetime=received_at.to_string()>{age}</time>
            </td>
            <td data-label=t.column_clock>
                <span class="clock" data-testid="clock" data-pace=move || row_pace().map(Pace::as_str) title=clock_title>
                    {clock_text}
                    {acknowledged.map(|_| " ✓")}
                </span>
            </td>
            <td data-label=t.column_status>{incident.status.label(t.lang)}</td>
        </tr>
    }
}

/// When the first agency acknowledged, in milliseconds since the epoch.
fn first_acknowledgement(incident: &Incident) -> Option<i64> {
    incident
        .assignments
        .iter()
        .flat_map(|a| &a.steps)
        .filter(|step| step.status == AssignmentStatus::Acknowledged)
        .map(|step| step.at.unix_millis())
        .min()
}

/// How far along its dispatch target an incident is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pace {
    /// Under half the target: green.
    Early,
    /// Under the target: amber.
    Near,
    /// Past it: red.
    Late,
}

impl Pace {
    pub fn as_str(self) -> &'static str {
        match self {
            Pace::Early => "early",
            Pace::Near => "near",
            Pace::Late => "late",
        }
    }
}

pub fn pace(elapsed_secs: i64, target: DispatchTarget) -> Pace {
    let target = target.as_seconds().max(1);
    if elapsed_secs * 2 < target {
        Pace::Early
    } else if elapsed_secs < target {
        Pace::Near
    } else {
        Pace::Late
    }
}

/// "4:05", or "1:02:03" once there are hours.
pub fn stopwatch(secs: i64) -> String {
    let secs = secs.max(0);
    let (hours, minutes, seconds) = (secs / 3600, secs / 60 % 60, secs % 60);
    if hours > 0 { format!("{hours}:{minutes:02}:{seconds:02}") } else { format!("{minutes}:{seconds:02}") }
}

/// "Village, District", or whichever of the two is known.
pub fn place(location: &Location) -> Option<String> {
    let names: Vec<&str> =
        [&location.village, &location.district].into_iter().flatten().map(|r| r.name.as_str()).collect();
    (!names.is_empty()).then(|| names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tanggap_domain::{IncidentStatus, Region};

    fn region(code: &str, name: &str) -> Option<Region> {
        Some(Region { code: KodeWilayah::parse(code).unwrap(), name: name.into() })
    }

    #[test]
    fn a_place_reads_village_then_district() {
        let mut location = Location {
            district: region("64.09.01", "Penajam"),
            village: region("64.09.01.2001", "Sotek"),
            ..Default::default()
        };
        assert_eq!(place(&location).as_deref(), Some("Sotek, Penajam"));
        location.village = None;
        assert_eq!(place(&location).as_deref(), Some("Penajam"));
        location.district = None;
        assert_eq!(place(&location), None);
    }

    #[test]
    fn the_clock_is_green_under_half_the_target_amber_under_it_and_red_beyond() {
        let five_minutes = DispatchTarget::minutes(5);
        assert_eq!(pace(149, five_minutes), Pace::Early);
        assert_eq!(pace(150, five_minutes), Pace::Near);
        assert_eq!(pace(299, five_minutes), Pace::Near);
        assert_eq!(pace(300, five_minutes), Pace::Late);
        assert_eq!(stopwatch(65), "1:05");
        assert_eq!(stopwatch(3723), "1:02:03");
        assert_eq!(stopwatch(-3), "0:00");
    }

    #[test]
    fn the_address_names_the_filter_and_nonsense_in_it_is_ignored() {
        let query = [("status", "verified"), ("priority", "P1"), ("category", "fire"), ("district", "bukan kode")];
        let filter = filter_from(|key| query.iter().find(|(k, _)| *k == key).map(|(_, v)| *v));
        assert_eq!(filter.status, Some(IncidentStatus::Verified));
        assert_eq!(filter.priority, Some(Priority::P1));
        assert_eq!(filter.category.as_ref().map(CategoryCode::as_str), Some("FIRE"));
        assert_eq!(filter.district, None);
        assert_eq!(feed::board_query(&filter), "limit=100&status=verified&priority=P1&category=FIRE");
        assert_eq!(filter_from(|_| None), BoardFilter::default());
    }
}
