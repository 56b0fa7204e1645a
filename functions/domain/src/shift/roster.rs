//! The roster: who works which shift, a month at a time, as the supervisors plan it. Who actually came
//! is what they sign on to (see `duty`); the roster is who is expected.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::pattern::{ShiftPattern, ShiftRef};
use crate::{Day, Role, Timestamp, User, Username};

/// Who works which shift in one month. Shifts nobody is on are left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "RosterFields", into = "RosterFields")]
pub struct Roster {
    /// The month's first day.
    pub month: Day,
    pub shifts: BTreeMap<ShiftRef, Vec<Username>>,
}

/// On the wire and in storage: a list, as a JSON object's keys are only strings.
#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = Roster))]
pub struct RosterFields {
    /// The month's first day.
    month: Day,
    shifts: Vec<RosterShift>,
}

/// The people on one shift.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RosterShift {
    pub shift: ShiftRef,
    pub people: Vec<Username>,
}

impl From<RosterFields> for Roster {
    fn from(fields: RosterFields) -> Self {
        let shifts = fields.shifts.into_iter().map(|s| (s.shift, s.people)).collect();
        Self { month: fields.month.first_of_month(), shifts }
    }
}

impl From<Roster> for RosterFields {
    fn from(roster: Roster) -> Self {
        let shifts = roster.shifts.into_iter().map(|(shift, people)| RosterShift { shift, people }).collect();
        Self { month: roster.month, shifts }
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Roster {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        <RosterFields as utoipa::PartialSchema>::schema()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Roster {}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RosterError {
    #[error("{shift} is not a shift of this roster's month and the center's pattern")]
    NoSuchShift { shift: ShiftRef },
    #[error("{shift} has ended: the roster plans shifts to come, and who came is in their sign-ons")]
    Ended { shift: ShiftRef },
    #[error("a shift has at most {} people", Roster::MAX_ON_SHIFT)]
    TooMany,
    #[error("{username} is on the shift twice")]
    Twice { username: Username },
    #[error("{username} is not an active operator or supervisor")]
    NotShiftWorker { username: Username },
}

impl Roster {
    /// The most people on one shift: the largest centers seat about 50 operators.
    pub const MAX_ON_SHIFT: usize = 60;

    /// The roles that work shifts at the center.
    pub const ROLES: [Role; 2] = [Role::Operator, Role::Supervisor];

    pub fn empty(month: Day) -> Self {
        Self { month: month.first_of_month(), shifts: BTreeMap::new() }
    }

    /// Who is on `shift` (nobody when it is not in this month).
    pub fn people(&self, shift: ShiftRef) -> &[Username] {
        self.shifts.get(&shift).map_or(&[], Vec::as_slice)
    }

    pub fn is_on(&self, shift: ShiftRef, username: &Username) -> bool {
        self.people(shift).contains(username)
    }

    /// Puts `people` on `shift` in place of whoever was on it; `users` are the center's accounts, who
    /// must include each of them as an active operator or supervisor. A shift that has ended at `now`
    /// is history and is not changed.
    pub fn assign(
        &mut self,
        shift: ShiftRef,
        people: Vec<Username>,
        pattern: &ShiftPattern,
        utc_offset_hours: i8,
        users: &[User],
        now: Timestamp,
    ) -> Result<(), RosterError> {
        let falls = pattern.shift(shift, utc_offset_hours).filter(|_| shift.day.first_of_month() == self.month);
        let Some(falls) = falls else { return Err(RosterError::NoSuchShift { shift }) };
        if falls.has_ended(now) {
            return Err(RosterError::Ended { shift });
        }
        if people.len() > Self::MAX_ON_SHIFT {
            return Err(RosterError::TooMany);
        }
        for (i, username) in people.iter().enumerate() {
            if people[..i].contains(username) {
                return Err(RosterError::Twice { username: username.clone() });
            }
            let works_shifts = users
                .iter()
                .any(|user| user.username == *username && !user.disabled && Self::ROLES.contains(&user.role));
            if !works_shifts {
                return Err(RosterError::NotShiftWorker { username: username.clone() });
            }
        }
        if people.is_empty() {
            self.shifts.remove(&shift);
        } else {
            self.shifts.insert(shift, people);
        }
        Ok(())
    }

    /// How many people the roster puts on each hour of each weekday (Monday first), on average over
    /// the month: what the roster provides, beside what the planner says is needed.
    pub fn hourly_cover(&self, pattern: &ShiftPattern) -> [[f64; 24]; 7] {
        let mut sums = [[0.0; 24]; 7];
        let mut weekdays = [0u32; 7];
        let mut day = self.month;
        while day < self.month.first_of_next_month() {
            weekdays[usize::from(day.weekday_from_monday())] += 1;
            day = day.next();
        }
        for (shift, people) in &self.shifts {
            // Each hour counts on the weekday it falls on: a night shift's small hours are the next day's.
            for (next_day, hour) in pattern.hours(shift.index) {
                let day = if next_day { shift.day.next() } else { shift.day };
                sums[usize::from(day.weekday_from_monday())][usize::from(hour)] += people.len() as f64;
            }
        }
        let mut cover = [[0.0; 24]; 7];
        for (weekday, hours) in sums.iter().enumerate() {
            for (hour, sum) in hours.iter().enumerate() {
                cover[weekday][hour] = if weekdays[weekday] == 0 { 0.0 } else { sum / f64::from(weekdays[weekday]) };
            }
        }
        cover
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shift::fixtures::{WIB, day, name};

    fn user(username: &str, role: Role, disabled: bool) -> User {
        User { disabled, ..crate::shift::fixtures::user(username, role) }
    }

    fn users() -> Vec<User> {
        vec![
            user("ani", Role::Operator, false),
            user("budi", Role::Operator, false),
            user("sri", Role::Supervisor, false),
            user("lama", Role::Operator, true),
            user("bupati", Role::Executive, false),
        ]
    }

    fn shift(text: &str, index: u8) -> ShiftRef {
        ShiftRef { day: day(text), index }
    }

    /// 1 December 2026, 00:00 WIB.
    fn start_of_december() -> Timestamp {
        day("2026-12-01").start(WIB)
    }

    #[test]
    fn a_supervisor_puts_operators_and_supervisors_on_a_shift_and_replaces_them() {
        let pattern = ShiftPattern::default();
        let mut roster = Roster::empty(day("2026-12-15"));
        let now = start_of_december();
        let night = shift("2026-12-10", 2);
        roster.assign(night, vec![name("ani"), name("sri")], &pattern, WIB, &users(), now).unwrap();
        assert!(roster.is_on(night, &name("ani")) && roster.is_on(night, &name("sri")));
        roster.assign(night, vec![name("budi")], &pattern, WIB, &users(), now).unwrap();
        assert_eq!(roster.people(night), [name("budi")]);
        roster.assign(night, vec![], &pattern, WIB, &users(), now).unwrap();
        assert!(roster.shifts.is_empty(), "an emptied shift leaves nothing behind");
    }

    #[test]
    fn a_roster_takes_only_active_shift_workers_once_each() {
        let pattern = ShiftPattern::default();
        let mut roster = Roster::empty(day("2026-12-01"));
        let now = start_of_december();
        let morning = shift("2026-12-10", 0);
        let assign = |roster: &mut Roster, people: &[&str]| {
            roster.assign(morning, people.iter().map(|p| name(p)).collect(), &pattern, WIB, &users(), now)
        };
        assert_eq!(assign(&mut roster, &["bupati"]), Err(RosterError::NotShiftWorker { username: name("bupati") }));
        assert_eq!(assign(&mut roster, &["lama"]), Err(RosterError::NotShiftWorker { username: name("lama") }));
        assert_eq!(assign(&mut roster, &["nobody"]), Err(RosterError::NotShiftWorker { username: name("nobody") }));
        assert_eq!(assign(&mut roster, &["ani", "ani"]), Err(RosterError::Twice { username: name("ani") }));
        assert!(roster.shifts.is_empty(), "a refused edit changes nothing");
    }

    #[test]
    fn a_roster_has_only_its_own_months_shifts_still_to_come() {
        let pattern = ShiftPattern::default();
        let mut roster = Roster::empty(day("2026-12-01"));
        let ani = vec![name("ani")];
        // The night shift of the 9th, at 02:00 on the 10th, is under way: still open to changes.
        let now = day("2026-12-10").start(WIB).plus_seconds(2 * 3600);
        let under_way = shift("2026-12-09", 2);
        assert!(roster.assign(under_way, ani.clone(), &pattern, WIB, &users(), now).is_ok());
        let ended = shift("2026-12-09", 1);
        assert_eq!(
            roster.assign(ended, ani.clone(), &pattern, WIB, &users(), now),
            Err(RosterError::Ended { shift: ended })
        );
        let january = shift("2027-01-02", 0);
        assert_eq!(
            roster.assign(january, ani.clone(), &pattern, WIB, &users(), now),
            Err(RosterError::NoSuchShift { shift: january })
        );
        let fourth = shift("2026-12-20", 3);
        assert_eq!(
            roster.assign(fourth, ani, &pattern, WIB, &users(), now),
            Err(RosterError::NoSuchShift { shift: fourth })
        );
    }

    #[test]
    fn the_cover_counts_night_hours_on_the_day_they_fall_on() {
        let pattern = ShiftPattern::default();
        let mut roster = Roster::empty(day("2026-12-01"));
        let now = start_of_december();
        // Monday 28 December's night shift: 23:00 Monday to 07:00 Tuesday.
        roster.assign(shift("2026-12-28", 2), vec![name("ani"), name("budi")], &pattern, WIB, &users(), now).unwrap();
        let cover = roster.hourly_cover(&pattern);
        // December 2026 has four Mondays and five Tuesdays.
        assert_eq!(cover[0][23], 2.0 / 4.0);
        assert_eq!(cover[1][2], 2.0 / 5.0);
        assert_eq!(cover[0][2], 0.0);
        assert_eq!(cover[1][8], 0.0);
    }

    #[test]
    fn a_roster_reads_back_as_it_was_written() {
        let pattern = ShiftPattern::default();
        let mut roster = Roster::empty(day("2026-12-01"));
        roster.assign(shift("2026-12-03", 1), vec![name("sri")], &pattern, WIB, &users(), start_of_december()).unwrap();
        let json = serde_json::to_string(&roster).unwrap();
        assert_eq!(
            json,
            r#"{"month":"2026-12-01","shifts":[{"shift":{"day":"2026-12-03","index":1},"people":["sri"]}]}"#
        );
        assert_eq!(serde_json::from_str::<Roster>(&json).unwrap(), roster);
    }
}
