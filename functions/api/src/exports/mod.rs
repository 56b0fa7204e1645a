//! The dashboard's exports: a job per ask, that writes exactly what the dashboard's range and filters
//! show (the incidents from the register, a day at a time; the scorecard and the funnel from the
//! counters) as an XLSX workbook and a CSV, into the file store, with its progress on the job's item.
//!
//! A year of a large regency takes longer than an API call may (29 s on API Gateway), so the ask only
//! queues the job; a runner does it: the local server's at once, on AWS the `exports` function, every
//! minute. A run that dies half-way (the function's time limit) leaves its job running; after
//! [`STALE_SECONDS`] the next runner starts it again, three times at most.

mod files;

use anyhow::Context as _;
use tanggap_domain::dashboard::export::{self, Names};
use tanggap_domain::dto::{
    DashboardFilter, DayRange, ExportFormat, ExportId, ExportJob, ExportLink, ExportStatus, ExportView,
};
use tanggap_domain::{Lang, Username};
use tanggap_photos::{ExportKey, ExportType};
use tanggap_store::repo::{RepoError, StoredExport};

use crate::state::AppState;

/// How long a running job may go without a word of progress before another runner takes it over:
/// longer than the `exports` function may run (15 minutes), so a live run is never doubled.
pub const STALE_SECONDS: i64 = 16 * 60;
/// Runs a job may have before it is given up.
const MAX_ATTEMPTS: u32 = 3;
/// How many days a run reads between two reports of its progress.
const DAYS_PER_REPORT: u32 = 7;
/// How many jobs one runner's pass takes up.
const JOBS_PER_PASS: usize = 5;

/// Queues an export of the range and filters for `owner`, in `lang`, and wakes the local runner.
pub async fn start(
    state: &AppState,
    owner: Username,
    lang: Lang,
    range: DayRange,
    filter: DashboardFilter,
) -> anyhow::Result<ExportJob> {
    let id = ExportId::parse(&ulid::Ulid::new().to_string()).context("a new ULID is not an export id")?;
    let now = state.clock.now();
    let job = ExportJob {
        id,
        owner,
        lang,
        range,
        filter,
        status: ExportStatus::Queued,
        days_done: 0,
        days_total: u32::try_from(range.len()).context("a range of too many days")?,
        rows: 0,
        created_at: now,
        updated_at: now,
        attempts: 0,
        error: None,
    };
    state.exports.create(&job).await.context("storing the export job")?;
    state.exports_queued.notify_one();
    Ok(job)
}

/// The job as its asker sees it, with links to its files once it is ready.
pub async fn view(state: &AppState, job: &ExportJob) -> anyhow::Result<ExportView> {
    let mut files = Vec::new();
    if job.status == ExportStatus::Ready {
        let store = state.photos.as_ref().context("this function has no file storage configured")?;
        let now = state.clock.now().unix_millis().div_euclid(1000);
        for format in ExportFormat::ALL {
            let key = key(&job.id, format)?;
            let name = format!("tanggap-{}_{}.{}", job.range.from, job.range.to, kind(format).extension());
            let url = store.download_url(&key, &name, now).await.context("signing an export's link")?;
            files.push(ExportLink { format, url });
        }
    }
    Ok(ExportView {
        id: job.id.clone(),
        status: job.status,
        range: job.range,
        filter: job.filter.clone(),
        days_done: job.days_done,
        days_total: job.days_total,
        rows: job.rows,
        files,
    })
}

/// Takes up the jobs waiting (and those whose run died) and runs each to its end. Returns how many it
/// finished; a job that fails is recorded as failed, not returned as an error.
pub async fn run_due(state: &AppState) -> anyhow::Result<usize> {
    let mut finished = 0;
    for id in state.exports.due(JOBS_PER_PASS).await.context("listing the export jobs due")? {
        let Some(stored) = state.exports.get(&id).await.context("reading an export job")? else { continue };
        let Some(claimed) = claim(state, stored).await? else { continue };
        let id = claimed.job.id.clone();
        match run(state, claimed).await {
            Ok(()) => finished += 1,
            Err(error) => tracing::error!(job = %id, error = format!("{error:#}"), "an export failed"),
        }
    }
    Ok(finished)
}

/// Marks the job running for this runner, when it is queued or its last run went silent; None when
/// another runner has it (or just took it).
async fn claim(state: &AppState, stored: StoredExport) -> anyhow::Result<Option<StoredExport>> {
    let now = state.clock.now();
    let job = &stored.job;
    let silent = job.updated_at.plus_seconds(STALE_SECONDS) <= now;
    let takeable = match job.status {
        ExportStatus::Queued => true,
        ExportStatus::Running => silent,
        ExportStatus::Ready | ExportStatus::Failed => false,
    };
    if !takeable {
        return Ok(None);
    }
    let next = if job.attempts >= MAX_ATTEMPTS {
        let error = format!("gave up after {} runs that did not finish", job.attempts);
        ExportJob { status: ExportStatus::Failed, updated_at: now, error: Some(error), ..job.clone() }
    } else {
        ExportJob { status: ExportStatus::Running, attempts: job.attempts + 1, updated_at: now, ..job.clone() }
    };
    match state.exports.save(&stored, next).await {
        Ok(saved) if saved.job.status == ExportStatus::Running => Ok(Some(saved)),
        Ok(_) | Err(RepoError::VersionConflict) => Ok(None),
        Err(error) => Err(error).context("claiming an export job"),
    }
}

/// Writes the job's files, reporting its progress; a failure is recorded on the job.
async fn run(state: &AppState, mut stored: StoredExport) -> anyhow::Result<()> {
    match write_files(state, &mut stored).await {
        Ok(()) => Ok(()),
        Err(error) => {
            let failed = ExportJob {
                status: ExportStatus::Failed,
                updated_at: state.clock.now(),
                error: Some(format!("{error:#}")),
                ..stored.job.clone()
            };
            state.exports.save(&stored, failed).await.context("recording the export's failure")?;
            Err(error)
        }
    }
}

async fn write_files(state: &AppState, stored: &mut StoredExport) -> anyhow::Result<()> {
    let job = stored.job.clone();
    let store = state.photos.clone().context("this function has no file storage configured")?;
    let offset = state.intake.utc_offset_hours;
    let names = names(state, job.lang).await?;
    let figures = crate::routes::dashboard::answer(state, job.range, &job.filter).await?;
    let mut files = files::Files::new(job.lang, offset)?;
    let (mut days_done, mut rows) = (0, 0);
    for day in job.range.days() {
        let (entries, _) = state
            .dashboard
            .register(DayRange { from: day, to: day }, |entry| entry.matches(&job.filter), usize::MAX)
            .await
            .with_context(|| format!("reading the register of {day}"))?;
        for entry in &entries {
            let lines = export::incident_rows(entry, &names, job.lang);
            rows += lines.len() as u64;
            files.incidents(&lines)?;
        }
        days_done += 1;
        if days_done % DAYS_PER_REPORT == 0 {
            let progress = ExportJob { days_done, rows, updated_at: state.clock.now(), ..stored.job.clone() };
            *stored = state.exports.save(stored, progress).await.context("reporting the export's progress")?;
        }
    }
    let scorecard = export::scorecard_rows(&figures, &names, job.lang);
    let funnel = export::funnel_rows(&figures, &names, job.lang);
    let (xlsx, csv) = files.finish(&scorecard, &funnel)?;
    store.write_export(&key(&job.id, ExportFormat::Xlsx)?, xlsx).await.context("storing the workbook")?;
    store.write_export(&key(&job.id, ExportFormat::Csv)?, csv).await.context("storing the CSV")?;
    let ready = ExportJob {
        status: ExportStatus::Ready,
        days_done,
        rows,
        updated_at: state.clock.now(),
        error: None,
        ..stored.job.clone()
    };
    *stored = state.exports.save(stored, ready).await.context("marking the export ready")?;
    Ok(())
}

/// The catalog's names in the job's language.
async fn names(state: &AppState, lang: Lang) -> anyhow::Result<Names> {
    let categories = state.catalog.categories().await.context("reading the categories")?;
    let agencies = state.catalog.agencies().await.context("reading the agencies")?;
    let regions = state.catalog.regions_within(&state.regency).await.context("reading the regions")?;
    Ok(Names {
        categories: categories.into_iter().map(|c| (c.code.clone(), c.name(lang).to_owned())).collect(),
        regions: regions.into_iter().map(|r| (r.code, r.name)).collect(),
        agencies: agencies.into_iter().map(|a| (a.code, a.name)).collect(),
    })
}

fn kind(format: ExportFormat) -> ExportType {
    match format {
        ExportFormat::Xlsx => ExportType::Xlsx,
        ExportFormat::Csv => ExportType::Csv,
    }
}

fn key(id: &ExportId, format: ExportFormat) -> anyhow::Result<ExportKey> {
    ExportKey::new(id.as_str(), kind(format)).context("an export id is not a file's key")
}
