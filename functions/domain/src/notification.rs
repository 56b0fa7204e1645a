//! Who is told what: the rules that turn an incident's events into notifications for users.
//!
//! A new dispatch tells the agency's officers and heads; a support request tells the center's staff on
//! duty; a breach tells the late agency's head, then the supervisor on duty. Every notification lands
//! in the user's in-app list (the bell). Whether it also goes out by Web Push or the regency's webhook
//! depends on the user's own settings and on the work: off-duty users are not woken for routine work.

use serde::{Deserialize, Serialize};

use crate::event::{Change, Event};
use crate::incident::{Incident, IncidentId};
use crate::sla::{Escalation, SlaClock};
use crate::{AgencyCode, CategoryCode, Lang, Priority, Role, Timestamp, Username};

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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    /// `<incident>.<event seq>.<username>`: the same event never notifies the same user twice.
    pub id: String,
    pub username: Username,
    pub incident: IncidentId,
    pub category: CategoryCode,
    pub priority: Priority,
    pub kind: NotificationKind,
    pub urgency: Urgency,
    pub at: Timestamp,
    pub read: bool,
}

impl Notification {
    /// A one-line title for the bell, a push message or a chat gateway.
    pub fn title(&self, lang: Lang) -> String {
        let priority = self.priority.as_str();
        match &self.kind {
            NotificationKind::Dispatched { agency } => {
                format!("{priority} {}: {agency} {}", self.category, lang.pick("ditugaskan", "dispatched"))
            }
            NotificationKind::SupportRequested { agency, from } => {
                format!("{priority} {}: {from} {} {agency}", self.category, lang.pick("meminta bantuan", "asks for"))
            }
            NotificationKind::Breached { agency, clock, to } => {
                let level = format!("{} {}", lang.pick("eskalasi ke", "escalated to"), to.label(lang));
                format!(
                    "{priority} {}: {agency} {} {} ({level})",
                    self.category,
                    lang.pick("melewati target", "missed its"),
                    clock.label(lang)
                )
            }
        }
    }

    /// The page that shows the incident to this recipient.
    pub fn path(&self) -> String {
        match &self.kind {
            NotificationKind::Dispatched { .. } => format!("/tugas/{}", self.incident),
            _ => format!("/kejadian/{}", self.incident),
        }
    }
}

/// How a user wants to be reached, and whether they are on duty now.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationSettings {
    /// On duty: routine work reaches this user's phone too, not only the bell.
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
}

impl NotificationSettings {
    /// The longest contact accepted.
    pub const MAX_CONTACT_CHARS: usize = 64;

    /// Whether a notification of `urgency` goes out by push.
    pub fn pushes(&self, urgency: Urgency) -> bool {
        self.push && (self.on_duty || urgency == Urgency::Urgent)
    }

    /// Whether it goes out by the webhook.
    pub fn hooks(&self, urgency: Urgency) -> bool {
        self.webhook && self.contact.is_some() && (self.on_duty || urgency == Urgency::Urgent)
    }
}

/// A user who may be notified, with what the rules need to know of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub username: Username,
    pub role: Role,
    pub agency: Option<AgencyCode>,
    pub settings: NotificationSettings,
}

/// The notifications `event` (already applied to `incident`) causes, for `users` (active users only).
/// The user who caused the event is never notified of it.
pub fn notifications_for(incident: &Incident, event: &Event, users: &[Recipient]) -> Vec<Notification> {
    let of_agency = |agency: &AgencyCode, roles: &[Role]| -> Vec<&Recipient> {
        users.iter().filter(|u| u.agency.as_ref() == Some(agency) && roles.contains(&u.role)).collect()
    };
    // Those of `roles` on duty; all of them when nobody is marked on duty, which must not mean that
    // nobody is told.
    let on_duty = |roles: &[Role]| -> Vec<&Recipient> {
        let of_roles = || users.iter().filter(|u| roles.contains(&u.role));
        let on: Vec<&Recipient> = of_roles().filter(|u| u.settings.on_duty).collect();
        if on.is_empty() { of_roles().collect() } else { on }
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
            incident: incident.id.clone(),
            category: incident.category.clone(),
            priority: incident.priority,
            kind,
            urgency,
            at: event.at,
            read: false,
        })
        .collect()
}
