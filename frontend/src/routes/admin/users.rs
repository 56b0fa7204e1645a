//! `/admin/pengguna`: the admin lists the users, adds one (with a first password the user must
//! change), changes a user's name, role and agency, disables or enables an account, and sets a
//! temporary password. The API's field errors are shown at their controls.

use leptos::prelude::*;
use tanggap_domain::dto::{NewUser, PasswordReset, UserUpdate};
use tanggap_domain::user::MIN_PASSWORD_CHARS;
use tanggap_domain::{Agency, Role, User};

use crate::api;
use crate::components::field::{Field, FieldErrors};
use crate::components::form::{Outcome, OutcomeLine, SubmitButton, TextInput, load, refused, submit};
use crate::i18n::texts;
use crate::session;

/// The agencies an officer or head can belong to, and why they are missing if they could not be loaded.
#[derive(Clone, Copy)]
struct Agencies {
    list: RwSignal<Vec<Agency>>,
    failure: RwSignal<Option<String>>,
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let t = texts();
    // One signal per user: a row's change redraws that row only; a new user redraws the list.
    let users = RwSignal::new(Vec::<RwSignal<User>>::new());
    let loading = RwSignal::new(Some(Ok(t.loading.to_owned())));
    let agencies = Agencies { list: RwSignal::new(Vec::new()), failure: RwSignal::new(None) };
    load(async move {
        match api::users().await {
            Ok(list) => {
                users.set(list.into_iter().map(RwSignal::new).collect());
                loading.set(None);
            }
            Err(error) => loading.set(Some(Err(t.api_error(&error)))),
        }
    });
    load(async move {
        match api::agencies().await {
            Ok(list) => {
                // The regency's own agencies first: bodies outside it rarely have accounts here.
                let (mut own, outside): (Vec<Agency>, Vec<Agency>) = list.into_iter().partition(|a| !a.outside_regency);
                own.extend(outside);
                agencies.list.set(own);
            }
            Err(error) => agencies.failure.set(Some(t.api_error(&error))),
        }
    });
    let me = untrack(session::user).map(|u| u.username);
    let on_created = move |user: User| users.update(|list| list.push(RwSignal::new(user)));
    let rows = move || {
        users.with(|list| {
            list.iter()
                .map(|&user| {
                    let is_me = user.with_untracked(|u| Some(&u.username) == me.as_ref());
                    view! { <UserRow user agencies is_me /> }
                })
                .collect_view()
        })
    };

    view! {
        <div class="admin">
            <NewUserForm agencies on_created />
            <section class="panel" aria-labelledby="users-title">
                <h1 id="users-title">{t.users_title}</h1>
                <table class="data-table users" data-testid="users">
                    <thead>
                        <tr>
                            <th scope="col">{t.username}</th>
                            <th scope="col">{t.display_name}</th>
                            <th scope="col">{t.role}</th>
                            <th scope="col">{t.agency}</th>
                            <th scope="col">{t.column_user_status}</th>
                            <th scope="col">{t.column_actions}</th>
                        </tr>
                    </thead>
                    // One body per user: its row, and below it the row's form when one is open.
                    {rows}
                </table>
                <OutcomeLine outcome=loading testid="users-loading" />
            </section>
        </div>
    }
}

/// What a row has open below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    Nothing,
    Edit,
    Reset,
}

#[component]
fn UserRow(user: RwSignal<User>, agencies: Agencies, is_me: bool) -> impl IntoView {
    let t = texts();
    let open = RwSignal::new(Open::Nothing);
    let outcome: Outcome = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let name = user.with_untracked(|u| u.username.to_string());
    let label = name.clone();

    let on_toggle = move |_| {
        outcome.set(None);
        let (username, disabled) = user.with_untracked(|u| (u.username.clone(), !u.disabled));
        let update = UserUpdate { disabled: Some(disabled), ..Default::default() };
        submit(busy, async move {
            match api::update_user(&username, &update).await {
                Ok(updated) => {
                    user.try_set(updated);
                    outcome.try_set(Some(Ok(t.user_saved.to_owned())));
                }
                Err(error) => {
                    outcome.try_set(Some(Err(t.api_error(&error))));
                }
            }
        });
    };
    let switch = move |to: Open| {
        move |_| {
            outcome.set(None);
            open.update(|o| *o = if *o == to { Open::Nothing } else { to });
        }
    };
    let close = Callback::new(move |done: Option<String>| {
        open.set(Open::Nothing);
        outcome.set(done.map(Ok));
    });
    let read = move |f: fn(&User) -> String| Signal::derive(move || user.with(f));

    view! {
        <tbody data-testid="user" data-username=name.clone()>
            <tr class:disabled=Signal::derive(move || user.with(|u| u.disabled))>
                <td data-label=t.username>
                    <span class="username">{label}</span>
                    {is_me.then(|| view! { " " <span class="muted">{t.you}</span> })}
                </td>
                <td data-label=t.display_name>{read(|u| u.display_name.clone())}</td>
                <td data-label=t.role data-testid="user-role">{read(|u| u.role.label(texts().lang).to_owned())}</td>
                <td data-label=t.agency data-testid="user-agency">
                    {read(|u| u.agency.as_ref().map_or_else(|| texts().nothing.to_owned(), ToString::to_string))}
                </td>
                <td data-label=t.column_user_status data-testid="user-status">{read(status)}</td>
                <td data-label=t.column_actions class="actions">
                    <button type="button" class="secondary" data-testid="edit-user" on:click=switch(Open::Edit)>
                        {t.edit}
                    </button>
                    // An admin does not lock themself out.
                    {(!is_me).then(|| view! {
                        <button type="button" class="secondary" data-testid="toggle-user" disabled=busy on:click=on_toggle>
                            {read(|u| if u.disabled { texts().enable } else { texts().disable }.to_owned())}
                        </button>
                    })}
                    <button type="button" class="secondary" data-testid="reset-user" on:click=switch(Open::Reset)>
                        {t.reset_password}
                    </button>
                    <OutcomeLine outcome testid="user-notice" />
                </td>
            </tr>
            {move || match open.get() {
                Open::Nothing => ().into_any(),
                Open::Edit => view! { <EditUser user agencies close /> }.into_any(),
                Open::Reset => view! { <ResetPassword user close /> }.into_any(),
            }}
        </tbody>
    }
}

fn status(user: &User) -> String {
    let t = texts();
    match (user.disabled, user.must_change_password) {
        (true, _) => t.status_disabled.to_owned(),
        (false, true) => format!("{} · {}", t.status_active, t.status_must_change),
        (false, false) => t.status_active.to_owned(),
    }
}

/// Name, role and agency of one user, in a row under theirs.
#[component]
fn EditUser(user: RwSignal<User>, agencies: Agencies, close: Callback<Option<String>>) -> impl IntoView {
    let t = texts();
    let before = user.get_untracked();
    let id = format!("edit-{}", before.username);
    let name_id = format!("{id}-name");
    let display_name = RwSignal::new(before.display_name.clone());
    let role = RwSignal::new(before.role);
    let agency = RwSignal::new(before.agency.as_ref().map(ToString::to_string).unwrap_or_default());
    let errors = FieldErrors::new();
    let outcome: Outcome = RwSignal::new(None);
    let busy = RwSignal::new(false);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        outcome.set(None);
        let update = changes(&before, &display_name.get_untracked(), role.get_untracked(), &agency.get_untracked());
        if update == UserUpdate::default() {
            return close.run(None);
        }
        let username = before.username.clone();
        submit(busy, async move {
            match api::update_user(&username, &update).await {
                Ok(updated) => {
                    user.try_set(updated);
                    close.run(Some(t.user_saved.to_owned()));
                }
                Err(error) => refused(errors, outcome, &error, |e| t.api_error(e)),
            }
        });
    };

    view! {
        <tr class="row-form">
            <td colspan="6">
                <form on:submit=on_submit novalidate class="inline-form">
                    <Field id=name_id.clone() field="display_name" label=t.display_name error=errors.error_for("display_name")>
                        <TextInput id=name_id value=display_name field="display_name" errors />
                    </Field>
                    <RoleAndAgency id=id.clone() role agency agencies errors />
                    <div class="form-actions">
                        <SubmitButton id=format!("{id}-save") busy idle_label=t.save busy_label=t.saving />
                        <button type="button" class="secondary" on:click=move |_| close.run(None)>{t.cancel}</button>
                        <OutcomeLine outcome testid="edit-notice" />
                    </div>
                </form>
            </td>
        </tr>
    }
}

/// Only what changed. Role and agency travel together: the agency is part of what a role means.
fn changes(before: &User, display_name: &str, role: Role, agency: &str) -> UserUpdate {
    let agency = role.is_agency_bound().then(|| agency.to_owned());
    let agency_before = before.agency.as_ref().map(ToString::to_string);
    let name = display_name.trim();
    UserUpdate {
        display_name: (name != before.display_name).then(|| name.to_owned()),
        role: (role != before.role || agency != agency_before).then_some(role),
        agency: if role != before.role || agency != agency_before { agency } else { None },
        disabled: None,
    }
}

/// A temporary password for one user, who must change it at next login.
#[component]
fn ResetPassword(user: RwSignal<User>, close: Callback<Option<String>>) -> impl IntoView {
    let t = texts();
    let id = format!("reset-{}", user.with_untracked(|u| u.username.clone()));
    let (input_id, save_id) = (id.clone(), format!("{id}-save"));
    let password = RwSignal::new(String::new());
    let errors = FieldErrors::new();
    let outcome: Outcome = RwSignal::new(None);
    let busy = RwSignal::new(false);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        outcome.set(None);
        let new_password = password.get_untracked();
        if new_password.chars().count() < MIN_PASSWORD_CHARS {
            return errors.set_one("new_password", t.password_minimum(MIN_PASSWORD_CHARS));
        }
        let username = user.with_untracked(|u| u.username.clone());
        submit(busy, async move {
            match api::reset_password(&username, &PasswordReset { new_password }).await {
                Ok(()) => {
                    user.try_update(|u| u.must_change_password = true);
                    close.run(Some(t.password_reset_done.to_owned()));
                }
                Err(error) => refused(errors, outcome, &error, |e| t.api_error(e)),
            }
        });
    };

    view! {
        <tr class="row-form">
            <td colspan="6">
                <form on:submit=on_submit novalidate class="inline-form">
                    <Field id=id field="new_password" label=t.temporary_password error=errors.error_for("new_password")>
                        // Shown as typed: the admin passes it on to the user, who replaces it at once.
                        <TextInput verbatim=true id=input_id value=password field="new_password" errors />
                        <p class="hint">{t.password_minimum(MIN_PASSWORD_CHARS)}" "{t.first_password_hint}</p>
                    </Field>
                    <div class="form-actions">
                        <SubmitButton id=save_id busy idle_label=t.reset_password busy_label=t.saving />
                        <button type="button" class="secondary" on:click=move |_| close.run(None)>{t.cancel}</button>
                        <OutcomeLine outcome testid="reset-notice" />
                    </div>
                </form>
            </td>
        </tr>
    }
}

const NEW_USER_FIELDS: &[&str] = &["username", "display_name", "role", "agency", "password"];

#[component]
fn NewUserForm(agencies: Agencies, #[prop(into)] on_created: Callback<User>) -> impl IntoView {
    let t = texts();
    let username = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Operator);
    let agency = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = FieldErrors::new();
    let outcome: Outcome = RwSignal::new(None);
    let busy = RwSignal::new(false);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        outcome.set(None);
        let role = role.get_untracked();
        let user = NewUser {
            username: username.get_untracked().trim().to_owned(),
            display_name: display_name.get_untracked().trim().to_owned(),
            role,
            agency: role.is_agency_bound().then(|| agency.get_untracked()).filter(|a| !a.is_empty()),
            password: password.get_untracked(),
        };
        submit(busy, async move {
            match api::create_user(&user).await {
                Ok(created) => {
                    for field in [username, display_name, agency, password] {
                        field.try_set(String::new());
                    }
                    errors.set(Vec::new());
                    outcome.try_set(Some(Ok(format!("{} {}", t.user_created, created.username))));
                    on_created.run(created);
                }
                Err(error) => refused(errors, outcome, &error, |e| t.api_error(e)),
            }
        });
    };

    view! {
        <form class="panel new-user" on:submit=on_submit novalidate aria-labelledby="new-user-title">
            <h2 id="new-user-title">{t.new_user_title}</h2>
            <Field id="new-username" field="username" label=t.username error=errors.error_for("username")>
                <TextInput verbatim=true id="new-username" value=username field="username" errors />
            </Field>
            <Field id="new-display-name" field="display_name" label=t.display_name error=errors.error_for("display_name")>
                <TextInput id="new-display-name" value=display_name field="display_name" errors />
            </Field>
            <RoleAndAgency id="new".to_owned() role agency agencies errors />
            <Field id="new-user-password" field="password" label=t.first_password error=errors.error_for("password")>
                // Shown as typed: the admin passes it on to the user, who replaces it at first login.
                <TextInput verbatim=true id="new-user-password" value=password field="password" errors hint="new-user-password-hint" />
                <p class="hint" id="new-user-password-hint">
                    {t.password_minimum(MIN_PASSWORD_CHARS)}" "{t.first_password_hint}
                </p>
            </Field>
            <div class="form-actions">
                <SubmitButton id="create-user" busy idle_label=t.create_user busy_label=t.saving />
                <OutcomeLine outcome testid="new-user-notice" />
            </div>
            <ul class="other-errors">
                {move || errors.others(NEW_USER_FIELDS).into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
            </ul>
        </form>
    }
}

/// The role select, and the agency select beside it only for roles that belong to an agency.
#[component]
fn RoleAndAgency(
    /// Prefix of the controls' ids: `{id}-role`, `{id}-agency`.
    id: String,
    role: RwSignal<Role>,
    agency: RwSignal<String>,
    agencies: Agencies,
    errors: FieldErrors,
) -> impl IntoView {
    let t = texts();
    let role_id = format!("{id}-role");
    let agency_id = format!("{id}-agency");
    let on_role = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        if let Some(chosen) = Role::ALL.into_iter().find(|r| r.as_str() == value) {
            role.set(chosen);
        }
        errors.clear("role");
        errors.clear("agency");
    };
    let roles = Role::ALL
        .into_iter()
        .map(|r| {
            let selected = Signal::derive(move || role.get() == r);
            view! { <option value=r.as_str() prop:selected=selected>{r.label(t.lang)}</option> }
        })
        .collect_view();
    let agency_options = move || {
        agencies.list.with(|list| {
            list.iter()
                .map(|a| {
                    let code = a.code.to_string();
                    let label = format!("{} ({code})", a.name);
                    let selected = Signal::derive({
                        let code = code.clone();
                        move || agency.with(|chosen| *chosen == code)
                    });
                    view! { <option value=code prop:selected=selected>{label}</option> }
                })
                .collect_view()
        })
    };
    let agency_field = move || {
        role.get().is_agency_bound().then(|| {
            let agency_id = agency_id.clone();
            view! {
                <Field id=agency_id.clone() field="agency" label=t.agency error=errors.error_for("agency")>
                    <select
                        id=agency_id
                        on:change=move |ev| {
                            agency.set(event_target_value(&ev));
                            errors.clear("agency");
                        }
                    >
                        <option value="" prop:selected=Signal::derive(move || agency.with(String::is_empty))>
                            {t.choose_agency}
                        </option>
                        {agency_options}
                    </select>
                    <p class="notice failed">{agencies.failure}</p>
                </Field>
            }
        })
    };

    view! {
        <Field id=role_id.clone() field="role" label=t.role error=errors.error_for("role")>
            <select id=role_id on:change=on_role>{roles}</select>
        </Field>
        {agency_field}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tanggap_domain::{AgencyCode, Username};

    fn officer() -> User {
        User {
            username: Username::parse("damkar").unwrap(),
            display_name: "Petugas Damkar".into(),
            role: Role::AgencyOfficer,
            agency: Some(AgencyCode::parse("DAMKAR").unwrap()),
            disabled: false,
            must_change_password: false,
        }
    }

    #[test]
    fn an_unchanged_form_changes_nothing() {
        assert_eq!(changes(&officer(), "Petugas Damkar ", Role::AgencyOfficer, "DAMKAR"), UserUpdate::default());
    }

    #[test]
    fn a_new_agency_is_sent_with_the_role() {
        let update = changes(&officer(), "Petugas Damkar", Role::AgencyOfficer, "BPBD");
        assert_eq!((update.role, update.agency.as_deref()), (Some(Role::AgencyOfficer), Some("BPBD")));
        assert_eq!(update.display_name, None);
    }

    #[test]
    fn a_role_without_an_agency_drops_the_agency() {
        let update = changes(&officer(), "Petugas Damkar", Role::Operator, "DAMKAR");
        assert_eq!((update.role, update.agency), (Some(Role::Operator), None));
    }
}
