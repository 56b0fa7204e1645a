//! The form that corrects an incident's facts (priority with its reason, description, people affected,
//! landmark, caller's name). An edit made on an older version than the newest is a conflict: the form
//! then shows the user's changes beside the newer values and applies them again only when told.

use leptos::prelude::*;
use tanggap_domain::dto::{FieldError, FieldProblem, MAX_PEOPLE_AFFECTED};
use tanggap_domain::{Incident, IncidentCommand, Lang, LifecycleError, Location, Priority, Reason, Text};

use super::conflict::Conflict;
use super::editable::{EDITABLE, Values, editable};
use super::page::Page;
use super::words::text_error;
use crate::components::field::{Field, FieldErrors};
use crate::components::form::{Outcome, OutcomeLine, TextInput, refused, submit};
use crate::i18n::texts;

/// The `edit` for what the user typed over `base` (the values they started from), to be applied to
/// `current`; `None` when nothing was changed. A blank field changes nothing.
fn edit_command(
    typed: &Values,
    reason: &str,
    base: &Values,
    current: &Incident,
    lang: Lang,
) -> Result<Option<IncidentCommand>, Vec<FieldError>> {
    let changed = |i: usize| {
        let value = typed[i].trim();
        (!value.is_empty() && value != base[i].trim()).then_some(value)
    };
    let mut errors = Vec::new();
    let text_at = |i: usize, errors: &mut Vec<FieldError>| {
        changed(i).and_then(|value| Text::parse(value).map_err(|e| errors.push(text_error(EDITABLE[i], e, lang))).ok())
    };
    let priority = changed(0).and_then(|value| {
        let chosen = Priority::ALL.into_iter().find(|p| p.as_str() == value && p.is_dispatchable());
        if chosen.is_none() {
            errors.push(FieldError::new("priority", FieldProblem::Invalid, lang));
        }
        chosen
    });
    let priority_reason = priority
        .and_then(|_| Reason::parse(reason).map_err(|e| errors.push(text_error("priority_reason", e, lang))).ok());
    let description = text_at(1, &mut errors);
    let people_affected = changed(2).and_then(|value| match value.parse::<u32>() {
        Ok(n) if n <= MAX_PEOPLE_AFFECTED => Some(n),
        Ok(_) => {
            errors.push(FieldError::new("people_affected", FieldProblem::TooMany(MAX_PEOPLE_AFFECTED), lang));
            None
        }
        Err(_) => {
            errors.push(FieldError::new("people_affected", FieldProblem::Invalid, lang));
            None
        }
    });
    let landmark = text_at(3, &mut errors);
    let caller_name = text_at(4, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let nothing = priority.is_none()
        && description.is_none()
        && people_affected.is_none()
        && landmark.is_none()
        && caller_name.is_none();
    // The landmark travels in the location: the rest of it as it is now.
    let location = landmark.map(|landmark| Location { landmark: Some(landmark), ..current.location.clone() });
    Ok((!nothing).then_some(IncidentCommand::Edit {
        priority,
        priority_reason,
        location,
        description,
        people_affected,
        caller_name,
    }))
}

#[component]
pub(super) fn EditForm(page: Page) -> impl IntoView {
    let t = texts();
    let (start, start_version) = page.incident().map(|i| (editable(&i), i.version)).unwrap_or_default();
    // What the user started from, and on which version: their edit is what they changed over it.
    let base = StoredValue::new(start.clone());
    let base_version = StoredValue::new(start_version);
    let typed = start.map(RwSignal::new);
    let reason = RwSignal::new(String::new());
    let conflict = RwSignal::new(false);
    let errors = FieldErrors::new();
    let outcome: Outcome = RwSignal::new(None);
    let busy = RwSignal::new(false);

    // Starts over from the incident as it is now.
    let reset = move || {
        let Some(incident) = page.incident() else { return };
        let values = editable(&incident);
        for (signal, value) in typed.iter().zip(values.clone()) {
            signal.try_set(value);
        }
        reason.try_set(String::new());
        base.try_set_value(values);
        base_version.try_set_value(incident.version);
        conflict.try_set(false);
        errors.set(Vec::new());
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        outcome.set(None);
        let Some(current) = page.incident() else { return };
        let before = base.get_value();
        let command =
            match edit_command(&typed.map(|s| s.get_untracked()), &reason.get_untracked(), &before, &current, t.lang) {
                Ok(Some(command)) => command,
                Ok(None) => return outcome.set(Some(Err(LifecycleError::NothingToChange.message(t.lang)))),
                Err(field_errors) => return errors.set(field_errors),
            };
        // On the version the user started from, so that someone else's edit meanwhile is a conflict;
        // on the newest once the user has seen the conflict, or when nothing editable changed since
        // (their own note, a linked report).
        let on_newest = conflict.get_untracked() || editable(&current) == before;
        let version = if on_newest { current.version } else { base_version.get_value() };
        submit(busy, async move {
            match page.send(version, command).await {
                Ok(()) => {
                    reset();
                    outcome.try_set(Some(Ok(t.user_saved.to_owned())));
                }
                Err(error) => match error.conflict() {
                    // What the user left alone takes the newer value; what they typed stays, to compare.
                    Some(newest) => {
                        let newest = editable(newest);
                        base.try_update_value(|before| {
                            for (i, signal) in typed.iter().enumerate() {
                                if signal.with_untracked(|v| v.trim() == before[i].trim()) {
                                    signal.try_set(newest[i].clone());
                                    before[i] = newest[i].clone();
                                }
                            }
                        });
                        errors.set(Vec::new());
                        conflict.try_set(true);
                    }
                    None => refused(errors, outcome, &error, |e| t.api_error(e)),
                },
            }
        });
    };

    let labels = [t.column_priority, t.description, t.people_affected, t.landmark, t.caller_name];
    let conflict_table = move || conflict.get().then(|| view! { <Conflict page typed base labels /> });
    let priorities = [Priority::P1, Priority::P2, Priority::P3]
        .into_iter()
        .map(|p| {
            let selected = move || typed[0].with(|v| v == p.as_str());
            view! { <option value=p.as_str() prop:selected=selected>{format!("{p} · {}", p.meaning(t.lang))}</option> }
        })
        .collect_view();
    let input = move |i: usize, id: &'static str| {
        view! {
            <Field id=id field=EDITABLE[i] label=labels[i] error=errors.error_for(EDITABLE[i])>
                <TextInput id=id value=typed[i] field=EDITABLE[i] errors />
            </Field>
        }
    };

    view! {
        <form class="panel edit-form" id="edit-form" on:submit=on_submit novalidate aria-labelledby="edit-title">
            <h2 id="edit-title">{t.edit_incident}</h2>
            <p class="hint">{t.edit_hint}</p>
            <Field id="edit-priority" field="priority" label=t.column_priority error=errors.error_for("priority")>
                <select
                    id="edit-priority"
                    on:change=move |ev| {
                        typed[0].set(event_target_value(&ev));
                        errors.clear("priority");
                    }
                >
                    {priorities}
                </select>
            </Field>
            <Field id="edit-priority-reason" field="priority_reason" label=t.priority_reason error=errors.error_for("priority_reason")>
                <TextInput id="edit-priority-reason" value=reason field="priority_reason" errors />
            </Field>
            <Field id="edit-description" field="description" label=t.description error=errors.error_for("description")>
                <textarea
                    id="edit-description"
                    rows="3"
                    prop:value=typed[1]
                    aria-describedby="edit-description-error"
                    on:input=move |ev| {
                        typed[1].set(event_target_value(&ev));
                        errors.clear("description");
                    }
                ></textarea>
            </Field>
            {input(2, "edit-people")}
            {input(3, "edit-landmark")}
            {input(4, "edit-caller-name")}
            {conflict_table}
            <div class="form-actions">
                <button id="edit-save" type="submit" disabled=busy>
                    {move || if busy.get() { t.saving } else if conflict.get() { t.reapply } else { t.save }}
                </button>
                {move || conflict.get().then(|| view! {
                    <button id="edit-discard" type="button" class="secondary" on:click=move |_| {
                        reset();
                        outcome.set(None);
                    }>{t.discard}</button>
                })}
                <OutcomeLine outcome testid="edit-notice" />
            </div>
            <ul class="other-errors">
                {move || {
                    const SHOWN: &[&str] = &["priority", "priority_reason", "description", "people_affected", "landmark", "caller_name"];
                    errors.others(SHOWN).into_iter().map(|m| view! { <li>{m}</li> }).collect_view()
                }}
            </ul>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::incident;
    use super::*;

    fn edit(typed: [&str; 5], reason: &str) -> Result<Option<IncidentCommand>, Vec<FieldError>> {
        let current = incident();
        edit_command(&typed.map(String::from), reason, &editable(&current), &current, Lang::En)
    }

    #[test]
    fn only_the_changed_facts_are_sent_and_the_landmark_keeps_the_rest_of_the_location() {
        let command = edit(["P1", "gudang terbakar", "4", "depan masjid", "Budi"], "").unwrap().unwrap();
        let IncidentCommand::Edit { priority, location, description, people_affected, caller_name, .. } = command
        else {
            panic!("not an edit")
        };
        assert_eq!((priority, description, people_affected, caller_name), (None, None, Some(4), None));
        let location = location.unwrap();
        assert_eq!(location.landmark.unwrap().as_str(), "depan masjid");
        assert_eq!(location.district, incident().location.district);
    }

    #[test]
    fn a_new_priority_needs_a_reason_and_bad_numbers_are_named_at_their_field() {
        let errors = edit(["P2", "gudang terbakar", "banyak", "dekat pasar", "Budi"], " ").unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["priority_reason", "people_affected"]);
        let command = edit(["P2", "", "", "", ""], "api sudah padam").unwrap().unwrap();
        assert!(matches!(
            command,
            IncidentCommand::Edit { priority: Some(Priority::P2), priority_reason: Some(_), .. }
        ));
    }

    #[test]
    fn an_untouched_form_or_blank_fields_change_nothing() {
        assert_eq!(edit(["P1", "gudang terbakar", "", "dekat pasar", "Budi"], "").unwrap(), None);
        assert_eq!(edit(["P1", " ", "", "", ""], "").unwrap(), None);
    }
}
