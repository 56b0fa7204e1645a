//! The signed-in user's session.
//!
//! The access token lives in this module's memory only, never in localStorage or a cookie that
//! scripts can read: a cross-site script could take it from there. Across reloads the session is
//! restored from the refresh cookie (HttpOnly, scoped to /api/auth), which only the browser sees:
//! [`start`] asks `/api/auth/refresh` for a new access token when the app loads. The token is renewed
//! the same way a minute before it expires, and once more by the API client whenever an answer
//! says 401 (a laptop that slept through the renewal).
//!
//! A refresh rotates the cookie, and the API treats a refresh token used twice as stolen (it revokes
//! the whole session). So there is only ever one refresh in flight: everyone who needs one waits for
//! the same, and it runs to its end even if whoever started it stops waiting.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use tanggap_domain::User;
use tanggap_domain::dto::Session;

use crate::api::{self, ApiError};

/// What the app knows about who is using it.
#[derive(Debug, Clone, PartialEq)]
pub enum Auth {
    /// Just started: asking the API whether the refresh cookie still holds a session.
    Restoring,
    /// That question got no answer (offline, server down).
    Unreachable,
    SignedOut(SignedOutWhy),
    SignedIn(User),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignedOutWhy {
    /// No session when the app started.
    Start,
    /// The session ended by itself (expired, revoked, password changed elsewhere).
    Expired,
    LoggedOut,
    /// Logged out here, but the server never confirmed it: the refresh cookie may still be valid.
    LogoutUnconfirmed,
}

/// Renew this long before the access token expires.
const RENEW_AHEAD: Duration = Duration::from_secs(60);
/// After a renewal that got no answer, try again this soon (while the token still holds).
const RENEW_RETRY: Duration = Duration::from_secs(20);

struct Store {
    auth: ArcRwSignal<Auth>,
    token: RefCell<Option<String>>,
    renewal: RefCell<Option<TimeoutHandle>>,
    flight: RefCell<Option<Rc<Flight>>>,
    /// Bumped by every login and logout: a refresh that was started before one of them and answers
    /// after it must not bring the old session back.
    epoch: RefCell<u64>,
    /// Counts the API's refusals of a page's reads (403): the app shows the forbidden page.
    refusals: ArcRwSignal<u32>,
    /// The address a signed-out visitor wanted, to open after login.
    wanted: RefCell<Option<String>>,
    /// Tasks waiting for someone to log in.
    waiting: RefCell<Vec<Waker>>,
}

thread_local! {
    static STORE: Store = Store {
        auth: ArcRwSignal::new(Auth::Restoring),
        token: RefCell::default(),
        renewal: RefCell::default(),
        flight: RefCell::default(),
        epoch: RefCell::default(),
        refusals: ArcRwSignal::new(0),
        wanted: RefCell::default(),
        waiting: RefCell::default(),
    };
}

/// Who is using the app (tracked: a view that reads it is redrawn when it changes).
pub fn auth() -> Auth {
    STORE.with(|s| s.auth.get())
}

/// The signed-in user, if any (tracked).
pub fn user() -> Option<User> {
    STORE.with(|s| s.auth.with(|auth| if let Auth::SignedIn(user) = auth { Some(user.clone()) } else { None }))
}

/// The bearer token for the next request, if signed in.
pub fn access_token() -> Option<String> {
    STORE.with(|s| s.token.borrow().clone())
}

/// Restores the session from the refresh cookie; called when the app starts (and on "try again").
pub fn start() {
    set_auth(Auth::Restoring);
    spawn_local(async {
        match refresh().await {
            Ok(()) => {}
            Err(ApiError::Network | ApiError::Unreadable { .. }) => set_auth(Auth::Unreachable),
            // 401: no cookie, or one that no longer holds a session; `refresh` has signed out already.
            Err(_) => set_auth(Auth::SignedOut(SignedOutWhy::Start)),
        }
    });
}

/// A login answered with a session: a new one, whatever was before.
pub fn logged_in(session: Session) {
    new_epoch();
    signed_in(session);
}

/// A login or refresh answered with a session: keep its token, and renew it before it expires.
fn signed_in(session: Session) {
    STORE.with(|s| {
        *s.token.borrow_mut() = Some(session.access_token);
        schedule_renewal(s, renewal_delay(session.expires_in));
        // A renewal for the same user changes nothing on screen: pages keep what was typed in them.
        let unchanged = s.auth.with_untracked(|auth| matches!(auth, Auth::SignedIn(u) if *u == session.user));
        if !unchanged {
            s.auth.set(Auth::SignedIn(session.user));
            wake_waiting(s);
        }
    });
}

/// Logs out: the API revokes the session and clears the cookie, then the app forgets the token.
pub async fn log_out() {
    let confirmed = api::logout().await;
    if let Err(error) = &confirmed {
        // Not `{error:?}`: debug-printing the error would compile Rust's float formatting (an incident's
        // coordinates, in a conflict's problem) into every console's wasm, some 19 KB.
        leptos::logging::warn!("logout not confirmed: {}", crate::i18n::texts().api_error(error));
    }
    // The API answers 204 with or without a session; anything else leaves the cookie in doubt.
    let why = if confirmed.is_ok() { SignedOutWhy::LoggedOut } else { SignedOutWhy::LogoutUnconfirmed };
    STORE.with(|s| *s.wanted.borrow_mut() = None);
    forget(why);
}

/// Gets a new access token with the refresh cookie. Only one refresh is ever in flight: a caller
/// who asks while one is running waits for that one.
pub fn refresh() -> impl Future<Output = Result<(), ApiError>> {
    let (flight, new) = STORE.with(|s| {
        let mut current = s.flight.borrow_mut();
        match &*current {
            Some(flight) => (flight.clone(), false),
            None => {
                let flight = Rc::new(Flight::default());
                *current = Some(flight.clone());
                (flight, true)
            }
        }
    });
    if new {
        let epoch = STORE.with(|s| *s.epoch.borrow());
        let landing = flight.clone();
        // Spawned, not awaited in place: it must finish (and keep the rotated cookie's token) even if
        // the caller's future is dropped, e.g. a board reload aborting the load that needed it.
        spawn_local(async move {
            let answer = api::refresh_session().await;
            let outcome = STORE.with(|s| {
                s.flight.borrow_mut().take();
                if *s.epoch.borrow() != epoch {
                    // Logged out or in meanwhile: this answer belongs to a session that is over.
                    return Err(ApiError::Network);
                }
                Ok(())
            });
            let outcome = outcome.and_then(|()| match answer {
                Ok(session) => {
                    signed_in(session);
                    Ok(())
                }
                // Refused (401): the session is over. Unanswered: keep the token, it may still hold.
                Err(error @ ApiError::Problem(_)) => {
                    if matches!(auth_untracked(), Auth::SignedIn(_)) {
                        forget(SignedOutWhy::Expired);
                    } else {
                        clear_token();
                    }
                    Err(error)
                }
                Err(error) => Err(error),
            });
            landing.land(outcome);
        });
    }
    Landing(flight)
}

/// Returns once someone is logged in who may use the API (who need not change their password
/// first); at once if someone is.
pub fn until_signed_in() -> impl Future<Output = ()> {
    std::future::poll_fn(|cx| {
        STORE.with(|s| {
            let ready = s.auth.with_untracked(|auth| matches!(auth, Auth::SignedIn(u) if !u.must_change_password));
            if ready {
                Poll::Ready(())
            } else {
                s.waiting.borrow_mut().push(cx.waker().clone());
                Poll::Pending
            }
        })
    })
}

fn wake_waiting(store: &Store) {
    for waker in store.waiting.take() {
        waker.wake();
    }
}

/// The API says this user must change their password first (an admin reset it meanwhile).
pub fn password_change_required() {
    STORE.with(|s| {
        s.auth.update(|auth| {
            if let Auth::SignedIn(user) = auth {
                user.must_change_password = true;
            }
        })
    });
}

/// The password was changed: the user may go on.
pub fn password_changed() {
    STORE.with(|s| {
        s.auth.update(|auth| {
            if let Auth::SignedIn(user) = auth {
                user.must_change_password = false;
            }
        });
        wake_waiting(s);
    });
}

/// The API refused to let this user read what a page shows (403).
pub fn refused() {
    STORE.with(|s| s.refusals.update(|n| *n = n.wrapping_add(1)));
}

/// Changes whenever the API refuses a page's read (tracked).
pub fn refusals() -> u32 {
    STORE.with(|s| s.refusals.get())
}

/// Remembers where a signed-out visitor wanted to go.
pub fn remember_wanted(path: String) {
    STORE.with(|s| *s.wanted.borrow_mut() = Some(path));
}

/// Where the visitor wanted to go before logging in (asked once).
pub fn take_wanted() -> Option<String> {
    STORE.with(|s| s.wanted.borrow_mut().take())
}

/// A login or logout starts a new epoch: refreshes from before it are ignored.
fn new_epoch() {
    STORE.with(|s| *s.epoch.borrow_mut() += 1);
}

/// When to renew a token that expires in `expires_in` seconds: a minute ahead, or at three quarters
/// of its life if it is short, and never sooner than in five seconds.
pub fn renewal_delay(expires_in: u64) -> Duration {
    let life = Duration::from_secs(expires_in);
    let ahead = if life > RENEW_AHEAD * 2 { life - RENEW_AHEAD } else { life * 3 / 4 };
    ahead.max(Duration::from_secs(5))
}

fn auth_untracked() -> Auth {
    STORE.with(|s| s.auth.get_untracked())
}

fn set_auth(auth: Auth) {
    STORE.with(|s| {
        if s.auth.with_untracked(|current| *current != auth) {
            s.auth.set(auth);
            wake_waiting(s);
        }
    });
}

fn clear_token() {
    STORE.with(|s| {
        s.token.borrow_mut().take();
        if let Some(renewal) = s.renewal.borrow_mut().take() {
            renewal.clear();
        }
    });
}

fn forget(why: SignedOutWhy) {
    new_epoch();
    clear_token();
    set_auth(Auth::SignedOut(why));
}

fn schedule_renewal(store: &Store, delay: Duration) {
    if let Some(previous) = store.renewal.borrow_mut().take() {
        previous.clear();
    }
    let handle = set_timeout_with_handle(renew, delay).ok();
    *store.renewal.borrow_mut() = handle;
}

fn renew() {
    spawn_local(async {
        if let Err(ApiError::Network | ApiError::Unreadable { .. }) = refresh().await {
            // No answer: try again soon. If the token expires meanwhile, the next 401 refreshes too.
            if access_token().is_some() {
                STORE.with(|s| schedule_renewal(s, RENEW_RETRY));
            }
        }
    });
}

/// One refresh in flight, and everyone waiting for it.
#[derive(Default)]
struct Flight {
    outcome: RefCell<Option<Result<(), ApiError>>>,
    waiting: RefCell<Vec<Waker>>,
}

impl Flight {
    fn land(&self, outcome: Result<(), ApiError>) {
        *self.outcome.borrow_mut() = Some(outcome);
        for waker in self.waiting.take() {
            waker.wake();
        }
    }
}

struct Landing(Rc<Flight>);

impl Future for Landing {
    type Output = Result<(), ApiError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if let Some(outcome) = self.0.outcome.borrow().as_ref() {
            return Poll::Ready(outcome.clone());
        }
        self.0.waiting.borrow_mut().push(cx.waker().clone());
        Poll::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_renewed_a_minute_before_they_expire_or_at_three_quarters_of_a_short_life() {
        assert_eq!(renewal_delay(900), Duration::from_secs(840));
        assert_eq!(renewal_delay(120), Duration::from_secs(90));
        assert_eq!(renewal_delay(2), Duration::from_secs(5));
    }
}
