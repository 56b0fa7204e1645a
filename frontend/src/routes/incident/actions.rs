//! The forms made of one text and a button: verify the incident (with the method), close it as a false
//! report, add a note; and the supervisor's two answers to a reporter's complaint: reopen the incident
//! for a new dispatch, or answer the reporter.

use leptos::prelude::*;
use tanggap_domain::dto::{FieldError, FieldProblem};
use tanggap_domain::incident::VerificationMethod;
use tanggap_domain::{ChangeKind, IncidentCommand, Lang, LifecycleError, Reason, Text};

use super::page::Page;
use super::words::{METHODS, text_error};
use crate::components::field::{Field, FieldErrors};
use crate::components::form::{Outcome, OutcomeLine, refused, submit};
use crate::i18n::texts;

/// The forms made of one text and a button (verify also has its method).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Action {
    Verify,
    CloseFalse,
    Note,
    Reopen,
    Answer,
}

/// The command a filled action form gives, or the field error that keeps it from being sent.
fn command_for(
    action: Action,
    method: VerificationMethod,
    typed: &str,
    lang: Lang,
) -> Result<IncidentCommand, FieldError> {
    match action {
        Action::Verify => {
            let note = Text::parse_optional(Some(typed)).map_err(|e| text_error("note", e, lang))?;
            if method == VerificationMethod::Other && note.is_none() {
                let message = LifecycleError::NoteRequired.message(lang);
                return Err(FieldError { field: "note".into(), code: FieldProblem::Required.code().into(), message });
            }
            Ok(IncidentCommand::Verify { method, note })
        }
        Action::CloseFalse => Reason::parse(typed)
            .map(|reason| IncidentCommand::CloseAsFalseReport { reason })
            .map_err(|e| text_error("reason", e, lang)),
        Action::Note => {
            Text::parse(typed).map(|text| IncidentCommand::AddNote { text }).map_err(|e| text_error("text", e, lang))
        }
        Action::Reopen => Reason::parse(typed)
            .map(|reason| IncidentCommand::Reopen { reason })
            .map_err(|e| text_error("reason", e, lang)),
        Action::Answer => Text::parse(typed)
            .map(|answer| IncidentCommand::AnswerComplaint { answer })
            .map_err(|e| text_error("answer", e, lang)),
    }
}

#[component]
pub(super) fn ActionForm(page: Page, action: Action) -> impl IntoView {
    let t = texts();
    let (id, title, field, label, testid) = match action {
        Action::Verify => ("verify", t.verify, "note", t.notes, "verify-notice"),
        Action::CloseFalse => ("close", t.close_false_report, "reason", t.reason, "close-notice"),
        Action::Note => ("note", t.add_note, "text", t.notes, "note-notice"),
        Action::Reopen => ("reopen", t.reporter().reopen, "reason", t.reason, "reopen-notice"),
        Action::Answer => {
            ("answer", t.reporter().answer, "answer", ChangeKind::ComplaintAnswered.label(t.lang), "answer-notice")
        }
    };
    let text_id = format!("{id}-text");
    let text = RwSignal::new(String::new());
    let method = RwSignal::new(0usize);
    let errors = FieldErrors::new();
    let outcome: Outcome = RwSignal::new(None);
    let busy = RwSignal::new(false);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        outcome.set(None);
        let command = match command_for(action, METHODS[method.get_untracked()].0, &text.get_untracked(), t.lang) {
            Ok(command) => command,
            Err(error) => return errors.set(vec![error]),
        };
        let version = page.version();
        submit(busy, async move {
            match page.send(version, command).await {
                Ok(()) => {
                    text.try_set(String::new());
                    errors.set(Vec::new());
                    outcome.try_set(Some(Ok(t.user_saved.to_owned())));
                }
                Err(error) if error.conflict().is_some() => {
                    outcome.try_set(Some(Err(t.status_conflict.to_owned())));
                }
                Err(error) => refused(errors, outcome, &error, |e| t.api_error(e)),
            }
        });
    };
    let methods = (action == Action::Verify).then(|| {
        let options = METHODS
            .iter()
            .map(|(method, value)| view! { <option value=*value>{method.label(t.lang)}</option> })
            .collect_view();
        view! {
            <div class="field">
                <label for="verify-method">{t.verification_method}</label>
                <select
                    id="verify-method"
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        method.set(METHODS.iter().position(|(_, v)| *v == value).unwrap_or_default());
                        errors.clear("note");
                    }
                >
                    {options}
                </select>
            </div>
        }
    });

    view! {
        <form class="panel action-form" id=format!("{id}-form") on:submit=on_submit novalidate>
            <h2>{title}</h2>
            {methods}
            <Field id=text_id.clone() field label error=errors.error_for(field)>
                <textarea
                    id=text_id.clone()
                    rows="2"
                    prop:value=text
                    aria-describedby=format!("{text_id}-error")
                    on:input=move |ev| {
                        text.set(event_target_value(&ev));
                        errors.clear(field);
                    }
                ></textarea>
            </Field>
            <div class="form-actions">
                <button id=format!("{id}-submit") type="submit" disabled=busy>{move || if busy.get() { t.saving } else { title }}</button>
                <OutcomeLine outcome testid />
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verifying_by_another_method_needs_a_note_and_a_false_report_a_reason() {
        let error = command_for(Action::Verify, VerificationMethod::Other, "  ", Lang::En).unwrap_err();
        assert_eq!(error.field, "note");
        assert!(command_for(Action::Verify, VerificationMethod::Callback, "", Lang::En).is_ok());
        let error = command_for(Action::CloseFalse, VerificationMethod::Callback, "", Lang::Id).unwrap_err();
        assert_eq!((error.field.as_str(), error.message.as_str()), ("reason", "Wajib diisi."));
        assert!(matches!(
            command_for(Action::Note, VerificationMethod::Callback, " dicek ", Lang::En),
            Ok(IncidentCommand::AddNote { text }) if text.as_str() == "dicek"
        ));
    }

    #[test]
    fn reopening_needs_a_reason_and_an_answer_its_text() {
        let error = command_for(Action::Reopen, VerificationMethod::Callback, " ", Lang::Id).unwrap_err();
        assert_eq!(error.field, "reason");
        assert!(matches!(
            command_for(Action::Reopen, VerificationMethod::Callback, "masih tergenang", Lang::Id),
            Ok(IncidentCommand::Reopen { reason }) if reason.as_str() == "masih tergenang"
        ));
        assert_eq!(
            command_for(Action::Answer, VerificationMethod::Callback, "", Lang::En).unwrap_err().field,
            "answer"
        );
        assert!(matches!(
            command_for(Action::Answer, VerificationMethod::Callback, "surut besok", Lang::En),
            Ok(IncidentCommand::AnswerComplaint { answer }) if answer.as_str() == "surut besok"
        ));
    }
}
