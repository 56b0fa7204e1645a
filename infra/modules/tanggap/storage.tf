# Photos from the field (reports, damage, completed work): private, uploaded and read only through
# presigned URLs that the functions hand out. Evidence: versioned, kept in Jakarta, cheaper with age.

resource "aws_s3_bucket" "photos" {
  #checkov:skip=CKV_AWS_18: Access logging would add a log bucket and its cost; every presigned URL is issued by a function, which logs who asked.
  #checkov:skip=CKV_AWS_144: No cross-region replication: personal data stays in the Jakarta region (PP 71/2019); versioning guards against deletion.
  #checkov:skip=CKV_AWS_145: SSE-S3 (AES-256) encryption at rest; SSE-KMS would charge per request for every photo viewed.
  #checkov:skip=CKV2_AWS_62: Nothing reacts to uploads yet; a thumbnailer would add a notification then.
  bucket = local.photos_bucket
  # Deleting a regency's evidence takes deletion_protection = false first (infra/README.md, tear down).
  force_destroy = !var.deletion_protection
  tags          = var.tags
}

resource "aws_s3_bucket_public_access_block" "photos" {
  bucket                  = aws_s3_bucket.photos.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "photos" {
  bucket = aws_s3_bucket.photos.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "photos" {
  bucket = aws_s3_bucket.photos.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_versioning" "photos" {
  bucket = aws_s3_bucket.photos.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "photos" {
  bucket = aws_s3_bucket.photos.id

  rule {
    id     = "cheaper-with-age"
    status = "Enabled"
    filter {
      prefix = "incidents/"
    }

    transition {
      days          = var.photos_infrequent_access_days
      storage_class = "STANDARD_IA"
    }
    transition {
      days          = var.photos_archive_days
      storage_class = "GLACIER_IR"
    }
    # An overwritten or deleted photo can be recovered for 90 days, then it is gone.
    noncurrent_version_expiration {
      noncurrent_days = 90
    }
  }

  # The dashboard's exports are made again on asking: kept a week, like their jobs.
  rule {
    id     = "exports-for-a-week"
    status = "Enabled"
    filter {
      prefix = "exports/"
    }
    expiration {
      days = 7
    }
    noncurrent_version_expiration {
      noncurrent_days = 1
    }
  }

  # Whatever the prefix: an upload never finished is dropped after a day.
  rule {
    id     = "abort-unfinished-uploads"
    status = "Enabled"
    filter {}
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }

  depends_on = [aws_s3_bucket_versioning.photos]
}

data "aws_iam_policy_document" "photos_bucket" {
  statement {
    sid       = "TlsOnly"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.photos.arn, "${aws_s3_bucket.photos.arn}/*"]
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

resource "aws_s3_bucket_policy" "photos" {
  bucket     = aws_s3_bucket.photos.id
  policy     = data.aws_iam_policy_document.photos_bucket.json
  depends_on = [aws_s3_bucket_public_access_block.photos]
}

# Browsers upload (PUT) and fetch (GET) photos with presigned URLs, from the app's origins only: its
# cloudfront.net name and, with domain_name, the own domain (both serve the app). The signature in the
# URL is what grants access; CORS only lets the app's pages read the answers.
resource "aws_s3_bucket_cors_configuration" "photos" {
  bucket = aws_s3_bucket.photos.id

  cors_rule {
    allowed_methods = ["GET", "PUT"]
    allowed_origins = distinct(["https://${aws_cloudfront_distribution.site.domain_name}", local.site_url])
    # The presigned upload signs Content-Type (and the SDK's x-amz-* headers, if any): the browser sends them.
    allowed_headers = ["content-type", "content-md5", "x-amz-*"]
    expose_headers  = ["etag"]
    # Browsers cache the preflight for up to this long (Chrome caps it at 2 hours).
    max_age_seconds = 3600
  }
}
