//! The board of open incidents, most urgent first, then oldest: whatever the API lets the user see
//! (an agency's people only their agency's work, callers masked for roles that may not see them).
//! Rows are keyed by incident and version, so that a reload only touches the rows that changed.

mod feed;

use leptos::prelude::*;
use tanggap_domain::dto::BoardPage;
use tanggap_domain::{Incident, IncidentId, Location};

use self::feed::board_feed;
use crate::clock::{self, Clock};
use crate::components::priority_badge::PriorityBadge;
use crate::i18n::texts;
use crate::reference::Reference;

#[component]
pub fn IncidentBoard(
    reference: Reference,
    #[prop(into)] title: String,
    /// Changed by whoever knows the board is out of date (a save): reloads at once.
    #[prop(into)]
    reload: Signal<u32>,
    /// The incident this operator has just saved, to be marked on the board.
    #[prop(into)]
    fresh: Signal<Option<IncidentId>>,
) -> impl IntoView {
    let t = texts();
    let clock = Clock::new();
    let snapshot = board_feed(reload, clock);
    // Reads that borrow the snapshot instead of cloning the whole page each time. `try_`: a last
    // redraw may still be on its way when the board is closed (a page left while a load answered).
    let page = move |read: fn(&BoardPage) -> bool| {
        snapshot.try_with(|s| s.as_ref().and_then(|s| s.page.as_ref()).is_some_and(read)).unwrap_or_default()
    };
    let incidents = move || {
        snapshot
            .try_with(|s| s.as_ref().and_then(|s| s.page.as_ref()).map(|p| p.incidents.clone()))
            .flatten()
            .unwrap_or_default()
    };
    let failure = move || snapshot.try_with(|s| s.as_ref().and_then(|s| s.failure.clone())).flatten();
    let truncated = move || page(|p| p.next.is_some());
    let empty = move || page(|p| p.incidents.is_empty());

    view! {
        <section class="panel board" aria-labelledby="board-title">
            <h2 id="board-title">{title}</h2>
            // Transition: the loading text only before the first answer; later reloads keep the rows.
            <Transition fallback=move || view! { <p class="loading">{t.loading}</p> }>
                {move || failure().map(|f| view! {
                    <p class="notice failed" role="status">{t.board_stale}" "{t.api_error(&f)}</p>
                })}
                <table class="board-table" data-testid="board">
                    <thead>
                        <tr>
                            <th scope="col">{t.column_priority}</th>
                            <th scope="col">{t.column_category}</th>
                            <th scope="col">{t.column_place}</th>
                            <th scope="col">{t.column_agencies}</th>
                            <th scope="col">{t.column_caller}</th>
                            <th scope="col">{t.column_age}</th>
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
                                <td colspan="7">{t.board_empty}</td>
                            </tr>
                        </Show>
                    </tbody>
                </table>
                <Show when=truncated>
                    <p class="notice">{t.board_truncated}</p>
                </Show>
            </Transition>
        </section>
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
    let landmark = incident.location.landmark.map(String::from);
    let description = incident.description.map(String::from);
    let received_at = incident.received_at;
    let age = move || t.age(clock::seconds_since(received_at, clock.millis()));
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
                    <span class="category">{category}</span>
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
            <td data-label=t.column_status>{t.status(incident.status)}</td>
        </tr>
    }
}

/// "Village, District", or whichever of the two is known.
fn place(location: &Location) -> Option<String> {
    let names: Vec<&str> =
        [&location.village, &location.district].into_iter().flatten().map(|r| r.name.as_str()).collect();
    (!names.is_empty()).then(|| names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tanggap_domain::{KodeWilayah, Region};

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
}
