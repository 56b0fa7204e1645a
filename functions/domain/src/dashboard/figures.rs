//! The dashboard's figures, added up from the days' tallies, and each agency's backlog from the open
//! work now (whatever the range): nothing here reads an incident.

use std::collections::BTreeMap;

use super::open_work::OpenWork;
use super::tally::{AgencyTally, CallOutcome, Cell, CellKey, ClockTally, Counters};
use crate::dto::{
    AgencyPeriod, AgencyRow, CategoryCount, ClockFigures, Compared, Counted, Dashboard, DashboardFilter, DayRange,
    DistrictCount, Funnel, OpenItem, OutcomeCount, PeriodCalls, VillageCount,
};
use crate::sla::SlaClock;
use crate::{AgencyCode, CategoryCode, Day, KodeWilayah};

impl DashboardFilter {
    /// Whether the cell's counts are among those the filter keeps.
    pub fn keeps(&self, key: &CellKey) -> bool {
        self.keeps_incident(&key.category, key.district.as_ref(), key.priority, |a| key.agencies.contains(a))
    }

    /// Whether an incident of this category, district and priority, sent to the agencies `sent` says,
    /// is among those the filter keeps: the same rule for a cell of counts and for one incident.
    pub fn keeps_incident(
        &self,
        category: &CategoryCode,
        district: Option<&KodeWilayah>,
        priority: crate::Priority,
        sent: impl Fn(&AgencyCode) -> bool,
    ) -> bool {
        self.category.as_ref().is_none_or(|c| c == category)
            && self.district.as_ref().is_none_or(|d| district == Some(d))
            && self.priority.is_none_or(|p| p == priority)
            && self.agency.as_ref().is_none_or(sent)
    }
}

/// The figures of `range` and its previous period, from `counters` (which hold at least the blocks of
/// both, [`DayRange::blocks`]; a block absent counted nothing) and the open work now.
pub fn dashboard(
    range: DayRange,
    filter: &DashboardFilter,
    counters: &Counters,
    open: &[OpenWork],
    items_read: usize,
) -> Dashboard {
    let previous = range.previous();
    let now = Sums::of(range, filter, counters);
    let before = Sums::of(previous, filter, counters);
    let compared = |pick: fn(&Cell) -> i64| Compared { count: pick(&now.total), previous: pick(&before.total) };
    let funnel = Funnel {
        calls: compared(Cell::call_count),
        incidents: compared(|c| c.incidents),
        verified: compared(|c| c.verified),
        dispatched: compared(|c| c.dispatched),
        resolved: compared(|c| c.resolved),
        closed_false: compared(|c| c.closed_false),
    };
    let mut outcomes: Vec<OutcomeCount> = keys(&now.total.calls, &before.total.calls)
        .map(|outcome| OutcomeCount {
            count: Compared {
                count: count(&now.total.calls, &outcome),
                previous: count(&before.total.calls, &outcome),
            },
            outcome,
        })
        .collect();
    outcomes.sort_by(|a, b| b.count.count.cmp(&a.count.count).then_with(|| a.outcome.cmp(&b.outcome)));
    let mut categories: Vec<CategoryCount> = keys(&now.categories, &before.categories)
        .map(|category| CategoryCount {
            count: Compared {
                count: count(&now.categories, &category),
                previous: count(&before.categories, &category),
            },
            category,
        })
        .collect();
    categories.sort_by(|a, b| b.count.count.cmp(&a.count.count).then_with(|| a.category.cmp(&b.category)));
    let mut districts: Vec<DistrictCount> = keys(&now.districts, &before.districts)
        .map(|district| DistrictCount {
            count: Compared { count: count(&now.districts, &district), previous: count(&before.districts, &district) },
            district,
        })
        .collect();
    districts.sort_by(|a, b| b.count.count.cmp(&a.count.count).then_with(|| a.district.cmp(&b.district)));
    let mut villages: Vec<VillageCount> = now
        .total
        .villages
        .iter()
        .map(|(village, count)| VillageCount { village: village.clone(), count: *count })
        .collect();
    villages.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.village.cmp(&b.village)));
    let mut backlogs = backlog(open);
    let mut agencies: Vec<AgencyRow> = now
        .total
        .agencies
        .iter()
        .filter(|(agency, _)| filter.agency.as_ref().is_none_or(|a| a == *agency))
        .map(|(agency, tally)| row(agency, tally, backlogs.remove(agency).unwrap_or_default()))
        .collect();
    // Agencies with open work but nothing in the range still show their backlog.
    for (agency, open) in backlogs {
        if filter.agency.as_ref().is_none_or(|a| *a == agency) {
            agencies.push(row(&agency, &AgencyTally::default(), open));
        }
    }
    agencies.sort_by(|a, b| worst_first(a).total_cmp(&worst_first(b)).then_with(|| a.agency.cmp(&b.agency)));
    Dashboard {
        range,
        previous,
        filter: filter.clone(),
        funnel,
        outcomes,
        categories,
        districts,
        villages,
        period: range.period(),
        calls_over_time: now.calls_over_time,
        heatmap: heatmap(&now.total.week_hours),
        agencies,
        sla_over_time: now.sla_over_time,
        items_read,
    }
}

/// What the filter keeps of a range's cells, added up.
#[derive(Default)]
struct Sums {
    total: Cell,
    categories: BTreeMap<CategoryCode, i64>,
    districts: BTreeMap<Option<KodeWilayah>, i64>,
    calls_over_time: Vec<PeriodCalls>,
    sla_over_time: Vec<AgencyPeriod>,
}

/// One period's calls by outcome, and each agency's steps on time and late in it.
#[derive(Default)]
struct PeriodSums {
    calls: BTreeMap<CallOutcome, i64>,
    agencies: BTreeMap<AgencyCode, (i64, i64)>,
}

impl Sums {
    fn of(range: DayRange, filter: &DashboardFilter, counters: &Counters) -> Sums {
        let mut sums = Sums::default();
        let mut periods: BTreeMap<Day, PeriodSums> =
            range.period_starts().into_iter().map(|start| (start, PeriodSums::default())).collect();
        for block in range.blocks() {
            let PeriodSums { calls, agencies } = periods.entry(range.period_start(block)).or_default();
            let cells = counters.of(block).into_iter().flat_map(|tally| &tally.cells);
            for (key, cell) in cells.filter(|(key, _)| filter.keeps(key)) {
                sums.total.add(cell, 1);
                for (outcome, count) in &cell.calls {
                    *calls.entry(outcome.clone()).or_default() += count;
                }
                *sums.categories.entry(key.category.clone()).or_default() += cell.incidents;
                *sums.districts.entry(key.district.clone()).or_default() += cell.incidents;
                for (agency, tally) in &cell.agencies {
                    let (met, missed) = agencies.entry(agency.clone()).or_default();
                    for clock in tally.clocks.values() {
                        *met += clock.met;
                        *missed += clock.missed;
                    }
                }
            }
        }
        for (from, PeriodSums { calls, agencies }) in periods {
            sums.calls_over_time.push(PeriodCalls {
                from,
                outcomes: calls.into_iter().filter(|(_, n)| *n != 0).map(|(of, count)| Counted { of, count }).collect(),
            });
            sums.sla_over_time.extend(
                agencies
                    .into_iter()
                    .filter(|(agency, _)| filter.agency.as_ref().is_none_or(|a| a == agency))
                    .map(|(agency, (met, missed))| AgencyPeriod { from, agency, met, missed }),
            );
        }
        sums.categories.retain(|_, n| *n != 0);
        sums.districts.retain(|_, n| *n != 0);
        sums
    }
}

/// Calls by hour of the week as rows of weekdays (Monday first) of 24 hours.
fn heatmap(week_hours: &BTreeMap<u8, i64>) -> Vec<Vec<i64>> {
    let mut heatmap = vec![vec![0; 24]; 7];
    for (hour, count) in week_hours {
        if let Some(slot) = heatmap.get_mut(usize::from(hour / 24)).and_then(|day| day.get_mut(usize::from(hour % 24)))
        {
            *slot += count;
        }
    }
    heatmap
}

fn row(agency: &AgencyCode, tally: &AgencyTally, (backlog, oldest_open): (i64, Option<OpenItem>)) -> AgencyRow {
    let clock = |clock: SlaClock| clock_figures(tally.clocks.get(&clock).cloned().unwrap_or_default());
    let mut delays: Vec<Counted<_>> =
        tally.delays.iter().map(|(of, count)| Counted { of: *of, count: *count }).collect();
    delays.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.of.cmp(&b.of)));
    AgencyRow {
        agency: agency.clone(),
        assignments: tally.assignments,
        declined: tally.declined,
        acknowledgement: clock(SlaClock::Acknowledgement),
        arrival: clock(SlaClock::Arrival),
        completion: clock(SlaClock::Completion),
        delays,
        backlog,
        oldest_open,
        rated: tally.rated,
        average_rating: (tally.rated > 0).then(|| tally.stars as f64 / tally.rated as f64),
    }
}

fn clock_figures(tally: ClockTally) -> ClockFigures {
    let judged = tally.met + tally.missed;
    ClockFigures {
        reached: tally.durations.count(),
        median_seconds: tally.durations.percentile(0.5),
        p90_seconds: tally.durations.percentile(0.9),
        met: tally.met,
        missed: tally.missed,
        share_met: (judged > 0).then(|| tally.met as f64 / judged as f64),
    }
}

/// Each agency's assignments open now, and the one whose clocks started first.
fn backlog(open: &[OpenWork]) -> BTreeMap<AgencyCode, (i64, Option<OpenItem>)> {
    let mut backlog: BTreeMap<AgencyCode, (i64, Option<OpenItem>)> = BTreeMap::new();
    for work in open {
        for assignment in &work.assignments {
            let (count, oldest) = backlog.entry(assignment.agency.clone()).or_default();
            *count += 1;
            if oldest.as_ref().is_none_or(|o| assignment.since < o.since) {
                *oldest = Some(OpenItem { incident: work.incident.clone(), since: assignment.since });
            }
        }
    }
    backlog
}

/// The scorecard's order: the lowest share of acknowledgements on time first (an agency never judged
/// after those that were), then the one with the most open work.
fn worst_first(row: &AgencyRow) -> f64 {
    row.acknowledgement.share_met.unwrap_or(2.0) - row.backlog as f64 * 1e-9
}

fn keys<'a, K: Ord + Clone + 'a>(a: &'a BTreeMap<K, i64>, b: &'a BTreeMap<K, i64>) -> impl Iterator<Item = K> + 'a {
    let mut all: Vec<K> = a.keys().chain(b.keys()).cloned().collect();
    all.sort();
    all.dedup();
    all.into_iter()
}

fn count<K: Ord>(map: &BTreeMap<K, i64>, key: &K) -> i64 {
    map.get(key).copied().unwrap_or(0)
}
