//! `/dinas`: the shift under way and the next, the button an operator or supervisor signs on
//! ("Hadir") or off ("Pulang") with, and who is on duty now: signed on (since when), or rostered and
//! not signed on yet. A refusal shows the API's reason. Beneath, the handover (`handover`).

use leptos::prelude::*;
use tanggap_domain::dto::{OnDuty, ShiftNow};
use tanggap_domain::shift::{Duty, Roster};

use super::handover::Handovers;
use super::{ShiftTabs, shift_words};
use crate::access::Screen;
use crate::api;
use crate::clock;
use crate::components::form::{Outcome, OutcomeLine, load, submit};
use crate::i18n::texts;
use crate::session;

#[component]
pub fn ShiftPage() -> impl IntoView {
    let t = texts();
    let now = RwSignal::new(None::<ShiftNow>);
    let loading: Outcome = RwSignal::new(Some(Ok(t.loading.to_owned())));
    let reload = move || {
        load(async move {
            match api::shift_now().await {
                Ok(answer) => {
                    now.try_set(Some(answer));
                    loading.try_set(None);
                }
                Err(error) => {
                    loading.try_set(Some(Err(t.api_error(&error))));
                }
            }
        })
    };
    reload();
    // Kept here: the page is drawn afresh with each answer, and what the last press did stays said.
    let outcome: Outcome = RwSignal::new(None);
    let content =
        move || now.get().map(|now| view! { <DutyNow now outcome reload=Callback::new(move |()| reload()) /> });
    // Those who work the shifts read the handover; drawn again only when another shift is under way, so
    // that signing on or off keeps a note being typed.
    let works_shifts = untrack(session::user).is_some_and(|user| Roster::ROLES.contains(&user.role));
    let shift = Memo::new(move |_| now.with(|now| now.as_ref().map(|now| now.current.id)));
    let handovers = move || {
        shift.get().and_then(|_| now.get_untracked()).filter(|_| works_shifts).map(|now| view! { <Handovers now /> })
    };

    view! {
        <section class="panel shifts" aria-labelledby="shift-title">
            <ShiftTabs current=Screen::Shift />
            <h1 id="shift-title">{t.shift_title}</h1>
            {content}
            <OutcomeLine outcome=loading testid="shift-loading" />
            {handovers}
        </section>
    }
}

#[component]
fn DutyNow(now: ShiftNow, outcome: Outcome, reload: Callback<()>) -> impl IntoView {
    let t = texts();
    let s = t.shifts();
    let works_shifts = untrack(session::user).is_some_and(|user| Roster::ROLES.contains(&user.role));
    // Open: not signed off, and on the shift under way or the next (signed on early). One left open on
    // an older shift has stopped counting; signing on closes it.
    let open =
        now.me.as_ref().filter(|me| me.off_at.is_none() && (me.shift == now.current.id || me.shift == now.next.id));
    let signed_on = open.map(|me| {
        let shift = if me.shift == now.current.id { &now.current } else { &now.next };
        format!("{} {} · {}", s.you_since, clock::center_time(me.on_at, now.utc_offset_hours), shift_words(shift))
    });
    let is_open = open.is_some();
    let busy = RwSignal::new(false);
    let sign = move |_| {
        outcome.set(None);
        submit(busy, async move {
            let answer = if is_open { api::sign_off().await } else { api::sign_on().await };
            match answer {
                Ok(_) => {
                    outcome.try_set(Some(Ok(if is_open { s.signed_off } else { s.signed_on }.to_owned())));
                    reload.run(());
                }
                Err(error) => {
                    outcome.try_set(Some(Err(t.api_error(&error))));
                }
            }
        });
    };
    let (label, testid, class) =
        if is_open { (s.sign_off, "sign-off", "sign secondary") } else { (s.sign_on, "sign-on", "sign") };
    let label = Signal::derive(move || if busy.get() { s.signing } else { label });
    let sign_form = works_shifts.then(|| {
        view! {
            <div class="sign-form">
                <p data-testid="my-duty">{signed_on.unwrap_or_else(|| s.not_signed_on.to_owned())}</p>
                <button type="button" class=class data-testid=testid disabled=busy on:click=sign>{label}</button>
                <OutcomeLine outcome testid="sign-notice" />
            </div>
        }
    });
    let offset = now.utc_offset_hours;
    let people = now.on_duty.iter().map(|person| on_duty_row(person, offset)).collect_view();
    let empty = now.on_duty.is_empty().then(|| view! { <p class="muted">{s.on_duty_empty}</p> });

    view! {
        <div class="shift-now">
            <p class="current-shift" data-testid="current-shift" data-shift=now.current.id.to_string()>
                <span class="label">{s.current_shift}</span>
                <strong>{shift_words(&now.current)}</strong>
            </p>
            <p class="next-shift" data-testid="next-shift" data-shift=now.next.id.to_string()>
                <span class="label">{s.next_shift}</span>
                {shift_words(&now.next)}
            </p>
        </div>
        {sign_form}
        <h2>{s.on_duty_title}</h2>
        <ul class="on-duty" data-testid="on-duty">{people}</ul>
        {empty}
    }
}

/// One person on duty: their name and role, and signed on since when, or rostered and not here yet.
fn on_duty_row(person: &OnDuty, utc_offset_hours: i8) -> impl IntoView + use<> {
    let t = texts();
    let since = person.on_at.filter(|_| person.duty == Duty::SignedOn).map(|at| {
        let time = clock::center_time(at, utc_offset_hours);
        view! { " " {t.shifts().since} " " <time datetime=at.to_string()>{time}</time> }
    });
    let duty = match person.duty {
        Duty::SignedOn => "signed_on",
        Duty::Rostered => "rostered",
        Duty::Marked => "marked",
        Duty::Off => "off",
    };
    view! {
        <li data-testid="on-duty-row" data-username=person.username.to_string() data-duty=duty>
            <span class="name">{person.display_name.clone()}</span>
            <span class="muted">{person.role.label(t.lang)}</span>
            <span class=format!("duty {duty}")>{person.duty.label(t.lang)}{since}</span>
        </li>
    }
}
