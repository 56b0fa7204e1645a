//! `/masuk`: the login page. A refused login says why in one line (wrong name or password, or how
//! many minutes to wait after too many attempts) and keeps the name typed. Once logged in, the
//! route guard opens the page asked for before, or the role's home.

use leptos::prelude::*;
use tanggap_domain::dto::{LoginRequest, ProblemType};

use crate::api::{self, ApiError};
use crate::components::form::{SubmitButton, TextInput, submit};
use crate::i18n::{Texts, texts};
use crate::session::{self, Auth, SignedOutWhy};

#[component]
pub fn LoginPage() -> impl IntoView {
    let t = texts();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // Why the user is here, when it is worth saying: the session ended, or the logout was not confirmed.
    let notice = match untrack(session::auth) {
        Auth::SignedOut(SignedOutWhy::Expired) => Some(t.session_expired),
        Auth::SignedOut(SignedOutWhy::LogoutUnconfirmed) => Some(t.logout_unconfirmed),
        _ => None,
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let request =
            LoginRequest { username: username.get_untracked().trim().to_owned(), password: password.get_untracked() };
        submit(busy, async move {
            match api::login(&request).await {
                Ok(session) => session::logged_in(session),
                Err(refused) => {
                    error.try_set(Some(login_failure(t, &refused)));
                    // The name stays; the password is typed again.
                    password.try_set(String::new());
                    focus("password");
                }
            }
        });
    };

    view! {
        <form class="panel narrow login" on:submit=on_submit aria-labelledby="login-title">
            <h1 id="login-title">{t.login_title}</h1>
            {notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
            <div class="field">
                <label for="username">{t.username}</label>
                <TextInput verbatim=true id="username" value=username autocomplete="username" />
            </div>
            <div class="field">
                <label for="password">{t.password}</label>
                <TextInput verbatim=true id="password" value=password kind="password" autocomplete="current-password" />
            </div>
            <p class="notice failed" role="alert" data-testid="login-error">{error}</p>
            <div class="form-actions">
                <SubmitButton id="login" busy idle_label=t.log_in busy_label=t.logging_in />
            </div>
        </form>
    }
}

/// Puts the cursor in the element with this id.
fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    let element = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id));
    if let Some(element) = element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = element.focus();
    }
}

/// One line that says why the login was refused and what to do.
fn login_failure(t: &Texts, error: &ApiError) -> String {
    match error {
        ApiError::TooManyRequests { retry_after_secs, .. } => t.too_many_attempts(*retry_after_secs),
        // Unknown user, wrong password and disabled account all read the same, on purpose.
        error if error.is(ProblemType::InvalidCredentials) => invalid_credentials(t),
        ApiError::Problem(problem) if problem.status == 401 => invalid_credentials(t),
        other => t.api_error(other),
    }
}

/// The problem's own title, as a sentence.
fn invalid_credentials(t: &Texts) -> String {
    format!("{}.", ProblemType::InvalidCredentials.title(t.lang))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{EN, ID};
    use tanggap_domain::dto::Problem;

    fn problem(kind: &str, status: u16) -> Box<Problem> {
        Box::new(Problem {
            kind: kind.into(),
            title: "server title".into(),
            status,
            detail: None,
            request_id: None,
            errors: vec![],
            current: None,
        })
    }

    #[test]
    fn wrong_credentials_and_too_many_attempts_are_told_apart() {
        let wrong = ApiError::Problem(problem(ProblemType::InvalidCredentials.uri(), 401));
        assert_eq!(login_failure(&ID, &wrong), "Nama pengguna atau kata sandi salah.");
        assert_eq!(login_failure(&EN, &wrong), "Wrong username or password.");
        let throttled = ApiError::TooManyRequests {
            problem: problem(ProblemType::TooManyAttempts.uri(), 429),
            retry_after_secs: Some(300),
        };
        assert_eq!(login_failure(&ID, &throttled), "Terlalu banyak percobaan masuk. Coba lagi dalam 5 menit.");
        assert_eq!(login_failure(&ID, &ApiError::Network), "Tidak tersambung ke server.");
    }
}
