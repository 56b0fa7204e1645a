//! `/kejadian/{id}`: one incident, everything known about it and its history, and what operators and
//! supervisors do about it here: verify it, close it as a false report, correct its facts, add notes.
//!
//! Every command names the version it was made on. When someone else changed the incident first, the
//! API refuses (409) with the newest incident: the page shows it, puts the user's edit beside the newer
//! values, and applies it again only when the user says so. Nothing is overwritten silently.
//!
//! It also dispatches and follows the agencies' work: `operator` and the modules beside it.

mod assignments;
mod dispatch;
mod operator;
mod photos;
mod step;
mod support;

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use tanggap_domain::dto::{CommandRequest, FieldError, FieldProblem, IncidentDetail, MAX_PEOPLE_AFFECTED};
use tanggap_domain::incident::{Closure, VerificationMethod};
use tanggap_domain::text::TextError;
use tanggap_domain::{
    Actor, AssignmentStatus, Change, DelayReason, Event, Incident, IncidentCommand, IncidentId, IncidentStatus, Lang,
    LifecycleError, Location, Priority, Reason, Text,
};

use crate::access;
use crate::api::{self, ApiError};
use crate::clock;
use crate::components::field::{Field, FieldErrors};
use crate::components::form::{Outcome, OutcomeLine, TextInput, load, refused, submit};
use crate::components::incident_board::place;
use crate::components::priority_badge::PriorityBadge;
use crate::i18n::{Texts, texts};
use crate::reference::Reference;
use crate::routes::board::with_reference;
use crate::session;

#[component]
pub fn IncidentPage() -> impl IntoView {
    let location = use_location();
    // A memo: the page is drawn again only for another incident, not for a new query string.
    let id = Memo::new(move |_| location.pathname.with(|path| access::incident_id(path)));
    with_reference(move |reference| {
        let t = texts();
        let page = move || match id.get() {
            Some(id) => view! { <IncidentView id reference=reference.clone() /> }.into_any(),
            None => view! { <p class="notice failed">{t.not_found_body}</p> }.into_any(),
        };
        page.into_any()
    })
}

/// What the page's parts share: the incident's id and what the API last said about it.
#[derive(Clone, Copy)]
struct Page {
    id: StoredValue<IncidentId>,
    detail: RwSignal<Option<IncidentDetail>>,
}

impl Page {
    fn incident(self) -> Option<Incident> {
        self.detail.with_untracked(|d| d.as_ref().map(|d| d.incident.clone()))
    }

    fn version(self) -> u64 {
        self.detail.with_untracked(|d| d.as_ref().map_or(0, |d| d.incident.version))
    }

    /// Sends a command made on `version`. The answer replaces what the page shows; after a conflict the
    /// newest incident is shown at once, and its history fetched.
    async fn send(self, version: u64, command: IncidentCommand) -> Result<(), ApiError> {
        let id = self.id.get_value();
        let request = CommandRequest { expected_version: version, command };
        let error = match api::command(&id, &request).await {
            Ok(detail) => {
                self.detail.try_set(Some(detail));
                return Ok(());
            }
            Err(error) => error,
        };
        if let Some(current) = error.conflict().cloned() {
            self.detail.try_update(|d| {
                if let Some(d) = d {
                    d.incident = current;
                }
            });
            if let Ok(detail) = api::incident(&id).await {
                self.detail.try_set(Some(detail));
            }
        }
        Err(error)
    }
}

#[component]
fn IncidentView(id: IncidentId, reference: Reference) -> impl IntoView {
    let t = texts();
    let page = Page { id: StoredValue::new(id.clone()), detail: RwSignal::new(None) };
    let failure: Outcome = RwSignal::new(Some(Ok(t.loading.to_owned())));
    load(async move {
        match api::incident(&id).await {
            Ok(detail) => {
                page.detail.set(Some(detail));
                failure.set(None);
            }
            Err(error) => failure.set(Some(Err(t.api_error(&error)))),
        }
    });
    let acts = untrack(session::user).is_some_and(|user| access::takes_calls(user.role));
    // A memo: the forms are drawn again only when the status changes, so that nothing typed is lost
    // when a note lands.
    // `try_` here and below: a command's answer may land just as the page is left.
    let status = Memo::new(move |_| page.detail.try_with(|d| d.as_ref().map(|d| d.incident.status)).flatten());
    let reference_for_history = reference.clone();
    let operator = view! { <operator::OperatorParts page reference=reference.clone() acts /> };
    let facts = move || page.detail.try_with(|d| d.as_ref().map(|d| facts(d, &reference))).flatten();
    let lists = move || {
        page.detail
            .try_with(|d| {
                d.as_ref().map(|d| {
                    let notes = d.events.iter().rev().filter_map(|e| match &e.change {
                        Change::NoteAdded { text } => Some((e, text.as_str().to_owned())),
                        _ => None,
                    });
                    let reports = d.events.iter().rev().filter_map(|e| match &e.change {
                        Change::ReportLinked { caller, description } => {
                            let who = [caller.phone_for_display(), caller.name.as_deref()];
                            Some((e, join(who.into_iter().chain([description.as_ref().map(Text::as_str)]))))
                        }
                        _ => None,
                    });
                    let history = d.events.iter().rev().map(|e| (e, describe(&e.change, t, &reference_for_history)));
                    [
                        (t.notes, "notes", events(notes.collect())),
                        (t.linked_reports, "linked-reports", events(reports.collect())),
                        (t.history, "history", events(history.collect())),
                    ]
                    .map(|(title, testid, list)| {
                        view! {
                            <section class="panel" data-testid=testid>
                                <h2>{title}</h2>
                                {list}
                            </section>
                        }
                    })
                })
            })
            .flatten()
    };
    let forms = move || {
        let status = status.get()?;
        acts.then(|| {
            view! {
                {(status == IncidentStatus::Received).then(|| view! { <ActionForm page action=Action::Verify /> })}
                {matches!(status, IncidentStatus::Received | IncidentStatus::Verified)
                    .then(|| view! { <ActionForm page action=Action::CloseFalse /> })}
                {status.is_open().then(|| view! { <EditForm page /> })}
                <ActionForm page action=Action::Note />
            }
        })
    };

    view! {
        <div class="incident-page">
            <div class="incident-main">
                <section class="panel" aria-labelledby="incident-title">
                    <h1 id="incident-title">{t.incident_title}</h1>
                    <OutcomeLine outcome=failure testid="incident-notice" />
                    {facts}
                </section>
                {operator}
                {lists}
            </div>
            <div class="incident-side">{forms}</div>
        </div>
    }
}

/// Everything known about the incident now, label beside value.
fn facts(detail: &IncidentDetail, reference: &Reference) -> impl IntoView + use<> {
    let t = texts();
    let i = &detail.incident;
    let category =
        reference.category(&i.category).map_or_else(|| i.category.to_string(), |c| c.name(t.lang).to_owned());
    let caller = join([i.caller.phone_for_display(), i.caller.name.as_deref()].into_iter());
    let agencies: Vec<&str> = i.assignments.iter().map(|a| a.agency.as_str()).collect();
    let rows = [
        ("status", t.column_status, t.status(i.status).to_owned()),
        ("category", t.category, category),
        ("priority-reason", t.priority_reason, priority_reason(&detail.events).unwrap_or_default()),
        ("caller", t.column_caller, caller),
        ("place", t.column_place, place(&i.location).unwrap_or_default()),
        ("landmark", t.landmark, text(&i.location.landmark)),
        ("description", t.description, text(&i.description)),
        ("people", t.people_affected, i.people_affected.map(|n| n.to_string()).unwrap_or_default()),
        ("extra-reports", t.extra_reports, i.extra_reports.to_string()),
        ("agencies", t.column_agencies, agencies.join(", ")),
        ("received", t.received_at, clock::local_date_time(i.received_at, t.lang)),
        ("target", t.dispatch_target, i.dispatch_target.map(|d| t.age(d.as_seconds())).unwrap_or_default()),
    ];
    // A link to the pin on OpenStreetMap; the numbers through JS, which spares the wasm Rust's float formatting.
    let pin = i.location.coordinates.map(|c| {
        let [lat, lon] =
            [c.lat(), c.lon()].map(|x| js_sys::Number::from(x).to_fixed(5).map(String::from).unwrap_or_default());
        let href = format!("https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}");
        view! { <a href=href target="_blank" rel="noopener">{format!("{lat}, {lon}")}</a> }
    });
    view! {
        {i.caller_blocked.then(|| view! { <p class="notice attention" data-testid="caller-blocked">{t.caller_blocked}</p> })}
        <dl class="facts">
            <dt>{t.column_priority}</dt>
            <dd data-testid="fact-priority">
                <PriorityBadge priority=i.priority />
                " "
                {t.priority_meaning(i.priority)}
            </dd>
            {rows
                .into_iter()
                .map(|(key, label, value)| {
                    let value = if value.is_empty() { t.nothing.to_owned() } else { value };
                    view! {
                        <dt>{label}</dt>
                        <dd data-testid=format!("fact-{key}")>{value}</dd>
                    }
                })
                .collect_view()}
            <dt>{t.coordinates}</dt>
            <dd data-testid="fact-pin">{pin.map_or_else(|| t.nothing.into_any(), IntoAny::into_any)}</dd>
        </dl>
    }
}

/// A list of events, newest first, each with when, who, and what.
fn events(entries: Vec<(&Event, String)>) -> AnyView {
    let t = texts();
    if entries.is_empty() {
        return view! { <p class="muted">{t.none_yet}</p> }.into_any();
    }
    let items = entries
        .into_iter()
        .map(|(event, text)| {
            view! {
                <li data-testid="event" data-seq=event.seq.to_string()>
                    <span class="event-meta">
                        <time datetime=event.at.to_string()>{clock::local_date_time(event.at, t.lang)}</time>
                        " · "
                        {actor(&event.actor, t)}
                    </span>
                    <span class="event-text">{text}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ol class="events" reversed>{items}</ol> }.into_any()
}

/// Who made a change, as people read it: the user with the role they acted in.
fn actor(actor: &Actor, t: &Texts) -> String {
    match actor {
        Actor::User { username, role } => format!("{username} ({})", role.label(t.lang)),
        Actor::System => t.actors[0].to_owned(),
        Actor::Public => t.actors[1].to_owned(),
        Actor::Anonymous => t.actors[2].to_owned(),
    }
}

/// What one event changed, in a line: "Diverifikasi: Telepon balik · sudah dicek".
fn describe(change: &Change, t: &Texts, reference: &Reference) -> String {
    fn some(value: &Option<Reason>) -> Option<&str> {
        value.as_ref().map(Reason::as_str)
    }
    let (index, detail) = match change {
        Change::Received { category, priority, .. } => {
            let name = reference.category(category).map_or(category.as_str(), |c| c.name(t.lang));
            (0, format!("{name} · {priority}"))
        }
        Change::Verified { method, note } => {
            (1, join([Some(method_label(*method, t)), note.as_ref().map(Text::as_str)].into_iter()))
        }
        Change::Dispatched { agencies } => (2, agencies.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(", ")),
        Change::AssignmentUpdated { agency, status, reason, delay, report, .. } => {
            let delay = delay.as_ref().map(|d| match d {
                DelayReason::VehicleBroken => t.delay_reasons[0],
                DelayReason::NoFuel => t.delay_reasons[1],
                DelayReason::NoPersonnel => t.delay_reasons[2],
                DelayReason::AccessBlocked => t.delay_reasons[3],
                DelayReason::Other { text } => text.as_str(),
            });
            let parts = [Some(agency.as_str()), Some(assignment_status(*status, t)), some(reason), delay];
            (3, join(parts.into_iter().chain([report.as_ref().map(Text::as_str)])))
        }
        Change::Resolved => (4, String::new()),
        Change::DispatchWithdrawn => (5, String::new()),
        Change::Closed { closure, reason } => {
            let closure = match closure {
                Closure::AtIntake => t.closures[0],
                Closure::FalseReport => t.closures[1],
                Closure::AfterResolution => t.closures[2],
            };
            (6, join([Some(closure), some(reason)].into_iter()))
        }
        Change::Cancelled { reason } => (7, reason.as_str().to_owned()),
        Change::MergedInto { target } => (8, target.to_string()),
        Change::Edited { priority, priority_reason, location, description, people_affected, caller_name } => {
            let priority = priority.map(|p| match priority_reason {
                Some(reason) => format!("{} {p} ({reason})", t.column_priority),
                None => format!("{} {p}", t.column_priority),
            });
            let labelled = |label: &str, value: Option<&Text>| value.map(|v| format!("{label} {v}"));
            let place = location.as_ref().and_then(place).map(|p| format!("{} {p}", t.column_place));
            let landmark = location.as_ref().and_then(|l| labelled(t.landmark, l.landmark.as_ref()));
            let parts = [
                priority,
                place,
                landmark,
                labelled(t.description, description.as_ref()),
                people_affected.map(|n| format!("{} {n}", t.people_affected)),
                labelled(t.caller_name, caller_name.as_ref()),
            ];
            (9, parts.into_iter().flatten().collect::<Vec<_>>().join(" · "))
        }
        Change::NoteAdded { text } => (10, text.as_str().to_owned()),
        Change::ReportLinked { caller, description } => {
            let parts = [caller.phone_for_display(), caller.name.as_deref(), description.as_ref().map(Text::as_str)];
            (11, join(parts.into_iter()))
        }
        Change::SupportRequested { from, agency, note } => (
            12,
            join([Some(from.as_str()), Some("→"), Some(agency.as_str()), note.as_ref().map(Text::as_str)].into_iter()),
        ),
        Change::SupportDeclined { agency, reason } => {
            (13, join([Some(agency.as_str()), Some(reason.as_str())].into_iter()))
        }
        Change::SlaBreached { agency, clock, .. } => (14, format!("{agency} · {}", clock.label(t.lang))),
        Change::Escalated { agency, clock, to, .. } => {
            let to = match to {
                tanggap_domain::Escalation::AgencyHead => tanggap_domain::Role::AgencyHead.label(t.lang),
                tanggap_domain::Escalation::Supervisor => tanggap_domain::Role::Supervisor.label(t.lang),
            };
            (15, format!("{agency} · {} → {to}", clock.label(t.lang)))
        }
        Change::PhotoAdded { agency, width, height, .. } => {
            (16, join([agency.as_ref().map(|a| a.as_str()), Some(&format!("{width}×{height}"))].into_iter()))
        }
    };
    if detail.is_empty() { t.changes[index].to_owned() } else { format!("{}: {detail}", t.changes[index]) }
}

/// The parts that are there, joined with " · ".
fn join<'a>(parts: impl Iterator<Item = Option<&'a str>>) -> String {
    parts.flatten().filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" · ")
}

fn text(value: &Option<Text>) -> String {
    value.as_ref().map(|v| v.as_str().to_owned()).unwrap_or_default()
}

/// Why the incident has the priority it has now: the reason given with the last change of priority.
fn priority_reason(events: &[Event]) -> Option<String> {
    events
        .iter()
        .filter_map(|e| match &e.change {
            Change::Received { priority_reason, .. } => Some(priority_reason),
            Change::Edited { priority: Some(_), priority_reason, .. } => Some(priority_reason),
            _ => None,
        })
        .next_back()
        .and_then(|reason| reason.as_ref().map(|r| r.as_str().to_owned()))
}

/// The verification methods, as the API names them.
const METHODS: [(VerificationMethod, &str); 5] = [
    (VerificationMethod::Callback, "callback"),
    (VerificationMethod::SecondReport, "second_report"),
    (VerificationMethod::Cctv, "cctv"),
    (VerificationMethod::FieldOfficer, "field_officer"),
    (VerificationMethod::Other, "other"),
];

fn method_label(method: VerificationMethod, t: &Texts) -> &'static str {
    let index = METHODS.iter().position(|(m, _)| *m == method).unwrap_or_default();
    t.verification_methods[index]
}

fn assignment_status(status: AssignmentStatus, t: &Texts) -> &'static str {
    use AssignmentStatus::*;
    let index = match status {
        Dispatched => 0,
        Acknowledged => 1,
        EnRoute => 2,
        OnScene => 3,
        Completed => 4,
        Declined => 5,
        Cancelled => 6,
    };
    t.assignment_statuses[index]
}

/// The forms made of one text and a button (verify also has its method).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Verify,
    CloseFalse,
    Note,
}

/// The command a filled action form gives, or the field error that keeps it from being sent.
fn command_for(
    action: Action,
    method: VerificationMethod,
    typed: &str,
    lang: Lang,
) -> Result<IncidentCommand, FieldError> {
    match action {
        Action::Verify => {
            let note = Text::parse_optional(Some(typed)).map_err(|e| text_error("note", e, lang))?;
            if method == VerificationMethod::Other && note.is_none() {
                let message = LifecycleError::NoteRequired.message(lang);
                return Err(FieldError { field: "note".into(), code: FieldProblem::Required.code().into(), message });
            }
            Ok(IncidentCommand::Verify { method, note })
        }
        Action::CloseFalse => Reason::parse(typed)
            .map(|reason| IncidentCommand::CloseAsFalseReport { reason })
            .map_err(|e| text_error("reason", e, lang)),
        Action::Note => {
            Text::parse(typed).map(|text| IncidentCommand::AddNote { text }).map_err(|e| text_error("text", e, lang))
        }
    }
}

fn text_error(field: &str, error: TextError, lang: Lang) -> FieldError {
    let problem = match error {
        TextError::Empty => FieldProblem::Required,
        TextError::TooLong { max } => FieldProblem::TooLong(max),
    };
    FieldError::new(field, problem, lang)
}

#[component]
fn ActionForm(page: Page, action: Action) -> impl IntoView {
    let t = texts();
    let (id, title, field, label, testid) = match action {
        Action::Verify => ("verify", t.verify, "note", t.notes, "verify-notice"),
        Action::CloseFalse => ("close", t.close_false_report, "reason", t.reason, "close-notice"),
        Action::Note => ("note", t.add_note, "text", t.notes, "note-notice"),
    };
    let text_id = format!("{id}-text");
    let text = RwSignal::new(String::new());
    let method = RwSignal::new(0usize);
    let errors = FieldErrors::new();
    let outcome: Outcome = RwSignal::new(None);
    let busy = RwSignal::new(false);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        outcome.set(None);
        let command = match command_for(action, METHODS[method.get_untracked()].0, &text.get_untracked(), t.lang) {
            Ok(command) => command,
            Err(error) => return errors.set(vec![error]),
        };
        let version = page.version();
        submit(busy, async move {
            match page.send(version, command).await {
                Ok(()) => {
                    text.try_set(String::new());
                    errors.set(Vec::new());
                    outcome.try_set(Some(Ok(t.user_saved.to_owned())));
                }
                Err(error) if error.conflict().is_some() => {
                    outcome.try_set(Some(Err(t.status_conflict.to_owned())));
                }
                Err(error) => refused(errors, outcome, &error, |e| t.api_error(e)),
            }
        });
    };
    let methods = (action == Action::Verify).then(|| {
        let options = METHODS
            .iter()
            .enumerate()
            .map(|(i, (_, value))| view! { <option value=*value>{t.verification_methods[i]}</option> })
            .collect_view();
        view! {
            <div class="field">
                <label for="verify-method">{t.verification_method}</label>
                <select
                    id="verify-method"
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        method.set(METHODS.iter().position(|(_, v)| *v == value).unwrap_or_default());
                        errors.clear("note");
                    }
                >
                    {options}
                </select>
            </div>
        }
    });

    view! {
        <form class="panel action-form" id=format!("{id}-form") on:submit=on_submit novalidate>
            <h2>{title}</h2>
            {methods}
            <Field id=text_id.clone() field label error=errors.error_for(field)>
                <textarea
                    id=text_id.clone()
                    rows="2"
                    prop:value=text
                    aria-describedby=format!("{text_id}-error")
                    on:input=move |ev| {
                        text.set(event_target_value(&ev));
                        errors.clear(field);
                    }
                ></textarea>
            </Field>
            <div class="form-actions">
                <button id=format!("{id}-submit") type="submit" disabled=busy>{move || if busy.get() { t.saving } else { title }}</button>
                <OutcomeLine outcome testid />
            </div>
        </form>
    }
}

/// The facts an edit may change, in the form's order, as the form holds them (text).
const EDITABLE: [&str; 5] = ["priority", "description", "people_affected", "landmark", "caller_name"];
type Values = [String; 5];

fn editable(incident: &Incident) -> Values {
    [
        incident.priority.as_str().to_owned(),
        text(&incident.description),
        incident.people_affected.map(|n| n.to_string()).unwrap_or_default(),
        text(&incident.location.landmark),
        incident.caller.name.clone().unwrap_or_default(),
    ]
}

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
fn EditForm(page: Page) -> impl IntoView {
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
    // The user's changes beside the newest values; a field someone else changed too is marked.
    let conflict_table = move || {
        conflict.get().then(|| {
            let newest =
                page.detail.try_with(|d| d.as_ref().map(|d| editable(&d.incident))).flatten().unwrap_or_default();
            let before = base.get_value();
            let rows = (0..EDITABLE.len())
                .filter(|&i| typed[i].with(|v| !v.trim().is_empty() && v.trim() != before[i].trim()))
                .map(|i| {
                    let theirs = newest[i].clone();
                    let clash = theirs.trim() != before[i].trim();
                    view! {
                        <tr data-testid="conflict-row" data-field=EDITABLE[i] class:clash=clash>
                            <th scope="row">{labels[i]}</th>
                            <td data-label=t.conflict_theirs data-testid="theirs">{theirs}</td>
                            <td data-label=t.conflict_yours data-testid="yours">{move || typed[i].get()}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <div class="conflict" role="alert" data-testid="conflict">
                    <p>{t.conflict_title}</p>
                    <table class="data-table">
                        <thead>
                            <tr>
                                <th scope="col"></th>
                                <th scope="col">{t.conflict_theirs}</th>
                                <th scope="col">{t.conflict_yours}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
        })
    };
    let priorities = [Priority::P1, Priority::P2, Priority::P3]
        .into_iter()
        .map(|p| {
            let selected = move || typed[0].with(|v| v == p.as_str());
            view! { <option value=p.as_str() prop:selected=selected>{format!("{p} · {}", t.priority_meaning(p))}</option> }
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
    use super::*;
    use tanggap_domain::{Caller, CategoryCode, Timestamp};

    pub(super) fn incident() -> Incident {
        let at = Timestamp::from_unix_millis(1_700_000_000_000).unwrap();
        Incident {
            id: IncidentId::parse("01JDGZ6Q8X4T3N2M1K0H9G8F7E").unwrap(),
            version: 3,
            status: IncidentStatus::Received,
            category: CategoryCode::parse("FIRE").unwrap(),
            priority: Priority::P1,
            dispatch_target: None,
            caller: Caller { name: Some("Budi".into()), ..Default::default() },
            location: Location { landmark: Some(Text::parse("dekat pasar").unwrap()), ..Default::default() },
            description: Some(Text::parse("gudang terbakar").unwrap()),
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
        }
    }

    pub(super) fn category() -> tanggap_domain::Category {
        tanggap_domain::Category {
            code: CategoryCode::parse("FIRE").unwrap(),
            name_id: "Kebakaran".into(),
            name_en: "Fire".into(),
            priority: Priority::P1,
            dispatch_target: None,
            lead_agencies: vec![],
            support_agencies: vec![],
            quick_key: None,
            related: vec![],
            arrival_target: None,
            completion_target: None,
            sop: vec![],
            support_direct: false,
        }
    }

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

    #[test]
    fn verifying_by_another_method_needs_a_note_and_a_false_report_a_reason() {
        let error = command_for(Action::Verify, VerificationMethod::Other, "  ", Lang::En).unwrap_err();
        assert_eq!(error.field, "note");
        assert!(command_for(Action::Verify, VerificationMethod::Callback, "", Lang::En).is_ok());
        let error = command_for(Action::CloseFalse, VerificationMethod::Callback, "", Lang::Id).unwrap_err();
        assert_eq!((error.field.as_str(), error.message.as_str()), ("reason", "Wajib diisi."));
        assert!(matches!(
            command_for(Action::Note, VerificationMethod::Callback, " dicek ", Lang::En),
            Ok(IncidentCommand::AddNote { text }) if text.as_str() == "dicek"
        ));
    }

    #[test]
    fn the_priority_reason_is_the_one_given_with_the_last_change_of_priority() {
        let at = Timestamp::from_unix_millis(0).unwrap();
        let event = |seq, change| Event { seq, at, actor: Actor::System, change };
        let edited = |priority, reason: Option<&str>| Change::Edited {
            priority,
            priority_reason: reason.map(|r| Reason::parse(r).unwrap()),
            location: None,
            description: None,
            people_affected: None,
            caller_name: None,
        };
        let events = [
            event(1, Change::NoteAdded { text: Text::parse("x").unwrap() }),
            event(2, edited(Some(Priority::P2), Some("api padam"))),
            event(3, edited(None, None)),
        ];
        assert_eq!(priority_reason(&events).as_deref(), Some("api padam"));
    }

    #[test]
    fn every_change_reads_as_a_line_in_both_languages() {
        let reference = Reference::new(&[], &[]);
        let change = Change::Verified { method: VerificationMethod::Callback, note: Some(Text::parse("ok").unwrap()) };
        assert_eq!(describe(&change, &crate::i18n::ID, &reference), "Diverifikasi: Telepon balik · ok");
        assert_eq!(describe(&Change::Resolved, &crate::i18n::EN, &reference), "Resolved");
        let linked =
            Change::ReportLinked { caller: Caller::default(), description: Some(Text::parse("asap").unwrap()) };
        assert_eq!(describe(&linked, &crate::i18n::EN, &reference), "Further report: asap");
    }
}
