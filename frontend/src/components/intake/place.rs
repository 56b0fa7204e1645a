//! Where it happens: the village and its district, each found by typing. A village names its district;
//! a district chosen afresh drops a village of another.

use leptos::prelude::*;

use super::browser::focus;
use super::combobox::Combobox;
use super::fields::IntakeFields;
use super::outcome::Outcome;
use super::search::Choice;
use crate::components::field::Field;
use crate::i18n::texts;
use crate::reference::Reference;

#[component]
pub fn PlaceFields(fields: IntakeFields, outcome: Outcome, reference: Reference) -> impl IntoView {
    let t = texts();
    let ti = t.intake();
    let districts = reference.districts();
    let district_choices = Signal::stored(
        districts
            .iter()
            .map(|d| Choice::new(d.code.to_string(), d.name.clone(), String::new(), ""))
            .collect::<Vec<_>>(),
    );
    // Every village of the regency, its district beside its name (two villages may share a name).
    let all_villages: Vec<Choice> = districts
        .iter()
        .flat_map(|d| {
            reference
                .villages_of(d.code.as_str())
                .into_iter()
                .map(|v| Choice::new(v.code.to_string(), v.name, d.name.clone(), &d.name))
        })
        .collect();
    let village_choices = Signal::derive(move || {
        fields.district.with(|district| {
            let within = format!("{district}.");
            all_villages
                .iter()
                .filter(|v| district.is_empty() || v.value.starts_with(&within))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let on_district = Callback::new(move |(code, _advance): (String, bool)| {
        // A village of another district would be refused: the village choice starts over.
        if !fields.village.with_untracked(|v| v.starts_with(&format!("{code}."))) {
            fields.village.set(String::new());
        }
        outcome.clear("district");
        outcome.clear("village");
    });
    let on_village = Callback::new(move |(code, advance): (String, bool)| {
        // A village names its district.
        if let Some((district, _)) = code.rsplit_once('.') {
            fields.district.set(district.to_owned());
        }
        outcome.clear("village");
        outcome.clear("district");
        if advance {
            focus("landmark");
        }
    });
    view! {
        <div class="pair">
            <Field id="village" field="village" label=t.village error=outcome.error_for("village")>
                <Combobox id="village" choices=village_choices value=fields.village on_pick=on_village
                    invalid=outcome.flagged("village") placeholder=ti.village_placeholder />
            </Field>
            <Field id="district" field="district" label=t.district error=outcome.error_for("district")>
                <Combobox id="district" choices=district_choices value=fields.district on_pick=on_district
                    invalid=outcome.flagged("district") placeholder=ti.district_placeholder />
            </Field>
        </div>
    }
}
