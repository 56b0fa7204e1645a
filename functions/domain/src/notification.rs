//! Who is told what: the rules that turn an incident's events into notifications for users.
//!
//! A new dispatch tells the agency's officers and heads; a support request tells the center's staff on
//! duty; a breach tells the late agency's head, then the supervisor on duty. Every notification lands
//! in the user's in-app list (the bell). Whether it also goes out by Web Push or the regency's webhook
//! depends on the user's own settings and on the work: off-duty users are not woken for routine work.

use serde::{Deserialize, Serialize};

use crate::citizen::Stars;
use crate::dashboard::brief::{BRIEF_ROLES, Brief};
use crate::event::{Change, Event};
use crate::incident::{Incident, IncidentId};
use crate::shift::Duty;
use crate::sla::{Escalation, SlaClock};
use crate::{AgencyCode, CategoryCode, Day, Lang, Priority, Role, Timestamp, Username};

/// What happened, as the recipient needs to know it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum NotificationKind {
    /// The recipient's agency was dispatched.
    Dispatched { agency: AgencyCode },
    /// An agency in the field asks for another; the operator must answer.
    SupportRequested { agency: AgencyCode, from: AgencyCode },
    /// A clock ran past its target and this recipient is the level it is escalated to.
    Breached { agency: AgencyCode, clock: SlaClock, to: Escalation },
    /// Yesterday in one message, for a user who asked for it.
    MorningBrief { brief: Brief },
    /// The reporter rated the handling one or two stars: the supervisor on duty follows it up.
    PoorRating { stars: Stars },
    /// The reporter says the problem is not solved: the supervisor on duty reopens or answers.
    NotSolved,
}

impl NotificationKind {
    /// Sent because the user asked for it: it goes out by every channel they turned on, on duty or not.
    pub fn is_asked_for(&self) -> bool {
        matches!(self, Self::MorningBrief { .. })
    }
}

/// What a notification is about: an incident (most), or a day of the center's work (the brief).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Incident { incident: IncidentId, category: CategoryCode, priority: Priority },
    Day { day: Day },
}

/// Routine work waits for the shift; urgent work wakes people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Urgency {
    Routine,
    Urgent,
}

/// One notification in a user's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "NotificationJson", into = "NotificationJson")]
pub struct Notification {
    /// `<incident>.<event seq>.<username>`, or `brief.<day>.<username>`: the same event (or day) never
    /// notifies the same user twice.
    pub id: String,
    pub username: Username,
    pub subject: Subject,
    pub kind: NotificationKind,
    pub urgency: Urgency,
    pub at: Timestamp,
    pub read: bool,
}

/// A notification as JSON (stored, and in the API): what it is about as top-level fields, `incident`,
/// `category` and `priority` for an incident, `day` for a day. Plain optional fields rather than
/// serde's `flatten` of an untagged enum, whose buffering code cost every console's wasm about 2 KB.
#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = Notification))]
pub struct NotificationJson {
    pub id: String,
    pub username: Username,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incident: Option<IncidentId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<CategoryCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day: Option<Day>,
    pub kind: NotificationKind,
    pub urgency: Urgency,
    pub at: Timestamp,
    pub read: bool,
}

impl TryFrom<NotificationJson> for Notification {
    type Error = &'static str;
    fn try_from(json: NotificationJson) -> Result<Self, Self::Error> {
        let subject = match (json.incident, json.category, json.priority, json.day) {
            (Some(incident), Some(category), Some(priority), None) => {
                Subject::Incident { incident, category, priority }
            }
            (None, None, None, Some(day)) => Subject::Day { day },
            _ => return Err("a notification is about an incident (incident, category, priority) or a day"),
        };
        let NotificationJson { id, username, kind, urgency, at, read, .. } = json;
        Ok(Self { id, username, subject, kind, urgency, at, read })
    }
}

impl From<Notification> for NotificationJson {
    fn from(notification: Notification) -> Self {
        let Notification { id, username, subject, kind, urgency, at, read } = notification;
        let (incident, category, priority, day) = match subject {
            Subject::Incident { incident, category, priority } => {
                (Some(incident), Some(category), Some(priority), None)
            }
            Subject::Day { day } => (None, None, None, Some(day)),
        };
        Self { id, username, incident, category, priority, day, kind, urgency, at, read }
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Notification {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        <NotificationJson as utoipa::PartialSchema>::schema()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Notification {
    fn name() -> std::borrow::Cow<'static, str> {
        "Notification".into()
    }
}

impl Notification {
    /// A one-line title for the bell, a push message or a chat gateway.
    pub fn title(&self, lang: Lang) -> String {
        let about = match &self.subject {
            Subject::Incident { category, priority, .. } => format!("{} {category}", priority.as_str()),
            Subject::Day { .. } => String::new(),
        };
        match &self.kind {
            NotificationKind::Dispatched { agency } => {
                format!("{about}: {agency} {}", lang.pick("ditugaskan", "dispatched"))
            }
            NotificationKind::SupportRequested { agency, from } => {
                format!("{about}: {from} {} {agency}", lang.pick("meminta bantuan", "asks for"))
            }
            NotificationKind::Breached { agency, clock, to } => {
                let level = format!("{} {}", lang.pick("eskalasi ke", "escalated to"), to.label(lang));
                format!(
                    "{about}: {agency} {} {} ({level})",
                    lang.pick("melewati target", "missed its"),
                    clock.label(lang)
                )
            }
            NotificationKind::MorningBrief { brief } => brief.summary(lang),
            NotificationKind::PoorRating { stars } => {
                format!("{about}: {} {}/5", lang.pick("penilaian warga", "citizen's rating"), stars.get())
            }
            NotificationKind::NotSolved => {
                format!(
                    "{about}: {}",
                    lang.pick("pelapor menyatakan belum selesai", "the reporter says it is not solved")
                )
            }
        }
    }

    /// The incident it is about, if it is about one.
    pub fn incident(&self) -> Option<&IncidentId> {
        match &self.subject {
            Subject::Incident { incident, .. } => Some(incident),
            Subject::Day { .. } => None,
        }
    }

    /// The page that shows what the notification is about to this recipient.
    pub fn path(&self) -> String {
        match (&self.subject, &self.kind) {
            (Subject::Incident { incident, .. }, NotificationKind::Dispatched { .. }) => format!("/tugas/{incident}"),
            (Subject::Incident { incident, .. }, _) => format!("/kejadian/{incident}"),
            (Subject::Day { day }, _) => format!("/dasbor?from={day}&to={day}"),
        }
    }
}

/// How a user wants to be reached, and whether they are on duty now.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationSettings {
    /// On duty: routine work reaches this user's phone too, not only the bell. Agency officers keep
    /// it; for operators and supervisors, signing on and the roster say it more firmly (`Duty`).
    #[serde(default)]
    pub on_duty: bool,
    /// Web Push to the browsers the user subscribed.
    #[serde(default)]
    pub push: bool,
    /// The regency's webhook (a WhatsApp or Telegram gateway), to `contact`.
    #[serde(default)]
    pub webhook: bool,
    /// What the gateway sends to: a phone number or chat id, as the regency's gateway expects it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// Yesterday's brief every morning (for [`BRIEF_ROLES`] only).
    #[serde(default)]
    pub morning_brief: bool,
}

impl NotificationSettings {
    /// The longest contact accepted.
    pub const MAX_CONTACT_CHARS: usize = 64;
}

/// A user who may be notified, with what the rules need to know of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub username: Username,
    pub role: Role,
    pub agency: Option<AgencyCode>,
    pub settings: NotificationSettings,
    /// How firmly they are on duty now: signed on, rostered, or marked in `settings`.
    pub duty: Duty,
}

impl Recipient {
    /// Whether `notification` goes out by push.
    pub fn pushes(&self, notification: &Notification) -> bool {
        self.settings.push && self.reached_by(notification)
    }

    /// Whether it goes out by the webhook.
    pub fn hooks(&self, notification: &Notification) -> bool {
        self.settings.webhook && self.settings.contact.is_some() && self.reached_by(notification)
    }

    /// Beyond the bell: urgent work always, routine work on duty, and what the user asked for.
    fn reached_by(&self, notification: &Notification) -> bool {
        self.duty > Duty::Off || notification.urgency == Urgency::Urgent || notification.kind.is_asked_for()
    }
}

/// Yesterday's brief for each of `users` who asked for it and may have it.
pub fn briefs_for(brief: &Brief, users: &[Recipient], at: Timestamp) -> Vec<Notification> {
    users
        .iter()
        .filter(|user| user.settings.morning_brief && BRIEF_ROLES.contains(&user.role))
        .map(|user| Notification {
            id: format!("brief.{}.{}", brief.day, user.username),
            username: user.username.clone(),
            subject: Subject::Day { day: brief.day },
            kind: NotificationKind::MorningBrief { brief: brief.clone() },
            urgency: Urgency::Routine,
            at,
            read: false,
        })
        .collect()
}

/// The notifications `event` (already applied to `incident`) causes, for `users` (active users only).
/// The user who caused the event is never notified of it.
pub fn notifications_for(incident: &Incident, event: &Event, users: &[Recipient]) -> Vec<Notification> {
    let of_agency = |agency: &AgencyCode, roles: &[Role]| -> Vec<&Recipient> {
        users.iter().filter(|u| u.agency.as_ref() == Some(agency) && roles.contains(&u.role)).collect()
    };
    // Those of `roles` on duty, at the strongest level anyone of them is (signed on, else rostered,
    // else marked); all of them when nobody is on duty, which must not mean that nobody is told.
    let on_duty = |roles: &[Role]| -> Vec<&Recipient> {
        let of_roles = || users.iter().filter(|u| roles.contains(&u.role));
        let strongest = of_roles().map(|u| u.duty).max().unwrap_or_default();
        of_roles().filter(|u| u.duty == strongest).collect()
    };
    let mut planned: Vec<(&Recipient, NotificationKind, Urgency)> = Vec::new();
    match &event.change {
        Change::Dispatched { agencies } => {
            let urgency = if incident.priority == Priority::P1 { Urgency::Urgent } else { Urgency::Routine };
            for agency in agencies {
                for user in of_agency(agency, &[Role::AgencyOfficer, Role::AgencyHead]) {
                    planned.push((user, NotificationKind::Dispatched { agency: agency.clone() }, urgency));
                }
            }
        }
        // A request the rule dispatched at once is followed by its dispatch in the same write.
        Change::SupportRequested { from, agency, .. }
            if incident.support_requests.iter().any(|r| r.agency == *agency) =>
        {
            for user in on_duty(&[Role::Operator, Role::Supervisor]) {
                let kind = NotificationKind::SupportRequested { agency: agency.clone(), from: from.clone() };
                planned.push((user, kind, Urgency::Urgent));
            }
        }
        Change::Rated { stars, .. } if stars.is_poor() => {
            for user in on_duty(&[Role::Supervisor]) {
                planned.push((user, NotificationKind::PoorRating { stars: *stars }, Urgency::Routine));
            }
        }
        Change::Complained { .. } => {
            for user in on_duty(&[Role::Supervisor]) {
                planned.push((user, NotificationKind::NotSolved, Urgency::Routine));
            }
        }
        Change::Escalated { agency, clock, to, .. } => {
            let targets = match to {
                Escalation::AgencyHead => of_agency(agency, &[Role::AgencyHead]),
                Escalation::Supervisor => on_duty(&[Role::Supervisor]),
            };
            for user in targets {
                let kind = NotificationKind::Breached { agency: agency.clone(), clock: *clock, to: *to };
                planned.push((user, kind, Urgency::Urgent));
            }
        }
        _ => {}
    }
    let actor = event.actor.username();
    planned
        .into_iter()
        .filter(|(user, _, _)| Some(&user.username) != actor)
        .map(|(user, kind, urgency)| Notification {
            id: format!("{}.{}.{}", incident.id, event.seq, user.username),
            username: user.username.clone(),
            subject: Subject::Incident {
                incident: incident.id.clone(),
                category: incident.category.clone(),
                priority: incident.priority,
            },
            kind,
            urgency,
            at: event.at,
            read: false,
        })
        .collect()
}
