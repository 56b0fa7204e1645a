//! The bell in the header: how many of the user's notifications are unread, the list of them (each
//! leading to its incident, and read once opened), and "mark all read". It asks the API every 25 s and
//! whenever the window gets the focus back, for as long as someone is signed in: the header drops it
//! at logout, which stops the asking. Every console has it, so it is kept small.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use tanggap_domain::dto::NotificationsPage;

use crate::access::Screen;
use crate::api::{self, ApiError};
use crate::clock;
use crate::i18n::texts;

/// How often the bell asks.
const POLL: Duration = Duration::from_secs(25);

#[component]
pub fn Bell() -> impl IntoView {
    let t = texts();
    let n = t.notify();
    let page = RwSignal::new(None::<NotificationsPage>);
    let open = RwSignal::new(false);
    let take = move |answer: Result<NotificationsPage, ApiError>| {
        if let Ok(answer) = answer {
            page.try_set(Some(answer));
        }
    };
    let ask = move || spawn_local(async move { take(api::notifications().await) });
    let mark = move |ids: Vec<String>| spawn_local(async move { take(api::mark_read(ids).await) });
    ask();
    if let Ok(interval) = set_interval_with_handle(ask, POLL) {
        on_cleanup(move || interval.clear());
    }
    let focus = window_event_listener(leptos::ev::focus, move |_| ask());
    on_cleanup(move || focus.remove());

    // Nothing when nothing is unread (the badge is hidden then).
    let unread = move || page.with(|p| p.as_ref().filter(|p| p.unread > 0).map(|p| p.unread.to_string()));
    // The list, while open: each notification leads to its incident, and is read once opened.
    let list = move || {
        open.get().then(|| {
            let items = page.with(|p| {
                let list = p.as_ref().map(|p| p.notifications.as_slice()).unwrap_or_default();
                list.iter()
                    .map(|item| {
                        let (id, read) = (item.id.clone(), item.read);
                        let when = clock::local_date_time(item.at, t.lang);
                        view! {
                            <li class:unread=!read>
                                <a
                                    href=item.path()
                                    on:click=move |_| {
                                        open.set(false);
                                        if !read {
                                            mark(vec![id.clone()]);
                                        }
                                    }
                                >
                                    {item.title(t.lang)}
                                </a>
                                <small>{when}</small>
                            </li>
                        }
                    })
                    .collect_view()
            });
            view! {
                <div class="bell-list" data-testid="bell-list">
                    <ul>{items}</ul>
                    // Shown by the style sheet when the list is empty.
                    <p class="muted">{n.none}</p>
                    <div class="form-actions">
                        <button type="button" class="secondary" data-testid="bell-read-all" on:click=move |_| mark(Vec::new())>
                            {n.read_all}
                        </button>
                        <a href=Screen::Notifications.path() data-testid="bell-settings" on:click=move |_| open.set(false)>
                            {n.settings_title}
                        </a>
                    </div>
                </div>
            }
        })
    };

    view! {
        <div class="bell">
            <button
                type="button"
                class="quiet"
                data-testid="bell"
                title=n.bell
                aria-label=n.bell
                on:click=move |_| {
                    open.update(|o| *o = !*o);
                    if open.get_untracked() {
                        ask();
                    }
                }
            >
                "🔔 "
                <span class="bell-count" data-testid="bell-count">{unread}</span>
            </button>
            {list}
        </div>
    }
}
