//! The morning brief: yesterday in one message, for the regent, the agency heads and the supervisors
//! who ask for it — calls, incidents, steps that came late, the agency that was late most often and
//! the reason it gave most, and the oldest incident still open. Sent once a day at the hour the
//! regency chose (`TANGGAP_MORNING_BRIEF_HOUR`), by the sweeper.

use serde::{Deserialize, Serialize};

use crate::dto::{Dashboard, OpenItem};
use crate::time::local;
use crate::{AgencyCode, Day, DelayKind, Incident, Role, Timestamp};

/// Who may ask for the brief: those who answer for the center's work, not those who do it.
pub const BRIEF_ROLES: [Role; 3] = [Role::Executive, Role::AgencyHead, Role::Supervisor];

/// One day of the center's work, as the brief tells it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Brief {
    pub day: Day,
    pub calls: i64,
    pub incidents: i64,
    /// Steps reported past their target, by every agency.
    pub late_steps: i64,
    /// The agency with the most late steps, if any was late.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slowest: Option<SlowAgency>,
    /// The incident open longest, as the brief is written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oldest_open: Option<OpenItem>,
}

/// The agency late most often on the day, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlowAgency {
    pub agency: AgencyCode,
    pub late_steps: i64,
    /// Steps with a target, on time or not.
    pub judged_steps: i64,
    /// The kind of delay it reported most.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<DelayKind>,
}

/// The brief of `figures` (the dashboard of one day) with `open`, the incidents open now.
pub fn brief(figures: &Dashboard, open: &[Incident]) -> Brief {
    let late = |row: &crate::dto::AgencyRow| row.acknowledgement.missed + row.arrival.missed + row.completion.missed;
    let judged = |row: &crate::dto::AgencyRow| {
        [&row.acknowledgement, &row.arrival, &row.completion].iter().map(|c| c.met + c.missed).sum::<i64>()
    };
    let slowest = figures
        .agencies
        .iter()
        .filter(|row| late(row) > 0)
        // The most late steps; of equals, the larger share late, then the code.
        .max_by(|a, b| {
            late(a)
                .cmp(&late(b))
                .then_with(|| (late(a) * judged(b)).cmp(&(late(b) * judged(a))))
                .then_with(|| b.agency.cmp(&a.agency))
        })
        .map(|row| SlowAgency {
            agency: row.agency.clone(),
            late_steps: late(row),
            judged_steps: judged(row),
            reason: row.delays.iter().max_by(|a, b| a.count.cmp(&b.count).then_with(|| b.of.cmp(&a.of))).map(|d| d.of),
        });
    let oldest_open = open
        .iter()
        .min_by_key(|incident| (incident.received_at, incident.id.clone()))
        .map(|incident| OpenItem { incident: incident.id.clone(), since: incident.received_at });
    Brief {
        day: figures.range.from,
        calls: figures.funnel.calls.count,
        incidents: figures.funnel.incidents.count,
        late_steps: figures.agencies.iter().map(late).sum(),
        slowest,
        oldest_open,
    }
}

/// The day whose brief is due at `now`: yesterday, once the center's clock has reached `hour` today.
pub fn due(now: Timestamp, utc_offset_hours: i8, hour: u8) -> Option<Day> {
    let today = Day::of(now, utc_offset_hours);
    (local(now, utc_offset_hours).hour() >= hour).then(|| today.previous())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_brief_is_due_from_its_hour_for_the_day_before() {
        // 05:59 and 06:00 WIB on 8 December 2026.
        let before = Timestamp::parse_rfc3339("2026-12-07T22:59:00Z").unwrap();
        let at = Timestamp::parse_rfc3339("2026-12-07T23:00:00Z").unwrap();
        assert_eq!(due(before, 7, 6), None);
        assert_eq!(due(at, 7, 6).map(|d| d.to_string()), Some("2026-12-07".into()));
        assert_eq!(due(at, 8, 6).map(|d| d.to_string()), Some("2026-12-07".into()), "07:00 WITA");
    }
}
