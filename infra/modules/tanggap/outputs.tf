locals {
  site_url = local.own_domain ? "https://${var.domain_name}" : "https://${aws_cloudfront_distribution.site.domain_name}"
}

output "site_url" {
  description = "Where operators, officers and the public open Tanggap."
  value       = local.site_url
}

output "api_url" {
  description = "The API as the app calls it (through CloudFront, same origin)."
  value       = "${local.site_url}/api"
}

output "api_gateway_url" {
  description = "API Gateway's own address (for diagnosis; the app never uses it)."
  value       = aws_apigatewayv2_api.http.api_endpoint
}

output "table_name" {
  description = "The DynamoDB table."
  value       = aws_dynamodb_table.main.name
}

output "site_bucket" {
  description = "The S3 bucket of the built frontend."
  value       = aws_s3_bucket.site.bucket
}

output "photos_bucket" {
  description = "The S3 bucket of field photos."
  value       = aws_s3_bucket.photos.bucket
}

output "cloudfront_distribution_id" {
  description = "For `aws cloudfront create-invalidation`."
  value       = aws_cloudfront_distribution.site.id
}

output "function_names" {
  description = "Lambda function names, by function."
  value       = { for name, function in aws_lambda_function.function : name => function.function_name }
}

output "routes" {
  description = "Every API Gateway route and the function that serves it."
  value       = local.routes
}

output "signing_key_parameter" {
  description = "SSM parameter holding the session signing key (SecureString)."
  value       = aws_ssm_parameter.signing_key.name
}

output "vapid_key_parameter" {
  description = "SSM parameter holding the Web Push (VAPID) private key (SecureString)."
  value       = aws_ssm_parameter.vapid_key.name
}

output "webhook_secret_parameter" {
  description = "With webhook_url: the SSM parameter holding the webhook's secret (SecureString), to give to the receiver or overwrite with its own."
  value       = local.webhook ? aws_ssm_parameter.webhook_secret[0].name : null
}

output "alerts_topic_arn" {
  description = "SNS topic of the alarms (add more subscribers to it if needed)."
  value       = aws_sns_topic.alerts.arn
}

output "certificate_validation_records" {
  description = "With domain_name but no route53_zone_id: the CNAME to add at your DNS provider so that ACM issues the certificate."
  value = local.own_domain ? [
    for option in aws_acm_certificate.site[0].domain_validation_options : {
      name  = option.resource_record_name
      type  = option.resource_record_type
      value = option.resource_record_value
    }
  ] : []
}

output "dns_record" {
  description = "With domain_name but no route53_zone_id: point the domain at CloudFront with this CNAME."
  value = local.own_domain ? {
    name  = var.domain_name
    type  = "CNAME"
    value = aws_cloudfront_distribution.site.domain_name
  } : null
}
