# The front door: one CloudFront distribution on one origin for the browser (so cookies, CSP 'self' and
# the API share it). /* comes from a private S3 bucket through origin access control; /api/* goes to the
# HTTP API uncached.

# --- The site bucket: private, readable by this distribution only -----------------------------------

resource "aws_s3_bucket" "site" {
  #checkov:skip=CKV_AWS_18: Access logging of the site bucket adds a log bucket and its cost for files anyone may read through CloudFront anyway.
  #checkov:skip=CKV_AWS_144: No cross-region replication: the site is rebuilt from the repository in minutes, and copies outside Jakarta are what data residency avoids.
  #checkov:skip=CKV_AWS_145: SSE-S3 (AES-256) encryption; SSE-KMS would make CloudFront need a key grant and cost per request, for public files.
  #checkov:skip=CKV2_AWS_62: Nothing reacts to new site files; event notifications would have no consumer.
  bucket = local.site_bucket
  # The site is a build output: tearing down may empty it.
  force_destroy = true
  tags          = var.tags
}

resource "aws_s3_bucket_public_access_block" "site" {
  bucket                  = aws_s3_bucket.site.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "site" {
  bucket = aws_s3_bucket.site.id
  rule {
    object_ownership = "BucketOwnerEnforced" # no ACLs at all
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "site" {
  bucket = aws_s3_bucket.site.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

# Versioned, so that a bad upload can be rolled back by hand; old versions go after 30 days.
resource "aws_s3_bucket_versioning" "site" {
  bucket = aws_s3_bucket.site.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "site" {
  bucket = aws_s3_bucket.site.id

  rule {
    id     = "expire-replaced-files"
    status = "Enabled"
    filter {}

    noncurrent_version_expiration {
      noncurrent_days = 30
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  depends_on = [aws_s3_bucket_versioning.site]
}

data "aws_iam_policy_document" "site_bucket" {
  statement {
    sid       = "ReadThroughThisDistributionOnly"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.site.arn}/*"]
    principals {
      type        = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "AWS:SourceArn"
      values   = [aws_cloudfront_distribution.site.arn]
    }
  }

  statement {
    sid       = "TlsOnly"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.site.arn, "${aws_s3_bucket.site.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  policy = data.aws_iam_policy_document.site_bucket.json
  # A bucket policy is refused while the public access block is being set up.
  depends_on = [aws_s3_bucket_public_access_block.site]
}

resource "aws_cloudfront_origin_access_control" "site" {
  name                              = "${local.name}-site"
  description                       = "CloudFront reads the site bucket of ${var.regency_name}, signed."
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

# --- Behaviour pieces ---------------------------------------------------------------------------------

resource "aws_cloudfront_function" "spa_rewrite" {
  name    = "${local.name}-spa-rewrite"
  comment = "Deep links (paths without a file extension) get the app's index.html."
  runtime = "cloudfront-js-2.0"
  publish = true
  code    = file("${path.module}/spa-rewrite.js")
}

# The site's own cache policy: S3's Cache-Control decides (set per file in site.tf: a year for hashed
# /assets/*, no-cache for index.html), and the cache key carries the encoding so that CloudFront
# compresses (brotli or gzip) and caches each form.
resource "aws_cloudfront_cache_policy" "site" {
  name        = "${local.name}-site"
  comment     = "Origin Cache-Control decides; compressed forms cached apart."
  min_ttl     = 0
  default_ttl = 86400
  max_ttl     = 31536000

  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_brotli = true
    enable_accept_encoding_gzip   = true
    cookies_config {
      cookie_behavior = "none"
    }
    headers_config {
      header_behavior = "none"
    }
    query_strings_config {
      query_string_behavior = "none"
    }
  }
}

# The API is never cached, and it sees every viewer header (Authorization, Accept-Language, the
# Idempotency-Key, cookies) except Host, which must name API Gateway's own domain for it to answer.
data "aws_cloudfront_cache_policy" "caching_disabled" {
  name = "Managed-CachingDisabled"
}

data "aws_cloudfront_origin_request_policy" "all_viewer_except_host" {
  name = "Managed-AllViewerExceptHostHeader"
}

locals {
  photos_origin = "https://${aws_s3_bucket.photos.bucket_regional_domain_name}"

  # What CloudFront sends to the API rather than the site: the API, and the public pages it renders.
  # Every route in routes.tf must lie under one of these (tests/contract checks it).
  api_paths = ["/api/*", "/lapor", "/t/*"]

  # Only the app's own origin, the map tiles, and the photos bucket (presigned uploads and reads).
  # 'wasm-unsafe-eval' lets the page compile its WebAssembly, nothing more; no inline script is allowed
  # (index.html loads /assets/boot-<hash>.js instead).
  content_security_policy = join("; ", [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data: blob: ${join(" ", var.map_tile_hosts)} ${local.photos_origin}",
    "connect-src 'self' ${local.photos_origin}",
    "font-src 'self'",
    "manifest-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "upgrade-insecure-requests",
  ])
}

resource "aws_cloudfront_response_headers_policy" "security" {
  #checkov:skip=CKV_AWS_259: HSTS is sent for two years with includeSubDomains, but without `preload`: preloading commits the regency's whole parent domain in browsers for good, the regency's decision, not a default.
  name    = "${local.name}-security"
  comment = "CSP, HSTS and friends on every answer, site and API."

  security_headers_config {
    content_security_policy {
      content_security_policy = local.content_security_policy
      override                = true
    }
    strict_transport_security {
      access_control_max_age_sec = 63072000 # two years
      include_subdomains         = true
      preload                    = false # preloading is a promise for the whole domain: the regency's call
      override                   = true
    }
    content_type_options {
      override = true
    }
    # Cross-origin requests (map tiles) carry the origin only; OpenStreetMap's tile policy asks for it.
    referrer_policy {
      referrer_policy = "strict-origin-when-cross-origin"
      override        = true
    }
    frame_options {
      frame_option = "DENY"
      override     = true
    }
  }

  custom_headers_config {
    items {
      # Officers may share their position and take photos; nothing else is needed.
      header   = "Permissions-Policy"
      value    = "camera=(self), geolocation=(self), microphone=(), payment=(), usb=()"
      override = true
    }
  }
}

# --- The distribution -------------------------------------------------------------------------------

locals {
  api_host = replace(aws_apigatewayv2_api.http.api_endpoint, "https://", "")
}

resource "aws_cloudfront_distribution" "site" {
  #checkov:skip=CKV_AWS_68: AWS WAF costs at least $5/month plus $1 per rule; API Gateway throttling and the application's own authentication protect the API.
  #checkov:skip=CKV2_AWS_47: No WAF (see CKV_AWS_68), so no Log4j rule set; nothing here runs Java.
  #checkov:skip=CKV_AWS_86: Standard logging needs an ACL-enabled log bucket; the API's access logs and the functions' logs record what matters.
  #checkov:skip=CKV_AWS_310: One origin per behaviour; there is no second copy of the site or the API to fail over to.
  #checkov:skip=CKV_AWS_374: Geographic restriction is opt-in (viewer_countries): officers travel and roaming phones may appear abroad.
  #checkov:skip=CKV2_AWS_42: Without an own domain the distribution's cloudfront.net certificate is the only one possible; with domain_name an ACM certificate is used.
  #checkov:skip=CKV_AWS_174: TLS 1.2 is the minimum whenever an own certificate is used; the default cloudfront.net certificate cannot set a minimum.

  enabled             = true
  comment             = "Tanggap ${var.regency_name}"
  is_ipv6_enabled     = true
  http_version        = "http2and3"
  price_class         = var.price_class
  default_root_object = "index.html"
  aliases             = local.own_domain ? [var.domain_name] : []

  origin {
    origin_id                = "site"
    domain_name              = aws_s3_bucket.site.bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.site.id
  }

  origin {
    origin_id   = "api"
    domain_name = local.api_host
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id           = "site"
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = aws_cloudfront_cache_policy.site.id
    response_headers_policy_id = aws_cloudfront_response_headers_policy.security.id

    function_association {
      event_type   = "viewer-request"
      function_arn = aws_cloudfront_function.spa_rewrite.arn
    }
  }

  # The API, and the public pages it renders (functions/api/src/public: a citizen's report form and
  # each ticket's tracking page): never cached.
  dynamic "ordered_cache_behavior" {
    for_each = local.api_paths
    content {
      path_pattern = ordered_cache_behavior.value
      # An API call over plain HTTP is refused rather than redirected: a redirected POST loses its body.
      # A citizen typing the page's address without https is sent on to it.
      viewer_protocol_policy     = ordered_cache_behavior.value == "/api/*" ? "https-only" : "redirect-to-https"
      target_origin_id           = "api"
      allowed_methods            = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
      cached_methods             = ["GET", "HEAD"]
      compress                   = true
      cache_policy_id            = data.aws_cloudfront_cache_policy.caching_disabled.id
      origin_request_policy_id   = data.aws_cloudfront_origin_request_policy.all_viewer_except_host.id
      response_headers_policy_id = aws_cloudfront_response_headers_policy.security.id
    }
  }

  restrictions {
    geo_restriction {
      restriction_type = length(var.viewer_countries) > 0 ? "whitelist" : "none"
      locations        = var.viewer_countries
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = !local.own_domain
    acm_certificate_arn            = local.own_domain ? aws_acm_certificate_validation.site[0].certificate_arn : null
    ssl_support_method             = local.own_domain ? "sni-only" : null
    minimum_protocol_version       = local.own_domain ? "TLSv1.2_2021" : "TLSv1"
  }

  tags = var.tags
}
