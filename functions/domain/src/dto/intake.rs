//! The intake's other shapes: linked reports, the caller's history and blocks, duplicates, and the
//! day's counts.

use serde::{Deserialize, Serialize};

use super::fields::{FieldError, FieldProblem, optional};
use crate::caller::{CallRecord, CallerBlock};
use crate::{Caller, CategoryCode, Incident, Lang, PhoneNumber, Reason, Text};

/// `POST /api/incidents/{id}/reports`: another call about an incident already open, linked to it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewReport {
    pub caller_phone: Option<String>,
    pub caller_name: Option<String>,
    pub description: Option<String>,
}

impl NewReport {
    /// The caller and what they said, every problem named per field.
    pub fn parse(&self, lang: Lang) -> Result<(Caller, Option<Text>), Vec<FieldError>> {
        let mut errors = Vec::new();
        let phone = optional(&self.caller_phone, PhoneNumber::parse);
        if phone.is_err() {
            errors.push(FieldError::new("caller_phone", FieldProblem::BadPhone, lang));
        }
        let name = Text::parse_optional(self.caller_name.as_deref());
        if name.is_err() {
            errors.push(FieldError::new("caller_name", FieldProblem::TooLong(Text::MAX_CHARS), lang));
        }
        let description = Text::parse_optional(self.description.as_deref());
        if description.is_err() {
            errors.push(FieldError::new("description", FieldProblem::TooLong(Text::MAX_CHARS), lang));
        }
        match (phone, name, description) {
            (Ok(phone), Ok(name), Ok(description)) => {
                Ok((Caller { phone, name: name.map(String::from), masked_phone: None }, description))
            }
            _ => Err(errors),
        }
    }
}

/// `GET /api/callers/{phone}`: what the intake shows while the caller is on the line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallerHistory {
    pub phone: PhoneNumber,
    /// The number's earlier calls, newest first (at most [`CALLER_HISTORY_LIMIT`]).
    pub calls: Vec<CallRecord>,
    /// Prank calls in the last 24 hours.
    pub prank_calls_24h: u32,
    /// True when the prank calls reach the threshold and the number is not blocked already.
    pub block_proposed: bool,
    /// The block in force, if any.
    pub block: Option<CallerBlock>,
}

/// The most earlier calls a caller history lists.
pub const CALLER_HISTORY_LIMIT: usize = 20;

/// `PUT /api/callers/{phone}/block` (supervisor): blocks a number for a while.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewBlock {
    pub reason: String,
    /// How long; the deployment's default (24 h) when absent. 1 to [`MAX_BLOCK_HOURS`].
    pub hours: Option<u32>,
}

/// The longest block: a month.
pub const MAX_BLOCK_HOURS: u32 = 30 * 24;

impl NewBlock {
    /// The reason and the length in hours, `default_hours` when none is given.
    pub fn parse(&self, default_hours: u32, lang: Lang) -> Result<(Reason, u32), Vec<FieldError>> {
        let mut errors = Vec::new();
        let reason = Reason::parse(&self.reason);
        if let Err(err) = &reason {
            let problem = match err {
                crate::text::TextError::Empty => FieldProblem::Required,
                crate::text::TextError::TooLong { max } => FieldProblem::TooLong(*max),
            };
            errors.push(FieldError::new("reason", problem, lang));
        }
        let hours = self.hours.unwrap_or(default_hours);
        if !(1..=MAX_BLOCK_HOURS).contains(&hours) {
            errors.push(FieldError::new("hours", FieldProblem::TooMany(MAX_BLOCK_HOURS), lang));
        }
        match reason {
            Ok(reason) if errors.is_empty() => Ok((reason, hours)),
            _ => Err(errors),
        }
    }
}

/// An open incident that may be the event a new call is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DuplicateCandidate {
    pub incident: Incident,
    pub same_village: bool,
    /// Metres between the pins, when both have one.
    pub distance_m: Option<u32>,
}

/// `GET /api/incidents/duplicates`: nearest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DuplicatesPage {
    pub candidates: Vec<DuplicateCandidate>,
}

/// `GET /api/intake/counts?date=`: the calls taken on one local day (the deployment's UTC offset:
/// WIB, WITA or WIT), per category, P0 calls included: what the center reports about its traffic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IntakeCounts {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub total: u32,
    pub by_category: std::collections::BTreeMap<CategoryCode, u32>,
    /// Calls linked to an existing incident as extra reports.
    pub linked_reports: u32,
}
