# The settings a regency fills in (terraform.tfvars); everything else keeps the module's defaults
# (infra/modules/tanggap/variables.tf lists them all).

variable "region" {
  description = "AWS region. Jakarta keeps Indonesian public-sector data in Indonesia (PP 71/2019)."
  type        = string
  default     = "ap-southeast-3"
}

variable "regency_code" {
  description = "The regency's kode wilayah, e.g. \"64.09\"."
  type        = string
}

variable "regency_name" {
  description = "The regency's name, e.g. \"Kabupaten Penajam Paser Utara\"."
  type        = string
}

variable "utc_offset_hours" {
  description = "7 (WIB), 8 (WITA) or 9 (WIT)."
  type        = number
  default     = 7
}

variable "alert_email" {
  description = "Who receives alarms and budget warnings."
  type        = string
}

variable "domain_name" {
  description = "Optional own domain, e.g. \"112.penajamkab.go.id\"."
  type        = string
  default     = null
}

variable "route53_zone_id" {
  description = "Optional Route 53 zone of domain_name."
  type        = string
  default     = null
}

variable "monthly_budget_usd" {
  description = "Monthly cost warning threshold in USD."
  type        = number
  default     = 10
}

variable "billing_mode" {
  description = "PROVISIONED (free tier) or PAY_PER_REQUEST (large regencies)."
  type        = string
  default     = "PROVISIONED"
}

variable "table_name" {
  description = "Only to switch to a table restored from point-in-time recovery."
  type        = string
  default     = null
}

variable "deletion_protection" {
  description = "Keep true; false only to tear everything down."
  type        = bool
  default     = true
}

variable "signing_key_version" {
  description = "Raise by one to rotate the session signing key."
  type        = number
  default     = 1
}

variable "vapid_key_version" {
  description = "Raise by one to replace the Web Push key (every browser subscribes again)."
  type        = number
  default     = 1
}

variable "webhook_url" {
  description = "Optional https URL that receives every notification (signed); null: none."
  type        = string
  default     = null
}

variable "webhook_secret_version" {
  description = "Raise by one to rotate the webhook secret."
  type        = number
  default     = 1
}

variable "vapid_subject" {
  description = "Contact for push services (\"mailto:...\" or https URL); null: the alert_email."
  type        = string
  default     = null
}

variable "escalate_supervisor_minutes" {
  description = "Minutes after an SLA breach before the supervisors are told too."
  type        = number
  default     = 10
}

variable "morning_brief_hour" {
  description = "The hour of the morning (the center's time) from which yesterday's brief goes out."
  type        = number
  default     = 6
}

variable "photo_max_mb" {
  description = "The largest photo an officer may upload, in MiB."
  type        = number
  default     = 8
}

variable "function_settings" {
  description = "Per function: memory_mb, timeout_s."
  type = map(object({
    memory_mb = optional(number)
    timeout_s = optional(number)
  }))
  default = {}
}

variable "artifacts_dir" {
  description = "Where `cargo xtask package` wrote the function zips (relative to this folder)."
  type        = string
  default     = "../../../target/lambda"
}

variable "site_dir" {
  description = "Where `cargo xtask package` wrote the site (relative to this folder)."
  type        = string
  default     = "../../../target/site"
}

variable "lambda_architecture" {
  description = "Null: what `cargo xtask package` built (arm64 unless it said it fell back to x86_64)."
  type        = string
  default     = null
}
