//! The dashboard's export jobs: one item each, kept a week, in the secondary index while the runner
//! has work to do (queued, or running), so it finds them without scanning.

use std::sync::Arc;

use tanggap_domain::dto::{ExportId, ExportJob, ExportStatus};

use super::{EXPIRES_AT, RepoError, decode, encode};
use crate::table::{Condition, Index, Item, Key, Query, StoreError, Table, attr};

/// The jobs the runner has to take up or finish, oldest first.
const DUE_INDEX: &str = "EXPORTS_DUE";
const JOB: &str = "job";
/// How long a job and its links are kept: the files are made again on asking again.
const KEEP_SECONDS: i64 = 7 * 24 * 60 * 60;

fn key(id: &ExportId) -> Key {
    Key::new(format!("EXPORT#{id}"), "JOB")
}

fn item(job: &ExportJob, version: u64) -> Item {
    let mut item = Item::new(&key(&job.id))
        .with(attr::VERSION, version)
        .with(JOB, encode(job))
        .with(EXPIRES_AT, job.created_at.unix_millis().div_euclid(1000) + KEEP_SECONDS);
    if matches!(job.status, ExportStatus::Queued | ExportStatus::Running) {
        item =
            item.with(attr::GSI1PK, DUE_INDEX).with(attr::GSI1SK, format!("{}#{}", job.created_at.sortable(), job.id));
    }
    item
}

/// A job as read, with the version a change of it must name.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredExport {
    pub job: ExportJob,
    pub version: u64,
}

#[derive(Clone)]
pub struct ExportRepo {
    table: Arc<dyn Table>,
}

impl ExportRepo {
    pub fn new(table: Arc<dyn Table>) -> Self {
        Self { table }
    }

    #[tracing::instrument(level = "debug", skip_all, fields(job = %job.id))]
    pub async fn create(&self, job: &ExportJob) -> Result<StoredExport, RepoError> {
        match self.table.put(item(job, 1), Condition::NotExists).await {
            Ok(()) => Ok(StoredExport { job: job.clone(), version: 1 }),
            Err(StoreError::ConditionFailed { .. }) => Err(RepoError::Exists),
            Err(err) => Err(err.into()),
        }
    }

    #[tracing::instrument(level = "debug", skip(self))]
    pub async fn get(&self, id: &ExportId) -> Result<Option<StoredExport>, RepoError> {
        match self.table.get(&key(id)).await? {
            Some(item) => Ok(Some(StoredExport { job: decode(&item, JOB)?, version: item.version().unwrap_or(1) })),
            None => Ok(None),
        }
    }

    /// Replaces the job read as `stored` with `job`; `VersionConflict` when another run changed it since.
    #[tracing::instrument(level = "debug", skip_all, fields(job = %job.id))]
    pub async fn save(&self, stored: &StoredExport, job: ExportJob) -> Result<StoredExport, RepoError> {
        let version = stored.version + 1;
        match self.table.put(item(&job, version), Condition::VersionEquals(stored.version)).await {
            Ok(()) => Ok(StoredExport { job, version }),
            Err(StoreError::ConditionFailed { .. } | StoreError::Conflict(_)) => Err(RepoError::VersionConflict),
            Err(err) => Err(err.into()),
        }
    }

    /// Jobs queued or running, oldest first, at most `limit`. From the secondary index: on DynamoDB a
    /// job made a moment ago may not show yet, and one just finished may still (read it again by id).
    #[tracing::instrument(level = "debug", skip(self))]
    pub async fn due(&self, limit: usize) -> Result<Vec<ExportId>, RepoError> {
        let page = self.table.query(&Query::partition(DUE_INDEX).on(Index::Gsi1).limit(limit)).await?;
        page.items
            .iter()
            .map(|item| {
                let job: ExportJob = decode(item, JOB)?;
                Ok(job.id)
            })
            .collect()
    }
}
