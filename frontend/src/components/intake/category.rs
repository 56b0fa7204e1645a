//! The category of the call, found by typing its name (in either language) or picked with its quick
//! key (Alt+<key>, see `keys`).

use leptos::prelude::*;
use tanggap_domain::Category;

use super::combobox::Combobox;
use super::outcome::Outcome;
use super::search::Choice;
use crate::components::field::Field;
use crate::i18n::texts;

#[component]
pub fn CategoryField(
    /// The categories, most urgent first.
    categories: StoredValue<Vec<Category>>,
    value: RwSignal<String>,
    outcome: Outcome,
    /// A category picked: its code, and whether to move on to the next control.
    on_pick: Callback<(String, bool)>,
) -> impl IntoView {
    let t = texts();
    let ti = t.intake();
    let choices = Signal::stored(categories.with_value(|all| {
        all.iter()
            .map(|c| {
                let key =
                    c.quick_key.map(|k| format!(" · Alt+{}", k.as_char().to_ascii_uppercase())).unwrap_or_default();
                let other = match t.lang {
                    tanggap_domain::Lang::Id => &c.name_en,
                    tanggap_domain::Lang::En => &c.name_id,
                };
                Choice::new(c.code.to_string(), c.name(t.lang).to_owned(), format!("{}{key}", c.priority), other)
            })
            .collect::<Vec<_>>()
    }));
    view! {
        <Field id="category" field="category" label=t.category error=outcome.error_for("category")>
            <Combobox id="category" choices value on_pick
                invalid=outcome.flagged("category") placeholder=ti.category_placeholder />
        </Field>
    }
}
