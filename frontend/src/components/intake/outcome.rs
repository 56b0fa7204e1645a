//! What became of the last submission: the per-field errors to show at their controls, and one line
//! for the operator (announced to screen readers).

use leptos::prelude::*;
use tanggap_domain::dto::FieldError;

use crate::api::ApiError;
use crate::i18n::texts;

/// The API's names of the fields that have a control on the form; errors about any other field are
/// listed with the form's notice instead.
pub const FORM_FIELDS: [&str; 11] = [
    "caller_phone",
    "caller_name",
    "category",
    "district",
    "village",
    "landmark",
    "description",
    "people_affected",
    "priority",
    "priority_reason",
    "coordinates",
];

#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// Saved (or linked); the text says what happened to which incident.
    Saved { text: String, incident: String },
    /// Not saved; the text says why and what to do.
    NotSaved(String),
}

#[derive(Clone, Copy)]
pub struct Outcome {
    pub notice: RwSignal<Option<Notice>>,
    pub errors: RwSignal<Vec<FieldError>>,
}

impl Outcome {
    pub fn new() -> Self {
        Self { notice: RwSignal::new(None), errors: RwSignal::new(Vec::new()) }
    }

    pub fn sending(self) {
        self.notice.set(None);
    }

    pub fn saved(self, text: String, incident: String) {
        self.errors.set(Vec::new());
        self.notice.set(Some(Notice::Saved { text, incident }));
    }

    pub fn failed(self, error: &ApiError) {
        let t = texts();
        let why = match error {
            ApiError::Network => t.offline_retry.to_owned(),
            other => format!("{} {}", t.not_saved, t.api_error(other)),
        };
        self.refused(error.field_errors().to_vec(), why);
    }

    /// Refused before or by the API: the errors at their fields, the reason in the notice.
    pub fn refused(self, errors: Vec<FieldError>, why: String) {
        self.errors.set(errors);
        self.notice.set(Some(Notice::NotSaved(why)));
    }

    /// One problem found while typing (a phone number that is not one).
    pub fn field_error(self, error: FieldError) {
        self.clear(&error.field);
        self.errors.update(|errors| errors.push(error));
    }

    /// The message(s) for one field, joined, or none.
    pub fn error_for(self, field: &'static str) -> Signal<Option<String>> {
        let errors = self.errors;
        Signal::derive(move || errors.with(|errors| messages_for(errors, field)))
    }

    /// Whether the field has a message (tracked: for `aria-invalid` and the like).
    pub fn has_error(self, field: &str) -> bool {
        self.errors.with(|errors| errors.iter().any(|e| e.field == field))
    }

    /// A control's `aria-invalid`. One type for every control: the attribute's code is compiled once.
    pub fn invalid(self, field: &'static str) -> Signal<Option<&'static str>> {
        Signal::derive(move || self.has_error(field).then_some("true"))
    }

    /// Whether the field has a message, as a signal (for a combobox's `invalid`).
    pub fn flagged(self, field: &'static str) -> Signal<bool> {
        Signal::derive(move || self.has_error(field))
    }

    /// Errors about fields the form has no control for (the API may check more than the form sends).
    pub fn other_errors(self) -> Vec<FieldError> {
        self.errors.with(|errors| errors.iter().filter(|e| !FORM_FIELDS.contains(&e.field.as_str())).cloned().collect())
    }

    /// The operator is correcting this field: its old message no longer applies.
    pub fn clear(self, field: &str) {
        if self.errors.with_untracked(|errors| errors.iter().any(|e| e.field == field)) {
            self.errors.update(|errors| errors.retain(|e| e.field != field));
        }
    }
}

fn messages_for(errors: &[FieldError], field: &str) -> Option<String> {
    let messages: Vec<&str> = errors.iter().filter(|e| e.field == field).map(|e| e.message.as_str()).collect();
    (!messages.is_empty()).then(|| messages.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(field: &str, message: &str) -> FieldError {
        FieldError { field: field.into(), code: "invalid".into(), message: message.into() }
    }

    #[test]
    fn a_field_shows_all_of_its_messages_and_only_its_own() {
        let errors =
            [error("village", "Kode wilayah tidak valid."), error("caller_phone", "Nomor"), error("village", "Desa?")];
        assert_eq!(messages_for(&errors, "village").as_deref(), Some("Kode wilayah tidak valid. Desa?"));
        assert_eq!(messages_for(&errors, "landmark"), None);
    }
}
