output "site_url" {
  description = "Open this in a browser."
  value       = module.tanggap.site_url
}

output "api_url" {
  description = "The API, same origin as the site."
  value       = module.tanggap.api_url
}

output "table_name" {
  description = "The DynamoDB table."
  value       = module.tanggap.table_name
}

output "cloudfront_distribution_id" {
  description = "For `aws cloudfront create-invalidation`."
  value       = module.tanggap.cloudfront_distribution_id
}

output "function_names" {
  description = "Lambda function names."
  value       = module.tanggap.function_names
}

output "signing_key_parameter" {
  description = "SSM parameter of the session signing key."
  value       = module.tanggap.signing_key_parameter
}

output "vapid_key_parameter" {
  description = "SSM parameter of the Web Push (VAPID) key."
  value       = module.tanggap.vapid_key_parameter
}

output "webhook_secret_parameter" {
  description = "SSM parameter of the webhook secret (with webhook_url)."
  value       = module.tanggap.webhook_secret_parameter
}

output "certificate_validation_records" {
  description = "DNS records to add for the certificate (own domain without Route 53)."
  value       = module.tanggap.certificate_validation_records
}

output "dns_record" {
  description = "DNS record pointing the own domain at CloudFront (without Route 53)."
  value       = module.tanggap.dns_record
}
