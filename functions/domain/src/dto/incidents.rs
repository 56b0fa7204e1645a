//! Incidents over the wire: the intake form, life-cycle commands, an incident with its history, and
//! the board's pages, filters and changes.

use serde::{Deserialize, Serialize};

use super::fields::{FieldError, FieldProblem, optional};
use crate::geo::RawCoordinates;
use crate::incident::IncidentCommand;
use crate::{
    Caller, CategoryCode, Coordinates, Event, Incident, IncidentStatus, KodeWilayah, Lang, PhoneNumber, Priority,
    Reason, RegionLevel, Text,
};

/// What the intake form sends to open an incident.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewIncident {
    pub category: String,
    /// Kode wilayah of the district (kecamatan).
    pub district: Option<String>,
    /// Kode wilayah of the village (desa / kelurahan); implies its district.
    pub village: Option<String>,
    pub landmark: Option<String>,
    pub coordinates: Option<RawCoordinates>,
    pub description: Option<String>,
    pub caller_phone: Option<String>,
    pub caller_name: Option<String>,
    pub people_affected: Option<u32>,
    /// Overrides the category's default priority; a different priority needs `priority_reason`.
    pub priority: Option<Priority>,
    pub priority_reason: Option<String>,
    /// Seconds from opening the intake form to sending it, by the form's own clock: the operator's
    /// handling time. One longer than [`MAX_INTAKE_SECONDS`] (a form left open) is not counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intake_seconds: Option<u32>,
}

/// A [`NewIncident`] whose fields have all parsed; codes are still to be looked up.
#[derive(Debug, Clone, PartialEq)]
pub struct IntakeDraft {
    pub category: CategoryCode,
    pub district: Option<KodeWilayah>,
    pub village: Option<KodeWilayah>,
    pub landmark: Option<Text>,
    pub coordinates: Option<Coordinates>,
    pub description: Option<Text>,
    pub caller: Caller,
    pub people_affected: Option<u32>,
    pub priority: Option<Priority>,
    pub priority_reason: Option<Reason>,
    pub intake_seconds: Option<u32>,
}

/// The longest handling time counted: a form open longer was left open, not worked on.
pub const MAX_INTAKE_SECONDS: u32 = 2 * 60 * 60;

/// The most people one report can count; beyond it is a typing slip, not a census.
pub const MAX_PEOPLE_AFFECTED: u32 = 100_000;

impl NewIncident {
    /// Parses every field, collecting all problems rather than stopping at the first.
    pub fn parse(&self, lang: Lang) -> Result<IntakeDraft, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut check = |field: &str, problem: Option<FieldProblem>| {
            if let Some(problem) = problem {
                errors.push(FieldError::new(field, problem, lang));
            }
        };
        let category = CategoryCode::parse(&self.category);
        let category_problem =
            if self.category.trim().is_empty() { FieldProblem::Required } else { FieldProblem::UnknownCategory };
        check("category", category.as_ref().err().map(|_| category_problem));
        let district = optional(&self.district, KodeWilayah::parse);
        check("district", district.as_ref().err().map(|_| FieldProblem::BadRegion));
        let village = optional(&self.village, KodeWilayah::parse);
        check("village", village.as_ref().err().map(|_| FieldProblem::BadRegion));
        if let (Ok(Some(d)), Ok(Some(v))) = (&district, &village) {
            check(
                "village",
                (d.level() != RegionLevel::District || !v.is_within(d)).then_some(FieldProblem::VillageOutsideDistrict),
            );
        }
        if let Ok(Some(v)) = &village {
            check("village", (v.level() != RegionLevel::Village).then_some(FieldProblem::BadRegion));
        }
        if let Ok(Some(d)) = &district {
            check("district", (d.level() != RegionLevel::District).then_some(FieldProblem::BadRegion));
        }
        let landmark = Text::parse_optional(self.landmark.as_deref());
        check("landmark", landmark.as_ref().err().map(|_| FieldProblem::TooLong(Text::MAX_CHARS)));
        let coordinates = self.coordinates.map(Coordinates::try_from).transpose();
        check("coordinates", coordinates.as_ref().err().map(|_| FieldProblem::BadCoordinates));
        let description = Text::parse_optional(self.description.as_deref());
        check("description", description.as_ref().err().map(|_| FieldProblem::TooLong(Text::MAX_CHARS)));
        let phone = optional(&self.caller_phone, PhoneNumber::parse);
        check("caller_phone", phone.as_ref().err().map(|_| FieldProblem::BadPhone));
        let name = Text::parse_optional(self.caller_name.as_deref());
        check("caller_name", name.as_ref().err().map(|_| FieldProblem::TooLong(Text::MAX_CHARS)));
        let priority_reason = Reason::parse_optional(self.priority_reason.as_deref());
        check("priority_reason", priority_reason.as_ref().err().map(|_| FieldProblem::TooLong(Reason::MAX_CHARS)));
        check(
            "people_affected",
            self.people_affected
                .filter(|n| *n > MAX_PEOPLE_AFFECTED)
                .map(|_| FieldProblem::TooMany(MAX_PEOPLE_AFFECTED)),
        );
        match (category, district, village, landmark, coordinates, description, phone, name, priority_reason) {
            (
                Ok(category),
                Ok(district),
                Ok(village),
                Ok(landmark),
                Ok(coordinates),
                Ok(description),
                Ok(phone),
                Ok(name),
                Ok(priority_reason),
            ) if errors.is_empty() => {
                // A village names its district; the form may send only the village.
                let district = district.or_else(|| village.as_ref().and_then(KodeWilayah::parent));
                Ok(IntakeDraft {
                    category,
                    district,
                    village,
                    landmark,
                    coordinates,
                    description,
                    caller: Caller { phone, name: name.map(String::from), masked_phone: None },
                    people_affected: self.people_affected,
                    priority: self.priority,
                    priority_reason,
                    intake_seconds: self.intake_seconds.filter(|seconds| *seconds <= MAX_INTAKE_SECONDS),
                })
            }
            _ => Err(errors),
        }
    }
}

/// A life-cycle command, made on the version the user saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommandRequest {
    pub expected_version: u64,
    #[serde(flatten)]
    pub command: IncidentCommand,
}

/// An incident with its whole history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IncidentDetail {
    pub incident: Incident,
    pub events: Vec<Event>,
}

/// One page of the open board, most urgent first, then oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardPage {
    pub incidents: Vec<Incident>,
    /// Pass back as `cursor` for the next page; absent on the last page.
    pub next: Option<String>,
}

/// `GET /api/incidents/changes`: the incidents changed since the cursor, open or not (a board drops
/// those that are no longer open), oldest change first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangesPage {
    pub incidents: Vec<Incident>,
    /// Pass back as `since` on the next poll.
    pub cursor: String,
}

/// Which open incidents a board shows; every given criterion must hold.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BoardFilter {
    pub status: Option<IncidentStatus>,
    pub priority: Option<Priority>,
    pub category: Option<CategoryCode>,
    pub district: Option<KodeWilayah>,
}

impl BoardFilter {
    pub fn matches(&self, incident: &Incident) -> bool {
        self.status.is_none_or(|status| incident.status == status)
            && self.priority.is_none_or(|priority| incident.priority == priority)
            && self.category.as_ref().is_none_or(|category| incident.category == *category)
            && self.district.as_ref().is_none_or(|district| {
                incident.location.district.as_ref().is_some_and(|d| d.code == *district)
                    || incident.location.village.as_ref().is_some_and(|v| v.code.is_within(district))
            })
    }

    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> NewIncident {
        NewIncident {
            category: "fire".into(),
            village: Some("64.09.01.2001".into()),
            description: Some("Rumah terbakar dekat pasar".into()),
            caller_phone: Some("0812 3456 7890".into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_good_form_parses_and_the_village_implies_its_district() {
        let draft = form().parse(Lang::Id).unwrap();
        assert_eq!(draft.category.as_str(), "FIRE");
        assert_eq!(draft.district.unwrap().as_str(), "64.09.01");
        assert_eq!(draft.caller.phone.unwrap().as_str(), "+6281234567890");
    }

    #[test]
    fn every_bad_field_is_reported_at_once_in_the_readers_language() {
        let bad = NewIncident {
            category: "?".into(),
            caller_phone: Some("12345".into()),
            district: Some("64.09.02".into()),
            village: Some("64.09.01.2001".into()),
            people_affected: Some(MAX_PEOPLE_AFFECTED + 1),
            ..Default::default()
        };
        let errors = bad.parse(Lang::En).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["category", "village", "caller_phone", "people_affected"]);
        assert_eq!(errors[1].code, "village_outside_district");
        assert_eq!(errors[2].message, "An Indonesian phone number: 08…, 62… or +62…");
        let errors = bad.parse(Lang::Id).unwrap_err();
        assert_eq!(errors[1].message, "Desa tidak berada di kecamatan ini.");
        let blank = NewIncident { category: " ".into(), ..Default::default() };
        assert_eq!(blank.parse(Lang::Id).unwrap_err()[0].message, "Wajib diisi.");
    }

    #[test]
    fn a_command_request_reads_as_flat_json() {
        let json = r#"{"expected_version":3,"command":"close_as_false_report","reason":"anak-anak iseng"}"#;
        let request: CommandRequest = serde_json::from_str(json).unwrap();
        assert_eq!(request.expected_version, 3);
        assert!(matches!(request.command, IncidentCommand::CloseAsFalseReport { .. }));
        let blank = r#"{"expected_version":3,"command":"close_as_false_report","reason":"  "}"#;
        assert!(serde_json::from_str::<CommandRequest>(blank).is_err(), "a blank reason must not parse");
    }
}
