//! The handover on `/dinas`, for those who work the shifts: the shift under way, and just after a
//! change the shift before while its handover is not acknowledged. Each shows what it hands over (the
//! open incidents, the targets missed during it, the numbers blocked): as it stood when the note was
//! written, else as it stands now. A supervisor writes the note (again, until it is acknowledged), and
//! another supervisor acknowledges it; operators read. The API decides when: its refusal is shown.

use leptos::prelude::*;
use tanggap_domain::dto::{HandoverAcknowledgement, HandoverNote, OnDuty, ShiftNow, ShiftRecord};
use tanggap_domain::shift::{Handover, HandoverError, HandoverMaterial, Shift};
use tanggap_domain::{CategoryCode, IncidentId, Priority, Role, Username};

use super::shift_words;
use crate::access::incident_path;
use crate::api;
use crate::clock;
use crate::components::field::{Field, FieldErrors};
use crate::components::form::{Outcome, OutcomeLine, SubmitButton, load, refused, submit};
use crate::components::priority_badge::PriorityBadge;
use crate::i18n::texts;
use crate::reference::{Reference, use_reference};
use crate::session;

/// The handovers of the shift before (while it is still to be handed over) and of the shift under way.
#[component]
pub fn Handovers(now: ShiftNow) -> impl IntoView {
    let t = texts();
    let failed: Outcome = RwSignal::new(None);
    let previous = now.pattern.previous(now.current.id);
    let records = [previous, now.current.id].map(|id| {
        let record = RwSignal::new(None::<ShiftRecord>);
        load(async move {
            match api::shift_record(id).await {
                Ok(answer) => {
                    record.try_set(Some(answer));
                }
                Err(error) => {
                    failed.try_set(Some(Err(t.api_error(&error))));
                }
            }
        });
        record
    });
    let (people, offset) = (now.on_duty, now.utc_offset_hours);
    // Each section is drawn once, when its record and the categories (which name its incidents) are in:
    // a note saved or acknowledged is kept in the section.
    let reference = use_reference();
    let sections = move || {
        let reference = reference.loaded()?;
        let sections = records
            .into_iter()
            .enumerate()
            .filter_map(|(i, record)| record.get().filter(|record| i == 1 || still_to_hand_over(record)))
            .map(|record| {
                view! { <HandoverSection record reference=reference.clone() people=people.clone() offset /> }
            })
            .collect_view();
        Some(sections)
    };
    view! {
        {sections}
        <OutcomeLine outcome=failed testid="handover-loading" />
    }
}

/// Whether a shift that has ended is still to be handed over: its handover is not acknowledged, and
/// one is written or may still be (the API gives what it would hand over only then).
fn still_to_hand_over(record: &ShiftRecord) -> bool {
    match &record.handover {
        Some(handover) => handover.acknowledged.is_none(),
        None => record.material.is_some(),
    }
}

#[component]
fn HandoverSection(record: ShiftRecord, reference: Reference, people: Vec<OnDuty>, offset: i8) -> impl IntoView {
    let t = texts();
    let s = t.shifts();
    let ShiftRecord { shift, handover, material: material_now, .. } = record;
    let handover = RwSignal::new(handover);
    let user = untrack(session::user);
    let supervisor = user.as_ref().is_some_and(|user| user.role == Role::Supervisor);
    let me = user.map(|user| user.username);
    let name = StoredValue::new(people);
    let name = move |username: &Username| name.with_value(|people| name_of(people, username));
    // What the last press did, said beneath the forms: they come and go with the handover.
    let outcome: Outcome = RwSignal::new(None);

    let note = move || {
        let Some(handover) = handover.get() else {
            return view! { <p class="muted" data-testid="no-handover">{s.no_handover}</p> }.into_any();
        };
        let when = |at| clock::center_time(at, offset);
        let written = format!("{} {}, {}", s.written_by, name(&handover.written_by), when(handover.written_at));
        let acknowledgement = handover.acknowledged.map(|ack| {
            let mut line = format!("{} {}, {}", s.acknowledged_by, name(&ack.by), when(ack.at));
            if let Some(remark) = ack.note {
                line.push_str(&format!(": “{}”", remark.as_str()));
            }
            view! { <p class="handover-acknowledged" data-testid="handover-acknowledged">{line}</p> }
        });
        view! {
            <blockquote class="handover-note" data-testid="handover-note">{handover.note.as_str().to_owned()}</blockquote>
            <p class="muted" data-testid="handover-written">{written}</p>
            {acknowledgement}
        }
        .into_any()
    };
    // What a written note handed over, else what the shift would hand over now.
    let material = move || {
        let written = handover.with(|h| h.as_ref().map(|h| h.material.clone()));
        match written {
            Some(material) => Some(material_view(s.material_written, &material, &reference, offset)),
            None => material_now.as_ref().map(|material| material_view(s.material_now, material, &reference, offset)),
        }
    };
    // Memos: a form is drawn again only when it comes or goes, not with each note saved.
    let open = Memo::new(move |_| handover.with(|h| h.as_ref().is_none_or(|h| h.acknowledged.is_none())));
    let acknowledgeable = Memo::new(move |_| {
        handover.with(|h| h.as_ref().is_some_and(|h| h.acknowledged.is_none() && Some(&h.written_by) != me.as_ref()))
    });
    let form = move |kind, shown: Memo<bool>| {
        move || (supervisor && shown.get()).then(|| view! { <NoteForm shift kind handover outcome /> })
    };
    let title_id = format!("handover-{}-{}", shift.id.day, shift.id.index);
    let labelled_by = title_id.clone();

    view! {
        <section class="handover" data-testid="handover" data-shift=shift.id.to_string() aria-labelledby=labelled_by>
            <h2 id=title_id>{format!("{} · {}", s.handover_title, shift_words(&shift))}</h2>
            {note}
            {material}
            {form(NoteKind::Acknowledgement, acknowledgeable)}
            {form(NoteKind::Handover, open)}
            <OutcomeLine outcome testid="handover-notice" />
        </section>
    }
}

/// A person's name as the page knows it (those on duty now, and the user), else their username.
fn name_of(people: &[OnDuty], username: &Username) -> String {
    let user = untrack(session::user).filter(|user| &user.username == username).map(|user| user.display_name);
    people
        .iter()
        .find(|p| &p.username == username)
        .map(|p| p.display_name.clone())
        .or(user)
        .unwrap_or_else(|| username.to_string())
}

/// What is handed over: the open incidents (the most urgent listed, each a link to its page), the
/// targets missed during the shift, the numbers blocked.
fn material_view(
    caption: &'static str,
    material: &HandoverMaterial,
    reference: &Reference,
    offset: i8,
) -> impl IntoView + use<> {
    let t = texts();
    let s = t.shifts();
    let now = clock::now_millis();
    let category =
        |code: &CategoryCode| reference.category(code).map_or_else(|| code.to_string(), |c| c.name(t.lang).to_owned());
    let open = material
        .open
        .iter()
        .map(|incident| {
            let text = format!(
                " · {} · {}",
                incident.status.label(t.lang),
                t.age(clock::seconds_since(incident.received_at, now))
            );
            incident_item("handover-open", &incident.id, incident.priority, category(&incident.category), text)
        })
        .collect_view();
    let listed = material.open.len();
    let truncated = (material.open_count > listed)
        .then(|| view! { <p class="hint">{format!("{} {listed}", s.most_urgent_listed)}</p> });
    let breaches = material
        .breaches
        .iter()
        .map(|breach| {
            let due = clock::center_time(breach.due, offset);
            let text = format!(" · {} · {} · {} {due}", breach.agency, breach.clock.label(t.lang), s.due);
            incident_item("handover-breach", &breach.incident, breach.priority, category(&breach.category), text)
        })
        .collect_view();
    let blocked = material
        .blocked
        .iter()
        .map(|block| {
            let until = clock::local_date_time(block.until, t.lang);
            let text = format!("{} · {} · {} {until}", block.phone.as_str(), block.reason.as_str(), s.blocked_until);
            view! { <li data-testid="handover-blocked">{text}</li> }
        })
        .collect_view();
    let heading = |words: &str, count: usize| format!("{words} ({count})");
    view! {
        <div class="handover-material" data-testid="handover-material" data-open=material.open_count>
            <p class="label">{caption}</p>
            <h3>{heading(s.open_incidents, material.open_count)}</h3>
            {truncated}
            <ul class="handover-list">{open}</ul>
            <h3>{heading(s.breaches, material.breaches.len())}</h3>
            <ul class="handover-list">{breaches}</ul>
            <h3>{heading(s.blocked_numbers, material.blocked.len())}</h3>
            <ul class="handover-list">{blocked}</ul>
        </div>
    }
}

/// What a [`NoteForm`] does with its text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum NoteKind {
    /// The outgoing supervisor's note, written or rewritten until it is acknowledged.
    Handover,
    /// The incoming supervisor's acknowledgement, with a remark if any.
    Acknowledgement,
}

/// A supervisor's form: the handover's note, or the acknowledgement's remark. What it did is said in
/// `outcome`, kept by the section: an acknowledgement's form goes once it is done.
#[component]
fn NoteForm(shift: Shift, kind: NoteKind, handover: RwSignal<Option<Handover>>, outcome: Outcome) -> impl IntoView {
    let t = texts();
    let s = t.shifts();
    let writes = kind == NoteKind::Handover;
    let written = handover.with_untracked(|h| h.as_ref().filter(|_| writes).map(|h| h.note.to_string()));
    let text = RwSignal::new(written.unwrap_or_default());
    let errors = FieldErrors::new();
    let busy = RwSignal::new(false);
    // Said before the API would refuse it: a note is written from an hour before the shift's end.
    let early = writes && clock::now().is_some_and(|now| now < shift.ends_at && !Handover::may_be_written(&shift, now));
    let hint = early.then(|| view! { <p class="hint">{HandoverError::NotHandoverTime.message(t.lang)}</p> });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        outcome.set(None);
        let text = text.get_untracked();
        submit(busy, async move {
            let answer = if writes {
                api::write_handover(shift.id, &HandoverNote { note: text }).await
            } else {
                let note = (!text.trim().is_empty()).then_some(text);
                api::acknowledge_handover(shift.id, &HandoverAcknowledgement { note }).await
            };
            match answer {
                Ok(done) => {
                    errors.set(Vec::new());
                    outcome
                        .try_set(Some(Ok(if writes { s.handover_saved } else { s.handover_acknowledged }.to_owned())));
                    handover.try_set(Some(done));
                }
                Err(error) => refused(errors, outcome, &error, |e| t.api_error(e)),
            }
        });
    };
    let (name, label, button, testid) = if writes {
        ("note", s.handover_note, s.save_handover, "handover-form")
    } else {
        ("remark", s.acknowledgement_note, s.acknowledge, "acknowledge-form")
    };
    let id = format!("handover-{name}-{}-{}", shift.id.day, shift.id.index);
    let (described_by, button_id) = (format!("{id}-error"), format!("{id}-save"));
    view! {
        <form class="handover-form" data-testid=testid on:submit=on_submit novalidate>
            <Field id=id.clone() field="note" label error=errors.error_for("note")>
                <textarea
                    id=id
                    rows=if writes { "4" } else { "2" }
                    prop:value=text
                    aria-describedby=described_by
                    on:input=move |ev| {
                        text.set(event_target_value(&ev));
                        errors.clear("note");
                    }
                ></textarea>
                {hint}
            </Field>
            <div class="form-actions">
                <SubmitButton id=button_id busy idle_label=button busy_label=t.saving />
            </div>
        </form>
    }
}

/// An incident handed over: its priority and category, a link to its page, and what else is said of it.
fn incident_item(
    testid: &'static str,
    id: &IncidentId,
    priority: Priority,
    category: String,
    text: String,
) -> impl IntoView + use<> {
    view! {
        <li data-testid=testid data-incident=id.to_string()>
            <a href=incident_path(id)><PriorityBadge priority />" "{category}</a>
            {text}
        </li>
    }
}
