//! Kinds of call, each with its default priority, dispatch target and agencies. Categories are data
//! that an admin edits; the defaults of DOMAIN.md are seeded, not compiled in.

use serde::{Deserialize, Serialize};

use crate::{AgencyCode, Priority};

macro_rules! code {
    ($(#[$doc:meta])* $name:ident, $error:ident, $what:literal, $example:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, example = $example))]
        pub struct $name(String);

        #[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
        #[error("a {} code is 2 to 16 capital letters, digits or _", $what)]
        pub struct $error;

        impl $name {
            /// Accepts any case and surrounding spaces; stores capitals.
            pub fn parse(input: &str) -> Result<Self, $error> {
                let code = input.trim().to_ascii_uppercase();
                let ok = (2..=16).contains(&code.len())
                    && code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
                if ok { Ok(Self(code)) } else { Err($error) }
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        crate::newtype::string_newtype!($name, $error);
    };
}
pub(crate) use code;

code!(
    /// `FIRE`, `MEDICAL`, `PRANK` …
    CategoryCode,
    CategoryCodeError,
    "category",
    "FIRE"
);

/// An SLA target in whole minutes: how long a step may take (see [`crate::sla`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = u32))]
pub struct Target(u32);

/// From report to the first agency acknowledging: the target the center is judged by.
pub type DispatchTarget = Target;

impl Target {
    pub fn minutes(minutes: u32) -> Self {
        Self(minutes)
    }

    pub fn as_minutes(self) -> u32 {
        self.0
    }

    pub fn as_seconds(self) -> i64 {
        i64::from(self.0) * 60
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Category {
    pub code: CategoryCode,
    /// Name in Bahasa Indonesia.
    pub name_id: String,
    /// Name in English.
    pub name_en: String,
    pub priority: Priority,
    /// None for P0 categories, which are closed at intake.
    pub dispatch_target: Option<DispatchTarget>,
    /// Agencies that lead the response.
    pub lead_agencies: Vec<AgencyCode>,
    /// Agencies that support it.
    pub support_agencies: Vec<AgencyCode>,
    /// The key that picks this category on the intake form (with Alt); for a P0 category it also
    /// closes the call at once.
    #[serde(default)]
    pub quick_key: Option<QuickKey>,
    /// Other categories whose open incidents may be the same event (a flood and a landslide), offered
    /// as duplicates along with this category's own.
    #[serde(default)]
    pub related: Vec<CategoryCode>,
    /// From an agency's dispatch to its arrival on scene; none where arrival means nothing (a water
    /// outage handled at the plant).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrival_target: Option<Target>,
    /// From an agency's dispatch to its field work completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completion_target: Option<Target>,
    /// The standard operating procedure the operator sees when dispatching: a checklist, one step a line.
    #[serde(default)]
    pub sop: Vec<String>,
    /// Officers' requests for one of the support agencies are dispatched at once, without waiting for
    /// the operator (a fire that needs water: PDAM).
    #[serde(default)]
    pub support_direct: bool,
    /// Citizens may report it on the public page (and through Open311): not for what needs a call to
    /// 112 at once, nor for the P0 categories.
    #[serde(default)]
    pub public: bool,
}

/// One letter or digit, kept lower case: the key that picks a category on the intake form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, example = "k"))]
pub struct QuickKey(char);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a quick key is one letter or digit")]
pub struct QuickKeyError;

impl QuickKey {
    pub fn parse(input: &str) -> Result<Self, QuickKeyError> {
        let mut chars = input.trim().chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) if c.is_ascii_alphanumeric() => Ok(Self(c.to_ascii_lowercase())),
            _ => Err(QuickKeyError),
        }
    }

    pub fn as_char(self) -> char {
        self.0
    }
}

impl TryFrom<String> for QuickKey {
    type Error = QuickKeyError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<QuickKey> for String {
    fn from(key: QuickKey) -> String {
        key.0.to_string()
    }
}

impl std::fmt::Display for QuickKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Why a category as an admin wrote it cannot be saved (beyond its codes parsing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CategoryError {
    #[error("both names are required, at most {max} characters")]
    BadName { max: usize },
    #[error("a category that is dispatched needs a dispatch target of 1 minute to 7 days")]
    TargetRequired,
    #[error(
        "a P0 category is closed at intake: it has no dispatch target and no agencies, and the public cannot report it"
    )]
    P0Dispatches,
    #[error("an agency is listed twice")]
    AgencyTwice,
    #[error("arrival and completion targets are 1 minute to 30 days, completion no sooner than arrival")]
    BadTargets,
    #[error("the SOP has at most {max_lines} steps of at most {max_chars} characters")]
    SopTooLong { max_lines: usize, max_chars: usize },
}

impl Category {
    /// A category with its names and priority and nothing more yet: no agencies, targets, quick key,
    /// related categories or SOP. [`Self::check`] says what a dispatched one still needs.
    pub fn new(code: CategoryCode, name_id: impl Into<String>, name_en: impl Into<String>, priority: Priority) -> Self {
        Self {
            code,
            name_id: name_id.into(),
            name_en: name_en.into(),
            priority,
            dispatch_target: None,
            lead_agencies: Vec::new(),
            support_agencies: Vec::new(),
            quick_key: None,
            related: Vec::new(),
            arrival_target: None,
            completion_target: None,
            sop: Vec::new(),
            support_direct: false,
            public: false,
        }
    }

    pub fn name(&self, lang: crate::Lang) -> &str {
        lang.pick(&self.name_id, &self.name_en)
    }

    /// Closed at intake, never dispatched (prank, silent, wrong number, information).
    pub fn closes_at_intake(&self) -> bool {
        !self.priority.is_dispatchable()
    }

    /// The longest name in either language.
    pub const MAX_NAME_CHARS: usize = 80;
    /// The longest dispatch target: a week.
    pub const MAX_TARGET_MINUTES: u32 = 7 * 24 * 60;
    /// The longest arrival or completion target: thirty days (a road repair).
    pub const MAX_WORK_TARGET_MINUTES: u32 = 30 * 24 * 60;
    pub const MAX_SOP_LINES: usize = 20;
    pub const MAX_SOP_LINE_CHARS: usize = 200;

    /// The rules a category holds on its own; that its agencies exist and its quick key is not
    /// another category's is for whoever sees the whole catalog to check.
    pub fn check(&self) -> Result<(), CategoryError> {
        let name_ok = |name: &str| !name.trim().is_empty() && name.chars().count() <= Self::MAX_NAME_CHARS;
        if !name_ok(&self.name_id) || !name_ok(&self.name_en) {
            return Err(CategoryError::BadName { max: Self::MAX_NAME_CHARS });
        }
        if self.closes_at_intake() {
            let dispatches = self.dispatch_target.is_some() || !self.lead_agencies.is_empty();
            if dispatches || !self.support_agencies.is_empty() || self.public {
                return Err(CategoryError::P0Dispatches);
            }
        } else if !self.dispatch_target.is_some_and(|t| (1..=Self::MAX_TARGET_MINUTES).contains(&t.as_minutes())) {
            return Err(CategoryError::TargetRequired);
        }
        let work_target_ok = |target: Option<Target>| {
            target.is_none_or(|t| (1..=Self::MAX_WORK_TARGET_MINUTES).contains(&t.as_minutes()))
        };
        let in_order = match (self.arrival_target, self.completion_target) {
            (Some(arrival), Some(completion)) => arrival <= completion,
            _ => true,
        };
        let targets_without_dispatch =
            self.closes_at_intake() && (self.arrival_target.is_some() || self.completion_target.is_some());
        if !work_target_ok(self.arrival_target)
            || !work_target_ok(self.completion_target)
            || !in_order
            || targets_without_dispatch
        {
            return Err(CategoryError::BadTargets);
        }
        let sop_ok = self.sop.len() <= Self::MAX_SOP_LINES
            && self.sop.iter().all(|line| !line.trim().is_empty() && line.chars().count() <= Self::MAX_SOP_LINE_CHARS);
        if !sop_ok {
            return Err(CategoryError::SopTooLong {
                max_lines: Self::MAX_SOP_LINES,
                max_chars: Self::MAX_SOP_LINE_CHARS,
            });
        }
        let mut agencies: Vec<&AgencyCode> = self.lead_agencies.iter().chain(&self.support_agencies).collect();
        agencies.sort();
        if agencies.windows(2).any(|pair| pair[0] == pair[1]) {
            return Err(CategoryError::AgencyTwice);
        }
        Ok(())
    }

    /// The agencies the operator is offered for a new dispatch: leads, then supports.
    pub fn proposed_agencies(&self) -> impl Iterator<Item = &AgencyCode> {
        self.lead_agencies.iter().chain(&self.support_agencies)
    }

    /// Whether an officer's request for `agency` is dispatched without the operator.
    pub fn dispatches_support_directly(&self, agency: &AgencyCode) -> bool {
        self.support_direct && self.support_agencies.contains(agency)
    }

    /// Whether an open incident of `other` may be the same event as a new call of this category.
    pub fn is_related_to(&self, other: &CategoryCode) -> bool {
        self.code == *other || self.related.contains(other)
    }

    /// The priority a new report gets: the category's, or the operator's choice, which needs a reason
    /// when it differs. A P0 category stays P0 (it is not an emergency by definition), and a P0 is
    /// never chosen for a category that is dispatched (pick a P0 category to close a call).
    pub fn priority_for(
        &self,
        chosen: Option<Priority>,
        reason: Option<&crate::Reason>,
    ) -> Result<Priority, PriorityError> {
        match chosen {
            None => Ok(self.priority),
            Some(_) if self.closes_at_intake() => Ok(self.priority),
            Some(Priority::P0) => Err(PriorityError::P0ForDispatchedCategory),
            Some(chosen) if chosen == self.priority => Ok(chosen),
            Some(_) if reason.is_none() => Err(PriorityError::ReasonRequired),
            Some(chosen) => Ok(chosen),
        }
    }
}

/// Why an operator's choice of priority was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PriorityError {
    #[error("a priority other than the category's needs a reason")]
    ReasonRequired,
    #[error("P0 is for calls closed at intake: choose a P0 category instead")]
    P0ForDispatchedCategory,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_normalised_to_capitals_and_bounded() {
        assert_eq!(CategoryCode::parse(" fire ").unwrap().as_str(), "FIRE");
        assert!(CategoryCode::parse("F").is_err());
        assert!(CategoryCode::parse("FIRE!").is_err());
        assert!(CategoryCode::parse(&"A".repeat(17)).is_err());
    }

    fn fire() -> Category {
        Category {
            code: CategoryCode::parse("FIRE").unwrap(),
            name_id: "Kebakaran".into(),
            name_en: "Fire".into(),
            priority: Priority::P1,
            dispatch_target: Some(DispatchTarget::minutes(5)),
            lead_agencies: vec![AgencyCode::parse("DAMKAR").unwrap()],
            support_agencies: vec![AgencyCode::parse("PDAM").unwrap()],
            quick_key: Some(QuickKey::parse("K").unwrap()),
            related: vec![],
            arrival_target: Some(Target::minutes(15)),
            completion_target: Some(Target::minutes(180)),
            sop: vec!["Tanyakan apakah ada orang terjebak".into()],
            support_direct: true,
            public: false,
        }
    }

    #[test]
    fn quick_keys_are_one_letter_or_digit_in_lower_case() {
        assert_eq!(QuickKey::parse(" K ").unwrap().as_char(), 'k');
        assert_eq!(QuickKey::parse("7").unwrap().as_char(), '7');
        for bad in ["", "kk", "!", "é"] {
            assert_eq!(QuickKey::parse(bad), Err(QuickKeyError), "{bad}");
        }
    }

    #[test]
    fn a_dispatched_category_needs_a_target_and_a_p0_one_has_none() {
        assert_eq!(fire().check(), Ok(()));
        assert_eq!(Category { dispatch_target: None, ..fire() }.check(), Err(CategoryError::TargetRequired));
        let zero = Category { dispatch_target: Some(DispatchTarget::minutes(0)), ..fire() };
        assert_eq!(zero.check(), Err(CategoryError::TargetRequired));
        let p0 = Category { priority: Priority::P0, ..fire() };
        assert_eq!(p0.check(), Err(CategoryError::P0Dispatches));
        let prank = Category {
            priority: Priority::P0,
            dispatch_target: None,
            lead_agencies: vec![],
            support_agencies: vec![],
            arrival_target: None,
            completion_target: None,
            ..fire()
        };
        assert_eq!(prank.check(), Ok(()));
        let timed_prank = Category { arrival_target: Some(Target::minutes(5)), ..prank.clone() };
        assert_eq!(timed_prank.check(), Err(CategoryError::BadTargets));
        assert_eq!(Category { name_en: " ".into(), ..fire() }.check(), Err(CategoryError::BadName { max: 80 }));
        let twice = Category { support_agencies: fire().lead_agencies, ..fire() };
        assert_eq!(twice.check(), Err(CategoryError::AgencyTwice));
    }

    #[test]
    fn arrival_comes_no_later_than_completion_and_the_sop_is_bounded() {
        let backwards = Category { completion_target: Some(Target::minutes(10)), ..fire() };
        assert_eq!(backwards.check(), Err(CategoryError::BadTargets));
        let none = Category { arrival_target: None, completion_target: None, ..fire() };
        assert_eq!(none.check(), Ok(()));
        let blank = Category { sop: vec![" ".into()], ..fire() };
        assert!(matches!(blank.check(), Err(CategoryError::SopTooLong { .. })));
        let long = Category { sop: vec!["x".into(); 21], ..fire() };
        assert!(matches!(long.check(), Err(CategoryError::SopTooLong { .. })));
    }

    #[test]
    fn only_a_listed_support_agency_is_dispatched_directly_and_only_where_the_rule_says() {
        let pdam = AgencyCode::parse("PDAM").unwrap();
        let polres = AgencyCode::parse("POLRES").unwrap();
        assert!(fire().dispatches_support_directly(&pdam));
        assert!(!fire().dispatches_support_directly(&polres));
        assert!(!Category { support_direct: false, ..fire() }.dispatches_support_directly(&pdam));
    }

    #[test]
    fn an_operator_changes_the_priority_only_with_a_reason() {
        let reason = crate::Reason::parse("three people trapped").unwrap();
        assert_eq!(fire().priority_for(None, None), Ok(Priority::P1));
        assert_eq!(fire().priority_for(Some(Priority::P1), None), Ok(Priority::P1));
        assert_eq!(fire().priority_for(Some(Priority::P2), None), Err(PriorityError::ReasonRequired));
        assert_eq!(fire().priority_for(Some(Priority::P2), Some(&reason)), Ok(Priority::P2));
        assert_eq!(fire().priority_for(Some(Priority::P0), Some(&reason)), Err(PriorityError::P0ForDispatchedCategory));
        let prank = Category { priority: Priority::P0, dispatch_target: None, ..fire() };
        assert_eq!(prank.priority_for(Some(Priority::P1), Some(&reason)), Ok(Priority::P0));
    }
}
