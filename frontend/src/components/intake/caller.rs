//! What the center knows about the number on the line: its earlier calls and their outcomes, its prank
//! calls of the last day, and whether it is blocked. A supervisor blocks and unblocks it from here.
//! A blocked number's call is still taken: a prankster can have a real emergency.

use leptos::either::Either;
use leptos::prelude::*;
use tanggap_domain::dto::{CallerHistory, NewBlock};
use tanggap_domain::{PhoneNumber, Role};

use super::fields::phone_for_reading;
use crate::api::{self, ApiError};
use crate::clock;
use crate::clock::pause;
use crate::components::form;
use crate::i18n::texts;
use crate::reference::Reference;
use crate::session;

/// The most earlier calls listed; the count says how many there are in all.
const LISTED: usize = 4;
/// How long the number must stay unchanged before its history is asked for.
const LOOKUP_DELAY_MS: i32 = 300;

#[component]
pub fn CallerPanel(
    /// The number as typed: looked up once it reads as a number and the typing pauses.
    phone: RwSignal<String>,
    reference: Reference,
) -> impl IntoView {
    let history = RwSignal::new(None::<Result<CallerHistory, ApiError>>);
    // Bumped after a block or unblock: the history is asked for again.
    let reload = RwSignal::new(0u32);
    Effect::new(move |_| {
        reload.track();
        let Some(number) = phone.with(|p| PhoneNumber::parse(p).ok()) else {
            history.set(None);
            return;
        };
        // Another number's history must not stay on screen while this one's is on its way.
        if !history.with_untracked(|h| matches!(h, Some(Ok(shown)) if shown.phone == number)) {
            history.set(None);
        }
        // A new keystroke runs this again, which cancels the wait (and the request) of the last one.
        form::load(async move {
            pause(LOOKUP_DELAY_MS).await;
            history.try_set(Some(api::caller_history(number.as_str()).await));
        });
    });
    let supervisor = untrack(session::user).is_some_and(|user| user.role == Role::Supervisor);
    move || {
        history.get().map(|answer| match answer {
            Ok(found) => Either::Left(view! { <History found reference=reference.clone() supervisor reload /> }),
            Err(error) => {
                let t = texts();
                Either::Right(
                    view! { <p class="caller-panel muted">{t.intake().history_failed}" "{t.api_error(&error)}</p> },
                )
            }
        })
    }
}

#[component]
fn History(found: CallerHistory, reference: Reference, supervisor: bool, reload: RwSignal<u32>) -> impl IntoView {
    let t = texts();
    let ti = t.intake();
    let now = clock::now_millis();
    let calls = found
        .calls
        .iter()
        .take(LISTED)
        .map(|call| {
            let category = reference
                .category(&call.category)
                .map_or_else(|| call.category.to_string(), |c| c.name(t.lang).to_owned());
            let age = t.age(clock::seconds_since(call.at, now));
            let linked = if call.linked { format!(" · {}", ti.linked_call) } else { String::new() };
            view! {
                <li data-testid="caller-call" data-category=call.category.to_string()>
                    {format!("{age} · {category} · {}{linked}", call.status.label(t.lang))}
                </li>
            }
        })
        .collect_view();
    let blocked = found.block.as_ref().map(|block| {
        let until = clock::local_date_time(block.until, t.lang);
        view! { <p class="notice failed" data-testid="caller-blocked">{ti.blocked_until(&until, block.reason.as_str())}</p> }
    });
    let proposed = found
        .block_proposed
        .then(|| view! { <p class="notice attention" data-testid="block-proposed">{ti.block_proposed}</p> });
    let actions =
        supervisor.then(|| view! { <BlockControls phone=found.phone.clone() blocked=found.block.is_some() reload /> });
    let summary = if found.calls.is_empty() {
        ti.history_none.to_owned()
    } else {
        ti.calls_and_pranks(found.calls.len(), found.prank_calls_24h)
    };
    view! {
        <section class="caller-panel" data-testid="caller-history" aria-live="polite">
            <h3>{ti.history_title}" "{phone_for_reading(&found.phone)}</h3>
            {blocked}
            {proposed}
            <p class="muted" data-testid="caller-summary">{summary}</p>
            <ul>{calls}</ul>
            {actions}
        </section>
    }
}

/// A supervisor's block (with a reason and how long) or unblock of the number. Enter in these boxes
/// blocks the number; it does not send the report.
#[component]
fn BlockControls(phone: PhoneNumber, blocked: bool, reload: RwSignal<u32>) -> impl IntoView {
    let t = texts();
    let ti = t.intake();
    let busy = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let hours = RwSignal::new("24".to_owned());
    let failure = RwSignal::new(None::<String>);
    let phone = StoredValue::new(phone);
    let act = move || {
        let phone = phone.get_value();
        let block = NewBlock { reason: reason.get_untracked(), hours: hours.get_untracked().trim().parse().ok() };
        form::submit(busy, async move {
            let result = if blocked {
                api::unblock_caller(phone.as_str()).await
            } else {
                api::block_caller(phone.as_str(), &block).await.map(drop)
            };
            match result {
                Ok(()) => drop(reload.try_update(|n| *n += 1)),
                Err(error) => {
                    let fields: Vec<String> = error.field_errors().iter().map(|e| e.message.clone()).collect();
                    let why = if fields.is_empty() { t.api_error(&error) } else { fields.join(" ") };
                    failure.try_set(Some(why));
                }
            }
        });
    };
    let on_enter = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" {
            ev.prevent_default();
            act();
        }
    };
    let inputs = (!blocked).then(|| {
        view! {
            <input id="block-reason" type="text" aria-label=ti.block_reason placeholder=ti.block_reason
                prop:value=reason on:input=move |ev| reason.set(event_target_value(&ev)) on:keydown=on_enter />
            <input id="block-hours" type="text" inputmode="numeric" aria-label=ti.block_hours title=ti.block_hours
                prop:value=hours on:input=move |ev| hours.set(event_target_value(&ev)) on:keydown=on_enter />
        }
    });
    view! {
        <div class="block-controls">
            {inputs}
            <button type="button" class="secondary" id="block-toggle" disabled=busy on:click=move |_| act()>
                {if blocked { ti.unblock } else { ti.block }}
            </button>
            <p class="field-error" role="alert" hidden=move || failure.with(Option::is_none)>{move || failure.get()}</p>
        </div>
    }
}
