//! The staffing planner: how many operators a center needs, hour by hour and shift by shift, to answer
//! a chosen share of calls within a chosen time, from the calls it measured and the time a call takes.
//!
//! Each hour is an Erlang C queue: calls arrive at random (Poisson), wait in one queue, and are taken
//! by the first free operator. The traffic is the hour's calls times the handling time, in Erlangs; the
//! fewest operators whose service level meets the goal, and whose occupancy stays under the maximum,
//! are needed at the phones; shrinkage (breaks, training, leave) scales that up to those scheduled.
//! People work whole shifts, so a shift is staffed for its busiest hour.

use crate::dashboard::Counters;
use crate::dto::DayRange;
use crate::shift::{ClockTime, ShiftPattern};

/// The calls of `range` by weekday and hour (Monday first), each averaged over the range's days of
/// its weekday, from the dashboard's counters (which must hold the range's blocks); and their total.
pub fn measured_calls(range: &DayRange, counters: &Counters) -> ([[f64; 24]; 7], i64) {
    let mut sums = [[0i64; 24]; 7];
    for tally in range.blocks().into_iter().filter_map(|block| counters.of(block)) {
        for cell in tally.cells.values() {
            for (hour_of_week, calls) in &cell.week_hours {
                let (weekday, hour) = (usize::from(hour_of_week / 24), usize::from(hour_of_week % 24));
                if let Some(slot) = sums.get_mut(weekday).and_then(|day| day.get_mut(hour)) {
                    *slot += calls;
                }
            }
        }
    }
    let mut weekdays = [0u32; 7];
    for day in range.days() {
        weekdays[usize::from(day.weekday_from_monday())] += 1;
    }
    let mut calls = [[0.0; 24]; 7];
    for (weekday, hours) in sums.iter().enumerate() {
        for (hour, sum) in hours.iter().enumerate() {
            if weekdays[weekday] > 0 {
                calls[weekday][hour] = *sum as f64 / f64::from(weekdays[weekday]);
            }
        }
    }
    (calls, sums.iter().flatten().sum())
}

/// A share of calls to answer within a time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ServiceGoal {
    /// 0.9 for 90 %.
    pub share: f64,
    pub within_seconds: f64,
}

impl ServiceGoal {
    /// NFPA 1225: 90 % of emergency calls answered within 10 seconds (the planner's default).
    pub const NFPA: ServiceGoal = ServiceGoal { share: 0.9, within_seconds: 10.0 };
    /// NENA's call-answering standard: 90 % within 15 seconds.
    pub const NENA: ServiceGoal = ServiceGoal { share: 0.9, within_seconds: 15.0 };
}

/// Traffic in Erlangs: `calls` an hour that take `handling_seconds` each.
pub fn erlangs(calls_per_hour: f64, handling_seconds: f64) -> f64 {
    calls_per_hour.max(0.0) * handling_seconds.max(0.0) / 3600.0
}

/// Erlang B, the chance that all of `agents` are busy in a loss system of `traffic` Erlangs, by the
/// recurrence `B(k) = A·B(k−1) / (k + A·B(k−1))`, `B(0) = 1`: every step stays within 0 and 1, so it
/// neither overflows nor loses precision where the textbook's `A^N / N!` would (at 1,000 Erlangs).
fn erlang_b(agents: u32, traffic: f64) -> f64 {
    (1..=agents).fold(1.0, |b, k| next_erlang_b(b, k, traffic))
}

fn next_erlang_b(b: f64, k: u32, traffic: f64) -> f64 {
    let ab = traffic * b;
    ab / (f64::from(k) + ab)
}

/// Erlang C from Erlang B: the chance a call waits. 1 when the operators cannot keep up (traffic at or
/// above their number: the queue grows without end); 0 without traffic.
fn erlang_c_from_b(agents: u32, traffic: f64, b: f64) -> f64 {
    if traffic <= 0.0 {
        return 0.0;
    }
    let n = f64::from(agents);
    if traffic >= n {
        return 1.0;
    }
    n * b / (n - traffic * (1.0 - b))
}

/// The chance a call has to wait with `agents` answering `traffic` Erlangs (Erlang C).
pub fn wait_probability(agents: u32, traffic: f64) -> f64 {
    erlang_c_from_b(agents, traffic, erlang_b(agents, traffic))
}

/// The share of calls answered within `within_seconds`: `1 − C·e^(−(N−A)·t/AHT)`; 0 when the
/// operators cannot keep up.
pub fn service_level(agents: u32, traffic: f64, handling_seconds: f64, within_seconds: f64) -> f64 {
    level(agents, traffic, wait_probability(agents, traffic), handling_seconds, within_seconds)
}

fn level(agents: u32, traffic: f64, wait: f64, handling_seconds: f64, within_seconds: f64) -> f64 {
    if traffic <= 0.0 {
        return 1.0;
    }
    let n = f64::from(agents);
    if traffic >= n || handling_seconds <= 0.0 {
        return if traffic >= n { 0.0 } else { 1.0 };
    }
    (1.0 - wait * (-(n - traffic) * within_seconds / handling_seconds).exp()).clamp(0.0, 1.0)
}

/// The operators one hour needs at the phones, and how they fare.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Staffing {
    pub agents: u32,
    pub wait_probability: f64,
    pub service_level: f64,
    /// The share of their time the agents spend on calls.
    pub occupancy: f64,
}

/// The fewest agents that answer `goal` of `traffic` Erlangs of `handling_seconds` calls, each busy
/// at most `max_occupancy` of the time; none without traffic.
pub fn agents_needed(traffic: f64, handling_seconds: f64, goal: ServiceGoal, max_occupancy: f64) -> Staffing {
    if traffic <= 0.0 || !traffic.is_finite() {
        return Staffing { agents: 0, wait_probability: 0.0, service_level: 1.0, occupancy: 0.0 };
    }
    let max_occupancy = max_occupancy.clamp(0.05, 1.0);
    // The queue is stable only with more agents than Erlangs: start just above, walking B up to there.
    let mut agents = traffic.floor() as u32 + 1;
    let mut b = erlang_b(agents, traffic);
    loop {
        let wait = erlang_c_from_b(agents, traffic, b);
        let service_level = level(agents, traffic, wait, handling_seconds, goal.within_seconds);
        let occupancy = traffic / f64::from(agents);
        if service_level >= goal.share && occupancy <= max_occupancy {
            return Staffing { agents, wait_probability: wait, service_level, occupancy };
        }
        agents += 1;
        b = next_erlang_b(b, agents, traffic);
    }
}

/// What the planner is asked.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanInput {
    /// Calls in each hour of each weekday (Monday first), on average.
    pub calls: [[f64; 24]; 7],
    pub handling_seconds: f64,
    pub goal: ServiceGoal,
    /// The share of paid time away from the phones (breaks, training, leave), 0.3 for 30 %.
    pub shrinkage: f64,
    pub max_occupancy: f64,
    /// Hours a week one operator is paid for: turns the shifts' hours into a headcount.
    pub hours_per_week: f64,
    /// The fewest at the phones in any hour, calls or not: a 112 line is never left unanswered.
    pub minimum_agents: u32,
}

impl PlanInput {
    /// The measured calls with the planner's defaults: the NFPA goal, 30 % shrinkage, 85 % occupancy
    /// at most, 40 hours a week, one operator at least.
    pub fn with_defaults(calls: [[f64; 24]; 7], handling_seconds: f64) -> Self {
        Self {
            calls,
            handling_seconds,
            goal: ServiceGoal::NFPA,
            shrinkage: 0.3,
            max_occupancy: 0.85,
            hours_per_week: 40.0,
            minimum_agents: 1,
        }
    }

    /// Calls in a week.
    pub fn weekly_calls(&self) -> f64 {
        self.calls.iter().flatten().sum()
    }

    /// The same hourly profile scaled to `calls_per_year` (Bogor's 1.7 million with the demo's rhythm).
    pub fn scaled_to_year(mut self, calls_per_year: f64) -> Self {
        let yearly = self.weekly_calls() * WEEKS_A_YEAR;
        if yearly > 0.0 {
            let factor = calls_per_year.max(0.0) / yearly;
            self.calls.iter_mut().flatten().for_each(|calls| *calls *= factor);
        }
        self
    }
}

/// 365.25 days in weeks.
pub const WEEKS_A_YEAR: f64 = 365.25 / 7.0;

/// One hour of one weekday.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HourPlan {
    pub calls: f64,
    pub erlangs: f64,
    pub staffing: Staffing,
    /// At the phones, with the minimum: `staffing.agents` or more.
    pub agents: u32,
    /// Scheduled, to have `agents` at the phones after shrinkage.
    pub scheduled: u32,
}

/// One shift of the pattern, on each weekday it begins on.
#[derive(Debug, Clone, PartialEq)]
pub struct ShiftPlan {
    pub index: u8,
    pub starts: ClockTime,
    pub ends: ClockTime,
    pub hours: f64,
    /// Scheduled for the shift beginning on each weekday: its busiest hour's.
    pub scheduled: [u32; 7],
}

impl ShiftPlan {
    /// The most on any weekday.
    pub fn peak(&self) -> u32 {
        self.scheduled.iter().copied().max().unwrap_or(0)
    }
}

/// The planner's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Each hour of each weekday, Monday first.
    pub hours: [[HourPlan; 24]; 7],
    pub shifts: Vec<ShiftPlan>,
    /// Paid operator hours a week: each shift staffed for its busiest hour, every day.
    pub shift_hours_a_week: f64,
    /// Operators to employ: those hours over the hours one operator works a week, rounded up.
    pub headcount: u32,
}

/// Plans `input` over the shifts of `pattern`.
pub fn plan(input: &PlanInput, pattern: &ShiftPattern) -> Plan {
    let shrinkage = input.shrinkage.clamp(0.0, 0.95);
    let empty = HourPlan {
        calls: 0.0,
        erlangs: 0.0,
        staffing: agents_needed(0.0, 0.0, input.goal, 1.0),
        agents: 0,
        scheduled: 0,
    };
    let mut hours = [[empty; 24]; 7];
    for (weekday, day) in input.calls.iter().enumerate() {
        for (hour, calls) in day.iter().enumerate() {
            let traffic = erlangs(*calls, input.handling_seconds);
            let staffing = agents_needed(traffic, input.handling_seconds, input.goal, input.max_occupancy);
            let agents = staffing.agents.max(input.minimum_agents);
            let scheduled = (f64::from(agents) / (1.0 - shrinkage) - 1e-9).ceil() as u32;
            hours[weekday][hour] = HourPlan { calls: *calls, erlangs: traffic, staffing, agents, scheduled };
        }
    }
    let mut shifts = Vec::with_capacity(usize::from(pattern.len()));
    let mut shift_hours_a_week = 0.0;
    for index in 0..pattern.len() {
        let worked = pattern.hours(index);
        let length = worked.len() as f64;
        let mut scheduled = [0; 7];
        for (weekday, peak) in scheduled.iter_mut().enumerate() {
            *peak = worked
                .iter()
                .map(|(next_day, hour)| {
                    let day = if *next_day { (weekday + 1) % 7 } else { weekday };
                    hours[day][usize::from(*hour)].scheduled
                })
                .max()
                .unwrap_or(0);
            shift_hours_a_week += f64::from(*peak) * length;
        }
        let Some((starts, ends)) = pattern.clock_hours(index) else { continue };
        shifts.push(ShiftPlan { index, starts, ends, hours: length, scheduled });
    }
    let headcount =
        if input.hours_per_week > 0.0 { (shift_hours_a_week / input.hours_per_week - 1e-9).ceil() as u32 } else { 0 };
    Plan { hours, shifts, shift_hours_a_week, headcount }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(actual: f64, expected: f64, tolerance: f64) -> bool {
        (actual - expected).abs() <= tolerance
    }

    /// Call Centre Helper, "Erlang C Formula – Made Simple With an Easy Worked Example"
    /// (callcentrehelper.com): 100 calls in 30 minutes, 180 s average handling time, 80 % answered
    /// within 20 s, at most 85 % occupancy, 30 % shrinkage. The traffic is 10 Erlangs; 14 agents are
    /// needed, with a 0.1741 chance of waiting and a service level of 0.8884; 20 are scheduled.
    #[test]
    fn the_worked_example_needs_14_agents_and_20_scheduled() {
        let traffic = erlangs(200.0, 180.0);
        assert!(close(traffic, 10.0, 1e-12));
        let goal = ServiceGoal { share: 0.8, within_seconds: 20.0 };
        let staffing = agents_needed(traffic, 180.0, goal, 0.85);
        assert_eq!(staffing.agents, 14);
        assert!(close(staffing.wait_probability, 0.1741, 0.00005), "{}", staffing.wait_probability);
        assert!(close(staffing.service_level, 0.8884, 0.00005), "{}", staffing.service_level);
        assert!(close(staffing.occupancy, 10.0 / 14.0, 1e-12));
        // 13 would not do.
        assert!(service_level(13, traffic, 180.0, 20.0) < 0.8);
        let mut calls = [[0.0; 24]; 7];
        calls[0][10] = 200.0;
        let input = PlanInput { goal, minimum_agents: 0, ..PlanInput::with_defaults(calls, 180.0) };
        let plan = plan(&input, &ShiftPattern::default());
        assert_eq!(plan.hours[0][10].scheduled, 20, "14 / (1 - 0.3)");
    }

    #[test]
    fn traffic_at_or_above_the_agents_never_clears() {
        assert_eq!(wait_probability(10, 10.0), 1.0);
        assert_eq!(wait_probability(5, 12.5), 1.0);
        assert_eq!(service_level(10, 10.0, 180.0, 20.0), 0.0);
        // The planner starts above the traffic, where the queue is stable.
        let staffing = agents_needed(10.0, 180.0, ServiceGoal { share: 0.0, within_seconds: 0.0 }, 1.0);
        assert_eq!(staffing.agents, 11);
    }

    #[test]
    fn no_calls_need_no_agents_but_the_plan_keeps_its_minimum() {
        assert_eq!(wait_probability(3, 0.0), 0.0);
        assert_eq!(service_level(0, 0.0, 180.0, 10.0), 1.0);
        assert_eq!(agents_needed(0.0, 180.0, ServiceGoal::NFPA, 0.85).agents, 0);
        let plan = plan(&PlanInput::with_defaults([[0.0; 24]; 7], 60.0), &ShiftPattern::default());
        assert!(plan.hours.iter().flatten().all(|hour| hour.agents == 1 && hour.scheduled == 2));
        // Three 8-hour shifts a day of two people: 336 hours a week, 9 people at 40 hours.
        assert_eq!(plan.shift_hours_a_week, 336.0);
        assert_eq!(plan.headcount, 9);
    }

    #[test]
    fn very_large_traffic_stays_finite_and_needs_a_little_more_than_its_erlangs() {
        // 5,000 Erlangs: A^N / N! overflows a float long before this.
        let staffing = agents_needed(5000.0, 60.0, ServiceGoal::NFPA, 1.0);
        assert!(staffing.wait_probability.is_finite() && staffing.service_level.is_finite());
        assert!((5001..5200).contains(&staffing.agents), "{}", staffing.agents);
        assert!(staffing.service_level >= 0.9);
        assert!(wait_probability(5000, 4000.0) < 1e-12);
        let huge = wait_probability(100_000, 99_000.0);
        assert!(huge.is_finite() && (0.0..=1.0).contains(&huge), "{huge}");
    }

    #[test]
    fn more_agents_never_answer_fewer_calls_in_time() {
        let mut last = 0.0;
        for agents in 11..40 {
            let level = service_level(agents, 10.0, 180.0, 20.0);
            assert!(level >= last, "{agents}: {level} < {last}");
            last = level;
        }
        assert!(last > 0.9999);
    }

    #[test]
    fn the_occupancy_cap_can_ask_for_more_than_the_service_goal() {
        // 10 Erlangs of long calls with a lax goal: the goal alone would take 12, at 83 % occupancy.
        let lax = ServiceGoal { share: 0.5, within_seconds: 20.0 };
        let by_goal = agents_needed(10.0, 180.0, lax, 1.0);
        let capped = agents_needed(10.0, 180.0, lax, 0.7);
        assert!(capped.agents > by_goal.agents);
        assert!(capped.occupancy <= 0.7);
    }

    #[test]
    fn a_shift_is_staffed_for_its_busiest_hour_and_a_night_for_the_day_it_began() {
        let mut calls = [[0.0; 24]; 7];
        // Tuesday 02:00: the Monday night shift's hour.
        calls[1][2] = 200.0;
        let input = PlanInput {
            goal: ServiceGoal { share: 0.8, within_seconds: 20.0 },
            ..PlanInput::with_defaults(calls, 180.0)
        };
        let plan = plan(&input, &ShiftPattern::default());
        let night = &plan.shifts[2];
        assert_eq!(
            (night.starts.to_string(), night.ends.to_string(), night.hours),
            ("23:00".into(), "07:00".into(), 8.0)
        );
        assert_eq!(night.scheduled[0], 20, "Monday's night shift works Tuesday's small hours");
        assert_eq!(night.scheduled[1], 2);
        assert_eq!(plan.shifts[0].scheduled, [2; 7]);
    }

    #[test]
    fn a_profile_scales_to_a_yearly_volume() {
        let mut calls = [[0.0; 24]; 7];
        calls[0][9] = 3.0;
        calls[4][21] = 1.0;
        let scaled = PlanInput::with_defaults(calls, 60.0).scaled_to_year(1_700_000.0);
        assert!(close(scaled.weekly_calls() * WEEKS_A_YEAR, 1_700_000.0, 1e-6));
        assert!(close(scaled.calls[0][9] / scaled.calls[4][21], 3.0, 1e-12), "the rhythm is kept");
        // An empty profile stays empty rather than dividing by nothing.
        let empty = PlanInput::with_defaults([[0.0; 24]; 7], 60.0).scaled_to_year(1_700_000.0);
        assert_eq!(empty.weekly_calls(), 0.0);
    }
}
