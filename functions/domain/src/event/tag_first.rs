//! How the browser reads a change without serde's buffering.
//!
//! `Change` is an internally tagged enum (`{"type": "received", ...}`). serde reads such an enum by
//! first buffering the whole object into its generic `Content`, since the tag may come anywhere, and
//! then reading the variant from that buffer: every type a change holds is compiled a second time,
//! for the buffer. In the consoles' wasm that second copy weighed about 70 KB (issue 19). This server
//! always writes the tag first (serde does, for an internally tagged enum), so the browser reads the
//! tag, then hands the rest of the same object to the variant's own reader: serde's derive for the
//! same enum externally tagged (`Wire`, made from the one definition by [`changes!`]).

use serde::Deserialize as _;
use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IgnoredAny, IntoDeserializer, MapAccess, VariantAccess, Visitor,
};

use super::{Change, Wire};

/// Reads a change whose `type` comes first, as this server writes it (for `Event::change` in the
/// browser: `#[serde(deserialize_with)]`).
pub fn change<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Change, D::Error> {
    deserializer.deserialize_map(TagFirst)
}

struct TagFirst;

impl<'de> Visitor<'de> for TagFirst {
    type Value = Change;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a change, its `type` first")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Change, A::Error> {
        match map.next_key::<String>()? {
            Some(key) if key == "type" => {}
            _ => return Err(de::Error::custom("a change's `type` must come first")),
        }
        let tag: String = map.next_value()?;
        Wire::deserialize(Tagged { tag, map }).map(Change::from)
    }
}

/// The rest of a change's object, after its tag: an enum to `Wire`'s reader.
struct Tagged<A> {
    tag: String,
    map: A,
}

impl<'de, A: MapAccess<'de>> Deserializer<'de> for Tagged<A> {
    type Error = A::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, A::Error> {
        Err(de::Error::custom("a change is read as an enum"))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        visitor.visit_enum(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

impl<'de, A: MapAccess<'de>> EnumAccess<'de> for Tagged<A> {
    type Error = A::Error;
    type Variant = Fields<A>;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Fields<A>), A::Error> {
        let variant = seed.deserialize(self.tag.into_deserializer())?;
        Ok((variant, Fields(self.map)))
    }
}

/// The variant's fields: the rest of the same object.
struct Fields<A>(A);

impl<'de, A: MapAccess<'de>> VariantAccess<'de> for Fields<A> {
    type Error = A::Error;

    fn unit_variant(mut self) -> Result<(), A::Error> {
        while self.0.next_key::<IgnoredAny>()?.is_some() {
            self.0.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _seed: T) -> Result<T::Value, A::Error> {
        Err(de::Error::custom("a change has no newtype variant"))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value, A::Error> {
        Err(de::Error::custom("a change has no tuple variant"))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        visitor.visit_map(self.0)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::assignment::{AssignmentStatus, DelayReason};
    use crate::citizen::{Stars, TicketCode};
    use crate::geo::Coordinates;
    use crate::incident::{Closure, Location, Report, VerificationMethod};
    use crate::sla::{Escalation, SlaClock, SlaOutcome};
    use crate::{
        Actor, AgencyCode, Caller, Category, CategoryCode, ChangeKind, DispatchTarget, Incident, IncidentId,
        PhoneNumber, PhotoId, Priority, Reason, Text, Timestamp,
    };

    fn read(json: &str) -> Result<Change, serde_json::Error> {
        change(&mut serde_json::Deserializer::from_str(json))
    }

    /// A change of every kind, with its optional facts given.
    fn every_kind() -> Vec<Change> {
        let (agency, other) = (AgencyCode::parse("DAMKAR").unwrap(), AgencyCode::parse("PDAM").unwrap());
        let (text, reason) = (Text::parse("sudah dicek").unwrap(), Reason::parse("jalan tertutup").unwrap());
        let at = Timestamp::from_unix_millis(1_795_000_000_000).unwrap();
        let id = IncidentId::parse("01JDGZ6Q8X4T3N2M1K0H9G8F7E").unwrap();
        let caller = Caller {
            phone: Some(PhoneNumber::parse("0812 3456 7890").unwrap()),
            name: Some("Budi".into()),
            masked_phone: None,
        };
        let location = Location {
            landmark: Some(text.clone()),
            coordinates: Some(Coordinates::new(-1.25, 116.8).unwrap()),
            ..Location::default()
        };
        let category = Category {
            dispatch_target: Some(DispatchTarget::minutes(5)),
            ..Category::new(CategoryCode::parse("FIRE").unwrap(), "Kebakaran", "Fire", Priority::P1)
        };
        let report = Report {
            caller: caller.clone(),
            location: location.clone(),
            description: Some(text.clone()),
            people_affected: Some(3),
            priority: Some(Priority::P2),
            priority_reason: Some(reason.clone()),
            caller_blocked: true,
            channel: crate::citizen::Channel::Online,
            intake_seconds: Some(42),
        };
        let (_, received) = Incident::receive(id.clone(), &category, report, Actor::System, at);
        vec![
            received[0].change.clone(),
            Change::Verified { method: VerificationMethod::Callback, note: Some(text.clone()) },
            Change::Dispatched { agencies: vec![agency.clone(), other.clone()] },
            Change::AssignmentUpdated {
                agency: agency.clone(),
                status: AssignmentStatus::OnScene,
                reason: Some(reason.clone()),
                delay: Some(DelayReason::Other { text: reason.clone() }),
                report: Some(text.clone()),
                outcome: Some(SlaOutcome::Missed { late_seconds: 120 }),
            },
            Change::Resolved,
            Change::DispatchWithdrawn,
            Change::Closed { closure: Closure::AfterResolution, reason: Some(reason.clone()) },
            Change::Cancelled { reason: reason.clone() },
            Change::MergedInto { target: id },
            Change::Edited {
                priority: Some(Priority::P1),
                priority_reason: Some(reason.clone()),
                location: Some(location),
                description: Some(text.clone()),
                people_affected: Some(4),
                caller_name: Some(text.clone()),
            },
            Change::NoteAdded { text: text.clone() },
            Change::ReportLinked { caller, description: Some(text.clone()) },
            Change::SupportRequested { from: agency.clone(), agency: other.clone(), note: Some(text.clone()) },
            Change::SupportDeclined { agency: other, reason: reason.clone() },
            Change::SlaBreached { agency: agency.clone(), clock: SlaClock::Arrival, due: at },
            Change::Escalated { agency: agency.clone(), clock: SlaClock::Arrival, due: at, to: Escalation::Supervisor },
            Change::PhotoAdded {
                photo: PhotoId::parse("01JDGZ6Q8X4T3N2M1K0H9G8F7F").unwrap(),
                agency: Some(agency),
                width: 1600,
                height: 1200,
            },
            Change::TicketIssued { code: TicketCode::parse("9G8F-7E2K").unwrap(), token_hash: "ab".repeat(32) },
            Change::Rated { stars: Stars::new(4).unwrap(), comment: Some(text.clone()) },
            Change::Complained { comment: Some(text.clone()) },
            Change::ComplaintAnswered { answer: text },
            Change::Reopened { reason },
        ]
    }

    #[test]
    fn every_change_reads_back_as_the_server_wrote_it() {
        let changes = every_kind();
        let kinds: HashSet<ChangeKind> = changes.iter().map(Change::kind).collect();
        assert_eq!(kinds.len(), ChangeKind::ALL.len(), "a sample of every kind of change");
        for change in changes {
            let json = serde_json::to_string(&change).unwrap();
            assert!(json.starts_with(r#"{"type":"#), "the server writes the tag first: {json}");
            assert_eq!(read(&json).unwrap(), change, "{json}");
        }
    }

    #[test]
    fn absent_optional_facts_read_as_absent_and_unknown_ones_are_ignored() {
        let rated = read(r#"{"type":"rated","stars":5,"later_field":[1,2]}"#).unwrap();
        assert_eq!(rated, Change::Rated { stars: Stars::new(5).unwrap(), comment: None });
        assert_eq!(read(r#"{"type":"resolved","later_field":{}}"#).unwrap(), Change::Resolved);
    }

    #[test]
    fn a_change_whose_type_is_not_first_or_unknown_is_refused_with_why() {
        let error = read(r#"{"stars":5,"type":"rated"}"#).unwrap_err();
        assert!(error.to_string().contains("`type` must come first"), "{error}");
        let error = read(r#"{"type":"exploded"}"#).unwrap_err();
        assert!(error.to_string().contains("unknown variant `exploded`"), "{error}");
        assert!(read(r#"{"type":"rated"}"#).unwrap_err().to_string().contains("missing field `stars`"));
    }
}
