//! `/admin/kategori`: the admin lists the categories of call and edits one at a time in a form under
//! its row: names, priority, dispatch target, quick key, lead and supporting agencies, related
//! categories, the arrival and completion targets, the SOP the operator sees when dispatching, and
//! whether officers' requests for a supporting agency are dispatched at once. The API checks the whole catalog (agencies that exist, a quick key no other category
//! uses) and its field errors are shown at their fields.

use leptos::prelude::*;
use tanggap_domain::dto::{FieldError, FieldProblem};
use tanggap_domain::{AgencyCode, Category, CategoryCode, DispatchTarget, Lang, Priority, QuickKey, Target};

use crate::api;
use crate::components::field::{Field, FieldErrors};
use crate::components::form::{Outcome, OutcomeLine, TextInput, load, refused, submit};
use crate::components::priority_badge::PriorityBadge;
use crate::i18n::texts;
use crate::reference::use_reference;

/// The form's fields, as the API names them.
const FIELDS: [&str; 13] = [
    "name_id",
    "name_en",
    "priority",
    "dispatch_target",
    "quick_key",
    "lead_agencies",
    "support_agencies",
    "related",
    "arrival_target",
    "completion_target",
    "sop",
    "support_direct",
    "public",
];
type Values = [String; 13];
/// A ticked checkbox, as the form holds it.
const YES: &str = "true";

#[component]
pub fn CategoriesPage() -> impl IntoView {
    let t = texts();
    // One signal per category: a save redraws its row only.
    let categories = RwSignal::new(Vec::<RwSignal<Category>>::new());
    let loading: Outcome = RwSignal::new(Some(Ok(t.loading.to_owned())));
    load(async move {
        match api::categories().await {
            Ok(list) => {
                categories.set(list.into_iter().map(RwSignal::new).collect());
                loading.set(None);
            }
            Err(error) => loading.set(Some(Err(t.api_error(&error)))),
        }
    });
    // `try_`: the list may land just as the page is left.
    let rows = move || {
        categories.try_with(|list| list.iter().map(|&category| view! { <CategoryRow category /> }).collect_view())
    };
    let headings = [
        t.code,
        t.name_id,
        t.name_en,
        t.column_priority,
        t.target_minutes,
        t.quick_key,
        t.lead_agencies,
        t.support_agencies,
        t.related_categories,
        t.column_actions,
    ];

    view! {
        <section class="panel" aria-labelledby="categories-title">
            <h1 id="categories-title">{t.categories_title}</h1>
            <table class="data-table categories" data-testid="categories">
                <thead>
                    <tr>{headings.map(|h| view! { <th scope="col">{h}</th> })}</tr>
                </thead>
                // One body per category: its row, and below it the form when open.
                {rows}
            </table>
            <OutcomeLine outcome=loading testid="categories-loading" />
        </section>
    }
}

/// A category's values as the form shows them.
fn values(category: &Category) -> Values {
    let codes = |codes: Vec<&str>| codes.join(", ");
    [
        category.name_id.clone(),
        category.name_en.clone(),
        category.priority.as_str().to_owned(),
        category.dispatch_target.map(|d| d.as_minutes().to_string()).unwrap_or_default(),
        category.quick_key.map(|k| k.to_string()).unwrap_or_default(),
        codes(category.lead_agencies.iter().map(AgencyCode::as_str).collect()),
        codes(category.support_agencies.iter().map(AgencyCode::as_str).collect()),
        codes(category.related.iter().map(CategoryCode::as_str).collect()),
        category.arrival_target.map(|t| t.as_minutes().to_string()).unwrap_or_default(),
        category.completion_target.map(|t| t.as_minutes().to_string()).unwrap_or_default(),
        category.sop.join("\n"),
        if category.support_direct { YES.to_owned() } else { String::new() },
        if category.public { YES.to_owned() } else { String::new() },
    ]
}

/// The category the form describes, or the errors of the fields that do not read (the API checks the
/// rest: names, the target for the priority, agencies that exist, a quick key no one else uses).
/// `base` is the category as it was (its code is not edited).
fn category_from(base: &Category, form: &Values, lang: Lang) -> Result<Category, Vec<FieldError>> {
    let code = &base.code;
    let mut errors = Vec::new();
    let mut bad = |field: &str, problem: FieldProblem| errors.push(FieldError::new(field, problem, lang));
    let priority = Priority::ALL.into_iter().find(|p| p.as_str() == form[2].trim());
    if priority.is_none() {
        bad("priority", FieldProblem::Invalid);
    }
    let mut minutes = |i: usize| match form[i].trim() {
        "" => None,
        minutes => minutes.parse().map(Target::minutes).map_err(|_| bad(FIELDS[i], FieldProblem::Invalid)).ok(),
    };
    let dispatch_target: Option<DispatchTarget> = minutes(3);
    let arrival_target = minutes(8);
    let completion_target = minutes(9);
    let quick_key = match form[4].trim() {
        "" => None,
        key => QuickKey::parse(key).map_err(|_| bad("quick_key", FieldProblem::Invalid)).ok(),
    };
    let codes = |i: usize| form[i].split([',', ' ']).filter(|code| !code.is_empty()).collect::<Vec<_>>();
    let mut agencies = |i: usize| -> Vec<AgencyCode> {
        let unknown = FieldError::new(FIELDS[i], FieldProblem::UnknownAgency, lang);
        let parsed: Vec<AgencyCode> = codes(i).into_iter().filter_map(|c| AgencyCode::parse(c).ok()).collect();
        if parsed.len() != codes(i).len() {
            errors.push(unknown);
        }
        parsed
    };
    let lead_agencies = agencies(5);
    let support_agencies = agencies(6);
    let related: Vec<CategoryCode> = codes(7).into_iter().filter_map(|c| CategoryCode::parse(c).ok()).collect();
    if related.len() != codes(7).len() {
        errors.push(FieldError::new("related", FieldProblem::UnknownCategory, lang));
    }
    match priority {
        Some(priority) if errors.is_empty() => Ok(Category {
            code: code.clone(),
            name_id: form[0].trim().to_owned(),
            name_en: form[1].trim().to_owned(),
            priority,
            dispatch_target,
            lead_agencies,
            support_agencies,
            quick_key,
            related,
            arrival_target,
            completion_target,
            // One step a line; blank lines are not steps.
            sop: form[10].lines().map(str::trim).filter(|line| !line.is_empty()).map(String::from).collect(),
            support_direct: form[11] == YES,
            public: form[12] == YES,
        }),
        _ => Err(errors),
    }
}

#[component]
fn CategoryRow(category: RwSignal<Category>) -> impl IntoView {
    let t = texts();
    let open = RwSignal::new(false);
    let outcome: Outcome = RwSignal::new(None);
    let code = category.with_untracked(|c| c.code.to_string());
    let read = move |i: usize| move || category.try_with(|c| values(c)[i].clone()).unwrap_or_default();
    let cell = move |label: &'static str, i: usize| view! { <td data-label=label>{read(i)}</td> };
    let close = Callback::new(move |done: Option<String>| {
        open.set(false);
        outcome.set(done.map(Ok));
    });

    view! {
        <tbody data-testid="category" data-code=code.clone()>
            <tr>
                <td data-label=t.code class="username">{code.clone()}</td>
                {cell(t.name_id, 0)}
                {cell(t.name_en, 1)}
                <td data-label=t.column_priority>
                    {move || category.try_with(|c| c.priority).map(|priority| view! { <PriorityBadge priority /> })}
                </td>
                <td data-label=t.target_minutes data-testid="category-target">{read(3)}</td>
                <td data-label=t.quick_key data-testid="category-quick-key">{read(4)}</td>
                {cell(t.lead_agencies, 5)}
                {cell(t.support_agencies, 6)}
                {cell(t.related_categories, 7)}
                <td data-label=t.column_actions class="actions">
                    <button
                        type="button"
                        class="secondary"
                        data-testid="edit-category"
                        on:click=move |_| {
                            outcome.set(None);
                            open.update(|o| *o = !*o);
                        }
                    >
                        {t.edit}
                    </button>
                    <OutcomeLine outcome testid="category-notice" />
                </td>
            </tr>
            {move || open.get().then(|| view! { <CategoryForm category close /> })}
        </tbody>
    }
}

#[component]
fn CategoryForm(category: RwSignal<Category>, close: Callback<Option<String>>) -> impl IntoView {
    let t = texts();
    let d = t.dispatch();
    let reference = use_reference();
    let (code, start) = category.with_untracked(|c| (c.code.clone(), values(c)));
    let prefix = format!("cat-{code}");
    let typed = start.map(RwSignal::new);
    let errors = FieldErrors::new();
    let outcome: Outcome = RwSignal::new(None);
    let busy = RwSignal::new(false);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        outcome.set(None);
        let base = category.get_untracked();
        let edited = match category_from(&base, &typed.map(|s| s.get_untracked()), t.lang) {
            Ok(edited) => edited,
            Err(field_errors) => return errors.set(field_errors),
        };
        submit(busy, async move {
            match api::update_category(&edited).await {
                Ok(saved) => {
                    category.try_set(saved);
                    // The intake form's categories and quick keys come from the reference data.
                    reference.reload();
                    close.run(Some(t.category_saved.to_owned()));
                }
                Err(error) => refused(errors, outcome, &error, |e| t.api_error(e)),
            }
        });
    };
    let labels = [
        t.name_id,
        t.name_en,
        t.column_priority,
        t.target_minutes,
        t.quick_key,
        t.lead_agencies,
        t.support_agencies,
        t.related_categories,
        d.arrival_target,
        d.completion_target,
        d.sop_lines,
        d.support_direct,
        d.public_category,
    ];
    let id = |i: usize| format!("{prefix}-{}", FIELDS[i].replace('_', "-"));
    let priority_id = id(2);
    let sop_id = id(10);
    let priorities = Priority::ALL
        .into_iter()
        .map(|p| {
            let selected = move || typed[2].with(|v| v == p.as_str());
            view! { <option value=p.as_str() prop:selected=selected>{format!("{p} · {}", p.meaning(t.lang))}</option> }
        })
        .collect_view();
    let inputs = [0, 1, 3, 4, 5, 6, 7, 8, 9].map(|i| {
        let id = id(i);
        let verbatim = i >= 3;
        view! {
            <Field id=id.clone() field=FIELDS[i] label=labels[i] error=errors.error_for(FIELDS[i])>
                <TextInput id=id value=typed[i] field=FIELDS[i] errors verbatim />
            </Field>
        }
    });

    let toggles = [11, 12].map(|i| {
        view! {
            <div class="field toggle">
                <label>
                    <input
                        type="checkbox"
                        id=id(i)
                        prop:checked=move || typed[i].with(|v| v == YES)
                        on:change=move |ev| typed[i].set(if event_target_checked(&ev) { YES.into() } else { String::new() })
                    />
                    " "
                    {labels[i]}
                </label>
            </div>
        }
    });

    view! {
        <tr class="row-form">
            <td colspan="10">
                <form on:submit=on_submit novalidate class="inline-form" data-testid="category-form">
                    <Field id=priority_id.clone() field="priority" label=t.column_priority error=errors.error_for("priority")>
                        <select
                            id=priority_id
                            on:change=move |ev| {
                                typed[2].set(event_target_value(&ev));
                                errors.clear("priority");
                            }
                        >
                            {priorities}
                        </select>
                    </Field>
                    {inputs}
                    <Field id=sop_id.clone() field="sop" label=labels[10] error=errors.error_for("sop")>
                        <textarea
                            id=sop_id
                            rows="4"
                            prop:value=typed[10]
                            on:input=move |ev| {
                                typed[10].set(event_target_value(&ev));
                                errors.clear("sop");
                            }
                        ></textarea>
                    </Field>
                    {toggles}
                    <p class="hint" id="codes-hint">{t.codes_hint}</p>
                    <div class="form-actions">
                        <button id=format!("{prefix}-save") type="submit" disabled=busy>
                            {move || if busy.get() { t.saving } else { t.save }}
                        </button>
                        <button type="button" class="secondary" on:click=move |_| close.run(None)>{t.cancel}</button>
                        <OutcomeLine outcome testid="category-form-notice" />
                    </div>
                    <ul class="other-errors">
                        {move || errors.others(&FIELDS).into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
                    </ul>
                </form>
            </td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fire() -> Category {
        Category {
            code: CategoryCode::parse("FIRE").unwrap(),
            name_id: "Kebakaran".into(),
            name_en: "Fire".into(),
            priority: Priority::P1,
            dispatch_target: Some(DispatchTarget::minutes(5)),
            lead_agencies: vec![AgencyCode::parse("DAMKAR").unwrap()],
            support_agencies: vec![AgencyCode::parse("PDAM").unwrap(), AgencyCode::parse("PSC119").unwrap()],
            quick_key: Some(QuickKey::parse("k").unwrap()),
            related: vec![],
            arrival_target: Some(Target::minutes(15)),
            completion_target: Some(Target::minutes(60)),
            sop: vec!["Tanyakan orang terjebak".into(), "Teruskan ke Damkar".into()],
            support_direct: true,
            public: false,
        }
    }

    #[test]
    fn an_unchanged_form_reads_back_as_the_same_category() {
        let category = fire();
        assert_eq!(values(&category)[6], "PDAM, PSC119");
        assert_eq!(category_from(&category, &values(&category), Lang::En), Ok(category));
    }

    #[test]
    fn a_new_target_and_key_are_read_and_codes_in_any_case_and_spacing() {
        let mut form = values(&fire());
        form[3] = " 7 ".into();
        form[4] = "B".into();
        form[6] = "pdam,psc119  bpbd".into();
        form[7] = "rescue".into();
        let category = category_from(&fire(), &form, Lang::En).unwrap();
        assert_eq!(category.dispatch_target, Some(DispatchTarget::minutes(7)));
        assert_eq!(category.quick_key.map(QuickKey::as_char), Some('b'));
        assert_eq!(category.support_agencies.len(), 3);
        assert_eq!(category.related, vec![CategoryCode::parse("RESCUE").unwrap()]);
    }

    #[test]
    fn the_work_targets_the_sop_a_line_a_step_and_direct_support_are_read() {
        let mut form = values(&fire());
        form[8] = "20".into();
        form[9] = " 90 ".into();
        form[10] = "Pastikan lokasi\n\n  Hubungi PDAM bila perlu air \n".into();
        form[11] = YES.into();
        let category = category_from(&fire(), &form, Lang::En).unwrap();
        assert_eq!(
            (category.arrival_target, category.completion_target),
            (Some(Target::minutes(20)), Some(Target::minutes(90)))
        );
        assert_eq!(category.sop, ["Pastikan lokasi", "Hubungi PDAM bila perlu air"]);
        assert!(category.support_direct);
        assert_eq!(values(&category)[10], "Pastikan lokasi\nHubungi PDAM bila perlu air");
        form[8] = "sejam".into();
        form[11] = String::new();
        let errors = category_from(&fire(), &form, Lang::En).unwrap_err();
        assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["arrival_target"]);
    }

    #[test]
    fn fields_that_do_not_read_are_named() {
        let mut form = values(&fire());
        form[3] = "lima".into();
        form[4] = "kk".into();
        form[5] = "DAMKAR, ?".into();
        let errors = category_from(&fire(), &form, Lang::Id).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["dispatch_target", "quick_key", "lead_agencies"]);
    }
}
