# One regency's Tanggap on AWS: this folder is what a regency's IT officer applies (infra/README.md).
# Copy terraform.tfvars.example to terraform.tfvars, fill it in, then `terraform init && terraform apply`.

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Application = "tanggap"
      Regency     = var.regency_code
    }
  }
}

# CloudFront certificates must come from us-east-1 (used only with an own domain).
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"

  default_tags {
    tags = {
      Application = "tanggap"
      Regency     = var.regency_code
    }
  }
}

module "tanggap" {
  source = "../../modules/tanggap"

  providers = {
    aws           = aws
    aws.us_east_1 = aws.us_east_1
  }

  regency_code     = var.regency_code
  regency_name     = var.regency_name
  utc_offset_hours = var.utc_offset_hours
  alert_email      = var.alert_email

  artifacts_dir       = var.artifacts_dir
  site_dir            = var.site_dir
  lambda_architecture = var.lambda_architecture
  function_settings   = var.function_settings

  domain_name     = var.domain_name
  route53_zone_id = var.route53_zone_id

  billing_mode        = var.billing_mode
  table_name          = var.table_name
  deletion_protection = var.deletion_protection
  monthly_budget_usd  = var.monthly_budget_usd
  signing_key_version = var.signing_key_version

  photo_max_mb                = var.photo_max_mb
  escalate_supervisor_minutes = var.escalate_supervisor_minutes
  morning_brief_hour          = var.morning_brief_hour
  webhook_url                 = var.webhook_url
  webhook_secret_version      = var.webhook_secret_version
  vapid_subject               = var.vapid_subject
  vapid_key_version           = var.vapid_key_version
}
