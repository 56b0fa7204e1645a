//! An incident and its category as the page's tests start from them.

use tanggap_domain::{Caller, CategoryCode, Incident, IncidentId, IncidentStatus, Location, Priority, Text, Timestamp};

pub(super) fn incident() -> Incident {
    let at = Timestamp::from_unix_millis(1_700_000_000_000).unwrap();
    Incident {
        id: IncidentId::parse("01JDGZ6Q8X4T3N2M1K0H9G8F7E").unwrap(),
        version: 3,
        status: IncidentStatus::Received,
        category: CategoryCode::parse("FIRE").unwrap(),
        priority: Priority::P1,
        dispatch_target: None,
        caller: Caller { name: Some("Budi".into()), ..Default::default() },
        location: Location { landmark: Some(Text::parse("dekat pasar").unwrap()), ..Default::default() },
        description: Some(Text::parse("gudang terbakar").unwrap()),
        people_affected: None,
        received_at: at,
        updated_at: at,
        assignments: vec![],
        merged_into: None,
        extra_reports: 0,
        caller_blocked: false,
        arrival_target: None,
        completion_target: None,
        support_requests: vec![],
        breaches: vec![],
        photos: vec![],
        milestones: Default::default(),
        channel: Default::default(),
        ticket: None,
        rating: None,
        complaint: None,
    }
}

pub(super) fn category() -> tanggap_domain::Category {
    tanggap_domain::Category::new(CategoryCode::parse("FIRE").unwrap(), "Kebakaran", "Fire", Priority::P1)
}
