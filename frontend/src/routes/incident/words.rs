//! How the page words an incident's values, shared by its parts: parts joined in a line, a status, a
//! verification method, a refused text as a field error.

use tanggap_domain::dto::{FieldError, FieldProblem};
use tanggap_domain::incident::VerificationMethod;
use tanggap_domain::text::TextError;
use tanggap_domain::{AssignmentStatus, Lang, Text};

use crate::i18n::Texts;

/// The parts that are there, joined with " · ".
pub(super) fn join<'a>(parts: impl Iterator<Item = Option<&'a str>>) -> String {
    parts.flatten().filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" · ")
}

pub(super) fn text(value: &Option<Text>) -> String {
    value.as_ref().map(|v| v.as_str().to_owned()).unwrap_or_default()
}

/// The verification methods, as the API names them.
pub(super) const METHODS: [(VerificationMethod, &str); 5] = [
    (VerificationMethod::Callback, "callback"),
    (VerificationMethod::SecondReport, "second_report"),
    (VerificationMethod::Cctv, "cctv"),
    (VerificationMethod::FieldOfficer, "field_officer"),
    (VerificationMethod::Other, "other"),
];

pub(super) fn method_label(method: VerificationMethod, t: &Texts) -> &'static str {
    let index = METHODS.iter().position(|(m, _)| *m == method).unwrap_or_default();
    t.verification_methods[index]
}

pub(super) fn assignment_status(status: AssignmentStatus, t: &Texts) -> &'static str {
    use AssignmentStatus::*;
    let index = match status {
        Dispatched => 0,
        Acknowledged => 1,
        EnRoute => 2,
        OnScene => 3,
        Completed => 4,
        Declined => 5,
        Cancelled => 6,
    };
    t.assignment_statuses[index]
}

/// A text the domain refused, as the error of the form field it was typed in.
pub(super) fn text_error(field: &str, error: TextError, lang: Lang) -> FieldError {
    let problem = match error {
        TextError::Empty => FieldProblem::Required,
        TextError::TooLong { max } => FieldProblem::TooLong(max),
    };
    FieldError::new(field, problem, lang)
}
