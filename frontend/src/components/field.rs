//! A labelled form control with its error message right beside it.

use leptos::prelude::*;
use tanggap_domain::dto::FieldError;

/// `field` is the API's name for it (`caller_phone`), which is how the API reports its errors;
/// `id` is the control's element id (`caller-phone`), which the label points at.
#[component]
pub fn Field(
    #[prop(into)] id: String,
    field: &'static str,
    label: &'static str,
    #[prop(into)] error: Signal<Option<String>>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="field" class:has-error=move || error.with(Option::is_some)>
            <label for=id.clone()>{label}</label>
            {children()}
            <Show when=move || error.with(Option::is_some)>
                <p class="field-error" id=format!("{id}-error") data-testid=format!("error-{field}") role="alert">
                    {move || error.get()}
                </p>
            </Show>
        </div>
    }
}

/// The API's field errors for one form, to be shown at their controls.
#[derive(Clone, Copy)]
pub struct FieldErrors(RwSignal<Vec<FieldError>>);

impl FieldErrors {
    pub fn new() -> Self {
        Self(RwSignal::new(Vec::new()))
    }

    /// Over errors kept elsewhere (the intake form's outcome).
    pub fn over(errors: RwSignal<Vec<FieldError>>) -> Self {
        Self(errors)
    }

    pub fn set(self, errors: Vec<FieldError>) {
        self.0.try_set(errors);
    }

    /// One error found before asking the API (two passwords that differ).
    pub fn set_one(self, field: &str, message: String) {
        self.set(vec![FieldError { field: field.into(), code: "invalid".into(), message }]);
    }

    /// The message(s) for one field, joined, or none.
    pub fn error_for(self, field: &'static str) -> Signal<Option<String>> {
        let errors = self.0;
        Signal::derive(move || {
            errors.with(|errors| {
                let messages: Vec<&str> =
                    errors.iter().filter(|e| e.field == field).map(|e| e.message.as_str()).collect();
                (!messages.is_empty()).then(|| messages.join(" "))
            })
        })
    }

    /// Whether the field has a message (tracked: for `aria-invalid`).
    pub fn has(self, field: &'static str) -> impl Fn() -> bool + Copy {
        let errors = self.0;
        move || errors.with(|errors| errors.iter().any(|e| e.field == field))
    }

    /// Errors about fields this form has no control for, one line each.
    pub fn others(self, fields: &'static [&'static str]) -> Vec<String> {
        self.0.with(|errors| {
            errors.iter().filter(|e| !fields.contains(&e.field.as_str())).map(|e| e.message.clone()).collect()
        })
    }

    /// The user is correcting this field: its old message no longer applies.
    pub fn clear(self, field: &str) {
        if self.0.with_untracked(|errors| errors.iter().any(|e| e.field == field)) {
            self.0.update(|errors| errors.retain(|e| e.field != field));
        }
    }
}
