//! `/admin/open311`: the keys civic reporting apps send with Open311's `POST requests`. An admin
//! issues one to an app (shown once: the API keeps only its hash), sees which apps hold one, and
//! revokes a key, whose app's requests are refused from then on.

use leptos::prelude::*;
use tanggap_domain::dto::{AppKey, NewAppKey};

use crate::api;
use crate::clock;
use crate::components::field::{Field, FieldErrors};
use crate::components::form::{Outcome, OutcomeLine, SubmitButton, TextInput, load, refused, submit};
use crate::i18n::texts;

#[component]
pub fn Open311Page() -> impl IntoView {
    let t = texts();
    let o = t.open311();
    let keys = RwSignal::new(Vec::<AppKey>::new());
    let loading: Outcome = RwSignal::new(Some(Ok(t.loading.to_owned())));
    let reload = move || {
        load(async move {
            match api::app_keys().await {
                Ok(list) => {
                    let empty = list.keys.is_empty();
                    keys.try_set(list.keys);
                    loading.try_set(empty.then(|| Ok(o.keys_empty.to_owned())));
                }
                Err(error) => {
                    loading.try_set(Some(Err(t.api_error(&error))));
                }
            }
        })
    };
    reload();

    let app = RwSignal::new(String::new());
    let issued = RwSignal::new(None::<String>);
    let errors = FieldErrors::new();
    let outcome: Outcome = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        outcome.set(None);
        let form = NewAppKey { app: app.get_untracked() };
        submit(busy, async move {
            match api::issue_app_key(&form).await {
                Ok(key) => {
                    issued.try_set(Some(key.api_key));
                    app.try_set(String::new());
                    reload();
                }
                Err(error) => refused(errors, outcome, &error, |e| t.api_error(e)),
            }
        });
    };
    let rows =
        move || keys.with(|list| list.iter().map(|key| view! { <KeyRow key=key.clone() keys /> }).collect_view());

    view! {
        <section class="panel" aria-labelledby="open311-title">
            <h1 id="open311-title">{t.open311_title}</h1>
            <p class="hint">{o.hint}</p>
            <form on:submit=on_submit novalidate class="inline-form">
                <Field id="app-name" field="app" label=o.app_name error=errors.error_for("app")>
                    <TextInput id="app-name" value=app field="app" errors />
                </Field>
                <div class="form-actions">
                    <SubmitButton id="issue-key" busy idle_label=o.issue_key busy_label=t.saving />
                    <OutcomeLine outcome testid="key-notice" />
                </div>
            </form>
            {move || issued.get().map(|key| view! {
                <p class="notice" role="status">{o.key_once}" "<code data-testid="issued-key">{key}</code></p>
            })}
            <table class="data-table" data-testid="app-keys">
                <thead>
                    <tr>
                        <th scope="col">{o.app_name}</th>
                        <th scope="col">{t.column_time}</th>
                        <th scope="col">{t.column_actions}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <OutcomeLine outcome=loading testid="keys-loading" />
        </section>
    }
}

#[component]
fn KeyRow(key: AppKey, keys: RwSignal<Vec<AppKey>>) -> impl IntoView {
    let t = texts();
    let o = t.open311();
    let outcome: Outcome = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let id = key.id.clone();
    let revoke = move |_| {
        let id = id.clone();
        submit(busy, async move {
            match api::revoke_app_key(&id).await {
                Ok(()) => keys.update(|keys| keys.retain(|k| k.id != id)),
                Err(error) => {
                    outcome.try_set(Some(Err(t.api_error(&error))));
                }
            }
        });
    };
    view! {
        <tr data-testid="app-key">
            <td data-label=o.app_name>{key.app.clone()}</td>
            <td data-label=t.column_time>{clock::local_date_time(key.created_at, t.lang)}</td>
            <td data-label=t.column_actions>
                <button type="button" class="secondary" data-testid="revoke-key" disabled=busy on:click=revoke>{o.revoke_key}</button>
                <OutcomeLine outcome testid="revoke-notice" />
            </td>
        </tr>
    }
}
