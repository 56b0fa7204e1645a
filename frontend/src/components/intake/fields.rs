//! What the operator has typed into the intake form, one signal per control, and the request made of it.

use leptos::prelude::*;
use tanggap_domain::dto::{FieldError, FieldProblem, NewIncident, NewReport};
use tanggap_domain::geo::RawCoordinates;
use tanggap_domain::{Coordinates, Lang, PhoneNumber, Priority};

#[derive(Clone, Copy)]
pub struct IntakeFields {
    pub caller_phone: RwSignal<String>,
    pub caller_name: RwSignal<String>,
    /// Category code, empty until one is chosen.
    pub category: RwSignal<String>,
    /// Kode wilayah of the district, empty when none is chosen.
    pub district: RwSignal<String>,
    /// Kode wilayah of a village of that district, empty when none is chosen.
    pub village: RwSignal<String>,
    pub landmark: RwSignal<String>,
    pub description: RwSignal<String>,
    /// How many people are hurt or trapped, as typed.
    pub people: RwSignal<String>,
    /// The operator's choice; `None` keeps the category's.
    pub priority: RwSignal<Option<Priority>>,
    pub priority_reason: RwSignal<String>,
    /// The pin, as typed or set on the map.
    pub lat: RwSignal<String>,
    pub lon: RwSignal<String>,
}

/// Everything typed, at one moment.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Typed {
    pub caller_phone: String,
    pub caller_name: String,
    pub category: String,
    pub district: String,
    pub village: String,
    pub landmark: String,
    pub description: String,
    pub people: String,
    pub priority: Option<Priority>,
    pub priority_reason: String,
    pub lat: String,
    pub lon: String,
}

impl IntakeFields {
    pub fn new() -> Self {
        Self {
            caller_phone: RwSignal::default(),
            caller_name: RwSignal::default(),
            category: RwSignal::default(),
            district: RwSignal::default(),
            village: RwSignal::default(),
            landmark: RwSignal::default(),
            description: RwSignal::default(),
            people: RwSignal::default(),
            priority: RwSignal::default(),
            priority_reason: RwSignal::default(),
            lat: RwSignal::default(),
            lon: RwSignal::default(),
        }
    }

    fn texts(self) -> [RwSignal<String>; 11] {
        [
            self.caller_phone,
            self.caller_name,
            self.category,
            self.district,
            self.village,
            self.landmark,
            self.description,
            self.people,
            self.priority_reason,
            self.lat,
            self.lon,
        ]
    }

    /// The pin, once both of its numbers read as coordinates (tracked).
    pub fn pin(self) -> Option<Coordinates> {
        self.lat.with(|lat| self.lon.with(|lon| coordinates(lat, lon).ok().flatten()))
    }

    pub fn typed(self) -> Typed {
        let [
            caller_phone,
            caller_name,
            category,
            district,
            village,
            landmark,
            description,
            people,
            priority_reason,
            lat,
            lon,
        ] = self.texts().map(|s| s.get_untracked());
        Typed {
            caller_phone,
            caller_name,
            category,
            district,
            village,
            landmark,
            description,
            people,
            priority: self.priority.get_untracked(),
            priority_reason,
            lat,
            lon,
        }
    }

    /// Ready for the next call.
    pub fn clear(self) {
        for field in self.texts() {
            field.set(String::new());
        }
        self.priority.set(None);
    }
}

impl Typed {
    /// The request as the API takes it: text as typed (the API parses it and answers per field, in the
    /// operator's language), a blank control as absent. What the API cannot be sent at all (a number
    /// of people that is not a number, half a pin) is refused here, per field, the same way.
    ///
    /// `default_priority` is the chosen category's: a priority is sent only when it differs, and then
    /// needs a reason. A call of a category closed at intake (`P0`) is sent with its caller and words only,
    /// and a number that is not a phone number is left out rather than keep the call open.
    pub fn request(&self, default_priority: Option<Priority>, lang: Lang) -> Result<NewIncident, Vec<FieldError>> {
        if default_priority == Some(Priority::P0) {
            return Ok(NewIncident {
                category: self.category.clone(),
                caller_phone: PhoneNumber::parse(&self.caller_phone).ok().map(String::from),
                caller_name: given(&self.caller_name),
                description: given(&self.description),
                ..NewIncident::default()
            });
        }
        let mut errors = Vec::new();
        let people_affected = match self.people.trim() {
            "" => None,
            n => n
                .parse::<u32>()
                .map_err(|_| errors.push(FieldError::new("people_affected", FieldProblem::Invalid, lang)))
                .ok(),
        };
        let coordinates = match coordinates(&self.lat, &self.lon) {
            Ok(pin) => pin.map(|c| RawCoordinates { lat: c.lat(), lon: c.lon() }),
            Err(()) => {
                errors.push(FieldError::new("coordinates", FieldProblem::BadCoordinates, lang));
                None
            }
        };
        let priority = self.priority.filter(|p| Some(*p) != default_priority);
        let priority_reason = given(&self.priority_reason);
        if priority.is_some() && priority_reason.is_none() {
            errors.push(FieldError::new("priority_reason", FieldProblem::Required, lang));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(NewIncident {
            category: self.category.clone(),
            district: given(&self.district),
            village: given(&self.village),
            landmark: given(&self.landmark),
            coordinates,
            description: given(&self.description),
            caller_phone: given(&self.caller_phone),
            caller_name: given(&self.caller_name),
            people_affected,
            priority,
            priority_reason: priority.and(priority_reason),
            intake_seconds: None,
        })
    }

    /// This call as another report of an incident already open.
    pub fn report(&self) -> NewReport {
        NewReport {
            caller_phone: given(&self.caller_phone),
            caller_name: given(&self.caller_name),
            description: given(&self.description),
        }
    }
}

fn given(text: &str) -> Option<String> {
    if text.trim().is_empty() { None } else { Some(text.to_owned()) }
}

/// One coordinate as typed: a point or, as Indonesian writes decimals, a comma. Read as JSON reads a
/// number: the wasm already carries that parser, and Rust's own `f64::from_str` would add another.
fn degrees(text: &str) -> Option<f64> {
    serde_json::from_str(&text.trim().replace(',', ".")).ok()
}

/// The pin: none when both are blank, an error when only one is given or either is not a coordinate.
pub fn coordinates(lat: &str, lon: &str) -> Result<Option<Coordinates>, ()> {
    if lat.trim().is_empty() && lon.trim().is_empty() {
        return Ok(None);
    }
    match (degrees(lat), degrees(lon)) {
        (Some(lat), Some(lon)) => Coordinates::new(lat, lon).map(Some).map_err(drop),
        _ => Err(()),
    }
}

/// Both coordinates pasted at once into one box, as a map app or a chat shares a location
/// ("-1.2618, 116.8302"): the latitude and the longitude.
pub fn pasted_pin(text: &str) -> Option<(String, String)> {
    let text = text.trim();
    // "-1,26" alone is one number with a decimal comma; a pair has a point in it or a space between.
    let (lat, lon) = if text.contains('.') && text.contains(',') {
        text.split_once(',')?
    } else {
        text.split_once(char::is_whitespace)?
    };
    let (lat, lon) = (lat.trim().trim_end_matches(','), lon.trim());
    Coordinates::new(degrees(lat)?, degrees(lon)?).ok().map(|_| (lat.to_owned(), lon.to_owned()))
}

/// A number as an operator reads it back to the caller: `+62 812-3456-7890` for a mobile, `+62 542 765432`
/// for a landline (whose area code has no fixed length).
pub fn phone_for_reading(phone: &PhoneNumber) -> String {
    let national = phone.as_str().trim_start_matches("+62");
    match national.starts_with('8') && national.len() > 7 {
        true => format!("+62 {}-{}-{}", &national[..3], &national[3..7], &national[7..]),
        false => format!("+62 {national}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fire() -> Typed {
        Typed {
            category: "FIRE".into(),
            district: "64.09.01".into(),
            landmark: "  ".into(),
            description: "Gudang terbakar".into(),
            caller_phone: "0812 3456 7890".into(),
            ..Typed::default()
        }
    }

    #[test]
    fn blank_controls_are_sent_as_absent_and_the_rest_as_typed() {
        let incident = fire().request(Some(Priority::P1), Lang::Id).unwrap();
        assert_eq!(incident.category, "FIRE");
        assert_eq!(incident.district.as_deref(), Some("64.09.01"));
        assert_eq!((incident.village, incident.landmark), (None, None));
        assert_eq!(incident.caller_phone.as_deref(), Some("0812 3456 7890"));
        assert_eq!((incident.priority, incident.people_affected, incident.coordinates), (None, None, None));
    }

    #[test]
    fn a_priority_other_than_the_categorys_needs_a_reason_and_the_same_one_is_not_sent() {
        let mut typed = Typed { priority: Some(Priority::P2), ..fire() };
        let errors = typed.request(Some(Priority::P1), Lang::En).unwrap_err();
        assert_eq!((errors[0].field.as_str(), errors[0].code.as_str()), ("priority_reason", "required"));
        typed.priority_reason = "Api sudah padam".into();
        let incident = typed.request(Some(Priority::P1), Lang::En).unwrap();
        assert_eq!(
            (incident.priority, incident.priority_reason.as_deref()),
            (Some(Priority::P2), Some("Api sudah padam"))
        );
        typed.priority = Some(Priority::P1);
        let incident = typed.request(Some(Priority::P1), Lang::En).unwrap();
        assert_eq!((incident.priority, incident.priority_reason), (None, None), "no reason sent without a change");
    }

    #[test]
    fn people_and_the_pin_are_checked_before_sending() {
        let typed = Typed { people: "tiga".into(), lat: "-1.26".into(), ..fire() };
        let errors = typed.request(Some(Priority::P1), Lang::Id).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["people_affected", "coordinates"]);
        let typed = Typed { people: " 3 ".into(), lat: "-1,2618".into(), lon: "116.8302".into(), ..fire() };
        let incident = typed.request(Some(Priority::P1), Lang::Id).unwrap();
        assert_eq!(incident.people_affected, Some(3));
        assert_eq!(incident.coordinates, Some(RawCoordinates { lat: -1.2618, lon: 116.8302 }));
        assert!(coordinates("91", "0").is_err());
    }

    #[test]
    fn a_call_closed_at_intake_goes_with_whatever_number_parses_and_no_place() {
        let prank = Typed { category: "PRANK".into(), caller_phone: "0812".into(), ..fire() };
        let incident = prank.request(Some(Priority::P0), Lang::Id).unwrap();
        assert_eq!((incident.caller_phone, incident.district), (None, None));
        let prank = Typed { caller_phone: "0812-3456-7890".into(), people: "x".into(), ..prank };
        let incident = prank.request(Some(Priority::P0), Lang::Id).unwrap();
        assert_eq!(incident.caller_phone.as_deref(), Some("+6281234567890"));
    }

    #[test]
    fn a_shared_location_fills_both_coordinates() {
        assert_eq!(pasted_pin("-1.2618, 116.8302"), Some(("-1.2618".into(), "116.8302".into())));
        assert_eq!(pasted_pin("-1,2618 116,8302"), Some(("-1,2618".into(), "116,8302".into())));
        assert_eq!(pasted_pin("-1,2618"), None);
        assert_eq!(pasted_pin("-1.2618"), None);
        assert_eq!(pasted_pin("95.0, 10.0"), None);
    }

    #[test]
    fn numbers_are_read_back_in_groups() {
        assert_eq!(phone_for_reading(&PhoneNumber::parse("081234567890").unwrap()), "+62 812-3456-7890");
        assert_eq!(phone_for_reading(&PhoneNumber::parse("(0542) 765432").unwrap()), "+62 542765432");
    }
}
