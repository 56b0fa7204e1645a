//! `--generate-year`: a year of a large regency's calls, made through the one write path (the service
//! every route uses, so the dashboard's counters are the real ones), then the dashboard's answer timed
//! for a day, a month and the whole year on this store.
//!
//! By default it is Kabupaten Bogor's year, 1.7 million calls (DOMAIN.md). What shapes it:
//! - **how calls end** (Jakarta's and Sidoarjo's shares, DOMAIN.md): 50% silent or dropped, 23% prank,
//!   12% information, 5% wrong number, 10% real reports, a fifth of which others call in again within
//!   a quarter of an hour (one to three duplicates, linked to the incident);
//! - **rhythm**: a quarter of the daytime rate at 3 a.m., peaks in the morning and the evening, 10%
//!   more at weekends, a third more in the rainy months (November to March);
//! - **flood days**: four, each with a flood at 15:00 and 300 to 600 more calls about it within three
//!   hours, all linked to it;
//! - **handling**: the intake form's time, log-normal, with a median of 15 s for a call closed at intake
//!   and 90 s for a real report (10 s at least);
//! - **the agencies**: each acknowledges after a log-normal time (median 4 minutes), arrives after
//!   another (median 14), completes after a third (median 50); 2% decline; a step later than its target
//!   is given a delay reason; 3% of real reports are found false; 90% are closed after review.
//!
//! The same seed gives the same year.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use tanggap_api::auth::Principal;
use tanggap_api::incidents::{self, Acting, ChangeError, Decision, Outcome};
use tanggap_api::state::{AppState, ManualClock};
use tanggap_domain::dashboard::dashboard;
use tanggap_domain::dto::{DashboardFilter, DayRange, ExportStatus};
use tanggap_domain::incident::{Report, VerificationMethod};
use tanggap_domain::{
    AgencyCode, AssignmentCommand, Caller, Category, Day, DelayKind, IncidentCommand, IncidentId, KodeWilayah, Lang,
    LifecycleError, Location, Reason, Region, RegionLevel, Role, Timestamp, Username,
};
use tanggap_photos::LocalPhotos;
use tanggap_store::Table;
use tanggap_store::repo::CatalogRepo;

/// Kabupaten Bogor's calls in a year (DOMAIN.md).
pub const BOGOR_CALLS: u64 = 1_700_000;

/// The center's offset from UTC (WIB), as the state's intake settings have it by default.
const WIB: i64 = 7;

/// How calls end, as shares of all calls; the rest are real reports.
const CLOSED_AT_INTAKE: [(&str, f64); 4] = [("SILENT", 0.50), ("PRANK", 0.23), ("INFO", 0.12), ("WRONG", 0.05)];
/// How often others call a real report in again (one to three more calls).
const CALLED_AGAIN: f64 = 0.2;

/// Relative call rate by hour of the day (the center's time).
const HOURLY: [f64; 24] = [
    0.40, 0.30, 0.25, 0.25, 0.30, 0.50, 0.80, 1.10, 1.30, 1.40, 1.40, 1.30, 1.20, 1.20, 1.20, 1.20, 1.30, 1.40, 1.50,
    1.60, 1.50, 1.20, 0.90, 0.60,
];

/// Real reports by category, relative.
const REAL: &[(&str, f64)] = &[
    ("TRAFFIC", 20.0),
    ("MEDICAL", 20.0),
    ("FIRE", 10.0),
    ("TREE", 9.0),
    ("ANIMAL", 9.0),
    ("FLOOD", 5.0),
    ("CRIME", 5.0),
    ("ORDER", 5.0),
    ("SOCIAL", 4.0),
    ("ROAD", 3.0),
    ("WATER", 3.0),
    ("POWER", 2.0),
    ("CHILD", 1.5),
    ("STORM", 1.0),
    ("LANDSLIDE", 1.0),
    ("RESCUE", 1.0),
    ("DROWNING", 0.5),
];

/// Delay reasons, relative.
const DELAYS: [(DelayKind, f64); 5] = [
    (DelayKind::NoPersonnel, 35.0),
    (DelayKind::AccessBlocked, 25.0),
    (DelayKind::VehicleBroken, 20.0),
    (DelayKind::NoFuel, 10.0),
    (DelayKind::Other, 10.0),
];

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub year: i32,
    pub calls: u64,
    pub seed: u64,
}

/// What the generation made, and how long it took.
#[derive(Debug, Default)]
pub struct Generated {
    pub calls: u64,
    pub incidents: u64,
    pub changes: u64,
    pub took: Duration,
}

/// Writes the plan's year into the table, whose reference data (categories, agencies, the regency's
/// areas) must be seeded.
pub async fn generate(table: Arc<dyn Table>, regency: KodeWilayah, plan: Plan) -> anyhow::Result<Generated> {
    let started = Instant::now();
    let first_day = Day::parse(&format!("{}-01-01", plan.year)).context("the year")?;
    let days = Day::parse(&format!("{}-12-31", plan.year)).context("the year")?.days_since(first_day) + 1;
    let (mut generator, categories) = Generator::new(table, regency, first_day, plan.seed).await?;
    let Categories { at_intake, real, flood } = categories;
    let weights: Vec<f64> = (0..days).map(|d| day_weight(first_day.plus_days(d))).collect();
    let per_weight = plan.calls as f64 / weights.iter().sum::<f64>();
    let flood_days = [20, 45, 320, 350].map(|d| d % days);
    for (d, weight) in weights.iter().enumerate() {
        let day = first_day.plus_days(d as i64);
        let start = midnight(day);
        let mut seconds: Vec<i64> =
            (0..(weight * per_weight).round() as u64).map(|_| generator.second_of_day()).collect();
        seconds.sort_unstable();
        for second in seconds {
            let at = start.plus_seconds(second);
            match generator.closed_at_intake(&at_intake) {
                Some(category) => {
                    generator.receive(&category, at).await?;
                }
                None => {
                    let category = generator.pick(&real).clone();
                    let again = if generator.rng.f64() < CALLED_AGAIN { generator.rng.u64(1..=3) } else { 0 };
                    generator.real(&category, at, again, 15 * 60).await?;
                }
            }
        }
        if flood_days.contains(&(d as i64)) {
            let more = 300 + generator.rng.u64(0..=300);
            generator.real(&flood, start.plus_seconds(15 * 3600), more, 3 * 3600).await?;
        }
        // As the sweeper does every minute.
        while generator.state.dashboard.fold().await.context("folding the day's counts")?.more {}
        if d % 30 == 29 {
            tracing::info!(day = %day, calls = generator.made.calls, "generating");
        }
    }
    generator.made.took = started.elapsed();
    Ok(generator.made)
}

/// `days` days of calls from `first_day` on, about `calls_a_day` a day with the year's rhythm, all of
/// them closed at intake (silent, prank, information, wrong number: nine calls in ten): the weeks of
/// calls a demo's dashboard and staffing planner measure, without a stale incident on its board.
pub async fn history(
    table: Arc<dyn Table>,
    regency: KodeWilayah,
    first_day: Day,
    days: i64,
    calls_a_day: f64,
) -> anyhow::Result<Generated> {
    let started = Instant::now();
    let (mut generator, Categories { at_intake, .. }) = Generator::new(table, regency, first_day, 112).await?;
    for d in 0..days {
        let day = first_day.plus_days(d);
        let start = midnight(day);
        let mut seconds: Vec<i64> =
            (0..(calls_a_day * day_weight(day)).round() as u64).map(|_| generator.second_of_day()).collect();
        seconds.sort_unstable();
        for second in seconds {
            let category = generator.pick(&at_intake).clone();
            generator.receive(&category, start.plus_seconds(second)).await?;
        }
        while generator.state.dashboard.fold().await.context("folding the day's counts")?.more {}
    }
    generator.made.took = started.elapsed();
    Ok(generator.made)
}

/// The dashboard for a day, a month and the year (each with its previous period), timed: how long
/// reading the counters and the open work and adding them up took, and how many items of each were
/// read.
pub async fn bench(
    table: Arc<dyn Table>,
    regency: KodeWilayah,
    year: i32,
) -> anyhow::Result<Vec<(String, Duration, usize, usize)>> {
    let clock = Arc::new(ManualClock::new(Timestamp::from_unix_millis(0).context("epoch")?));
    let state = AppState::new(table, regency, clock);
    let day = |text: String| Day::parse(&text).context("a day of the benchmark");
    let ranges = [
        ("a day", DayRange::new(day(format!("{year}-06-15"))?, day(format!("{year}-06-15"))?)?),
        ("a month", DayRange::new(day(format!("{year}-06-01"))?, day(format!("{year}-06-30"))?)?),
        ("the year", DayRange::new(day(format!("{year}-01-01"))?, day(format!("{year}-12-31"))?)?),
    ];
    let mut timings = Vec::new();
    for (name, range) in ranges {
        // The best of three: the first read also warms the store's cache.
        let mut best = Duration::MAX;
        let (mut items, mut open_items) = (0, 0);
        for _ in 0..3 {
            let started = Instant::now();
            let read = state.dashboard.counters(&[range, range.previous()]).await?;
            let open = state.dashboard.open_work().await?;
            let figures = dashboard(range, &DashboardFilter::default(), &read.counters, &open, read.items_read);
            best = best.min(started.elapsed());
            (items, open_items) = (read.items_read, open.len());
            anyhow::ensure!(figures.funnel.calls.count > 0, "{name}: no calls counted");
        }
        timings.push((name.to_owned(), best, items, open_items));
    }
    Ok(timings)
}

/// What exporting the whole year took: the run, the incidents sheet's rows, and the files' sizes.
#[derive(Debug)]
pub struct ExportBench {
    pub took: Duration,
    pub rows: u64,
    pub xlsx_bytes: usize,
    pub csv_bytes: usize,
}

/// Exports the whole year as the dashboard's export job does (into `dir`), timed.
pub async fn bench_export(
    table: Arc<dyn Table>,
    regency: KodeWilayah,
    year: i32,
    dir: &Path,
) -> anyhow::Result<ExportBench> {
    let clock = Arc::new(ManualClock::new(Timestamp::from_unix_millis(0).context("epoch")?));
    let files = Arc::new(LocalPhotos::new(dir, LocalPhotos::generate_signing_key()?));
    let state = AppState::new(table, regency, clock).with_photos(files.clone(), tanggap_photos::DEFAULT_MAX_BYTES);
    let day = |text: String| Day::parse(&text).context("a day of the benchmark");
    let range = DayRange::new(day(format!("{year}-01-01"))?, day(format!("{year}-12-31"))?)?;
    let owner = Username::parse("bench").context("a username")?;
    let started = Instant::now();
    let job = tanggap_api::exports::start(&state, owner, Lang::Id, range, DashboardFilter::default()).await?;
    tanggap_api::exports::run_due(&state).await?;
    let took = started.elapsed();
    let done = state.exports.get(&job.id).await?.context("the export job")?.job;
    anyhow::ensure!(done.status == ExportStatus::Ready, "the export ended {:?}: {:?}", done.status, done.error);
    let size = |extension: &str| -> anyhow::Result<usize> {
        let path = dir.join(format!("exports/{}.{extension}", job.id));
        Ok(std::fs::metadata(&path).with_context(|| format!("{}", path.display()))?.len() as usize)
    };
    Ok(ExportBench { took, rows: done.rows, xlsx_bytes: size("xlsx")?, csv_bytes: size("csv")? })
}

struct Generator {
    state: AppState,
    clock: Arc<ManualClock>,
    rng: fastrand::Rng,
    operator: Principal,
    /// Each district with its villages.
    places: Vec<(Region, Vec<Region>)>,
    made: Generated,
}

/// One step of an incident's life, at its time.
#[derive(Debug, Clone)]
enum Step {
    /// Another caller about it.
    Link,
    Verify,
    FalseReport,
    Dispatch,
    Agency(AgencyCode, AssignmentCommand),
    Close,
}

/// The categories the generated calls end in.
struct Categories {
    at_intake: Vec<(Category, f64)>,
    real: Vec<(Category, f64)>,
    flood: Category,
}

impl Generator {
    /// A generator over `table`, whose reference data (categories, agencies, the regency's areas) must
    /// be seeded, its clock at `first_day`'s midnight.
    async fn new(
        table: Arc<dyn Table>,
        regency: KodeWilayah,
        first_day: Day,
        seed: u64,
    ) -> anyhow::Result<(Generator, Categories)> {
        let catalog = CatalogRepo::new(table.clone());
        let categories = catalog.categories().await.context("reading the categories")?;
        let regions = catalog.regions_within(&regency).await.context("reading the regency's areas")?;
        let places: Vec<(Region, Vec<Region>)> = regions
            .iter()
            .filter(|r| r.level() == RegionLevel::District)
            .map(|d| {
                let villages = regions
                    .iter()
                    .filter(|v| v.level() == RegionLevel::Village && v.code.parent().as_ref() == Some(&d.code))
                    .cloned()
                    .collect();
                (d.clone(), villages)
            })
            .collect();
        if places.is_empty() {
            bail!("no districts of {regency}: seed the reference data with the regency's areas first");
        }
        let category = |code: &str| -> anyhow::Result<Category> {
            categories.iter().find(|c| c.code.as_str() == code).cloned().with_context(|| format!("no category {code}"))
        };
        let at_intake: Vec<(Category, f64)> = CLOSED_AT_INTAKE
            .iter()
            .map(|(code, share)| category(code).map(|c| (c, *share)))
            .collect::<Result<_, _>>()?;
        let real: Vec<(Category, f64)> =
            REAL.iter().map(|(code, weight)| category(code).map(|c| (c, *weight))).collect::<Result<_, _>>()?;
        let flood = category("FLOOD")?;
        let clock = Arc::new(ManualClock::new(midnight(first_day)));
        let generator = Generator {
            state: AppState::new(table, regency, clock.clone()),
            clock,
            rng: fastrand::Rng::with_seed(seed),
            operator: principal("operator1", Role::Operator, None)?,
            places,
            made: Generated::default(),
        };
        Ok((generator, Categories { at_intake, real, flood }))
    }

    /// A second of the day, more likely in busy hours.
    fn second_of_day(&mut self) -> i64 {
        let hours: Vec<(i64, f64)> = HOURLY.iter().enumerate().map(|(h, w)| (h as i64, *w)).collect();
        self.weighted(&hours) * 3600 + self.rng.i64(0..3600)
    }

    /// The P0 category the call is closed in, or None for a real report.
    fn closed_at_intake(&mut self, categories: &[(Category, f64)]) -> Option<Category> {
        let draw = self.rng.f64();
        let mut share = 0.0;
        categories
            .iter()
            .find(|(_, s)| {
                share += s;
                draw < share
            })
            .map(|(c, _)| c.clone())
    }

    fn pick<'a, T>(&mut self, choices: &'a [(T, f64)]) -> &'a T {
        let i = self.weighted(&choices.iter().enumerate().map(|(i, (_, w))| (i, *w)).collect::<Vec<_>>());
        &choices[i].0
    }

    fn weighted<T: Copy>(&mut self, choices: &[(T, f64)]) -> T {
        let total: f64 = choices.iter().map(|(_, w)| w).sum();
        let mut draw = self.rng.f64() * total;
        for (choice, weight) in choices {
            if draw < *weight {
                return *choice;
            }
            draw -= weight;
        }
        choices[choices.len() - 1].0
    }

    /// Log-normal seconds around `median_minutes`.
    fn lognormal(&mut self, median_minutes: f64, sigma: f64) -> i64 {
        // Box-Muller from two uniform draws.
        let (u, v) = (self.rng.f64().max(f64::MIN_POSITIVE), self.rng.f64());
        let normal = (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos();
        (median_minutes * 60.0 * (sigma * normal).exp()).round().max(10.0) as i64
    }

    fn minutes(&mut self, from: f64, to: f64) -> i64 {
        ((from + self.rng.f64() * (to - from)) * 60.0).round() as i64
    }

    /// Takes a call at `at`: a new incident (closed at once for a P0 category).
    async fn receive(&mut self, category: &Category, at: Timestamp) -> anyhow::Result<(IncidentId, u64)> {
        self.clock.set(at);
        let id = IncidentId::parse(&ulid::Ulid::from_parts(at.unix_millis() as u64, self.rng.u128(..)).to_string())
            .context("a ULID is an incident id")?;
        let location = if category.closes_at_intake() { Location::default() } else { self.place() };
        // A call closed at intake is over in seconds; a real report takes a minute and a half.
        let handling = if category.closes_at_intake() { self.lognormal(0.25, 0.5) } else { self.lognormal(1.5, 0.4) };
        let report = Report {
            caller: Caller { phone: None, name: None, masked_phone: None },
            location,
            description: None,
            people_affected: None,
            priority: None,
            priority_reason: None,
            caller_blocked: false,
            channel: Default::default(),
            intake_seconds: u32::try_from(handling).ok(),
        };
        let decision = Decision::Receive {
            id: id.clone(),
            category: Box::new(category.clone()),
            report: Box::new(report),
            ticket: None,
            photo: None,
        };
        self.made.calls += 1;
        match self.execute(decision).await? {
            Some(version) => Ok((id, version)),
            None => bail!("a new call changed nothing"),
        }
    }

    /// A district and one of its villages.
    fn place(&mut self) -> Location {
        let (district, villages) = &self.places[self.rng.usize(..self.places.len())];
        let village = (!villages.is_empty()).then(|| villages[self.rng.usize(..villages.len())].clone());
        Location { district: Some(district.clone()), village, landmark: None, coordinates: None }
    }

    /// A real report at `at`, `again` more calls about it within `within` seconds, and its whole life.
    async fn real(&mut self, category: &Category, at: Timestamp, again: u64, within: i64) -> anyhow::Result<()> {
        let (id, mut version) = self.receive(category, at).await?;
        self.made.incidents += 1;
        let mut steps: Vec<(i64, Step)> = (0..again).map(|_| (self.rng.i64(30..within.max(31)), Step::Link)).collect();
        let verified = self.minutes(0.5, 3.0);
        steps.push((verified, Step::Verify));
        if self.rng.f64() < 0.03 {
            steps.push((verified + self.minutes(2.0, 10.0), Step::FalseReport));
        } else {
            let dispatched = verified + self.minutes(0.5, 4.0);
            steps.push((dispatched, Step::Dispatch));
            let mut done = dispatched;
            for agency in &category.lead_agencies {
                if self.rng.f64() < 0.02 {
                    let reason = Reason::parse("bukan wewenang kami").context("a reason")?;
                    steps.push((
                        dispatched + self.minutes(1.0, 5.0),
                        Step::Agency(agency.clone(), AssignmentCommand::Decline { reason }),
                    ));
                    continue;
                }
                let acknowledged = self.lognormal(4.0, 0.6).max(dispatched + 10);
                let en_route = acknowledged + self.minutes(0.5, 3.0);
                let on_scene = en_route + self.lognormal(14.0, 0.5);
                let completed = on_scene + self.lognormal(50.0, 0.7);
                done = done.max(completed);
                steps.push((acknowledged, Step::Agency(agency.clone(), AssignmentCommand::Acknowledge)));
                steps.push((en_route, Step::Agency(agency.clone(), AssignmentCommand::EnRoute)));
                steps.push((on_scene, Step::Agency(agency.clone(), AssignmentCommand::OnScene)));
                steps.push((completed, Step::Agency(agency.clone(), AssignmentCommand::Complete { report: None })));
            }
            if self.rng.f64() < 0.9 {
                steps.push((done + self.minutes(10.0, 120.0), Step::Close));
            }
        }
        steps.sort_by_key(|(second, _)| *second);
        for (second, step) in steps {
            self.clock.set(at.plus_seconds(second));
            let link = matches!(step, Step::Link);
            if let Some(next) = self.step(&id, version, step).await? {
                version = next;
                self.made.calls += u64::from(link);
            }
        }
        Ok(())
    }

    /// Gives one step on the incident's current version; the version after it, if it changed anything.
    async fn step(&mut self, id: &IncidentId, version: u64, step: Step) -> anyhow::Result<Option<u64>> {
        let command =
            |command: IncidentCommand| Decision::Command { id: id.clone(), command, expected_version: version };
        let decision = match step {
            Step::Link => Decision::LinkReport {
                id: id.clone(),
                caller: Caller { phone: None, name: None, masked_phone: None },
                description: None,
            },
            Step::Verify => command(IncidentCommand::Verify { method: VerificationMethod::Callback, note: None }),
            Step::FalseReport => command(IncidentCommand::CloseAsFalseReport {
                reason: Reason::parse("tidak ditemukan").context("a reason")?,
            }),
            Step::Dispatch => {
                // The category's agencies, as the operator's panel ticks them.
                let incident = self.state.incidents.get(id).await?.context("the incident")?;
                let category = self.state.catalog.category(&incident.category).await?.context("its category")?;
                command(IncidentCommand::Dispatch { agencies: category.lead_agencies })
            }
            Step::Close => command(IncidentCommand::Close { note: None }),
            Step::Agency(agency, update) => {
                let officer = principal("generator", Role::AgencyOfficer, Some(agency.clone()))?;
                let decision = |delay| Decision::Command {
                    id: id.clone(),
                    command: IncidentCommand::UpdateAssignment {
                        agency: agency.clone(),
                        update: update.clone(),
                        delay,
                    },
                    expected_version: version,
                };
                return match self.execute_as(&officer, decision(None)).await {
                    // Late: the officer says why.
                    Err(ChangeError::Refused(LifecycleError::DelayReasonRequired { .. })) => {
                        let kind = self.weighted(&DELAYS);
                        let reason = kind.reason("hujan deras").context("a delay reason")?;
                        Ok(self.execute_as(&officer, decision(Some(reason))).await?)
                    }
                    // A step the assignment can no longer take (it was declined, the incident withdrawn).
                    Err(ChangeError::Refused(_)) => Ok(None),
                    other => Ok(other?),
                };
            }
        };
        match self.execute(decision).await {
            Err(anyhow_error) => match anyhow_error.downcast_ref::<ChangeError>() {
                Some(ChangeError::Refused(_) | ChangeError::StateMoved(_)) => Ok(None),
                _ => Err(anyhow_error),
            },
            result => result,
        }
    }

    async fn execute(&mut self, decision: Decision) -> anyhow::Result<Option<u64>> {
        let operator = self.operator.clone();
        self.execute_as(&operator, decision).await.map_err(anyhow::Error::new)
    }

    async fn execute_as(&mut self, who: &Principal, decision: Decision) -> Result<Option<u64>, ChangeError> {
        match incidents::execute(&self.state, Acting::User(who), decision, None).await? {
            Outcome::Changed { incident, .. } => {
                self.made.changes += 1;
                Ok(Some(incident.version))
            }
            Outcome::Unchanged(_) | Outcome::Replayed(_) => Ok(None),
        }
    }
}

fn principal(username: &str, role: Role, agency: Option<AgencyCode>) -> anyhow::Result<Principal> {
    Ok(Principal {
        username: Username::parse(username).context("a username")?,
        role,
        agency,
        session: "generated".into(),
        must_change_password: false,
    })
}

/// Midnight of `day` at the center (WIB).
fn midnight(day: Day) -> Timestamp {
    let date = day.date();
    let utc = date.midnight().assume_utc();
    Timestamp::from(utc).plus_seconds(-WIB * 3600)
}

/// How busy a day is: weekends 10% more, the rainy months (November to March) a third more.
fn day_weight(day: Day) -> f64 {
    let weekend = if day.weekday_from_monday() >= 5 { 1.1 } else { 1.0 };
    let month = u8::from(day.date().month());
    let rainy = if month >= 11 || month <= 3 { 1.33 } else { 1.0 };
    weekend * rainy
}
