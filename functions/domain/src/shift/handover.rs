//! The handover at a shift's end: the outgoing supervisor writes a note beside what the next shift
//! takes over (the incidents still open, the targets missed during the shift, the numbers blocked), and
//! the incoming supervisor acknowledges it. What was handed over is kept as it stood when written, so
//! the shift's history shows what the next shift was told, not what is true later.

use serde::{Deserialize, Serialize};

use super::duty::OVERRUN_MINUTES;
use super::pattern::{Shift, ShiftRef};
use crate::caller::CallerBlock;
use crate::sla::SlaClock;
use crate::{AgencyCode, CategoryCode, IncidentId, IncidentStatus, Priority, Text, Timestamp, Username};

/// How long before its shift ends a handover may be written.
pub const OPENS_MINUTES: i64 = 60;
/// The most open incidents a handover lists (it counts them all): the most urgent, then the oldest.
pub const MAX_LISTED: usize = 200;

/// An incident still open at the handover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenIncident {
    pub id: IncidentId,
    pub category: CategoryCode,
    pub priority: Priority,
    pub status: IncidentStatus,
    pub received_at: Timestamp,
}

/// A target an agency missed during the shift.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShiftBreach {
    pub incident: IncidentId,
    pub category: CategoryCode,
    pub priority: Priority,
    pub agency: AgencyCode,
    pub clock: SlaClock,
    /// When the target passed.
    pub due: Timestamp,
}

/// What a shift hands over besides the note.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandoverMaterial {
    /// How many incidents were open.
    pub open_count: usize,
    /// The most urgent of them, then the oldest: at most [`MAX_LISTED`].
    pub open: Vec<OpenIncident>,
    pub breaches: Vec<ShiftBreach>,
    /// Numbers blocked at the time.
    pub blocked: Vec<CallerBlock>,
}

/// The incoming supervisor's acknowledgement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Acknowledgement {
    pub by: Username,
    pub at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

/// One shift's handover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Handover {
    pub shift: ShiftRef,
    pub note: Text,
    pub written_by: Username,
    pub written_at: Timestamp,
    pub material: HandoverMaterial,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledged: Option<Acknowledgement>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HandoverError {
    #[error("a shift is handed over from an hour before its end until two hours after")]
    NotHandoverTime,
    #[error("the handover was acknowledged already")]
    AlreadyAcknowledged,
    #[error("there is no handover to acknowledge yet")]
    NothingToAcknowledge,
    #[error("the incoming supervisor acknowledges a handover, not the one who wrote it")]
    OwnHandover,
}

impl Handover {
    /// Whether a handover of `shift` may be written at `now`: from [`OPENS_MINUTES`] before its end
    /// until the sign-ons' overrun after it.
    pub fn may_be_written(shift: &Shift, now: Timestamp) -> bool {
        shift.ends_at.plus_seconds(-OPENS_MINUTES * 60) <= now && now < shift.ends_at.plus_seconds(OVERRUN_MINUTES * 60)
    }

    /// Whether `existing` (none yet: None) of `shift` may be written at `now`: what [`Self::write`]
    /// checks, for a caller to ask before gathering what is handed over.
    pub fn check_write(existing: Option<&Handover>, shift: &Shift, now: Timestamp) -> Result<(), HandoverError> {
        if existing.is_some_and(|handover| handover.acknowledged.is_some()) {
            Err(HandoverError::AlreadyAcknowledged)
        } else if !Self::may_be_written(shift, now) {
            Err(HandoverError::NotHandoverTime)
        } else {
            Ok(())
        }
    }

    /// `by` writes (or rewrites, until it is acknowledged) the handover of `shift` at `now`.
    pub fn write(
        existing: Option<&Handover>,
        shift: &Shift,
        by: &Username,
        note: Text,
        material: HandoverMaterial,
        now: Timestamp,
    ) -> Result<Handover, HandoverError> {
        Self::check_write(existing, shift, now)?;
        Ok(Handover { shift: shift.id, note, written_by: by.clone(), written_at: now, material, acknowledged: None })
    }

    /// `by`, another supervisor, acknowledges `existing` at `now`.
    pub fn acknowledge(
        existing: Option<&Handover>,
        by: &Username,
        note: Option<Text>,
        now: Timestamp,
    ) -> Result<Handover, HandoverError> {
        let handover = existing.ok_or(HandoverError::NothingToAcknowledge)?;
        if handover.acknowledged.is_some() {
            return Err(HandoverError::AlreadyAcknowledged);
        }
        if handover.written_by == *by {
            return Err(HandoverError::OwnHandover);
        }
        Ok(Handover { acknowledged: Some(Acknowledgement { by: by.clone(), at: now, note }), ..handover.clone() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Day;
    use crate::shift::ShiftPattern;

    const WIB: i8 = 7;

    fn name(text: &str) -> Username {
        Username::parse(text).unwrap()
    }

    fn afternoon() -> Shift {
        ShiftPattern::default().shift(ShiftRef { day: Day::parse("2026-12-08").unwrap(), index: 1 }, WIB).unwrap()
    }

    /// Minutes from the afternoon shift's end (23:00 WIB).
    fn from_end(minutes: i64) -> Timestamp {
        afternoon().ends_at.plus_seconds(minutes * 60)
    }

    fn note(text: &str) -> Text {
        Text::parse(text).unwrap()
    }

    fn written() -> Handover {
        let material = HandoverMaterial::default();
        Handover::write(None, &afternoon(), &name("sri"), note("Banjir Waru masih ditangani"), material, from_end(-10))
            .unwrap()
    }

    #[test]
    fn a_handover_is_written_from_an_hour_before_the_end_until_two_hours_after() {
        let write = |minutes| {
            Handover::write(None, &afternoon(), &name("sri"), note("n"), HandoverMaterial::default(), from_end(minutes))
        };
        assert_eq!(write(-61), Err(HandoverError::NotHandoverTime));
        assert!(write(-60).is_ok());
        assert!(write(119).is_ok());
        assert_eq!(write(120), Err(HandoverError::NotHandoverTime));
    }

    #[test]
    fn the_incoming_supervisor_acknowledges_once_and_the_writer_cannot() {
        let handover = written();
        assert_eq!(
            Handover::acknowledge(Some(&handover), &name("sri"), None, from_end(5)),
            Err(HandoverError::OwnHandover)
        );
        let acknowledged =
            Handover::acknowledge(Some(&handover), &name("budi"), Some(note("siap")), from_end(5)).unwrap();
        let ack = acknowledged.acknowledged.clone().unwrap();
        assert_eq!((ack.by, ack.at, ack.note), (name("budi"), from_end(5), Some(note("siap"))));
        assert_eq!(acknowledged.note, handover.note, "the note stays as written");
        assert_eq!(
            Handover::acknowledge(Some(&acknowledged), &name("lina"), None, from_end(6)),
            Err(HandoverError::AlreadyAcknowledged)
        );
        assert_eq!(
            Handover::acknowledge(None, &name("budi"), None, from_end(5)),
            Err(HandoverError::NothingToAcknowledge)
        );
    }

    #[test]
    fn a_handover_is_rewritten_until_acknowledged_and_then_no_more() {
        let first = written();
        let material = HandoverMaterial::default();
        let rewritten = Handover::write(
            Some(&first),
            &afternoon(),
            &name("sri"),
            note("Banjir Waru selesai"),
            material.clone(),
            from_end(-5),
        )
        .unwrap();
        assert_eq!(rewritten.note, note("Banjir Waru selesai"));
        let acknowledged = Handover::acknowledge(Some(&rewritten), &name("budi"), None, from_end(2)).unwrap();
        assert_eq!(
            Handover::write(Some(&acknowledged), &afternoon(), &name("sri"), note("lagi"), material, from_end(3)),
            Err(HandoverError::AlreadyAcknowledged)
        );
    }
}
