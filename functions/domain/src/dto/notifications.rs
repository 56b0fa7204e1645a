//! The bell, the notification settings' Web Push subscriptions.

use serde::{Deserialize, Serialize};

/// `GET /api/notifications`: the signed-in user's, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationsPage {
    pub notifications: Vec<crate::notification::Notification>,
    /// Unread among the user's recent notifications (the bell's number).
    pub unread: u32,
}

/// `POST /api/notifications/read`: marks these read; none named marks all read.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkRead {
    #[serde(default)]
    pub ids: Vec<String>,
}

/// `GET /api/push/key`: the VAPID public key browsers subscribe with (base64url), none where the
/// deployment has no Web Push.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushKey {
    pub public_key: Option<String>,
}

/// `PUT /api/me/push-subscriptions` (and `DELETE` with the same body): a browser's
/// `PushSubscription.toJSON()`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushSubscriptionJson {
    pub endpoint: String,
    pub keys: PushKeys,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushKeys {
    pub p256dh: String,
    pub auth: String,
}
