//! The pin: latitude and longitude typed (or a "lat, lon" pasted into the first box), or set on the
//! map, which follows what is typed.

use leptos::html;
use leptos::prelude::*;

use super::fields::{IntakeFields, pasted_pin};
use super::map;
use super::notice::ErrorLine;
use super::outcome::Outcome;
use crate::i18n::texts;

#[component]
pub fn PinFields(fields: IntakeFields, outcome: Outcome) -> impl IntoView {
    let t = texts();
    let ti = t.intake();
    let map_element = NodeRef::<html::Div>::new();
    let on_lat = move |ev: leptos::ev::Event| {
        let typed = event_target_value(&ev);
        outcome.clear("coordinates");
        match pasted_pin(&typed) {
            Some((lat, lon)) => {
                fields.lat.set(lat);
                fields.lon.set(lon);
            }
            None => fields.lat.set(typed),
        }
        map::pin(fields.pin());
    };
    let on_lon = move |ev: leptos::ev::Event| {
        fields.lon.set(event_target_value(&ev));
        outcome.clear("coordinates");
        map::pin(fields.pin());
    };
    view! {
        <fieldset class="pin">
            <legend>{t.coordinates}</legend>
            <div class="pair">
                <div class="field">
                    <label for="lat">{ti.latitude}</label>
                    <input id="lat" type="text" inputmode="decimal" autocomplete="off" prop:value=fields.lat
                        on:input=on_lat aria-describedby="lat-error pin-hint" aria-invalid=outcome.invalid("coordinates") />
                    <ErrorLine id="lat" field="coordinates" outcome />
                </div>
                <div class="field">
                    <label for="lon">{ti.longitude}</label>
                    <input id="lon" type="text" inputmode="decimal" autocomplete="off" prop:value=fields.lon
                        on:input=on_lon aria-describedby="lat-error pin-hint" aria-invalid=outcome.invalid("coordinates") />
                </div>
            </div>
            <div class="map" node_ref=map_element data-tanggap-map="" data-lat-input="lat" data-lon-input="lon"
                data-streets=t.map_streets data-satellite=t.map_satellite data-unavailable=ti.map_unavailable
                aria-label=ti.pin_hint></div>
            <p class="hint" id="pin-hint">{ti.pin_hint}</p>
        </fieldset>
    }
}
