//! Spotting that a call is about an event already reported: when a warehouse burns, dozens call. The
//! intake proposes the open incidents that may be the same event, and the operator links the call to one
//! of them instead of opening another.

use serde::{Deserialize, Serialize};

use crate::{Category, Coordinates, Incident, KodeWilayah, Timestamp};

/// How near and how recent an open incident must be to be proposed. Configured per deployment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateRules {
    /// Pins at most this far apart, in metres.
    pub radius_m: u32,
    /// Incidents received at most this many minutes ago.
    pub window_minutes: u32,
}

impl Default for DuplicateRules {
    fn default() -> Self {
        Self { radius_m: 500, window_minutes: 120 }
    }
}

/// Where and what the new call is about, as far as the operator has typed it.
#[derive(Debug, Clone, PartialEq)]
pub struct Sighting<'a> {
    pub category: &'a Category,
    pub village: Option<&'a KodeWilayah>,
    pub pin: Option<Coordinates>,
    pub at: Timestamp,
}

/// An open incident that may be the same event, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate<'a> {
    pub incident: &'a Incident,
    pub same_village: bool,
    /// Between the two pins, when both have one.
    pub distance_m: Option<f64>,
}

/// The open incidents of a related category, received within the window, in the same village or
/// within the radius of the pin: nearest first (same village counts as near), then newest first.
pub fn candidates<'a>(sighting: &Sighting<'_>, open: &'a [Incident], rules: DuplicateRules) -> Vec<Candidate<'a>> {
    let window_s = i64::from(rules.window_minutes) * 60;
    let mut found: Vec<Candidate<'a>> = open
        .iter()
        .filter(|incident| incident.status.is_open())
        .filter(|incident| sighting.category.is_related_to(&incident.category))
        .filter(|incident| (0..=window_s).contains(&sighting.at.seconds_since(incident.received_at)))
        .filter_map(|incident| {
            let same_village =
                sighting.village.is_some() && incident.location.village.as_ref().map(|r| &r.code) == sighting.village;
            let distance_m = match (sighting.pin, incident.location.coordinates) {
                (Some(pin), Some(there)) => Some(pin.distance_m(there)),
                _ => None,
            };
            let near = distance_m.is_some_and(|d| d <= f64::from(rules.radius_m));
            (same_village || near).then_some(Candidate { incident, same_village, distance_m })
        })
        .collect();
    found.sort_by(|a, b| {
        let nearness = |c: &Candidate<'_>| c.distance_m.unwrap_or(if c.same_village { 0.0 } else { f64::MAX });
        nearness(a).total_cmp(&nearness(b)).then(b.incident.received_at.cmp(&a.incident.received_at))
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incident::{Location, Report};
    use crate::{Actor, AgencyCode, Caller, CategoryCode, DispatchTarget, IncidentId, Priority, Region};

    fn category(code: &str, related: &[&str]) -> Category {
        Category {
            dispatch_target: Some(DispatchTarget::minutes(10)),
            lead_agencies: vec![AgencyCode::parse("BPBD").unwrap()],
            related: related.iter().map(|c| CategoryCode::parse(c).unwrap()).collect(),
            ..Category::new(CategoryCode::parse(code).unwrap(), code, code, Priority::P1)
        }
    }

    fn village(code: &str) -> Region {
        Region { code: KodeWilayah::parse(code).unwrap(), name: code.into() }
    }

    fn incident(n: u8, category: &Category, village_code: &str, pin: Option<(f64, f64)>, at: Timestamp) -> Incident {
        let report = Report {
            caller: Caller::default(),
            location: Location {
                district: None,
                village: Some(village(village_code)),
                landmark: None,
                coordinates: pin.map(|(lat, lon)| Coordinates::new(lat, lon).unwrap()),
            },
            description: None,
            people_affected: None,
            priority: None,
            priority_reason: None,
            caller_blocked: false,
            channel: Default::default(),
            intake_seconds: None,
        };
        let id = IncidentId::parse(&format!("01JDGZ6Q8X4T3N2M1K0H9G8F{n:02}")).unwrap();
        Incident::receive(id, category, report, Actor::System, at).0
    }

    #[test]
    fn a_related_incident_nearby_or_in_the_same_village_within_the_window_is_proposed() {
        let now = Timestamp::from_unix_millis(1_800_000_000_000).unwrap();
        let ago = |minutes: i64| now.plus_seconds(-minutes * 60);
        let (flood, landslide, fire) =
            (category("FLOOD", &["LANDSLIDE"]), category("LANDSLIDE", &[]), category("FIRE", &[]));
        let pin = (-0.5000, 117.1500);
        let open = vec![
            incident(1, &flood, "64.09.01.2001", None, ago(10)), // same village
            incident(2, &landslide, "64.09.01.2002", Some((-0.5020, 117.1500)), ago(30)), // related, ~222 m
            incident(3, &flood, "64.09.01.2003", Some((-0.5200, 117.1500)), ago(5)), // ~2.2 km
            incident(4, &fire, "64.09.01.2001", None, ago(5)),   // unrelated category
            incident(5, &flood, "64.09.01.2001", None, ago(121)), // outside the window
        ];
        let village_code = KodeWilayah::parse("64.09.01.2001").unwrap();
        let sighting = Sighting {
            category: &flood,
            village: Some(&village_code),
            pin: Some(Coordinates::new(pin.0, pin.1).unwrap()),
            at: now,
        };
        let found = candidates(&sighting, &open, DuplicateRules::default());
        let ids: Vec<&str> = found.iter().map(|c| &c.incident.id.as_str()[24..]).collect();
        assert_eq!(ids, ["01", "02"]);
        assert!(found[0].same_village);
        assert!(found[1].distance_m.is_some_and(|d| (200.0..250.0).contains(&d)));

        let wider = DuplicateRules { radius_m: 3000, window_minutes: 180 };
        assert_eq!(candidates(&sighting, &open, wider).len(), 4, "a wider radius and window take in #3 and #5");
    }

    #[test]
    fn nothing_is_proposed_without_a_place() {
        let now = Timestamp::from_unix_millis(1_800_000_000_000).unwrap();
        let flood = category("FLOOD", &[]);
        let open = vec![incident(1, &flood, "64.09.01.2001", Some((-0.5, 117.15)), now)];
        let sighting = Sighting { category: &flood, village: None, pin: None, at: now };
        assert!(candidates(&sighting, &open, DuplicateRules::default()).is_empty());
    }
}
