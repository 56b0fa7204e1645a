//! The intake form: what an operator fills in while the caller is on the line.
//! Sends once per submission (the button is disabled while sending), retries with the same
//! idempotency key, shows the API's field errors at their fields, and clears itself once saved.

mod fields;
mod outcome;

use leptos::html;
use leptos::prelude::*;
use tanggap_domain::dto::{IncidentDetail, NewIncident};
use tanggap_domain::{Category, Priority, Region};

use self::fields::IntakeFields;
use self::outcome::{Notice, Outcome};
use crate::api;
use crate::components::field::{Field, FieldErrors};
use crate::components::form::TextInput;
use crate::i18n::texts;
use crate::idempotency::{self, Submission};
use crate::reference::Reference;

#[component]
pub fn IntakeForm(reference: Reference, #[prop(into)] on_created: Callback<IncidentDetail>) -> impl IntoView {
    let t = texts();
    let fields = IntakeFields::new();
    let outcome = Outcome::new();
    let submission = StoredValue::new(Submission::default());
    let category_select = NodeRef::<html::Select>::new();

    let save = Action::new_local(move |(incident, key): &(NewIncident, String)| {
        let (incident, key) = (incident.clone(), key.clone());
        async move {
            let result = api::create_incident(&incident, &key).await;
            outcome.record(&result);
            if let Ok(detail) = result {
                submission.update_value(Submission::confirmed);
                fields.clear();
                on_created.run(detail);
                // The next call starts at the first control.
                if let Some(select) = category_select.get_untracked() {
                    let _ = select.focus();
                }
            }
        }
    });
    let sending = save.pending();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        let incident = fields.to_new_incident();
        let key = submission.try_update_value(|s| s.key_for(&incident, idempotency::new_key));
        let Some(key) = key else { return };
        outcome.sending();
        save.dispatch((incident, key));
    };

    // Each control writes its signal and drops its stale error message.
    let edit = move |signal: RwSignal<String>, field: &'static str| {
        move |ev: leptos::ev::Event| {
            signal.set(event_target_value(&ev));
            outcome.clear(field);
        }
    };
    let on_district = move |ev: leptos::ev::Event| {
        fields.district.set(event_target_value(&ev));
        // A village of another district would be refused: start the village choice over.
        fields.village.set(String::new());
        outcome.clear("district");
        outcome.clear("village");
    };
    let invalid = move |field: &'static str| move || outcome.has_error(field);
    let errors = FieldErrors::over(outcome.errors);

    let districts = reference.districts();
    let category_groups = reference.categories_by_priority();
    let villages = move || reference.villages_of(&fields.district.get());

    view! {
        <form class="panel intake" on:submit=on_submit novalidate aria-labelledby="intake-title">
            <h2 id="intake-title">{t.intake_title}</h2>
            <Field id="category" field="category" label=t.category error=outcome.error_for("category")>
                <select
                    id="category"
                    node_ref=category_select
                    on:change=edit(fields.category, "category")
                    aria-invalid=invalid("category")
                    aria-describedby="category-error"
                >
                    <option value="" prop:selected=move || fields.category.with(String::is_empty)>
                        {t.choose_category}
                    </option>
                    {category_groups
                        .into_iter()
                        .map(|(priority, categories)| view! { <CategoryGroup priority categories selected=fields.category /> })
                        .collect_view()}
                </select>
            </Field>
            <Field id="district" field="district" label=t.district error=outcome.error_for("district")>
                <select id="district" on:change=on_district aria-invalid=invalid("district") aria-describedby="district-error">
                    <option value="" prop:selected=move || fields.district.with(String::is_empty)>
                        {t.choose_district}
                    </option>
                    <RegionOptions regions=districts selected=fields.district />
                </select>
            </Field>
            <Field id="village" field="village" label=t.village error=outcome.error_for("village")>
                <select
                    id="village"
                    on:change=edit(fields.village, "village")
                    disabled=move || fields.district.with(String::is_empty)
                    aria-invalid=invalid("village")
                    aria-describedby="village-error"
                >
                    <option value="" prop:selected=move || fields.village.with(String::is_empty)>
                        {move || if fields.district.with(String::is_empty) { t.choose_district_first } else { t.choose_village }}
                    </option>
                    {move || view! { <RegionOptions regions=villages() selected=fields.village /> }}
                </select>
            </Field>
            <Field id="landmark" field="landmark" label=t.landmark error=outcome.error_for("landmark")>
                <TextInput id="landmark" value=fields.landmark field="landmark" errors placeholder=t.landmark_hint />
            </Field>
            <Field id="description" field="description" label=t.description error=outcome.error_for("description")>
                <textarea
                    id="description"
                    rows="3"
                    prop:value=move || fields.description.get()
                    on:input=edit(fields.description, "description")
                    aria-invalid=invalid("description")
                    aria-describedby="description-error"
                ></textarea>
            </Field>
            <Field id="caller-phone" field="caller_phone" label=t.caller_phone error=outcome.error_for("caller_phone")>
                <TextInput id="caller-phone" value=fields.caller_phone kind="tel" inputmode="tel"
                    field="caller_phone" errors placeholder=t.caller_phone_hint />
            </Field>
            <div class="form-actions">
                <button id="submit" type="submit" disabled=move || sending.get()>
                    {move || if sending.get() { t.submitting } else { t.submit }}
                </button>
                <p class="notice" role="status" aria-live="polite" data-testid="intake-notice"
                    class:saved=move || outcome.notice.with(|n| matches!(n, Some(Notice::Saved)))
                    class:failed=move || outcome.notice.with(|n| matches!(n, Some(Notice::NotSaved(_))))
                >
                    {move || outcome.notice.get().map(|notice| match notice {
                        Notice::Saved => t.saved.to_owned(),
                        Notice::NotSaved(why) => why,
                    })}
                </p>
            </div>
            <ul class="other-errors">
                {move || outcome.other_errors().into_iter()
                    .map(|e| view! { <li data-testid=format!("error-{}", e.field)>{e.message}</li> })
                    .collect_view()}
            </ul>
        </form>
    }
}

/// The categories of one priority, under a heading that says what the priority means.
#[component]
fn CategoryGroup(priority: Priority, categories: Vec<Category>, selected: RwSignal<String>) -> impl IntoView {
    let t = texts();
    let label = format!("{} · {}", priority.as_str(), t.priority_meaning(priority));
    view! {
        <optgroup label=label>
            {categories
                .into_iter()
                .map(|category| {
                    let code = category.code.to_string();
                    let name = category.name(t.lang).to_owned();
                    let is_selected = {
                        let code = code.clone();
                        move || selected.with(|s| *s == code)
                    };
                    view! { <option value=code prop:selected=is_selected>{name}</option> }
                })
                .collect_view()}
        </optgroup>
    }
}

/// One `<option>` per region, its kode wilayah as the value.
#[component]
fn RegionOptions(regions: Vec<Region>, selected: RwSignal<String>) -> impl IntoView {
    regions
        .into_iter()
        .map(|region| {
            let code = region.code.to_string();
            let is_selected = {
                let code = code.clone();
                move || selected.with(|s| *s == code)
            };
            view! { <option value=code prop:selected=is_selected>{region.name}</option> }
        })
        .collect_view()
}
