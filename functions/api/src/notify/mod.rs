//! Notifications: what an incident's change means for each user, and getting it to them.
//!
//! - [`config`]: the channels a deployment has (Web Push, the webhook), read once at start;
//! - [`fan_out`]: a stored change's [`tanggap_store::repo::PendingNotice`] turned into each user's
//!   notifications and queued deliveries;
//! - [`outbox`]: sending the queued deliveries, with retries;
//! - [`brief`]: yesterday's morning brief for those who asked for it.

mod brief;
mod config;
mod fan_out;
mod outbox;

pub use brief::send_due as send_brief_due;
pub use config::{Delivery, DeliveryConfig, VAPID_KEY_FILE};
pub use fan_out::{MAX_BROWSERS_PER_USER, fan_out, fan_out_named, fan_out_pending, may_notify};
pub use outbox::{
    DeliveryReport, ROUTINE_PUSH_TTL_SECONDS, URGENT_PUSH_TTL_SECONDS, deliver_due, deliver_ids, push_payload,
    push_ttl, webhook_body,
};
