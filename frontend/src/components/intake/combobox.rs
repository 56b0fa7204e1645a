//! A text box that finds one choice among many as the operator types (the WAI-ARIA combobox with a
//! listbox popup): ↓ and ↑ move the highlight, Enter or Tab take it, Esc closes the list. The mouse
//! works too. One component for categories, districts and villages.

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;

use super::search::{Choice, matches};
use crate::i18n::texts;

/// The most choices listed at once: a short list is read at a glance.
const LISTED: usize = 8;

#[component]
pub fn Combobox(
    id: &'static str,
    /// Everything that may be chosen.
    #[prop(into)]
    choices: Signal<Vec<Choice>>,
    /// The chosen value; empty for none. Set from outside too (a quick key, a cleared form).
    value: RwSignal<String>,
    /// Called with the value taken (empty when the box was emptied), and whether Enter took it (the
    /// form then moves on; after Tab the browser does).
    on_pick: Callback<(String, bool)>,
    #[prop(into)] invalid: Signal<bool>,
    placeholder: &'static str,
) -> impl IntoView {
    // What the operator types. It is shown only while they are searching: from their first key
    // until they take a choice or leave, and only while nobody else has changed the value meanwhile
    // (a quick key, a village choosing its district, a cleared form); otherwise the value's name shows.
    let text = RwSignal::new(String::new());
    let searching_from = RwSignal::new(None::<String>);
    let searching = move || searching_from.with(|from| value.with(|v| from.as_ref() == Some(v)));
    let active = RwSignal::new(0usize);
    let label_of = move |value: &str| {
        choices.with_untracked(|all| all.iter().find(|c| c.value == value).map(|c| c.label.clone())).unwrap_or_default()
    };
    let shown = move || if searching() { text.get() } else { value.with(|v| choices.with(|_| label_of(v))) };
    // Derived, not memoised: a few hundred names are searched in well under a millisecond.
    // The chosen name itself (the list opened with ↓) asks for the whole list.
    let found = Signal::derive(move || match searching() {
        true => text.with(|query| {
            let query = if value.with(|v| label_of(v)) == *query { "" } else { query.as_str() };
            choices.with(|all| matches(all, query, LISTED))
        }),
        false => Vec::new(),
    });
    let stop = move || searching_from.set(None);
    let take = move |at: usize, advance: bool| {
        let Some(index) = found.with_untracked(|f| f.get(at).copied()) else { return };
        let Some(chosen) = choices.with_untracked(|all| all.get(index).map(|c| c.value.clone())) else { return };
        stop();
        value.set(chosen.clone());
        on_pick.run((chosen, advance));
    };
    let on_keydown = move |ev: KeyboardEvent| {
        if ev.alt_key() || ev.ctrl_key() || ev.meta_key() {
            return;
        }
        let listed = found.with_untracked(Vec::len);
        let open = untrack(searching);
        match ev.key().as_str() {
            "ArrowDown" | "ArrowUp" => {
                ev.prevent_default();
                if !open {
                    text.set(value.with_untracked(|v| label_of(v)));
                    searching_from.set(Some(value.get_untracked()));
                    active.set(0);
                } else if listed > 0 {
                    let step = if ev.key() == "ArrowDown" { 1 } else { listed - 1 };
                    active.update(|a| *a = (*a + step) % listed);
                }
            }
            // Enter in an open list chooses; it never sends the form from here.
            "Enter" if open => {
                ev.prevent_default();
                take(active.get_untracked(), true);
            }
            "Tab" if open && text.with_untracked(|t| !t.trim().is_empty()) => {
                take(active.get_untracked(), false);
            }
            "Escape" if open => {
                ev.prevent_default();
                stop();
            }
            _ => {}
        }
    };
    // Leaving the box without choosing keeps the earlier choice; leaving it empty clears it.
    let on_blur = move |_| {
        let emptied = untrack(searching) && text.with_untracked(|t| t.trim().is_empty());
        stop();
        if emptied && value.with_untracked(|v| !v.is_empty()) {
            value.set(String::new());
            on_pick.run((String::new(), false));
        }
    };
    let list_id = format!("{id}-list");
    let option_id = move |n: usize| format!("{id}-option-{n}");
    let nothing_found = move || !(found.with(Vec::is_empty) && searching() && text.with(|t| !t.trim().is_empty()));
    let options = move || {
        let listed = found.get();
        choices.with_untracked(|all| {
            listed
                .iter()
                .enumerate()
                .map(|(n, &index)| {
                    let choice = &all[index];
                    let is_active = move || active.get() == n;
                    view! {
                        <li
                            id=option_id(n)
                            role="option"
                            aria-selected=move || is_active().to_string()
                            class:active=is_active
                            // mousedown, not click: the box keeps its focus (no blur) while choosing.
                            on:mousedown=move |ev| {
                                ev.prevent_default();
                                take(n, false);
                            }
                        >
                            {choice.label.clone()}
                            <small>{choice.hint.clone()}</small>
                        </li>
                    }
                })
                .collect_view()
        })
    };

    view! {
        <div class="combo">
            <input
                id=id
                type="text"
                role="combobox"
                autocomplete="off"
                spellcheck="false"
                aria-autocomplete="list"
                aria-controls=list_id.clone()
                aria-expanded=move || searching().to_string()
                aria-activedescendant=move || found.with(|f| !f.is_empty()).then(|| option_id(active.get()))
                aria-invalid=move || invalid.get().then_some("true")
                aria-describedby=format!("{id}-error")
                placeholder=placeholder
                prop:value=shown
                on:input=move |ev| {
                    text.set(event_target_value(&ev));
                    if !untrack(searching) {
                        searching_from.set(Some(value.get_untracked()));
                    }
                    active.set(0);
                }
                on:keydown=on_keydown
                on:blur=on_blur
            />
            <ul id=list_id role="listbox" class="combo-list">
                {options}
                <li class="none" hidden=nothing_found>{texts().intake().no_match}</li>
            </ul>
        </div>
    }
}
