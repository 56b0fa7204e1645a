# What a regency chooses. The defaults fit a small regency (a few operators, tens of thousands of calls a
# year) inside or near the AWS free tier; infra/README.md says when to change them.

# --- The regency -----------------------------------------------------------------------------------

variable "regency_code" {
  description = "The regency's kode wilayah (Ministry of Home Affairs code), e.g. \"64.09\"; the functions serve only reports inside it."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{2}\\.[0-9]{2}$", var.regency_code))
    error_message = "regency_code is a regency's kode wilayah: two digits, a dot, two digits (e.g. \"64.09\")."
  }
}

variable "regency_name" {
  description = "The regency's name as people say it, e.g. \"Kabupaten Penajam Paser Utara\" (descriptions, alert e-mails)."
  type        = string
}

variable "utc_offset_hours" {
  description = "The regency's time zone as hours ahead of UTC: 7 (WIB), 8 (WITA, e.g. Kalimantan Timur) or 9 (WIT). Days of the intake counts begin at local midnight."
  type        = number
  default     = 7

  validation {
    condition     = contains([7, 8, 9], var.utc_offset_hours)
    error_message = "utc_offset_hours is 7 (WIB), 8 (WITA) or 9 (WIT)."
  }
}

# --- Intake rules ------------------------------------------------------------------------------------

variable "caller_block_hours" {
  description = "How long a supervisor's block of a prank caller's number lasts by default, in hours."
  type        = number
  default     = 24

  validation {
    condition     = var.caller_block_hours >= 1 && var.caller_block_hours <= 720
    error_message = "caller_block_hours is 1 to 720 (30 days)."
  }
}

variable "duplicate_radius_m" {
  description = "Open incidents whose pin is at most this far from a new call's pin (metres) are proposed as the same event."
  type        = number
  default     = 500
}

variable "duplicate_window_minutes" {
  description = "Open incidents received at most this many minutes ago are proposed as the same event."
  type        = number
  default     = 120
}

variable "name" {
  description = "Prefix of every resource name. Default: tanggap-<regency code with dashes>, e.g. tanggap-64-09."
  type        = string
  default     = null
}

variable "tags" {
  description = "Extra tags on every resource that takes tags."
  type        = map(string)
  default     = {}
}

# --- What to deploy (built by `cargo xtask package`) -------------------------------------------------

variable "artifacts_dir" {
  description = "Folder holding <function>/bootstrap.zip for every function (cargo xtask package writes target/lambda)."
  type        = string
}

variable "site_dir" {
  description = "The built frontend (cargo xtask package writes target/site); uploaded to the site bucket by Terraform."
  type        = string
}

variable "lambda_architecture" {
  description = "arm64 or x86_64. Null (the default): what `cargo xtask package` built, as it wrote in <artifacts_dir>/architecture.txt (arm64 unless it had to fall back)."
  type        = string
  default     = null

  validation {
    condition     = var.lambda_architecture == null || contains(["arm64", "x86_64"], coalesce(var.lambda_architecture, "arm64"))
    error_message = "lambda_architecture is arm64 or x86_64."
  }
}

variable "function_settings" {
  description = "Per function (by name): memory_mb and timeout_s. What is not given keeps the function's default (local.functions in functions.tf: 512 MB for incidents and auth, 256 for the others; 10 s, 55 for the sweeper, 30 for the notifier)."
  type = map(object({
    memory_mb = optional(number)
    timeout_s = optional(number)
  }))
  default = {}
}

variable "log_level" {
  description = "RUST_LOG of every function (tracing's EnvFilter syntax, e.g. \"info\" or \"info,tanggap_store=debug\")."
  type        = string
  default     = "info"
}

variable "log_retention_days" {
  description = "How long CloudWatch keeps function and API access logs. A year serves incident reviews; logs hold no call content."
  type        = number
  default     = 365
}

# --- Data ------------------------------------------------------------------------------------------

variable "table_name" {
  description = "The DynamoDB table's name. Default: the name prefix. Change it only to switch to a table restored from a backup (infra/README.md)."
  type        = string
  default     = null
}

variable "billing_mode" {
  description = "PROVISIONED (inside the always-free 25 RCU/25 WCU) or PAY_PER_REQUEST (on-demand: for large regencies and surges)."
  type        = string
  default     = "PROVISIONED"

  validation {
    condition     = contains(["PROVISIONED", "PAY_PER_REQUEST"], var.billing_mode)
    error_message = "billing_mode is PROVISIONED or PAY_PER_REQUEST."
  }
}

variable "provisioned_capacity" {
  description = "With billing_mode = PROVISIONED: read/write capacity units of the table and of its gsi1 index. Together they stay within the free 25/25 by default."
  type = object({
    table_read  = number
    table_write = number
    gsi1_read   = number
    gsi1_write  = number
  })
  # The board (gsi1) is read most: every operator's screen polls it. Every write lands on the table,
  # and only incident heads on the index.
  default = {
    table_read  = 10
    table_write = 15
    gsi1_read   = 15
    gsi1_write  = 10
  }
}

variable "deletion_protection" {
  description = "Protects the data: the table cannot be deleted and the photos bucket is not emptied by `terraform destroy`. Set false only to tear down."
  type        = bool
  default     = true
}

variable "photos_infrequent_access_days" {
  description = "Photos move to S3 Standard-IA after this many days (evidence is rarely looked at again after the incident)."
  type        = number
  default     = 30
}

variable "photos_archive_days" {
  description = "Photos move to S3 Glacier Instant Retrieval after this many days (still readable at once, cheapest to keep)."
  type        = number
  default     = 180
}

variable "photo_max_mb" {
  description = "The largest photo an officer may upload, in MiB (phone cameras take 2-6 MiB). The functions check it, and the presigned upload URL is signed for the exact size."
  type        = number
  default     = 8

  validation {
    condition     = var.photo_max_mb >= 1 && var.photo_max_mb <= 25 && floor(var.photo_max_mb) == var.photo_max_mb
    error_message = "photo_max_mb is a whole number from 1 to 25."
  }
}

# --- Secrets ---------------------------------------------------------------------------------------

variable "signing_key_version" {
  description = "Raise by one to rotate the session signing key: Terraform writes a new random key (everyone signs in again)."
  type        = number
  default     = 1
}

variable "vapid_key_version" {
  description = "Raise by one to replace the Web Push (VAPID) key: Terraform writes a new random key, and every browser must subscribe to notifications again."
  type        = number
  default     = 1
}

# --- Notifications ---------------------------------------------------------------------------------

variable "webhook_url" {
  description = "Optional https URL the functions POST each notification to (for an SMS/WhatsApp gateway, a radio room's system), signed with the webhook secret (Tanggap-Signature header); it is no secret itself, so put no token in it. Null: no webhook, only in-app and Web Push."
  type        = string
  default     = null

  validation {
    condition     = var.webhook_url == null || can(regex("^https://[^/\\s]+", coalesce(var.webhook_url, "-")))
    error_message = "webhook_url must be an https:// URL."
  }
}

variable "webhook_secret_version" {
  description = "Raise by one to rotate the webhook secret: Terraform writes a new random one (give it to the receiver). Only with webhook_url."
  type        = number
  default     = 1
}

variable "vapid_subject" {
  description = "How push services (Google, Mozilla, Apple) may reach the regency about its Web Push messages: \"mailto:...\" or an https URL. Null: mailto: the alert_email."
  type        = string
  default     = null

  validation {
    condition     = var.vapid_subject == null || can(regex("^(mailto:[^@\\s]+@[^@\\s]+|https://\\S+)$", coalesce(var.vapid_subject, "-")))
    error_message = "vapid_subject is \"mailto:<e-mail address>\" or an https:// URL."
  }
}

variable "escalate_supervisor_minutes" {
  description = "An SLA breach goes to the agency's head at once, and to the supervisors this many minutes later if it is still open."
  type        = number
  default     = 10

  validation {
    condition     = var.escalate_supervisor_minutes >= 1 && var.escalate_supervisor_minutes <= 1440
    error_message = "escalate_supervisor_minutes is 1 to 1440 (a day)."
  }
}

variable "morning_brief_hour" {
  description = "The hour of the center's day (0 to 23, in utc_offset_hours' time) from which yesterday's morning brief goes to those who asked for it."
  type        = number
  default     = 6

  validation {
    condition     = var.morning_brief_hour >= 0 && var.morning_brief_hour <= 23 && floor(var.morning_brief_hour) == var.morning_brief_hour
    error_message = "morning_brief_hour is a whole hour, 0 to 23."
  }
}

# --- The web front ---------------------------------------------------------------------------------

variable "domain_name" {
  description = "Optional own domain for the site, e.g. \"112.penajamkab.go.id\". Null: the site is served on its cloudfront.net name."
  type        = string
  default     = null
}

variable "route53_zone_id" {
  description = "Optional Route 53 hosted zone of domain_name: Terraform then validates the certificate and points the domain itself. Null: you add the DNS records shown in the outputs at your DNS provider."
  type        = string
  default     = null
}

variable "price_class" {
  description = "CloudFront price class. PriceClass_200 includes the edge locations in Indonesia; PriceClass_100 would serve Indonesia from farther away."
  type        = string
  default     = "PriceClass_200"
}

variable "viewer_countries" {
  description = "Optional list of ISO country codes allowed to open the site, e.g. [\"ID\"]. Empty: no geographic restriction (officers travel; roaming phones may appear abroad)."
  type        = list(string)
  default     = []
}

variable "map_tile_hosts" {
  description = "Origins the map may load tiles from (the Content-Security-Policy allows images from these only)."
  type        = list(string)
  default     = ["https://tile.openstreetmap.org", "https://server.arcgisonline.com"]
}

variable "api_throttle_rate_limit" {
  description = "Steady requests per second the API accepts (all routes together, per route setting). 50 operators polling every 5 s is 10/s."
  type        = number
  default     = 50
}

variable "api_throttle_burst_limit" {
  description = "Requests the API accepts in a burst above the rate (a flood of calls at once)."
  type        = number
  default     = 100
}

# --- Alerts and cost -------------------------------------------------------------------------------

variable "alert_email" {
  description = "Who is told about errors, throttling, SLA breaches and the budget (confirm the subscription e-mail AWS sends)."
  type        = string

  validation {
    condition     = can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alert_email))
    error_message = "alert_email must be an e-mail address."
  }
}

variable "monthly_budget_usd" {
  description = "Monthly AWS cost (USD, whole account) above which the alert e-mail is told: at 80% actual and at 100% forecast."
  type        = number
  default     = 10
}
