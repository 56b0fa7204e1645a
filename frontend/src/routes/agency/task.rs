//! `/tugas/{id}`: one incident as the agency works on it, on a phone. At the top, the next step of the
//! agency's assignment, one tap (acknowledge, set out, arrive, complete with a report and photos); a
//! step past its target first asks why. Then the category's SOP, the assignment's steps with their
//! times, the incident's facts (the caller masked by the API), the other agencies at work, asking for
//! support, declining, and the photos attached.
//!
//! Every command names the version shown. When someone else changed the incident first, the API
//! refuses (409) with the newest incident: it is shown, and nothing is sent again until the officer
//! taps again. A send that gets no answer says so and keeps what was typed.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;
use tanggap_domain::dto::{CommandRequest, FieldError, FieldProblem, ProblemType};
use tanggap_domain::text::TextError;
use tanggap_domain::{
    AgencyCode, Assignment, AssignmentStatus, DelayReason, Incident, IncidentCommand, IncidentId, IncidentStatus,
    SlaOutcome, Text, Timestamp,
};

use super::photos::{AttachedPhotos, PhotoPicker, Photos};
use super::support::{DeclineForm, SupportForm};
use super::words::words;
use super::work::{self, DELAY_KINDS, Step};
use super::{Apply, RaceClock, Reload, follow, now, race, time_of_day};
use crate::access::{self, Screen};
use crate::api::{self, ApiError};
use crate::clock::{self, Clock};
use crate::components::field::{Field, FieldErrors};
use crate::components::form::{Outcome, OutcomeLine, TextInput, load, refused, submit};
use crate::components::incident_board::{place, stopwatch};
use crate::components::priority_badge::PriorityBadge;
use crate::i18n::texts;
use crate::reference::Reference;
use crate::reference::with_reference;
use crate::session;

#[component]
pub fn AgencyTaskPage() -> impl IntoView {
    let location = use_location();
    // A memo: the page is drawn again only for another incident, not for a new query string.
    let id = Memo::new(move |_| location.pathname.with(|path| access::task_id(path)));
    let agency = untrack(session::user).and_then(|user| user.agency);
    with_reference(move |reference| {
        let w = words();
        let agency = agency.clone();
        let page = move || match (id.get(), agency.clone()) {
            (Some(id), Some(agency)) => view! { <TaskView id agency reference=reference.clone() /> }.into_any(),
            (None, _) => view! { <p class="notice failed">{w.task_missing}</p> }.into_any(),
            (_, None) => view! { <p class="notice failed">{w.no_agency}</p> }.into_any(),
        };
        page.into_any()
    })
}

/// An incident's address (`/kejadian/{id}`, as links and notifications give it) in the agency's
/// console: the incident as the agency's task.
#[component]
pub fn IncidentAsTask() -> impl IntoView {
    let path = use_location().pathname.get_untracked();
    let to =
        access::incident_id(&path).map_or_else(|| Screen::AgencyTasks.path().to_owned(), |id| access::task_path(&id));
    view! { <Redirect path=to options=NavigateOptions { replace: true, ..Default::default() } /> }
}

/// What the page's parts share: the incident, the user's agency, and the line that says how the last
/// step went (above the step's controls, which are drawn again when the step is taken).
#[derive(Clone, Copy)]
pub(super) struct Task {
    pub id: StoredValue<IncidentId>,
    pub agency: StoredValue<AgencyCode>,
    pub incident: RwSignal<Option<Incident>>,
    pub notice: Outcome,
}

impl Task {
    fn version(self) -> u64 {
        self.incident.with_untracked(|i| i.as_ref().map_or(0, |i| i.version))
    }

    /// Shows `incident`, unless a newer version is shown already (a poll and an answer may cross).
    pub fn show(self, incident: Incident) {
        let newer = self
            .incident
            .try_with_untracked(|shown| shown.as_ref().is_none_or(|shown| shown.version < incident.version))
            .unwrap_or_default();
        if newer {
            self.incident.try_set(Some(incident));
        }
    }

    /// Sends a command made on the version shown. The answer replaces what the page shows; after a
    /// conflict the newest incident is shown instead, and the error returned.
    pub async fn send(self, command: IncidentCommand) -> Result<(), ApiError> {
        let request = CommandRequest { expected_version: self.version(), command };
        match api::command_current(&self.id.get_value(), &request).await {
            Ok(incident) => {
                self.show(incident);
                Ok(())
            }
            Err(error) => {
                if let Some(current) = error.conflict() {
                    self.show(current.clone());
                }
                Err(error)
            }
        }
    }

    /// The user's agency's assignment (tracked).
    fn with_assignment<T>(self, f: impl FnOnce(&Incident, &Assignment) -> T) -> Option<T> {
        let agency = self.agency.get_value();
        self.incident.try_with(|i| i.as_ref().and_then(|i| i.assignment(&agency).map(|a| f(i, a)))).flatten()
    }
}

/// A failed send in a line: what the API said, or that nothing reached it (and what to do).
pub(super) fn failure(error: &ApiError) -> String {
    let (t, w) = (texts(), words());
    match error {
        ApiError::Network => format!("{} {}", t.offline, w.not_sent),
        error if error.conflict().is_some() => w.conflict.to_owned(),
        // A validation problem names what is wrong in its field errors (a photo too big, not an image).
        error => {
            let fields = error.field_errors().iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join(" ");
            if fields.is_empty() { t.api_error(error) } else { format!("{} {fields}", t.api_error(error)) }
        }
    }
}

pub(super) fn text_error(field: &str, error: TextError) -> FieldError {
    let problem = match error {
        TextError::Empty => FieldProblem::Required,
        TextError::TooLong { max } => FieldProblem::TooLong(max),
    };
    FieldError::new(field, problem, texts().lang)
}

#[component]
fn TaskView(id: IncidentId, agency: AgencyCode, reference: Reference) -> impl IntoView {
    let (t, w) = (texts(), words());
    let task = Task {
        id: StoredValue::new(id.clone()),
        agency: StoredValue::new(agency.clone()),
        incident: RwSignal::new(None),
        notice: RwSignal::new(None),
    };
    let missing = RwSignal::new(false);
    let stale = RwSignal::new(None::<ApiError>);
    let start: Reload = Box::new(move || {
        Box::pin(async move {
            match api::current_incident(&task.id.get_value()).await {
                Ok(incident) => {
                    missing.try_set(false);
                    task.show(incident);
                    Ok(())
                }
                // Not (or no longer) the agency's: said once; the feed still brings it if it becomes so.
                Err(ApiError::Problem(problem)) if problem.status == 404 => {
                    missing.try_set(true);
                    Ok(())
                }
                Err(error) => Err(error),
            }
        })
    });
    let apply: Apply = Box::new(move |changed| {
        let id = task.id.get_value();
        if let Some(incident) = changed.into_iter().find(|i| i.id == id) {
            task.show(incident);
        }
    });
    load(follow(start, apply, stale));
    let clock = Clock::new();
    clock.tick_every_second();

    let head = move || {
        task.incident
            .try_with(|i| {
                i.as_ref().map(|i| {
                    let category = reference.category(&i.category);
                    let name = category.map_or_else(|| i.category.to_string(), |c| c.name(t.lang).to_owned());
                    let sop = category.map(|c| c.sop.clone()).unwrap_or_default();
                    (i.priority, name, sop)
                })
            })
            .flatten()
    };
    let head = Memo::new(move |_| head());
    let title = move || {
        head.get().map(|(priority, name, _)| {
            view! {
                <PriorityBadge priority />
                " "
                {name}
            }
        })
    };
    let sop = move || {
        head.get().map(|(_, _, sop)| sop).filter(|sop| !sop.is_empty()).map(|sop| {
            view! {
                <section class="panel" aria-labelledby="sop-title">
                    <h2 id="sop-title">{w.sop_title}</h2>
                    <ol class="sop" data-testid="sop">
                        {sop.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                    </ol>
                </section>
            }
        })
    };
    let status = move || task.with_assignment(|_, a| a.status.label(texts().lang));
    let running = Signal::derive(move || {
        let now = now(clock)?;
        task.with_assignment(|i, a| race(i, a, now)).flatten()
    });
    let steps = move || task.with_assignment(|_, a| steps(a));
    let facts = move || task.incident.try_with(|i| i.as_ref().map(facts)).flatten();
    let others = move || task.incident.try_with(|i| i.as_ref().map(|i| others(i, &agency))).flatten();

    view! {
        <div class="task-page">
            <a class="back" href=Screen::AgencyTasks.path() data-testid="all-tasks">{w.all_tasks}</a>
            <section class="panel task-now" aria-labelledby="task-title">
                <h1 id="task-title">{title}</h1>
                <Show when=move || missing.get()>
                    <p class="notice failed" data-testid="task-missing">{w.task_missing}</p>
                </Show>
                {move || stale.get().map(|e| view! { <p class="notice failed" role="status">{t.api_error(&e)}</p> })}
                <Show when=move || task.incident.with(Option::is_none) && !missing.get()>
                    <p class="loading">{t.loading}</p>
                </Show>
                <p class="task-state">
                    <span class="task-status" data-testid="task-status">{status}</span>
                    " "
                    <RaceClock running />
                </p>
                <OutcomeLine outcome=task.notice testid="task-notice" />
                <Actions task />
            </section>
            {sop}
            <section class="panel" aria-labelledby="steps-title">
                <h2 id="steps-title">{w.steps_title}</h2>
                {steps}
            </section>
            <section class="panel" aria-labelledby="facts-title">
                <h2 id="facts-title">{w.facts_title}</h2>
                {facts}
            </section>
            <section class="panel" aria-labelledby="others-title">
                <h2 id="others-title">{w.other_agencies}</h2>
                {others}
            </section>
            <AttachedPhotos task />
        </div>
    }
}

/// The controls for the assignment's next step; drawn again only when its status changes, so that
/// what was typed stays through polls, conflicts that leave the status as it was, and failed sends.
#[component]
fn Actions(task: Task) -> impl IntoView {
    let w = words();
    let agency = task.agency.get_value();
    let state = Memo::new(move |_| {
        task.incident.with(|i| i.as_ref().map(|i| (i.status, i.assignment(&agency).map(|a| a.status))))
    });
    move || {
        let (incident, status) = state.get()?;
        Some(match (status, status.and_then(Step::after)) {
            (Some(status), Some(step)) if incident == IncidentStatus::Dispatched => {
                view! { <NextStep task step status /> }.into_any()
            }
            (Some(status), _) if status.is_ended() => {
                view! { <p class="notice" data-testid="task-ended">{w.ended}</p> }.into_any()
            }
            _ => view! { <p class="notice" data-testid="task-ended">{w.incident_over}</p> }.into_any(),
        })
    }
}

#[component]
fn NextStep(task: Task, step: Step, status: AssignmentStatus) -> impl IntoView {
    let (t, w) = (texts(), words());
    let busy = RwSignal::new(false);
    // The delay form is open: the step waits for its reason.
    let asking = RwSignal::new(false);
    let delay_kind = RwSignal::new(None::<usize>);
    let delay_text = RwSignal::new(String::new());
    let report = RwSignal::new(String::new());
    let photos = Photos::new();
    let errors = FieldErrors::new();

    let send = move |delay: Option<DelayReason>| {
        let report = match step {
            Step::Complete => match Text::parse_optional(Some(&report.get_untracked())) {
                Ok(report) => report,
                Err(error) => return errors.set(vec![text_error("report", error)]),
            },
            _ => None,
        };
        let agency = task.agency.get_value();
        submit(busy, async move {
            // Photos first: the assignment is completed only with all of them attached.
            if step == Step::Complete && !photos.upload_all(task).await {
                task.notice.try_set(Some(Err(words().photos_failed.to_owned())));
                return;
            }
            let late_unsaid = delay.is_none();
            let command = IncidentCommand::UpdateAssignment { agency, update: step.command(report), delay };
            match task.send(command).await {
                Ok(()) => {
                    task.notice.try_set(Some(Ok(words().step_sent.to_owned())));
                    asking.try_set(false);
                }
                // The server's clock says late where the phone's did not: ask why, then send again.
                Err(error) if late_unsaid && step.has_clock() && refused_as_late(&error) => {
                    asking.try_set(true);
                    task.notice.try_set(Some(Err(texts().api_error(&error))));
                }
                Err(error) if error.conflict().is_some() || matches!(error, ApiError::Network) => {
                    task.notice.try_set(Some(Err(failure(&error))));
                }
                Err(error) => refused(errors, task.notice, &error, |e| texts().api_error(e)),
            }
        });
    };
    let tap = move || {
        task.notice.set(None);
        errors.set(Vec::new());
        let agency = task.agency.get_value();
        let late = Timestamp::from_unix_millis(clock::now_millis()).is_some_and(|now| {
            task.incident.with_untracked(|i| i.as_ref().is_some_and(|i| work::late(i, &agency, step, now)))
        });
        if late {
            asking.set(true);
        } else {
            send(None);
        }
    };
    let send_with_reason = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(kind) = delay_kind.get_untracked() else {
            return errors.set_one("delay", w.delay_choose.to_owned());
        };
        match work::delay_reason(kind, &delay_text.get_untracked()) {
            Ok(reason) => send(Some(reason)),
            Err(error) => errors.set(vec![text_error("delay_text", error)]),
        }
    };

    let name = step.name();
    let label = w.step_button(step);
    let button_label = move || if busy.get() { t.saving } else { label };
    let button = move |submits: bool| {
        view! {
            <button
                type=if submits { "submit" } else { "button" }
                class="step"
                id=format!("step-{name}")
                data-testid=format!("step-{name}")
                disabled=move || busy.get() || asking.get()
                on:click=move |ev| {
                    if !submits {
                        ev.prevent_default();
                        tap();
                    }
                }
            >
                {button_label}
            </button>
        }
    };
    let main = if step == Step::Complete {
        view! {
            <form
                class="complete-form"
                data-testid="complete-form"
                novalidate
                on:submit=move |ev| {
                    ev.prevent_default();
                    tap();
                }
            >
                <Field id="complete-report" field="report" label=w.report error=errors.error_for("report")>
                    <textarea
                        id="complete-report"
                        rows="4"
                        prop:value=report
                        aria-describedby="complete-report-hint complete-report-error"
                        on:input=move |ev| {
                            report.set(event_target_value(&ev));
                            errors.clear("report");
                        }
                    ></textarea>
                    <p class="hint" id="complete-report-hint">{w.report_hint}</p>
                </Field>
                <PhotoPicker photos />
                {button(true)}
            </form>
        }
        .into_any()
    } else {
        button(false).into_any()
    };

    let reasons = move || {
        DELAY_KINDS
            .into_iter()
            .enumerate()
            .map(|(i, kind)| {
                let (label, kind) = (kind.label(t.lang), kind.as_str());
                view! {
                    <label class="choice">
                        <input
                            type="radio"
                            name="delay"
                            value=kind
                            data-testid=format!("delay-{kind}")
                            prop:checked=move || delay_kind.get() == Some(i)
                            on:change=move |_| {
                                delay_kind.set(Some(i));
                                errors.clear("delay");
                            }
                        />
                        <span>{label}</span>
                    </label>
                }
            })
            .collect_view()
    };
    let delay_form = move || {
        asking.get().then(|| {
            view! {
                <form class="delay-form" data-testid="delay-form" novalidate on:submit=send_with_reason>
                    <fieldset aria-describedby="delay-error">
                        <legend>{w.delay_title}</legend>
                        {reasons()}
                    </fieldset>
                    {move || errors.error_for("delay").get().map(|m| view! {
                        <p class="field-error" id="delay-error" data-testid="error-delay" role="alert">{m}</p>
                    })}
                    <Show when=move || delay_kind.get() == Some(DELAY_KINDS.len() - 1)>
                        <Field id="delay-text" field="delay_text" label=w.delay_text error=errors.error_for("delay_text")>
                            <TextInput id="delay-text" value=delay_text field="delay_text" errors />
                        </Field>
                    </Show>
                    <div class="form-actions">
                        <button type="submit" id="delay-submit" data-testid="delay-submit" disabled=busy>
                            {move || if busy.get() { t.saving } else { w.delay_send }}
                        </button>
                        <button type="button" class="secondary" on:click=move |_| asking.set(false)>{t.cancel}</button>
                    </div>
                </form>
            }
        })
    };

    view! {
        <div class="next-step" data-step=name>
            {main}
            {delay_form}
            <ul class="other-errors">
                {move || errors.others(&["report", "delay", "delay_text"]).into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
            </ul>
            <div class="task-more">
                <SupportForm task />
                {work::may_decline(status).then(|| view! { <DeclineForm task /> })}
            </div>
        </div>
    }
}

/// Whether the API refused a step for coming late without a delay reason (a 422 about the life
/// cycle, or naming the `delay` field).
fn refused_as_late(error: &ApiError) -> bool {
    match error {
        ApiError::Problem(problem) if problem.status == 422 => {
            error.is(ProblemType::Lifecycle) || problem.errors.iter().any(|e| e.field == "delay")
        }
        _ => false,
    }
}

/// The assignment's steps, in order, each with its time, who reported it, and how it fared against
/// its target.
fn steps(assignment: &Assignment) -> impl IntoView + use<> {
    let t = texts();
    let items = assignment
        .steps
        .iter()
        .map(|step| {
            let outcome = step.outcome.map(|outcome| match outcome {
                SlaOutcome::Met => view! { <span class="met">{outcome.label(t.lang)}</span> }.into_any(),
                SlaOutcome::Missed { late_seconds } => {
                    view! { <span class="missed">{format!("{} {}", outcome.label(t.lang), stopwatch(late_seconds))}</span> }.into_any()
                }
            });
            let delay = step.delay.as_ref().map(delay_label);
            view! {
                <li data-testid="step" data-status=status_name(step.status)>
                    <time datetime=step.at.to_string() title=clock::local_date_time(step.at, t.lang)>{time_of_day(step.at)}</time>
                    <span class="step-name">{step.status.label(texts().lang)}</span>
                    {step.by.as_ref().map(|by| view! { <span class="muted">{by.to_string()}</span> })}
                    {outcome}
                    {delay.map(|d| view! { <span class="delay">{d}</span> })}
                </li>
            }
        })
        .collect_view();
    let report = assignment
        .report
        .as_ref()
        .map(|r| view! { <p class="report" data-testid="report">{r.as_str().to_owned()}</p> });
    view! {
        <ol class="steps" data-testid="steps">{items}</ol>
        {report}
    }
}

/// The reason's word; for another reason, only what the officer typed.
fn delay_label(delay: &DelayReason) -> String {
    match delay {
        DelayReason::Other { text } => text.as_str().to_owned(),
        reason => reason.kind().label(texts().lang).to_owned(),
    }
}

/// The API's name of a status, for tests and styles.
fn status_name(status: AssignmentStatus) -> &'static str {
    use AssignmentStatus::*;
    match status {
        Dispatched => "dispatched",
        Acknowledged => "acknowledged",
        EnRoute => "en_route",
        OnScene => "on_scene",
        Completed => "completed",
        Declined => "declined",
        Cancelled => "cancelled",
    }
}

/// The incident's facts, label beside value.
fn facts(incident: &Incident) -> impl IntoView + use<> {
    let t = texts();
    let text = |value: &Option<Text>| value.as_ref().map(|v| v.as_str().to_owned()).unwrap_or_default();
    let rows = [
        ("status", t.column_status, incident.status.label(t.lang).to_owned()),
        ("place", t.column_place, place(&incident.location).unwrap_or_default()),
        ("landmark", t.landmark, text(&incident.location.landmark)),
        ("description", t.description, text(&incident.description)),
        ("people", t.people_affected, incident.people_affected.map(|n| n.to_string()).unwrap_or_default()),
        ("caller", t.column_caller, incident.caller.phone_for_display().unwrap_or_default().to_owned()),
        ("received", t.received_at, clock::local_date_time(incident.received_at, t.lang)),
    ];
    // The numbers through JS, which spares the wasm Rust's float formatting.
    let pin = incident.location.coordinates.map(|c| {
        let [lat, lon] =
            [c.lat(), c.lon()].map(|x| js_sys::Number::from(x).to_fixed(5).map(String::from).unwrap_or_default());
        let href = format!("https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}");
        view! { <a href=href target="_blank" rel="noopener">{format!("{lat}, {lon}")}</a> }
    });
    view! {
        <dl class="facts">
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

/// The other agencies at work on the incident, and those asked for and still waiting for the operator.
fn others(incident: &Incident, own: &AgencyCode) -> impl IntoView + use<> {
    let (t, w) = (texts(), words());
    let working = incident.assignments.iter().filter(|a| a.agency != *own).map(|a| {
        let code = a.agency.to_string();
        view! {
            <li data-testid=format!("assignment-{code}") data-status=status_name(a.status)>
                <span class="agency">{code.clone()}</span>
                " "
                {a.status.label(texts().lang)}
            </li>
        }
        .into_any()
    });
    let asked = incident.support_requests.iter().map(|r| {
        let code = r.agency.to_string();
        view! {
            <li data-testid=format!("asked-{code}")>
                <span class="agency">{code.clone()}</span>
                " "
                {w.support_waiting}
            </li>
        }
        .into_any()
    });
    let items: Vec<AnyView> = working.chain(asked).collect();
    if items.is_empty() {
        return view! { <p class="muted">{t.nothing}</p> }.into_any();
    }
    view! { <ul class="others" data-testid="assignments">{items}</ul> }.into_any()
}
