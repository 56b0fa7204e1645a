//! The intake form: what an operator fills in while the caller is on the line, keyboard first.
//!
//! The caller's number comes first (focused on load and after every save), and its history shows as
//! soon as it reads as a number. Alt+<quick key> picks a category from anywhere on the page; a category
//! closed at intake (prank, silent, wrong number, information) is sent at once with it, so a prank
//! takes two keys. Categories, districts and villages are found by typing. Open incidents of the same
//! kind at the same place are offered as duplicates (Alt+↓/↑, Alt+Enter links the call to one).
//! Enter sends the form (Ctrl+Enter from the description). Every send is once per submission, retried
//! with the same idempotency key, its field errors shown at their fields.

mod caller;
mod combobox;
mod duplicates;
mod fields;
mod keys;
mod map;
mod outcome;
mod search;

use leptos::html;
use leptos::prelude::*;
use tanggap_domain::dto::{DuplicateCandidate, FieldError, FieldProblem, IncidentDetail, NewIncident, NewReport};
use tanggap_domain::{Category, IncidentId, IncidentStatus, PhoneNumber, Priority};
use wasm_bindgen::JsCast;

use self::caller::CallerPanel;
use self::combobox::Combobox;
use self::duplicates::{DuplicatesPanel, duplicates_query};
use self::fields::{IntakeFields, coordinates, pasted_pin, phone_for_reading};
use self::keys::Shortcut;
use self::outcome::{Notice, Outcome};
use self::search::Choice;
use crate::api::{self, ApiError};
use crate::components::field::{Field, FieldErrors};
use crate::components::form::{self, TextInput};
use crate::i18n::texts;
use crate::idempotency::{self, Submission};
use crate::reference::Reference;

#[component]
pub fn IntakeForm(reference: Reference, #[prop(into)] on_created: Callback<IncidentDetail>) -> impl IntoView {
    let t = texts();
    let ti = t.intake();
    let fields = IntakeFields::new();
    let outcome = Outcome::new();
    let errors = FieldErrors::over(outcome.errors);
    let incidents = StoredValue::new(Submission::<NewIncident>::default());
    let reports = StoredValue::new(Submission::<(IncidentId, NewReport)>::default());
    let sending = RwSignal::new(false);
    let phone_input = NodeRef::<html::Input>::new();
    let map_element = NodeRef::<html::Div>::new();

    let categories: StoredValue<Vec<Category>> =
        StoredValue::new(reference.categories_by_priority().into_iter().flat_map(|(_, group)| group).collect());
    let category_of =
        move |code: &str| categories.with_value(|all| all.iter().find(|c| c.code.as_str() == code).cloned());
    // The chosen category's own priority: the default, and what a different choice needs a reason against.
    let default_priority = Signal::derive(move || fields.category.with(|code| category_of(code).map(|c| c.priority)));
    let closes_at_intake = move || default_priority.get() == Some(Priority::P0);

    // ---- sending ------------------------------------------------------------------------------------

    // Saved or linked: the next call starts at the caller's number.
    let done = move |detail: IncidentDetail, text: String| {
        outcome.saved(text, detail.incident.id.to_string());
        fields.clear();
        map::pin(None);
        on_created.run(detail);
        focus("caller-phone");
    };
    let submit = move || {
        if sending.get_untracked() {
            return;
        }
        let typed = fields.typed();
        let incident = match typed.request(default_priority.get_untracked(), t.lang) {
            Ok(incident) => incident,
            Err(found) => return outcome.refused(found, t.not_saved.to_owned()),
        };
        let Some(key) = incidents.try_update_value(|s| s.key_for(&incident, idempotency::new_key)) else { return };
        outcome.sending();
        form::submit(sending, async move {
            match api::create_incident(&incident, &key).await {
                Ok(detail) => {
                    incidents.update_value(Submission::confirmed);
                    let text = match detail.incident.status {
                        IncidentStatus::Closed => {
                            let name = category_of(detail.incident.category.as_str())
                                .map_or_else(|| detail.incident.category.to_string(), |c| c.name(t.lang).to_owned());
                            format!("{} {name}", ti.closed)
                        }
                        _ => t.saved.to_owned(),
                    };
                    done(detail, text);
                }
                Err(error) => outcome.failed(&error),
            }
        });
    };
    // Another call about an incident already open: added to it as a report.
    let link = Callback::new(move |incident: IncidentId| {
        if sending.get_untracked() {
            return;
        }
        let report = fields.typed().report();
        let sent = (incident, report);
        let Some(key) = reports.try_update_value(|s| s.key_for(&sent, idempotency::new_key)) else { return };
        outcome.sending();
        form::submit(sending, async move {
            let (incident, report) = sent;
            match api::link_report(&incident, &report, &key).await {
                Ok(detail) => {
                    reports.update_value(Submission::confirmed);
                    let text = ti.linked(detail.incident.extra_reports);
                    done(detail, text);
                }
                Err(error) => outcome.failed(&error),
            }
        });
    });

    // ---- category --------------------------------------------------------------------------------------

    let category_choices = Signal::stored(categories.with_value(|all| {
        all.iter()
            .map(|c| {
                let key =
                    c.quick_key.map(|k| format!(" · Alt+{}", k.as_char().to_ascii_uppercase())).unwrap_or_default();
                let other = match t.lang {
                    tanggap_domain::Lang::Id => &c.name_en,
                    tanggap_domain::Lang::En => &c.name_id,
                };
                Choice::new(c.code.to_string(), c.name(t.lang).to_owned(), format!("{}{key}", c.priority), other)
            })
            .collect::<Vec<_>>()
    }));
    // After a category, the place: unless the operator is already past it (typing the description).
    let on_to_place = move || {
        let focused = document().active_element().map(|e| e.id()).unwrap_or_default();
        let before_place = ["", "caller-phone", "caller-name", "category"].contains(&focused.as_str());
        if before_place && fields.village.with_untracked(String::is_empty) {
            focus("village");
        }
    };
    let choose_category = move |code: String, quick: bool, advance: bool| {
        let closes = category_of(&code).is_some_and(|c| c.closes_at_intake());
        fields.category.set(code);
        // The new category's own priority, until the operator says otherwise.
        fields.priority.set(None);
        outcome.clear("category");
        if closes && quick {
            submit();
        } else if advance {
            on_to_place();
        }
    };
    let on_category = Callback::new(move |(code, advance): (String, bool)| {
        if !code.is_empty() {
            choose_category(code, false, advance);
        }
    });

    // ---- place -------------------------------------------------------------------------------------

    let districts = reference.districts();
    let district_choices = Signal::stored(
        districts
            .iter()
            .map(|d| Choice::new(d.code.to_string(), d.name.clone(), String::new(), ""))
            .collect::<Vec<_>>(),
    );
    // Every village of the regency, its district beside its name (two villages may share a name).
    let all_villages: Vec<Choice> = districts
        .iter()
        .flat_map(|d| {
            reference
                .villages_of(d.code.as_str())
                .into_iter()
                .map(|v| Choice::new(v.code.to_string(), v.name, d.name.clone(), &d.name))
        })
        .collect();
    let village_choices = Signal::derive(move || {
        fields.district.with(|district| {
            let within = format!("{district}.");
            all_villages
                .iter()
                .filter(|v| district.is_empty() || v.value.starts_with(&within))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let on_district = Callback::new(move |(code, _advance): (String, bool)| {
        // A village of another district would be refused: the village choice starts over.
        if !fields.village.with_untracked(|v| v.starts_with(&format!("{code}."))) {
            fields.village.set(String::new());
        }
        outcome.clear("district");
        outcome.clear("village");
    });
    let on_village = Callback::new(move |(code, advance): (String, bool)| {
        // A village names its district.
        if let Some((district, _)) = code.rsplit_once('.') {
            fields.district.set(district.to_owned());
        }
        outcome.clear("village");
        outcome.clear("district");
        if advance {
            focus("landmark");
        }
    });

    // ---- the caller's history and the duplicates ----------------------------------------------------

    let pin = move || fields.lat.with(|lat| fields.lon.with(|lon| coordinates(lat, lon).ok().flatten()));
    let duplicates = RwSignal::new(Ok::<_, ApiError>(Vec::<DuplicateCandidate>::new()));
    let active_duplicate = RwSignal::new(0usize);
    let asked = StoredValue::new(None::<String>);
    Effect::new(move |_| {
        let dispatched = default_priority.get().is_some_and(Priority::is_dispatchable);
        let query = fields.category.with(|c| fields.village.with(|v| duplicates_query(c, dispatched, v, pin())));
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

    // ---- the keyboard ----------------------------------------------------------------------------------

    let shortcuts = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.default_prevented() {
            return;
        }
        let Some(shortcut) = keys::shortcut(ev.alt_key(), ev.ctrl_key(), ev.meta_key(), &ev.code()) else { return };
        let candidates = || duplicates.get_untracked().unwrap_or_default();
        match shortcut {
            Shortcut::Category(key) => {
                let Some(category) = categories
                    .with_value(|all| all.iter().find(|c| c.quick_key.is_some_and(|k| k.as_char() == key)).cloned())
                else {
                    return;
                };
                ev.prevent_default();
                choose_category(category.code.to_string(), true, true);
            }
            Shortcut::NextDuplicate | Shortcut::PreviousDuplicate => {
                let count = candidates().len();
                if count == 0 {
                    return;
                }
                ev.prevent_default();
                let step = if shortcut == Shortcut::NextDuplicate { 1 } else { count - 1 };
                active_duplicate.update(|n| *n = (*n + step) % count);
            }
            Shortcut::LinkDuplicate => {
                let Some(candidate) = candidates().into_iter().nth(active_duplicate.get_untracked()) else { return };
                ev.prevent_default();
                link.run(candidate.incident.id);
            }
        }
    });
    on_cleanup(move || shortcuts.remove());

    // ---- the map ----------------------------------------------------------------------------------------

    // Once the form is on the page (the node ref says it is built; the next frame, that it is in the
    // document): the caller's number first, and the map.
    Effect::new(move |_| {
        if phone_input.get().is_some() {
            request_animation_frame(|| {
                focus("caller-phone");
                map::mount();
            });
        }
    });
    on_cleanup(map::unmount);

    // ---- the controls ---------------------------------------------------------------------------------

    let on_phone = move |ev: leptos::ev::Event| {
        fields.caller_phone.set(event_target_value(&ev));
        outcome.clear("caller_phone");
    };
    // Said once the operator leaves the box, not at every digit of a number still being typed.
    let on_phone_done = move |_| {
        let typed = fields.caller_phone.get_untracked();
        if !typed.trim().is_empty() && PhoneNumber::parse(&typed).is_err() {
            outcome.field_error(FieldError::new("caller_phone", FieldProblem::BadPhone, t.lang));
        }
    };
    let on_lat = move |ev: leptos::ev::Event| {
        let typed = event_target_value(&ev);
        outcome.clear("coordinates");
        match pasted_pin(&typed) {
            Some((lat, lon)) => {
                fields.lat.set(lat);
                fields.lon.set(lon);
            }
            None => fields.lat.set(typed),
        }
        map::pin(pin());
    };
    let on_lon = move |ev: leptos::ev::Event| {
        fields.lon.set(event_target_value(&ev));
        outcome.clear("coordinates");
        map::pin(pin());
    };
    let on_priority = move |ev: leptos::ev::Event| {
        let chosen = match event_target_value(&ev).as_str() {
            "P1" => Some(Priority::P1),
            "P2" => Some(Priority::P2),
            "P3" => Some(Priority::P3),
            _ => None,
        };
        fields.priority.set(chosen);
        outcome.clear("priority");
        outcome.clear("priority_reason");
    };
    let priority_shown = move || fields.priority.get().or(default_priority.get());
    let reason_needed = move || fields.priority.get().is_some_and(|p| Some(p) != default_priority.get());
    let on_description_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
            ev.prevent_default();
            submit();
        }
    };
    let has_error = move |field: &'static str| Signal::derive(move || outcome.has_error(field));
    // One type for every control's `aria-invalid`: the attribute's code is compiled once.
    let invalid = move |field: &'static str| Signal::derive(move || outcome.has_error(field).then_some("true"));

    let legend = categories.with_value(|all| {
        all.iter()
            .filter_map(|c| {
                let key = c.quick_key?.as_char().to_ascii_uppercase();
                let closes = c.closes_at_intake().then(|| format!(" ({})", ti.closes_at_once));
                Some(view! { <li><kbd>{format!("Alt+{key}")}</kbd>" "{c.name(t.lang).to_owned()}{closes}</li> })
            })
            .collect_view()
    });

    view! {
        <form class="panel intake" on:submit=move |ev| { ev.prevent_default(); submit(); } novalidate aria-labelledby="intake-title">
            <h2 id="intake-title">{t.intake_title}</h2>
            <div class="pair">
                <div class="field">
                    <label for="caller-phone">{t.caller_phone}</label>
                    <input id="caller-phone" node_ref=phone_input type="tel" inputmode="tel" autocomplete="off"
                        placeholder=t.caller_phone_hint prop:value=fields.caller_phone
                        on:input=on_phone on:change=on_phone_done aria-invalid=invalid("caller_phone")
                        aria-describedby="caller-phone-reads caller-phone-error" />
                    <p class="hint" id="caller-phone-reads" data-testid="phone-reads-as">
                        {move || fields.caller_phone.with(|p| PhoneNumber::parse(p).ok())
                            .map(|p| format!("{} {}", ti.caller_phone_reads_as, phone_for_reading(&p)))}
                    </p>
                    <ErrorLine id="caller-phone" field="caller_phone" outcome />
                </div>
                <Field id="caller-name" field="caller_name" label=t.caller_name error=outcome.error_for("caller_name")>
                    <TextInput id="caller-name" value=fields.caller_name field="caller_name" errors />
                </Field>
            </div>
            <CallerPanel phone=fields.caller_phone reference=reference.clone() />
            <Field id="category" field="category" label=t.category error=outcome.error_for("category")>
                <Combobox id="category" choices=category_choices value=fields.category on_pick=on_category
                    invalid=has_error("category") placeholder=ti.category_placeholder />
            </Field>
            <div class="pair">
                <Field id="village" field="village" label=t.village error=outcome.error_for("village")>
                    <Combobox id="village" choices=village_choices value=fields.village on_pick=on_village
                        invalid=has_error("village") placeholder=ti.village_placeholder />
                </Field>
                <Field id="district" field="district" label=t.district error=outcome.error_for("district")>
                    <Combobox id="district" choices=district_choices value=fields.district on_pick=on_district
                        invalid=has_error("district") placeholder=ti.district_placeholder />
                </Field>
            </div>
            <DuplicatesPanel found=duplicates active=active_duplicate reference=reference.clone() on_link=link />
            <Field id="landmark" field="landmark" label=t.landmark error=outcome.error_for("landmark")>
                <TextInput id="landmark" value=fields.landmark field="landmark" errors placeholder=t.landmark_hint />
            </Field>
            <div class="field">
                <label for="description">{t.description}</label>
                <textarea id="description" rows="3" prop:value=fields.description
                    on:input=move |ev| { fields.description.set(event_target_value(&ev)); outcome.clear("description"); }
                    on:keydown=on_description_key aria-invalid=invalid("description")
                    aria-describedby="description-error"></textarea>
                <ErrorLine id="description" field="description" outcome />
            </div>
            <div class="pair">
                <Field id="people" field="people_affected" label=t.people_affected error=outcome.error_for("people_affected")>
                    <TextInput id="people" value=fields.people field="people_affected" errors inputmode="numeric" />
                </Field>
                <div class="field">
                    <label for="priority">{ti.priority}</label>
                    <select id="priority" on:change=on_priority disabled=closes_at_intake
                        aria-invalid=invalid("priority") aria-describedby="priority-error">
                        {Priority::ALL.into_iter().map(|p| {
                            let label = format!("{p} · {}", t.priority_meaning(p));
                            // P0 belongs to the categories closed at intake only: it is shown, never chosen.
                            view! { <option value=p.as_str() prop:selected=move || priority_shown() == Some(p)
                                disabled=p == Priority::P0>{label}</option> }
                        }).collect_view()}
                    </select>
                    <ErrorLine id="priority" field="priority" outcome />
                </div>
            </div>
            <div hidden=move || !reason_needed()>
                <Field id="priority-reason" field="priority_reason" label=t.priority_reason error=outcome.error_for("priority_reason")>
                    <TextInput id="priority-reason" value=fields.priority_reason field="priority_reason" errors />
                </Field>
            </div>
            <fieldset class="pin">
                <legend>{t.coordinates}</legend>
                <div class="pair">
                    <div class="field">
                        <label for="lat">{ti.latitude}</label>
                        <input id="lat" type="text" inputmode="decimal" autocomplete="off" prop:value=fields.lat
                            on:input=on_lat aria-describedby="lat-error pin-hint" aria-invalid=invalid("coordinates") />
                        <ErrorLine id="lat" field="coordinates" outcome />
                    </div>
                    <div class="field">
                        <label for="lon">{ti.longitude}</label>
                        <input id="lon" type="text" inputmode="decimal" autocomplete="off" prop:value=fields.lon
                            on:input=on_lon aria-describedby="lat-error pin-hint" aria-invalid=invalid("coordinates") />
                    </div>
                </div>
                <div class="map" node_ref=map_element data-tanggap-map="" data-lat-input="lat" data-lon-input="lon"
                    data-streets=ti.map_streets data-satellite=ti.map_satellite data-unavailable=ti.map_unavailable
                    aria-label=ti.pin_hint></div>
                <p class="hint" id="pin-hint">{ti.pin_hint}</p>
            </fieldset>
            <div class="form-actions">
                <button id="submit" type="submit" disabled=sending>
                    {move || if sending.get() { t.submitting } else { t.submit }}
                </button>
                <p class="notice" role="status" aria-live="polite" data-testid="intake-notice"
                    data-incident-id=move || outcome.notice.with(|n| match n {
                        Some(Notice::Saved { incident, .. }) => Some(incident.clone()),
                        _ => None,
                    })
                    class:saved=move || outcome.notice.with(|n| matches!(n, Some(Notice::Saved { .. })))
                    class:failed=move || outcome.notice.with(|n| matches!(n, Some(Notice::NotSaved(_))))
                >
                    {move || outcome.notice.get().map(|notice| match notice {
                        Notice::Saved { text, .. } => text,
                        Notice::NotSaved(why) => why,
                    })}
                </p>
            </div>
            <ul class="other-errors">
                {move || outcome.other_errors().into_iter()
                    .map(|e| view! { <li data-testid=format!("error-{}", e.field)>{e.message}</li> })
                    .collect_view()}
            </ul>
            <section class="keys" aria-label=ti.shortcuts>
                <h3>{ti.shortcuts}</h3>
                <ul>
                    {legend}
                    <li><kbd>"Enter"</kbd>" "{ti.key_save}</li>
                    <li><kbd>"Ctrl+Enter"</kbd>" "{ti.key_save_description}</li>
                    <li><kbd>"Alt+↓ Alt+↑"</kbd>" "{ti.key_choose_duplicate}</li>
                    <li><kbd>"Alt+Enter"</kbd>" "{ti.key_link}</li>
                </ul>
            </section>
        </form>
    }
}

/// Moves the keyboard to the control with this id.
fn focus(id: &str) {
    if let Some(element) = document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = element.focus();
    }
}

/// Resolves after `millis`: a task that waits for the operator to stop typing, cancelled (with its
/// wait) when the next keystroke starts another.
async fn pause(millis: i32) {
    let timer = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(timer).await;
}

/// The API's (or the form's own) message about one field, under its control.
#[component]
fn ErrorLine(id: &'static str, field: &'static str, outcome: Outcome) -> impl IntoView {
    let error = outcome.error_for(field);
    move || {
        error.get().map(|message| {
            view! { <p class="field-error" id=format!("{id}-error") data-testid=format!("error-{field}") role="alert">{message}</p> }
        })
    }
}
