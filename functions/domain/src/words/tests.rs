use crate::assignment::{AssignmentStatus, DelayKind};
use crate::dto::{AuditAction, ProblemType};
use crate::event::{Actor, ChangeKind};
use crate::incident::{Closure, IncidentStatus, VerificationMethod};
use crate::sla::{Escalation, SlaClock, SlaOutcome};
use crate::{Lang, Priority, Role};

/// Asserts that `words` gives every value its own word, in both languages.
fn each_has_its_own_word<T: Copy>(values: &[T], words: impl Fn(T, Lang) -> &'static str) {
    for lang in [Lang::Id, Lang::En] {
        let mut seen: Vec<&str> = values.iter().map(|v| words(*v, lang)).collect();
        assert!(seen.iter().all(|w| !w.is_empty()), "{lang:?}: a value has no word");
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), values.len(), "{lang:?}: two values share a word");
    }
}

#[test]
fn every_value_of_every_enum_has_its_own_word_in_both_languages() {
    use IncidentStatus as S;
    let statuses = [S::Received, S::Verified, S::Dispatched, S::Resolved, S::Closed, S::Cancelled, S::Merged];
    each_has_its_own_word(&statuses, IncidentStatus::label);
    each_has_its_own_word(&Priority::ALL, Priority::meaning);
    use VerificationMethod as V;
    each_has_its_own_word(&[V::Callback, V::SecondReport, V::Cctv, V::FieldOfficer, V::Other], V::label);
    each_has_its_own_word(&[Closure::AtIntake, Closure::FalseReport, Closure::AfterResolution], Closure::label);
    each_has_its_own_word(&ChangeKind::ALL, ChangeKind::label);
    use AssignmentStatus as A;
    let steps = [A::Dispatched, A::Acknowledged, A::EnRoute, A::OnScene, A::Completed, A::Declined, A::Cancelled];
    each_has_its_own_word(&steps, AssignmentStatus::label);
    each_has_its_own_word(&DelayKind::ALL, DelayKind::label);
    each_has_its_own_word(&SlaClock::ALL, SlaClock::label);
    each_has_its_own_word(&[Escalation::AgencyHead, Escalation::Supervisor], Escalation::label);
    each_has_its_own_word(&[SlaOutcome::Met, SlaOutcome::Missed { late_seconds: 60 }], SlaOutcome::label);
    // English and Indonesian share "Operator", "Supervisor" and "Admin": unique within each language.
    each_has_its_own_word(&Role::ALL, Role::label);
    each_has_its_own_word(&AuditAction::ALL, AuditAction::label);
    each_has_its_own_word(&ProblemType::ALL, ProblemType::title);
}

#[test]
fn a_concept_worded_in_two_places_reads_the_same_in_both() {
    // A breach goes to a role: it is named as the role is.
    assert_eq!(Escalation::AgencyHead.label(Lang::Id), Role::AgencyHead.label(Lang::Id));
    // A user who acted is named by the role they acted in.
    let user = Actor::User { username: crate::Username::parse("siti").unwrap(), role: Role::Supervisor };
    assert_eq!(user.label(Lang::En), "Supervisor");
    assert_eq!(Actor::System.label(Lang::Id), "Sistem");
    // "Dispatched" was once "diteruskan ke instansi" on the server and "Diteruskan" on the screens.
    assert_eq!(IncidentStatus::Dispatched.label(Lang::Id), "Diteruskan");
}

#[test]
fn the_words_can_build_a_table_at_compile_time() {
    const RECEIVED: &str = IncidentStatus::Received.label(Lang::Id);
    const OTHER: &str = DelayKind::Other.label(Lang::En);
    assert_eq!((RECEIVED, OTHER), ("Diterima", "other"));
}
