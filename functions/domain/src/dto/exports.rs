//! The dashboard's exports (`POST /api/dashboard/exports`, `GET /api/dashboard/exports/{id}`): a job
//! that writes exactly what the dashboard's range and filters show as an XLSX workbook and a CSV of its
//! incidents, with its progress, and links to the files once they are written.

use serde::{Deserialize, Serialize};

use crate::dto::{DashboardFilter, DayRange};
use crate::{Lang, Timestamp, Username};

/// An export job's identifier: a ULID, like an incident's.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, example = "01JDGZ6Q8X4T3N2M1K0H9G8F7E"))]
pub struct ExportId(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("an export id is 26 letters and digits")]
pub struct ExportIdError;

impl ExportId {
    pub fn parse(input: &str) -> Result<Self, ExportIdError> {
        let id = input.trim();
        if id.len() == 26 && id.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()) {
            Ok(Self(id.to_owned()))
        } else {
            Err(ExportIdError)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

crate::newtype::string_newtype!(ExportId, ExportIdError);

/// Where a job stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ExportStatus {
    /// Waiting for the runner (locally at once; on AWS the sweeper, within the minute).
    Queued,
    /// Reading the range's days and writing the files.
    Running,
    Ready,
    Failed,
}

/// The formats a job writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ExportFormat {
    /// Three sheets: the incidents, the agency scorecard, the funnel and call outcomes.
    Xlsx,
    /// The incidents sheet alone.
    Csv,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 2] = [ExportFormat::Xlsx, ExportFormat::Csv];
}

/// A job as it is stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportJob {
    pub id: ExportId,
    pub owner: Username,
    /// The headings' and values' language: the asker's.
    pub lang: Lang,
    pub range: DayRange,
    pub filter: DashboardFilter,
    pub status: ExportStatus,
    /// Days of the range read so far, of all of them.
    pub days_done: u32,
    pub days_total: u32,
    /// Rows of the incidents sheet written so far.
    pub rows: u64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// Runs started: a run that died (a function's time limit) is started again, three times at most.
    #[serde(default)]
    pub attempts: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A file of a ready job, to be downloaded within a few minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportLink {
    pub format: ExportFormat,
    pub url: String,
}

/// A job as its asker sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportView {
    pub id: ExportId,
    pub status: ExportStatus,
    pub range: DayRange,
    pub filter: DashboardFilter,
    pub days_done: u32,
    pub days_total: u32,
    pub rows: u64,
    /// Once ready: the workbook and the CSV.
    pub files: Vec<ExportLink>,
}
