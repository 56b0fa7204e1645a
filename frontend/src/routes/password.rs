//! `/kata-sandi`: the user changes their own password. Forced before anything else after an admin
//! set a temporary one (the API refuses everything else until then).

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use tanggap_domain::dto::PasswordChange;
use tanggap_domain::user::MIN_PASSWORD_CHARS;

use crate::access;
use crate::api::{self, ApiError};
use crate::components::field::{Field, FieldErrors};
use crate::components::form::{OutcomeLine, SubmitButton, TextInput, refused, submit};
use crate::i18n::texts;
use crate::session;

const FIELDS: &[&str] = &["current_password", "new_password", "new_password_again"];

#[component]
pub fn PasswordPage() -> impl IntoView {
    let t = texts();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let errors = FieldErrors::new();
    let outcome = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let forced = Memo::new(|_| session::user().is_some_and(|u| u.must_change_password));
    let navigate = use_navigate();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        outcome.set(None);
        let (new_password, repeated) = (new.get_untracked(), again.get_untracked());
        // What can be checked here is checked here; the API checks it again, and more.
        if new_password.chars().count() < MIN_PASSWORD_CHARS {
            return errors.set_one("new_password", t.password_minimum(MIN_PASSWORD_CHARS));
        }
        if new_password != repeated {
            return errors.set_one("new_password_again", t.passwords_differ.to_owned());
        }
        errors.set(Vec::new());
        let change = PasswordChange { current_password: current.get_untracked(), new_password };
        let navigate = navigate.clone();
        submit(busy, async move {
            if let Err(error) = api::change_password(&change).await {
                return refused(errors, outcome, &error, |e| t.api_error(e));
            }
            let was_forced = forced.get_untracked();
            // A new token for the user as they are now: the old one may still say "change first".
            if let Err(ApiError::Network | ApiError::Unreadable { .. }) = session::refresh().await {
                session::password_changed();
            }
            for field in [current, new, again] {
                field.try_set(String::new());
            }
            outcome.try_set(Some(Ok(t.password_changed.to_owned())));
            if let Some(user) = untrack(session::user).filter(|_| was_forced) {
                navigate(&access::after_login(&user, None), Default::default());
            }
        });
    };

    view! {
        <form class="panel narrow" on:submit=on_submit novalidate aria-labelledby="password-title">
            <h1 id="password-title">{t.password_title}</h1>
            <Show when=move || forced.get()>
                <p class="notice attention" role="status" data-testid="must-change-password">{t.must_change_password}</p>
            </Show>
            <Field id="current-password" field="current_password" label=t.current_password error=errors.error_for("current_password")>
                <TextInput verbatim=true id="current-password" value=current kind="password" autocomplete="current-password"
                    field="current_password" errors />
            </Field>
            <Field id="new-password" field="new_password" label=t.new_password error=errors.error_for("new_password")>
                <TextInput verbatim=true id="new-password" value=new kind="password" autocomplete="new-password"
                    field="new_password" errors hint="new-password-hint" />
                <p class="hint" id="new-password-hint" data-testid="password-minimum">
                    {t.password_minimum(MIN_PASSWORD_CHARS)}
                </p>
            </Field>
            <Field id="new-password-again" field="new_password_again" label=t.new_password_again error=errors.error_for("new_password_again")>
                <TextInput verbatim=true id="new-password-again" value=again kind="password" autocomplete="new-password"
                    field="new_password_again" errors />
            </Field>
            <div class="form-actions">
                <SubmitButton id="change-password" busy idle_label=t.change_password busy_label=t.saving />
                <OutcomeLine outcome testid="password-notice" />
            </div>
            <ul class="other-errors">
                {move || errors.others(FIELDS).into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
            </ul>
        </form>
    }
}
