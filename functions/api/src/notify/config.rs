//! The notification channels as a deployment has them: Web Push (the VAPID key, from a file locally or
//! SSM Parameter Store on AWS) and the regency's webhook, read once at start.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context as _;
use tanggap_channels::{Sender, Vapid, VapidKey, Webhook};
use tokio::sync::Notify;

/// The channels that leave the system, as this deployment has them, and the HTTP client they share.
#[derive(Clone)]
pub struct Delivery {
    /// Web Push: the server's key and contact; none where the deployment has no Web Push.
    pub vapid: Option<Vapid>,
    /// The regency's webhook (a WhatsApp or Telegram gateway); none where it has none.
    pub webhook: Option<Webhook>,
    /// The site's address (`https://112.example.go.id`), which a reporter's message links to.
    pub site_url: Option<String>,
    pub sender: Sender,
    /// Woken when deliveries were queued: the local server's delivery task waits on it.
    pub queued: Arc<Notify>,
}

impl Delivery {
    /// Delivery over these channels (either may be absent).
    pub fn new(vapid: Option<Vapid>, webhook: Option<Webhook>) -> Self {
        Self { vapid, webhook, site_url: None, sender: Sender::new(), queued: Arc::new(Notify::new()) }
    }

    /// The same channels, messaging reporters with links to `site_url`.
    pub fn with_site_url(self, site_url: Option<String>) -> Self {
        Self { site_url: site_url.map(|url| url.trim_end_matches('/').to_owned()), ..self }
    }

    /// Only the bell: nothing leaves the system.
    pub fn none() -> Self {
        Self::new(None, None)
    }

    /// The local server's: the VAPID key in `<data dir>/vapid.key` (made on first start), the subject
    /// from `TANGGAP_VAPID_SUBJECT`, the webhook from `TANGGAP_WEBHOOK_URL` and `TANGGAP_WEBHOOK_SECRET`.
    pub async fn local(data_dir: &Path, lookup: impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        let config = DeliveryConfig::from_lookup(&lookup)?;
        let path = data_dir.join(VAPID_KEY_FILE);
        let key = tokio::task::spawn_blocking(move || load_or_create_vapid_key(&path))
            .await
            .context("the VAPID key file task")??;
        let webhook = match (config.webhook_url, lookup(DeliveryConfig::WEBHOOK_SECRET)) {
            (Some(url), Some(secret)) => Some(webhook(url, secret)?),
            (Some(_), None) => {
                anyhow::bail!("{} needs {}", DeliveryConfig::WEBHOOK_URL, DeliveryConfig::WEBHOOK_SECRET)
            }
            (None, _) => None,
        };
        Ok(Self::new(Some(Vapid { key, subject: config.vapid_subject }), webhook).with_site_url(config.site_url))
    }

    /// A Lambda function's, from its environment: the VAPID key and the webhook's secret from SSM
    /// Parameter Store (one call per cold start, none when neither is configured).
    #[cfg(feature = "ssm")]
    pub async fn lambda() -> anyhow::Result<Self> {
        let config = DeliveryConfig::from_lookup(|name| std::env::var(name).ok())?;
        let names: Vec<String> =
            [&config.vapid_key_parameter, &config.webhook_secret_parameter].into_iter().flatten().cloned().collect();
        let values = ssm_parameters(&names).await?;
        let value = |name: &Option<String>| -> anyhow::Result<Option<String>> {
            let Some(name) = name else { return Ok(None) };
            values.get(name).cloned().map(Some).with_context(|| format!("SSM parameter {name} has no value"))
        };
        let vapid = match value(&config.vapid_key_parameter)? {
            Some(text) => Some(Vapid {
                key: VapidKey::from_base64url(&text).with_context(|| {
                    format!("the VAPID key in SSM parameter {}", config.vapid_key_parameter.as_deref().unwrap_or(""))
                })?,
                subject: config.vapid_subject,
            }),
            None => None,
        };
        let webhook = match (config.webhook_url, value(&config.webhook_secret_parameter)?) {
            (Some(url), Some(secret)) => Some(webhook(url, secret)?),
            (Some(_), None) => {
                anyhow::bail!("{} needs {}", DeliveryConfig::WEBHOOK_URL, DeliveryConfig::WEBHOOK_SECRET_PARAMETER)
            }
            (None, _) => None,
        };
        tracing::info!(push = vapid.is_some(), webhook = webhook.is_some(), "notification channels ready");
        Ok(Self::new(vapid, webhook).with_site_url(config.site_url))
    }
}

impl Default for Delivery {
    fn default() -> Self {
        Self::none()
    }
}

impl std::fmt::Debug for Delivery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Delivery")
            .field("vapid", &self.vapid)
            .field("webhook", &self.webhook)
            .field("site_url", &self.site_url)
            .finish_non_exhaustive()
    }
}

/// The notification channels' configuration, from environment variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryConfig {
    /// `TANGGAP_VAPID_KEY_PARAMETER`: the SSM SecureString holding the VAPID private key (base64url of
    /// the 32-byte P-256 scalar). Without it, no Web Push (Lambda functions).
    pub vapid_key_parameter: Option<String>,
    /// `TANGGAP_VAPID_SUBJECT`, default `mailto:112@localhost`: how push services reach the operator.
    pub vapid_subject: String,
    /// `TANGGAP_WEBHOOK_URL`: where the regency's gateway takes notifications. Without it, no webhook.
    pub webhook_url: Option<String>,
    /// `TANGGAP_WEBHOOK_SECRET_PARAMETER`: the SSM SecureString holding the webhook's signing secret
    /// (Lambda functions; the local server reads `TANGGAP_WEBHOOK_SECRET`).
    pub webhook_secret_parameter: Option<String>,
    /// `TANGGAP_SITE_URL`: the site's address, which messages to reporters link to (Terraform sets it
    /// to the distribution's or the own domain's; the local server defaults to its own address).
    pub site_url: Option<String>,
}

impl DeliveryConfig {
    pub const VAPID_KEY_PARAMETER: &str = "TANGGAP_VAPID_KEY_PARAMETER";
    pub const VAPID_SUBJECT: &str = "TANGGAP_VAPID_SUBJECT";
    pub const WEBHOOK_URL: &str = "TANGGAP_WEBHOOK_URL";
    pub const WEBHOOK_SECRET_PARAMETER: &str = "TANGGAP_WEBHOOK_SECRET_PARAMETER";
    /// The local server's webhook secret, as is.
    pub const WEBHOOK_SECRET: &str = "TANGGAP_WEBHOOK_SECRET";
    pub const SITE_URL: &str = "TANGGAP_SITE_URL";
    pub const DEFAULT_SUBJECT: &str = "mailto:112@localhost";

    /// Reads the configuration through `lookup` (the environment, or a map in tests). A blank value is
    /// unset.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        let given = |name: &str| lookup(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let vapid_subject = given(Self::VAPID_SUBJECT).unwrap_or_else(|| Self::DEFAULT_SUBJECT.to_owned());
        if !(vapid_subject.starts_with("mailto:") || vapid_subject.starts_with("https://")) {
            anyhow::bail!("{}={vapid_subject:?} is not a mailto: or https: URL", Self::VAPID_SUBJECT);
        }
        let site_url = given(Self::SITE_URL);
        if let Some(url) = &site_url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            anyhow::bail!("{}={url:?} is not an http(s) URL", Self::SITE_URL);
        }
        Ok(Self {
            site_url,
            vapid_key_parameter: given(Self::VAPID_KEY_PARAMETER),
            vapid_subject,
            webhook_url: given(Self::WEBHOOK_URL),
            webhook_secret_parameter: given(Self::WEBHOOK_SECRET_PARAMETER),
        })
    }
}

fn webhook(url: String, secret: String) -> anyhow::Result<Webhook> {
    Webhook::new(url.clone(), secret).with_context(|| format!("{}={url:?}", DeliveryConfig::WEBHOOK_URL))
}

/// The local server's VAPID key file, in the data directory.
pub const VAPID_KEY_FILE: &str = "vapid.key";

/// Reads the key file, or makes it with a new key, readable only by its owner. The key must outlive
/// restarts: browsers subscribed with its public half.
fn load_or_create_vapid_key(path: &Path) -> anyhow::Result<VapidKey> {
    use std::io::Write as _;
    match std::fs::read_to_string(path) {
        Ok(text) => {
            return VapidKey::from_base64url(&text).with_context(|| format!("the VAPID key in {}", path.display()));
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
        Err(err) => return Err(err).with_context(|| format!("reading the VAPID key {}", path.display())),
    }
    let key = VapidKey::generate();
    let mut options = std::fs::OpenOptions::new();
    // `create_new`: if two processes race, one creates it and the other fails rather than overwrite.
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).with_context(|| format!("creating the VAPID key {}", path.display()))?;
    file.write_all(format!("{}\n", key.to_base64url()).as_bytes())
        .and_then(|()| file.sync_all())
        .with_context(|| format!("writing the VAPID key {}", path.display()))?;
    tracing::info!(path = %path.display(), "created a new VAPID key for Web Push");
    Ok(key)
}

#[cfg(feature = "ssm")]
async fn ssm_parameters(names: &[String]) -> anyhow::Result<std::collections::HashMap<String, String>> {
    if names.is_empty() {
        return Ok(Default::default());
    }
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let output = aws_sdk_ssm::Client::new(&config)
        .get_parameters()
        .set_names(Some(names.to_vec()))
        .with_decryption(true)
        .send()
        .await
        .map_err(|e| anyhow::anyhow!("{}", aws_sdk_ssm::error::DisplayErrorContext(e)))
        .with_context(|| format!("reading SSM parameters {}", names.join(", ")))?;
    if !output.invalid_parameters().is_empty() {
        anyhow::bail!("SSM parameters not found: {}", output.invalid_parameters().join(", "));
    }
    Ok(output.parameters().iter().filter_map(|p| Some((p.name()?.to_owned(), p.value()?.trim().to_owned()))).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_channels_config_reads_the_environment_and_checks_the_subject() {
        let config = DeliveryConfig::from_lookup(|_| None).unwrap();
        assert_eq!(config.vapid_subject, "mailto:112@localhost");
        assert_eq!((config.vapid_key_parameter, config.webhook_url), (None, None));
        let config = DeliveryConfig::from_lookup(|name| match name {
            DeliveryConfig::VAPID_KEY_PARAMETER => Some("/tanggap/vapid".into()),
            DeliveryConfig::VAPID_SUBJECT => Some("https://112.ppu.go.id".into()),
            DeliveryConfig::WEBHOOK_URL => Some(" ".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(config.vapid_key_parameter.as_deref(), Some("/tanggap/vapid"));
        assert_eq!(config.webhook_url, None, "blank is unset");
        assert!(
            DeliveryConfig::from_lookup(|name| (name == DeliveryConfig::VAPID_SUBJECT).then(|| "ops".into())).is_err()
        );
    }

    #[test]
    fn the_local_vapid_key_is_made_once_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(VAPID_KEY_FILE);
        let made = load_or_create_vapid_key(&path).unwrap();
        let read = load_or_create_vapid_key(&path).unwrap();
        assert_eq!(made.public_key_base64url(), read.public_key_base64url());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }
}
