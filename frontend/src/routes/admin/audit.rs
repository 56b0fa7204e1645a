//! `/admin/audit`: the account events, newest first, a page at a time ("Muat lebih banyak").

use leptos::prelude::*;
use tanggap_domain::dto::AuditEntry;

use crate::api;
use crate::clock;
use crate::components::form::{Outcome, OutcomeLine, submit};
use crate::i18n::texts;

#[component]
pub fn AuditPage() -> impl IntoView {
    let t = texts();
    let entries = RwSignal::new(Vec::<AuditEntry>::new());
    let next = RwSignal::new(None::<String>);
    let outcome: Outcome = RwSignal::new(Some(Ok(t.loading.to_owned())));
    let busy = RwSignal::new(false);

    let load = move |cursor: Option<String>| {
        submit(busy, async move {
            match api::audit(cursor.as_deref()).await {
                Ok(page) => {
                    entries.try_update(|e| e.extend(page.entries));
                    next.try_set(page.next);
                    let empty = entries.try_with(Vec::is_empty).unwrap_or_default();
                    outcome.try_set(empty.then(|| Ok(t.audit_empty.to_owned())));
                }
                Err(error) => {
                    outcome.try_set(Some(Err(t.api_error(&error))));
                }
            }
        })
    };
    load(None);
    let rows =
        move || entries.with(|entries| entries.iter().map(|e| view! { <AuditRow entry=e.clone() /> }).collect_view());
    let more = move || {
        next.get().map(|cursor| {
            let label = Signal::derive(move || if busy.get() { t.loading } else { t.load_more });
            view! {
                <button id="load-more" type="button" class="secondary" disabled=busy on:click=move |_| load(Some(cursor.clone()))>
                    {label}
                </button>
            }
        })
    };

    view! {
        <section class="panel" aria-labelledby="audit-title">
            <h1 id="audit-title">{t.audit_title}</h1>
            <table class="data-table" data-testid="audit">
                <thead>
                    <tr>
                        <th scope="col">{t.column_time}</th>
                        <th scope="col">{t.column_action}</th>
                        <th scope="col">{t.column_actor}</th>
                        <th scope="col">{t.column_subject}</th>
                        <th scope="col">{t.column_source}</th>
                        <th scope="col">{t.column_detail}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <OutcomeLine outcome testid="audit-notice" />
            {more}
        </section>
    }
}

#[component]
fn AuditRow(entry: AuditEntry) -> impl IntoView {
    let t = texts();
    let or_nothing = |value: Option<String>| value.unwrap_or_else(|| t.nothing.to_owned());
    view! {
        <tr data-testid="audit-row">
            <td data-label=t.column_time>
                <time datetime=entry.at.to_string()>{clock::local_date_time(entry.at, t.lang)}</time>
            </td>
            <td data-label=t.column_action>{entry.action.label(t.lang)}</td>
            <td data-label=t.column_actor>{or_nothing(entry.actor.map(String::from))}</td>
            <td data-label=t.column_subject>{or_nothing(entry.subject.map(String::from))}</td>
            <td data-label=t.column_source>{or_nothing(entry.source)}</td>
            <td data-label=t.column_detail>{or_nothing(entry.detail)}</td>
        </tr>
    }
}
