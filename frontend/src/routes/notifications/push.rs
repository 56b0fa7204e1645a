//! Web Push in this browser: the service worker (`/sw.js`, frontend/public) registered, the browser
//! subscribed with the deployment's VAPID key, and its subscription handed to the API; or, turned off,
//! unsubscribed and taken back from the API. The subscription belongs to the browser, the setting to
//! the user: each browser the user turns it on in gets the pushes.

use js_sys::{JSON, Reflect};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{PushManager, PushSubscription, PushSubscriptionOptionsInit, ServiceWorkerRegistration};

use crate::api;
use crate::i18n::texts;

/// Subscribes this browser (`on`) or unsubscribes it, and tells the API. The error is a line for the user.
pub async fn follow(on: bool) -> Result<(), String> {
    let n = texts().notify();
    let has = |target: &JsValue, name: &str| Reflect::has(target, &name.into()).unwrap_or(false);
    // Browsers without Web Push, and pages not in a secure context, have no `serviceWorker`.
    if !has(&window().navigator(), "serviceWorker") || !has(&window(), "PushManager") {
        return if on { Err(n.push_unsupported.to_owned()) } else { Ok(()) };
    }
    let failed = |error: JsValue| {
        let message = Reflect::get(&error, &"message".into()).ok().and_then(|m| m.as_string()).unwrap_or_default();
        format!("{} {message}", n.push_failed)
    };
    let container = window().navigator().service_worker();
    if on {
        let key = match api::push_key().await {
            Ok(key) => key.public_key.and_then(|k| base64url(&k)),
            Err(error) => return Err(texts().api_error(&error)),
        };
        let Some(mut key) = key else { return Err(n.push_off_here.to_owned()) };
        JsFuture::from(container.register("/sw.js")).await.map_err(failed)?;
        let manager = manager(container.ready().map_err(failed)?).await.map_err(failed)?;
        let subscription = match current(&manager).await.map_err(failed)? {
            Some(subscription) => subscription,
            None => {
                let options = PushSubscriptionOptionsInit::new();
                options.set_user_visible_only(true);
                options.set_application_server_key_opt_u8_slice(Some(&mut key));
                let promise = manager.subscribe_with_options(&options).map_err(failed)?;
                JsFuture::from(promise).await.map_err(failed)?.unchecked_into()
            }
        };
        send(true, &subscription).await
    } else {
        let registered = JsFuture::from(container.get_registration()).await.map_err(failed)?;
        if registered.is_undefined() {
            return Ok(());
        }
        let manager = manager(js_sys::Promise::resolve(&registered)).await.map_err(failed)?;
        let Some(subscription) = current(&manager).await.map_err(failed)? else { return Ok(()) };
        send(false, &subscription).await?;
        JsFuture::from(subscription.unsubscribe().map_err(failed)?).await.map_err(failed)?;
        Ok(())
    }
}

async fn manager(registration: js_sys::Promise) -> Result<PushManager, JsValue> {
    JsFuture::from(registration).await?.unchecked_into::<ServiceWorkerRegistration>().push_manager()
}

async fn current(manager: &PushManager) -> Result<Option<PushSubscription>, JsValue> {
    let found = JsFuture::from(manager.get_subscription()?).await?;
    Ok((!found.is_null() && !found.is_undefined()).then(|| found.unchecked_into()))
}

/// Hands the subscription to the API as the browser writes it (`toJSON()`: endpoint and keys).
async fn send(subscribe: bool, subscription: &PushSubscription) -> Result<(), String> {
    let json = JSON::stringify(subscription).ok().and_then(|j| j.as_string()).unwrap_or_default();
    api::push_subscription(subscribe, &json).await.map_err(|error| texts().api_error(&error))
}

/// Decodes unpadded base64url (the VAPID key's form); `None` if it is not that.
fn base64url(text: &str) -> Option<Vec<u8>> {
    let mut bytes = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.trim_end_matches('=').bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            bytes.push((acc >> bits) as u8);
        }
    }
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::base64url;

    #[test]
    fn a_vapid_key_is_read_from_unpadded_base64url() {
        assert_eq!(base64url("AQID_-8").as_deref(), Some(&[1, 2, 3, 255, 239][..]));
        assert_eq!(base64url("TWFu").as_deref(), Some(&b"Man"[..]));
        assert_eq!(base64url("bad key"), None);
    }
}
