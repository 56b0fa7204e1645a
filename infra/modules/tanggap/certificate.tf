# The certificate for an own domain (optional). CloudFront takes certificates from us-east-1 only,
# hence the aliased provider. With route53_zone_id, Terraform proves the domain itself; otherwise the
# validation record is an output to add at the regency's DNS provider (infra/README.md, "Own domain").

locals {
  own_domain = var.domain_name != null
  zone       = local.own_domain && var.route53_zone_id != null
}

resource "aws_acm_certificate" "site" {
  count    = local.own_domain ? 1 : 0
  provider = aws.us_east_1

  domain_name       = var.domain_name
  validation_method = "DNS"
  tags              = var.tags

  lifecycle {
    # A renamed domain gets its new certificate before CloudFront lets go of the old one.
    create_before_destroy = true
  }
}

resource "aws_route53_record" "certificate_validation" {
  for_each = local.zone ? {
    for option in aws_acm_certificate.site[0].domain_validation_options : option.domain_name => option
  } : {}

  zone_id = var.route53_zone_id
  name    = each.value.resource_record_name
  type    = each.value.resource_record_type
  records = [each.value.resource_record_value]
  ttl     = 300
}

# Waits (up to 75 minutes) until ACM has seen the validation record, wherever it was added.
resource "aws_acm_certificate_validation" "site" {
  count    = local.own_domain ? 1 : 0
  provider = aws.us_east_1

  certificate_arn         = aws_acm_certificate.site[0].arn
  validation_record_fqdns = local.zone ? [for record in aws_route53_record.certificate_validation : record.fqdn] : null
}

# The domain itself, pointed at CloudFront (only with a Route 53 zone; else add the CNAME from the outputs).
resource "aws_route53_record" "site" {
  for_each = local.zone ? toset(["A", "AAAA"]) : toset([])

  zone_id = var.route53_zone_id
  name    = var.domain_name
  type    = each.key

  alias {
    name                   = aws_cloudfront_distribution.site.domain_name
    zone_id                = aws_cloudfront_distribution.site.hosted_zone_id
    evaluate_target_health = false
  }
}
