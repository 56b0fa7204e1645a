# Names and facts shared by every file of the module.

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

locals {
  # One deployment per regency: every name starts with this, e.g. `tanggap-64-09`.
  name       = coalesce(var.name, "tanggap-${replace(var.regency_code, ".", "-")}")
  table_name = coalesce(var.table_name, local.name)
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.region

  # Notifications: the deployment's webhook is optional; Web Push always works. Push services may write
  # to the VAPID subject about problems with our messages.
  webhook       = var.webhook_url != null
  vapid_subject = coalesce(var.vapid_subject, "mailto:${var.alert_email}")

  # S3 bucket names are global: the account id keeps two regencies (or two accounts) from colliding.
  site_bucket   = "${local.name}-site-${local.account_id}"
  photos_bucket = "${local.name}-photos-${local.account_id}"
}
