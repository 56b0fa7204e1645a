//! Idempotency keys for creates: one per filled form, reused for every retry of that same form, so
//! that a report sent twice over a flaky link is still one incident (or one linked report).

use tanggap_domain::dto::NewIncident;

/// Remembers which form (a new incident, or a report for an incident) the current key was made for.
#[derive(Debug)]
pub struct Submission<T = NewIncident> {
    pending: Option<(T, String)>,
}

impl<T> Default for Submission<T> {
    fn default() -> Self {
        Self { pending: None }
    }
}

impl<T: Clone + PartialEq> Submission<T> {
    /// The key for sending `incident`: the same as last time if the form is unchanged since the last
    /// unconfirmed attempt, a new one (from `fresh`) if anything was edited in between.
    pub fn key_for(&mut self, incident: &T, fresh: impl FnOnce() -> String) -> String {
        match &self.pending {
            Some((sent, key)) if sent == incident => key.clone(),
            _ => {
                let key = fresh();
                self.pending = Some((incident.clone(), key.clone()));
                key
            }
        }
    }

    /// The API has the incident: the next form is a new report and gets a new key.
    pub fn confirmed(&mut self) {
        self.pending = None;
    }
}

/// A random (version 4) UUID. Built from `crypto.getRandomValues`, because `crypto.randomUUID` only
/// exists in secure contexts, and a training room may serve the app over plain HTTP on its LAN.
pub fn new_key() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|crypto| crypto.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        // No Web Crypto at all: still unique enough to tell one form from the next.
        for byte in &mut bytes {
            *byte = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    format_uuid_v4(bytes)
}

fn format_uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(description: &str) -> NewIncident {
        NewIncident { category: "FIRE".into(), description: Some(description.into()), ..Default::default() }
    }

    #[test]
    fn a_retry_of_the_same_form_reuses_its_key() {
        let mut submission = Submission::default();
        let first = submission.key_for(&report("gudang"), || "k1".into());
        let retry = submission.key_for(&report("gudang"), || "k2".into());
        assert_eq!((first.as_str(), retry.as_str()), ("k1", "k1"));
    }

    #[test]
    fn an_edited_form_or_the_next_report_gets_a_new_key() {
        let mut submission = Submission::default();
        submission.key_for(&report("gudang"), || "k1".into());
        assert_eq!(submission.key_for(&report("gudang kayu"), || "k2".into()), "k2");
        submission.confirmed();
        assert_eq!(submission.key_for(&report("gudang kayu"), || "k3".into()), "k3");
    }

    #[test]
    fn keys_are_shaped_like_version_4_uuids() {
        let key = format_uuid_v4([0xff; 16]);
        assert_eq!(key, "ffffffff-ffff-4fff-bfff-ffffffffffff");
    }
}
