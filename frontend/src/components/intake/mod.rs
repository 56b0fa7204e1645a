//! The intake form: what an operator fills in while the caller is on the line, keyboard first.
//!
//! The caller's number comes first (focused on load and after every save), and its history shows as
//! soon as it reads as a number. Alt+<quick key> picks a category from anywhere on the page; a category
//! closed at intake (prank, silent, wrong number, information) is sent at once with it, so a prank
//! takes two keys. Categories, districts and villages are found by typing. Open incidents of the same
//! kind at the same place are offered as duplicates (Alt+↓/↑, Alt+Enter links the call to one).
//! Enter sends the form (Ctrl+Enter from the description). Every send is once per submission, retried
//! with the same idempotency key, its field errors shown at their fields.
//!
//! This module holds what the call's parts share (what is typed, the outcome, the sending) and lays
//! the form out; each part is a module beside it.

mod browser;
mod caller;
mod category;
mod combobox;
mod description;
mod duplicates;
mod fields;
mod keys;
mod map;
mod notice;
mod outcome;
mod phone;
mod pin;
mod place;
mod priority;
mod search;

use leptos::html;
use leptos::prelude::*;
use tanggap_domain::dto::{IncidentDetail, NewIncident, NewReport};
use tanggap_domain::{Category, IncidentId, IncidentStatus};

use self::browser::focus;
use self::caller::CallerPanel;
use self::category::CategoryField;
use self::description::DescriptionField;
use self::duplicates::{DuplicatesPanel, ask_for_duplicates};
use self::fields::IntakeFields;
use self::keys::{KeyLegend, Shortcut};
use self::notice::{NoticeLine, OtherErrors};
use self::outcome::Outcome;
use self::phone::PhoneField;
use self::pin::PinFields;
use self::place::PlaceFields;
use self::priority::{PriorityField, PriorityReason};
use crate::api;
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
    // The operator's handling time: from the call's first keystroke in the form (ms, the browser's
    // clock) to its sending, measured once per request so that a retry is the same request.
    let started = StoredValue::new(None::<f64>);
    let handled = StoredValue::new(None::<(String, Option<u32>)>);

    let categories: StoredValue<Vec<Category>> =
        StoredValue::new(reference.categories_by_priority().into_iter().flat_map(|(_, group)| group).collect());
    let category_of =
        move |code: &str| categories.with_value(|all| all.iter().find(|c| c.code.as_str() == code).cloned());
    // The chosen category's own priority: the default, and what a different choice needs a reason against.
    let default_priority = Signal::derive(move || fields.category.with(|code| category_of(code).map(|c| c.priority)));

    // ---- sending ------------------------------------------------------------------------------------

    // Saved or linked: the next call starts at the caller's number.
    let done = move |detail: IncidentDetail, text: String| {
        outcome.saved(text, detail.incident.id.to_string());
        fields.clear();
        started.set_value(None);
        handled.set_value(None);
        map::pin(None);
        on_created.run(detail);
        focus("caller-phone");
    };
    let submit = move || {
        if sending.get_untracked() {
            return;
        }
        let typed = fields.typed();
        let mut incident = match typed.request(default_priority.get_untracked(), t.lang) {
            Ok(incident) => incident,
            Err(found) => return outcome.refused(found, t.not_saved.to_owned()),
        };
        let Some(key) = incidents.try_update_value(|s| s.key_for(&incident, idempotency::new_key)) else { return };
        incident.intake_seconds = match handled.get_value() {
            Some((sent, seconds)) if sent == key => seconds,
            _ => {
                let seconds =
                    started.get_value().map(|at| ((js_sys::Date::now() - at) / 1000.0).max(0.0).round() as u32);
                handled.set_value(Some((key.clone(), seconds)));
                seconds
            }
        };
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

    // ---- the duplicates and the keyboard --------------------------------------------------------------

    let (duplicates, active_duplicate) = ask_for_duplicates(fields, default_priority);
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

    view! {
        <form
            class="panel intake"
            on:submit=move |ev| { ev.prevent_default(); submit(); }
            on:input=move |_| if started.get_value().is_none() { started.set_value(Some(js_sys::Date::now())) }
            novalidate
            aria-labelledby="intake-title"
        >
            <h2 id="intake-title">{t.intake_title}</h2>
            <div class="pair">
                <PhoneField fields outcome input=phone_input />
                <Field id="caller-name" field="caller_name" label=t.caller_name error=outcome.error_for("caller_name")>
                    <TextInput id="caller-name" value=fields.caller_name field="caller_name" errors />
                </Field>
            </div>
            <CallerPanel phone=fields.caller_phone reference=reference.clone() />
            <CategoryField categories value=fields.category outcome on_pick=on_category />
            <PlaceFields fields outcome reference=reference.clone() />
            <DuplicatesPanel found=duplicates active=active_duplicate reference=reference.clone() on_link=link />
            <Field id="landmark" field="landmark" label=t.landmark error=outcome.error_for("landmark")>
                <TextInput id="landmark" value=fields.landmark field="landmark" errors placeholder=t.landmark_hint />
            </Field>
            <DescriptionField fields outcome on_send=Callback::new(move |()| submit()) />
            <div class="pair">
                <Field id="people" field="people_affected" label=t.people_affected error=outcome.error_for("people_affected")>
                    <TextInput id="people" value=fields.people field="people_affected" errors inputmode="numeric" />
                </Field>
                <PriorityField fields outcome default_priority />
            </div>
            <PriorityReason fields outcome default_priority errors />
            <PinFields fields outcome />
            <div class="form-actions">
                <button id="submit" type="submit" disabled=sending>
                    {move || if sending.get() { t.submitting } else { t.submit }}
                </button>
                <NoticeLine outcome />
            </div>
            <OtherErrors outcome />
            <KeyLegend categories />
        </form>
    }
}
