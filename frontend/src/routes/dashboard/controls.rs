//! The range (by name, or its first and last day) and the filters, each kept in the address: a choice
//! replaces the address's query, which the page then asks the API with.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use tanggap_domain::dashboard::Preset;
use tanggap_domain::{Agency, Priority};

use crate::i18n::texts;
use crate::reference::Reference;

/// A select's options: each value and its words.
type Options = Vec<(String, String)>;

#[component]
pub fn Controls(reference: Reference, agencies: Vec<Agency>) -> impl IntoView {
    let t = texts();
    let d = t.dashboard();
    let query = use_query_map();
    let location = use_location();
    let navigate = use_navigate();
    // Sets (or, with an empty value, removes) each key, and replaces the address.
    let set = move |changes: &[(&'static str, String)]| {
        let mut params = query.get_untracked();
        for (key, value) in changes {
            params.remove(key);
            if !value.is_empty() {
                params.insert(*key, value.clone());
            }
        }
        let path = location.pathname.get_untracked();
        navigate(
            &format!("{path}{}", params.to_query_string()),
            NavigateOptions { replace: true, scroll: false, ..Default::default() },
        );
    };

    // Today is what the dashboard shows when the address names no range.
    let current = move || {
        query.with(|q| match (q.get_str("range"), q.get_str("from")) {
            (Some(name), _) => Preset::ALL.into_iter().find(|p| p.as_str() == name),
            (None, None) => Some(Preset::Today),
            (None, Some(_)) => None,
        })
    };
    let presets = Preset::ALL
        .into_iter()
        .map(|preset| {
            let set = set.clone();
            let pressed = move || (current() == Some(preset)).to_string();
            view! {
                <button
                    type="button"
                    class="preset secondary"
                    data-range=preset.as_str()
                    aria-pressed=pressed
                    on:click=move |_| set(&[("range", preset.as_str().into()), ("from", String::new()), ("to", String::new())])
                >
                    {preset.label(t.lang)}
                </button>
            }
        })
        .collect_view();
    let day_input = |key: &'static str, label: &'static str| {
        let set = set.clone();
        let id = format!("dashboard-{key}");
        view! {
            <div class="filter">
                <label for=id.clone()>{label}</label>
                <input
                    id=id
                    type="date"
                    prop:value=move || query.with(|q| q.get_str(key).unwrap_or_default().to_owned())
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        // The other end stays as it is; a range by name gives way to the days typed.
                        let mut changes = vec![("range", String::new()), (key, value.clone())];
                        if key == "from" && query.with_untracked(|q| q.get_str("to").is_none()) {
                            changes.push(("to", value));
                        }
                        set(&changes)
                    }
                />
            </div>
        }
    };

    let lang = t.lang;
    let categories: Options = reference
        .categories_by_priority()
        .into_iter()
        .flat_map(|(_, group)| group)
        .map(|c| (c.code.to_string(), c.name(lang).to_owned()))
        .collect();
    let districts: Options = reference.districts().into_iter().map(|r| (r.code.to_string(), r.name)).collect();
    let agencies: Options = agencies.into_iter().map(|a| (a.code.to_string(), a.name)).collect();
    let priorities: Options =
        Priority::ALL.iter().map(|p| (p.as_str().to_owned(), format!("{p} · {}", p.meaning(lang)))).collect();
    let filters = [
        ("category", t.category, d.all_categories, categories),
        ("district", t.district, d.all_districts, districts),
        ("agency", d.agency, d.all_agencies, agencies),
        ("priority", t.column_priority, d.all_priorities, priorities),
    ];
    let selects = filters
        .into_iter()
        .map(|(key, label, all, options)| {
            let set = set.clone();
            let id = format!("dashboard-{key}");
            let options = options
                .into_iter()
                .map(|(value, text)| {
                    let chosen = value.clone();
                    let selected = move || query.with(|q| q.get_str(key) == Some(chosen.as_str()));
                    view! { <option value=value prop:selected=selected>{text}</option> }
                })
                .collect_view();
            view! {
                <div class="filter">
                    <label for=id.clone()>{label}</label>
                    <select id=id on:change=move |ev| set(&[(key, event_target_value(&ev))])>
                        <option value="" prop:selected=move || query.with(|q| q.get_str(key).is_none())>{all}</option>
                        {options}
                    </select>
                </div>
            }
        })
        .collect_view();

    view! {
        <div class="dashboard-controls">
            <div class="presets" role="group" aria-label=d.range>{presets}</div>
            <div class="filters" role="group" aria-label=d.filters>
                {day_input("from", d.from)}
                {day_input("to", d.to)}
                {selects}
            </div>
        </div>
    }
}
