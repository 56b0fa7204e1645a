# The built frontend (`cargo xtask package` writes it to site_dir), uploaded by Terraform so that every
# file gets the right Content-Type and Cache-Control without a hand-typed `aws s3 sync`:
#   /assets/*    content-hashed names: cached for a year, never revalidated
#   index.html   no-cache: browsers and CloudFront ask S3 each time, so a new release shows at once
#   the rest     (icons, robots.txt from frontend/public) an hour
# The .br/.gz files beside the assets are for the local server; CloudFront compresses by itself.

locals {
  # Everything but index.html, which is uploaded last (below).
  site_files = toset([
    for file in fileset(var.site_dir, "**") : file
    if !endswith(file, ".br") && !endswith(file, ".gz") && file != "index.html"
  ])

  content_types = {
    html        = "text/html; charset=utf-8"
    js          = "text/javascript; charset=utf-8"
    mjs         = "text/javascript; charset=utf-8"
    css         = "text/css; charset=utf-8"
    wasm        = "application/wasm" # needed for streaming compilation
    json        = "application/json"
    webmanifest = "application/manifest+json"
    svg         = "image/svg+xml"
    png         = "image/png"
    jpg         = "image/jpeg"
    ico         = "image/x-icon"
    txt         = "text/plain; charset=utf-8"
    woff2       = "font/woff2"
  }
}

resource "aws_s3_object" "site" {
  for_each = local.site_files

  bucket        = aws_s3_bucket.site.id
  key           = each.value
  source        = "${var.site_dir}/${each.value}"
  source_hash   = filemd5("${var.site_dir}/${each.value}")
  content_type  = lookup(local.content_types, lower(regex("[^.]*$", each.value)), "application/octet-stream")
  cache_control = startswith(each.value, "assets/") ? "public, max-age=31536000, immutable" : "public, max-age=3600"

  depends_on = [aws_s3_bucket_policy.site]
}

# Written after every asset, so that it never names a file that is not there yet. Files of the previous
# build are deleted during the same apply: a page first opened in those few seconds may need a reload.
resource "aws_s3_object" "index" {
  bucket        = aws_s3_bucket.site.id
  key           = "index.html"
  source        = "${var.site_dir}/index.html"
  source_hash   = filemd5("${var.site_dir}/index.html")
  content_type  = local.content_types.html
  cache_control = "no-cache"

  lifecycle {
    # A missing build would otherwise plan to delete the live site's files.
    precondition {
      condition     = fileexists("${var.site_dir}/index.html")
      error_message = "No ${var.site_dir}/index.html: run `cargo xtask package` in the repository first (it builds the site)."
    }
  }

  depends_on = [aws_s3_object.site]
}
