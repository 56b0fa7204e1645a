//! How the page's parts put an incident's values into words beyond each enum's own (those are in
//! `tanggap_domain::words`): parts joined in a line, the verification methods the API takes, a refused
//! text as a field error.

use tanggap_domain::dto::{FieldError, FieldProblem};
use tanggap_domain::incident::VerificationMethod;
use tanggap_domain::text::TextError;
use tanggap_domain::{Lang, Text};

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

/// A text the domain refused, as the error of the form field it was typed in.
pub(super) fn text_error(field: &str, error: TextError, lang: Lang) -> FieldError {
    let problem = match error {
        TextError::Empty => FieldProblem::Required,
        TextError::TooLong { max } => FieldProblem::TooLong(max),
    };
    FieldError::new(field, problem, lang)
}
