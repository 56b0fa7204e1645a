//! Open incidents that may be what this caller is reporting too (same category or a related one, same
//! village or a pin nearby): a flood brings hundreds of calls about one event. Linking the call adds it
//! to that incident as another report instead of opening a second incident.

use leptos::either::Either;
use leptos::prelude::*;
use tanggap_domain::dto::DuplicateCandidate;
use tanggap_domain::{Coordinates, IncidentId, Priority};

use super::fields::IntakeFields;
use crate::api::{self, ApiError};
use crate::clock;
use crate::i18n::texts;
use crate::reference::Reference;

/// The query of `GET /api/incidents/duplicates` for a call: none until a category (one that is
/// dispatched: a prank is never the same event) and a village or a pin are known.
pub fn duplicates_query(category: &str, dispatched: bool, village: &str, pin: Option<Coordinates>) -> Option<String> {
    if category.is_empty() || !dispatched || (village.is_empty() && pin.is_none()) {
        return None;
    }
    let mut query = format!("category={}", encode(category));
    if !village.is_empty() {
        query.push_str(&format!("&village={}", encode(village)));
    }
    if let Some(pin) = pin {
        // Written as JSON writes numbers (already in the wasm, unlike `f64`'s `Display`).
        let number = |n: f64| serde_json::to_string(&n).unwrap_or_default();
        query.push_str(&format!("&lat={}&lon={}", number(pin.lat()), number(pin.lon())));
    }
    Some(query)
}

/// Codes are letters, digits, `_` and `.`; anything else is escaped rather than trusted.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'_' | b'-' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// What the duplicates panel shows: the candidates for the call as typed, asked for again whenever the
/// question changes, and the one Alt+Enter links to.
pub fn ask_for_duplicates(
    fields: IntakeFields,
    default_priority: Signal<Option<Priority>>,
) -> (RwSignal<Result<Vec<DuplicateCandidate>, ApiError>>, RwSignal<usize>) {
    let duplicates = RwSignal::new(Ok::<_, ApiError>(Vec::<DuplicateCandidate>::new()));
    let active_duplicate = RwSignal::new(0usize);
    let asked = StoredValue::new(None::<String>);
    Effect::new(move |_| {
        let dispatched = default_priority.get().is_some_and(Priority::is_dispatchable);
        let query = fields.category.with(|c| fields.village.with(|v| duplicates_query(c, dispatched, v, fields.pin())));
        // Typing in the pin boxes runs this at every key; only a new question is asked.
        if asked.with_value(|last| *last == query) {
            return;
        }
        asked.set_value(query.clone());
        active_duplicate.set(0);
        let Some(query) = query else { return duplicates.set(Ok(Vec::new())) };
        // Not bound to this run of the effect, which ends at the next key typed in the pin boxes: the
        // answer is shown if it still answers the last question asked.
        leptos::task::spawn_local(async move {
            let answer = api::duplicates(&query).await.map(|page| page.candidates);
            if asked.try_with_value(|last| last.as_deref() == Some(query.as_str())) == Some(true) {
                duplicates.try_set(answer);
            }
        });
    });
    (duplicates, active_duplicate)
}

#[component]
pub fn DuplicatesPanel(
    found: RwSignal<Result<Vec<DuplicateCandidate>, ApiError>>,
    /// The candidate Alt+Enter links to.
    active: RwSignal<usize>,
    reference: Reference,
    on_link: Callback<IncidentId>,
) -> impl IntoView {
    let t = texts();
    let ti = t.intake();
    move || match found.get() {
        Ok(candidates) if candidates.is_empty() => None,
        Ok(candidates) => {
            let now = clock::now_millis();
            let rows = candidates
                .into_iter()
                .enumerate()
                .map(|(n, candidate)| {
                    let incident = candidate.incident;
                    let category = reference
                        .category(&incident.category)
                        .map_or_else(|| incident.category.to_string(), |c| c.name(t.lang).to_owned());
                    let place: Vec<&str> = [&incident.location.village, &incident.location.district]
                        .into_iter()
                        .flatten()
                        .map(|r| r.name.as_str())
                        .chain(incident.location.landmark.as_ref().map(|l| l.as_str()))
                        .collect();
                    let mut facts = vec![t.age(clock::seconds_since(incident.received_at, now))];
                    if candidate.same_village {
                        facts.push(ti.same_village.to_owned());
                    }
                    facts.extend(candidate.distance_m.map(|m| ti.distance(m)));
                    if incident.extra_reports > 0 {
                        facts.push(format!("{}: {}", t.extra_reports, incident.extra_reports));
                    }
                    let id = incident.id.clone();
                    let is_active = move || active.get() == n;
                    view! {
                        <li
                            data-testid="duplicate"
                            data-incident-id=incident.id.to_string()
                            class:active=is_active
                            aria-current=move || is_active().then_some("true")
                        >
                            <span>
                                <strong>{format!("{} {category}", incident.priority)}</strong>
                                " · "{place.join(", ")}
                                <small>{facts.join(" · ")}</small>
                                {incident.description.map(|d| view! { <small class="excerpt">{String::from(d)}</small> })}
                            </span>
                            <button type="button" class="secondary" on:click=move |_| on_link.run(id.clone())>
                                {ti.link}
                            </button>
                        </li>
                    }
                })
                .collect_view();
            Some(Either::Left(view! {
                <section class="duplicates" data-testid="duplicates" aria-live="polite">
                    <h3>{ti.duplicates_title}" "<kbd>"Alt+↓↑"</kbd>" "<kbd>"Alt+Enter"</kbd></h3>
                    <ul>{rows}</ul>
                </section>
            }))
        }
        Err(error) => Some(Either::Right(view! {
            <p class="duplicates muted">{ti.duplicates_failed}" "{t.api_error(&error)}</p>
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_are_looked_for_once_a_dispatched_category_and_a_place_are_known() {
        assert_eq!(duplicates_query("", true, "64.09.01.2001", None), None);
        assert_eq!(duplicates_query("FIRE", true, "", None), None);
        assert_eq!(duplicates_query("PRANK", false, "64.09.01.2001", None), None);
        assert_eq!(
            duplicates_query("FIRE", true, "64.09.01.2001", None).as_deref(),
            Some("category=FIRE&village=64.09.01.2001")
        );
        let pin = Coordinates::new(-1.26, 116.83).ok();
        assert_eq!(duplicates_query("FIRE", true, "", pin).as_deref(), Some("category=FIRE&lat=-1.26&lon=116.83"));
        assert_eq!(encode("A B&"), "A%20B%26");
    }

    #[test]
    fn distances_read_in_metres_then_kilometres_with_the_languages_decimal_mark() {
        use crate::i18n::{INTAKE_EN, INTAKE_ID};
        assert_eq!(INTAKE_ID.distance(350), "350 m");
        assert_eq!(INTAKE_ID.distance(1250), "1,2 km");
        assert_eq!(INTAKE_EN.distance(12_050), "12.0 km");
    }
}
