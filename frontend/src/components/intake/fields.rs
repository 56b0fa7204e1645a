//! What the operator has typed into the intake form, one signal per control.

use leptos::prelude::*;
use tanggap_domain::dto::NewIncident;

#[derive(Clone, Copy)]
pub struct IntakeFields {
    /// Category code, empty until one is chosen.
    pub category: RwSignal<String>,
    /// Kode wilayah of the district, empty when none is chosen.
    pub district: RwSignal<String>,
    /// Kode wilayah of a village of that district, empty when none is chosen.
    pub village: RwSignal<String>,
    pub landmark: RwSignal<String>,
    pub description: RwSignal<String>,
    pub caller_phone: RwSignal<String>,
}

impl IntakeFields {
    pub fn new() -> Self {
        Self {
            category: RwSignal::default(),
            district: RwSignal::default(),
            village: RwSignal::default(),
            landmark: RwSignal::default(),
            description: RwSignal::default(),
            caller_phone: RwSignal::default(),
        }
    }

    /// The request as the API takes it: the text as typed, a blank control as absent. Parsing is the
    /// API's job; it answers per field, in the operator's language.
    pub fn to_new_incident(self) -> NewIncident {
        new_incident(
            self.category.get_untracked(),
            [
                self.district.get_untracked(),
                self.village.get_untracked(),
                self.landmark.get_untracked(),
                self.description.get_untracked(),
                self.caller_phone.get_untracked(),
            ],
        )
    }

    /// Ready for the next call.
    pub fn clear(self) {
        for field in [self.category, self.district, self.village, self.landmark, self.description, self.caller_phone] {
            field.set(String::new());
        }
    }
}

fn new_incident(
    category: String,
    [district, village, landmark, description, caller_phone]: [String; 5],
) -> NewIncident {
    NewIncident {
        category,
        district: given(district),
        village: given(village),
        landmark: given(landmark),
        description: given(description),
        caller_phone: given(caller_phone),
        ..NewIncident::default()
    }
}

fn given(text: String) -> Option<String> {
    if text.trim().is_empty() { None } else { Some(text) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_controls_are_sent_as_absent_and_the_rest_as_typed() {
        let incident = new_incident(
            "FIRE".into(),
            ["64.09.01".into(), "".into(), "  ".into(), "Gudang terbakar".into(), "0812 3456 7890".into()],
        );
        assert_eq!(incident.category, "FIRE");
        assert_eq!(incident.district.as_deref(), Some("64.09.01"));
        assert_eq!((incident.village, incident.landmark), (None, None));
        assert_eq!(incident.caller_phone.as_deref(), Some("0812 3456 7890"));
        assert_eq!(incident.priority, None);
    }
}
