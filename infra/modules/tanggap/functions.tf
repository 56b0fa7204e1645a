# One Lambda per function binary (functions/<name>, built by `cargo xtask package` into
# <artifacts_dir>/<name>/bootstrap.zip), each with a role that allows only what that function does.
#
# local.functions is the catalog: a function binary added to the workspace gets its entry here (the
# contract test in tests/contract fails until it does), and its routes go in routes.tf.
#   trigger:       what invokes it: "api" (its routes in routes.tf, through API Gateway), "schedule"
#                  (EventBridge Scheduler, every minute) or "outbox" (the table's stream, for each new
#                  outbox item: deliveries of notifications that leave the system).
#   memory_mb, timeout_s: its defaults (CPU grows with memory); var.function_settings overrides them.
#   table_actions: the DynamoDB actions it calls, on the table and its gsi1 index. A transaction needs the
#                  action of each of its parts (PutItem, DeleteItem, ConditionCheckItem for the store's
#                  Write::Check, which no repository uses today): there is no IAM action for
#                  TransactWriteItems itself. The repositories write with (conditional) puts and
#                  transactional deletes, never UpdateItem.
#   signing_key:   reads the session signing key from SSM at cold start (every function that checks a
#                  login); gets TANGGAP_SIGNING_KEY_PARAMETER.
#   photo_actions: S3 actions on the photos bucket's objects (presigning uploads and reads, writing the
#                  viewing copy, writing and presigning exports); gets TANGGAP_PHOTO_BUCKET and
#                  TANGGAP_PHOTO_MAX_BYTES when not empty.
#   push:          Web Push: reads the VAPID key (secrets.tf) at cold start; gets TANGGAP_VAPID_KEY_PARAMETER
#                  and TANGGAP_VAPID_SUBJECT. Without them a function neither queues nor sends pushes.
#   webhook:       with var.webhook_url set, gets TANGGAP_WEBHOOK_URL and TANGGAP_WEBHOOK_SECRET_PARAMETER
#                  and may read that secret, and TANGGAP_SITE_URL for the links it sends reporters.
#                  Without them a function neither queues nor sends webhook calls.

locals {
  functions = {
    # Intake, the board, life-cycle commands (transactions of conditional puts), the catalog they read,
    # field photos; after each change it queues the notifications it causes.
    incidents = {
      description = "Intake, the open board, life-cycle commands, photos, and the reference data they read"
      trigger     = "api"
      # A photo is decoded whole to make its viewing copy: up to 40 megapixels (tanggap_photos::MAX_PIXELS)
      # is 120 MB of pixels, twice that when a sideways photo is turned upright. More memory is also
      # more CPU for the decoding.
      memory_mb = 512
      timeout_s = 10
      table_actions = [
        "dynamodb:GetItem",
        "dynamodb:Query",
        "dynamodb:PutItem",
        "dynamodb:DeleteItem", # lifting a caller's block (a transaction's delete)
      ]
      signing_key = true
      # Presigned uploads (PUT) and views (GET), reading an upload to check it, writing its viewing copy.
      photo_actions = ["s3:PutObject", "s3:GetObject"]
      # It queues the deliveries a change causes, for the channels the deployment has: it reads their
      # secrets at cold start (tanggap_api::notify::Delivery::lambda) though only the others send.
      push    = true
      webhook = true
    }
    # Login, refresh, logout, one's own account: users, session families, login throttles, audit entries,
    # all read and written by key; one's notifications, notification settings and push subscriptions.
    auth = {
      description = "Login, refresh, logout, one's own account and notifications"
      trigger     = "api"
      memory_mb   = 512 # argon2id (19 MiB, 2 passes) per login: more memory is more CPU, a quicker login
      timeout_s   = 10
      table_actions = [
        "dynamodb:GetItem",
        "dynamodb:Query", # one's notifications, newest first; one's push subscriptions
        "dynamodb:PutItem",
        "dynamodb:DeleteItem", # removing a push subscription
      ]
      signing_key   = true
      photo_actions = []
      push          = true # GET /api/push/key answers the VAPID key's public half
      webhook       = false
    }
    # User administration (lists users through gsi1) and the audit log (queries), admin only; shifts:
    # sign-ons (a transaction of puts), rosters and the pattern, the planner's calls (dashboard counters).
    admin = {
      description   = "User administration, the audit log, and shifts"
      trigger       = "api"
      memory_mb     = 256
      timeout_s     = 10
      table_actions = ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem"]
      signing_key   = true
      photo_actions = []
      push          = false
      webhook       = false
    }
    # Every minute: SLA clocks of open dispatched incidents, breaches and escalations (saved like any
    # change, with the notifications they cause), the minute's dashboard counts folded into their days,
    # then every notification delivery that is due.
    sweeper = {
      description = "SLA clocks, escalation, dashboard counters and due notification deliveries, every minute"
      trigger     = "schedule"
      memory_mb   = 256
      # Deliveries go to push services and the webhook over HTTPS, 10 s at most each; a sweep still ends
      # before the next one starts.
      timeout_s = 55
      table_actions = [
        "dynamodb:GetItem",
        "dynamodb:Query",
        "dynamodb:PutItem",
        # a delivered outbox item; a subscription the push service says is gone; folded dashboard counts
        "dynamodb:DeleteItem",
      ]
      # It checks no login (tanggap_api::state::lambda_worker_state reads no key).
      signing_key   = false
      photo_actions = []
      push          = true
      webhook       = true
    }
    # Every minute: the dashboard's queued exports, each written whole (a year of a large regency takes
    # minutes) as an XLSX and a CSV into the file bucket under exports/, with its progress on its job.
    exports = {
      description = "Writes the dashboard's queued exports (XLSX, CSV) into the file bucket, every minute"
      trigger     = "schedule"
      # The workbook's rows go through /tmp (constant memory); the register's days are read one by one.
      memory_mb = 1024
      timeout_s = 900
      table_actions = [
        "dynamodb:GetItem",
        "dynamodb:Query",
        "dynamodb:PutItem", # the job's progress
      ]
      # It checks no login (tanggap_api::state::lambda_worker_state reads no key).
      signing_key   = false
      photo_actions = ["s3:PutObject"]
      push          = false
      webhook       = false
    }
    # At once for each new outbox item (the table's stream): the deliveries that are due; and for each new
    # notice a dying function left pending, its notifications. What it misses the sweeper does within a minute.
    notifier = {
      description = "Delivers new notifications (Web Push, webhook) as soon as they are queued"
      trigger     = "outbox"
      memory_mb   = 256
      timeout_s   = 30
      table_actions = [
        "dynamodb:GetItem",
        "dynamodb:Query",
        "dynamodb:PutItem",
        "dynamodb:DeleteItem", # a delivered outbox item; a subscription the push service says is gone
      ]
      # It checks no login (tanggap_api::state::lambda_worker_state reads no key).
      signing_key   = false
      photo_actions = []
      push          = true
      webhook       = true
    }
  }

  # Functions by what invokes them (api.tf, the schedule and the stream below).
  api_functions       = { for name, function in local.functions : name => function if function.trigger == "api" }
  scheduled_functions = { for name, function in local.functions : name => function if function.trigger == "schedule" }
  outbox_functions    = { for name, function in local.functions : name => function if function.trigger == "outbox" }

  function_settings = {
    for name, function in local.functions : name => merge(
      { memory_mb = function.memory_mb, timeout_s = function.timeout_s },
      { for key, value in try(var.function_settings[name], {}) : key => value if value != null },
    )
  }
  function_zips = { for name, _ in local.functions : name => "${var.artifacts_dir}/${name}/bootstrap.zip" }

  # The zips hold binaries for one CPU: take the one they were built for, unless told otherwise.
  architecture_file = "${var.artifacts_dir}/architecture.txt"
  lambda_architecture = coalesce(
    var.lambda_architecture,
    fileexists(local.architecture_file) ? trimspace(file(local.architecture_file)) : "arm64",
  )
}

# --- Identity: one role per function ----------------------------------------------------------------

data "aws_iam_policy_document" "lambda_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "function" {
  for_each = local.functions

  name               = "${local.name}-${each.key}"
  description        = "The ${each.key} function of Tanggap (${var.regency_name}): only what it does."
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "function" {
  for_each = local.functions

  # Its own log group only (created below, so the function never needs logs:CreateLogGroup).
  statement {
    sid       = "OwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.function[each.key].arn}:*"]
  }

  dynamic "statement" {
    for_each = length(each.value.table_actions) > 0 ? [1] : []
    content {
      sid       = "Table"
      actions   = each.value.table_actions
      resources = [aws_dynamodb_table.main.arn, "${aws_dynamodb_table.main.arn}/index/gsi1"]
    }
  }

  dynamic "statement" {
    for_each = each.value.signing_key ? [1] : []
    content {
      sid       = "SigningKey"
      actions   = ["ssm:GetParameter"]
      resources = [aws_ssm_parameter.signing_key.arn]
    }
  }

  dynamic "statement" {
    for_each = each.value.push ? [1] : []
    content {
      sid = "VapidKey"
      # tanggap_api::notify reads the VAPID key and the webhook secret in one GetParameters call.
      actions   = ["ssm:GetParameters"]
      resources = [aws_ssm_parameter.vapid_key.arn]
    }
  }

  dynamic "statement" {
    for_each = each.value.webhook && local.webhook ? [1] : []
    content {
      sid       = "WebhookSecret"
      actions   = ["ssm:GetParameters"]
      resources = [aws_ssm_parameter.webhook_secret[0].arn]
    }
  }

  # SecureString parameters are encrypted with the account's AWS-managed key aws/ssm; decrypting goes
  # through SSM only.
  dynamic "statement" {
    for_each = each.value.signing_key || each.value.push || (each.value.webhook && local.webhook) ? [1] : []
    content {
      sid       = "DecryptParametersThroughSsm"
      actions   = ["kms:Decrypt"]
      resources = [data.aws_kms_alias.ssm.target_key_arn]
      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["ssm.${local.region}.amazonaws.com"]
      }
    }
  }

  # Lambda reads the table's stream for the function (the event source mapping below), with its role.
  dynamic "statement" {
    for_each = each.value.trigger == "outbox" ? [1] : []
    content {
      sid       = "TableStream"
      actions   = ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"]
      resources = ["${aws_dynamodb_table.main.arn}/stream/*"]
    }
  }

  dynamic "statement" {
    for_each = length(each.value.photo_actions) > 0 ? [1] : []
    content {
      sid       = "Photos"
      actions   = each.value.photo_actions
      resources = ["${aws_s3_bucket.photos.arn}/*"]
    }
  }

  # Without it S3 answers a read of a photo that was never uploaded with 403 instead of 404, and the
  # function cannot tell "not uploaded yet" from a broken permission.
  dynamic "statement" {
    for_each = contains(each.value.photo_actions, "s3:GetObject") ? [1] : []
    content {
      sid       = "PhotosMissingIsNotFound"
      actions   = ["s3:ListBucket"]
      resources = [aws_s3_bucket.photos.arn]
    }
  }
}

resource "aws_iam_role_policy" "function" {
  for_each = local.functions

  name   = "${local.name}-${each.key}"
  role   = aws_iam_role.function[each.key].id
  policy = data.aws_iam_policy_document.function[each.key].json
}

# --- The functions ----------------------------------------------------------------------------------

resource "aws_cloudwatch_log_group" "function" {
  for_each = local.functions

  name              = "/aws/lambda/${local.name}-${each.key}"
  retention_in_days = var.log_retention_days
  #checkov:skip=CKV_AWS_158: CloudWatch Logs encrypts at rest already; a customer-managed KMS key would cost $1/month per key and the logs hold no call content.
  tags = var.tags
}

resource "aws_lambda_function" "function" {
  for_each = local.functions
  #checkov:skip=CKV_AWS_116: No dead-letter queue: API calls are synchronous (the caller sees the error); a failed sweep is not retried but superseded by the next a minute later; the stream's failed batches are retried, split and then dropped, and the sweeper delivers what they held.
  #checkov:skip=CKV_AWS_117: No VPC: the functions reach DynamoDB, SSM and S3 over IAM-signed HTTPS, and a VPC would need a NAT gateway (about $35/month) or paid endpoints.
  #checkov:skip=CKV_AWS_115: Reserved concurrency is left unset: new accounts may have only 10 concurrent executions in all, and reserving would starve the other functions. API Gateway throttling bounds the load; the schedule runs one sweep a minute, the stream one batch per shard at a time.
  #checkov:skip=CKV_AWS_173: The environment holds only names (table, parameter, regency), no secret; the secrets are read from SSM.
  #checkov:skip=CKV_AWS_50: X-Ray tracing costs beyond 100,000 traces a month; every log line and problem response carries the request id instead.
  #checkov:skip=CKV_AWS_272: Code signing needs AWS Signer profiles; the zips are built by the regency from this repository's source.

  function_name = "${local.name}-${each.key}"
  description   = "${each.value.description} (${var.regency_name})"
  role          = aws_iam_role.function[each.key].arn

  filename         = local.function_zips[each.key]
  source_code_hash = fileexists(local.function_zips[each.key]) ? filebase64sha256(local.function_zips[each.key]) : null
  handler          = "bootstrap"
  runtime          = "provided.al2023"
  architectures    = [local.lambda_architecture]
  memory_size      = local.function_settings[each.key].memory_mb
  timeout          = local.function_settings[each.key].timeout_s

  environment {
    # Read once at cold start by tanggap_api::Config and the function's main.
    variables = merge(
      {
        TANGGAP_TABLE   = aws_dynamodb_table.main.name
        TANGGAP_REGENCY = var.regency_code
        RUST_LOG        = var.log_level
        # Intake rules (tanggap_api::Config); the defaults are the code's too.
        TANGGAP_UTC_OFFSET_HOURS         = tostring(var.utc_offset_hours)
        TANGGAP_BLOCK_HOURS              = tostring(var.caller_block_hours)
        TANGGAP_DUPLICATE_RADIUS_M       = tostring(var.duplicate_radius_m)
        TANGGAP_DUPLICATE_WINDOW_MINUTES = tostring(var.duplicate_window_minutes)
        # SLA escalation (tanggap_api::Config): a breach goes to the supervisors this long after it
        # went to the agency's head.
        TANGGAP_ESCALATE_SUPERVISOR_MINUTES = tostring(var.escalate_supervisor_minutes)
        # The morning brief (the sweeper sends it): the hour of the center's day it goes out from.
        TANGGAP_MORNING_BRIEF_HOUR = tostring(var.morning_brief_hour)
      },
      each.value.signing_key ? {
        TANGGAP_SIGNING_KEY_PARAMETER = aws_ssm_parameter.signing_key.name
        # Not read by the code: a rotation changes the configuration, so that Lambda replaces every warm
        # instance (which read the old key at its cold start) instead of mixing old and new keys.
        TANGGAP_SIGNING_KEY_VERSION = tostring(var.signing_key_version)
      } : {},
      length(each.value.photo_actions) > 0 ? {
        TANGGAP_PHOTO_BUCKET    = aws_s3_bucket.photos.bucket
        TANGGAP_PHOTO_MAX_BYTES = tostring(var.photo_max_mb * 1024 * 1024)
      } : {},
      each.value.push ? {
        TANGGAP_VAPID_KEY_PARAMETER = aws_ssm_parameter.vapid_key.name
        TANGGAP_VAPID_SUBJECT       = local.vapid_subject
        # Not read by the code: a new key restarts every warm instance (as the signing key's version).
        TANGGAP_VAPID_KEY_VERSION = tostring(var.vapid_key_version)
      } : {},
      each.value.webhook && local.webhook ? {
        TANGGAP_WEBHOOK_URL              = var.webhook_url
        TANGGAP_WEBHOOK_SECRET_PARAMETER = aws_ssm_parameter.webhook_secret[0].name
        # What the links in messages to reporters (their ticket, the link to rate) start with.
        TANGGAP_SITE_URL = local.site_url
        # Not read by the code: a new secret restarts every warm instance (as the signing key's version).
        TANGGAP_WEBHOOK_SECRET_VERSION = tostring(var.webhook_secret_version)
      } : {},
    )
  }

  logging_config {
    # The functions write JSON lines themselves (tracing-subscriber); Lambda passes them on as they are.
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.function[each.key].name
  }

  tags = var.tags

  lifecycle {
    precondition {
      condition     = fileexists(local.function_zips[each.key])
      error_message = "No ${local.function_zips[each.key]}: run `cargo xtask package` in the repository first (it builds every function)."
    }
  }

  # The role must be able to write logs before the first invocation.
  depends_on = [aws_iam_role_policy.function]
}

# --- The schedule: the sweeper and the exports, every minute -----------------------------------------

data "aws_iam_policy_document" "scheduler_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["scheduler.amazonaws.com"]
    }
    # Only schedules of this account may take the role on (EventBridge Scheduler's confused-deputy guard).
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "scheduler" {
  for_each = local.scheduled_functions

  name               = "${local.name}-schedule-${each.key}"
  description        = "EventBridge Scheduler: invokes the ${each.key} function of Tanggap (${var.regency_name})."
  assume_role_policy = data.aws_iam_policy_document.scheduler_assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "scheduler" {
  for_each = local.scheduled_functions

  name = "${local.name}-invoke-${each.key}"
  role = aws_iam_role.scheduler[each.key].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "lambda:InvokeFunction"
      Resource = aws_lambda_function.function[each.key].arn
    }]
  })
}

resource "aws_scheduler_schedule" "function" {
  for_each = local.scheduled_functions
  #checkov:skip=CKV_AWS_297: The schedule holds no data (an empty event every minute); a customer-managed key would cost $1/month for nothing.

  name        = "${local.name}-${each.key}"
  description = "${each.value.description} (${var.regency_name})."
  # 43,200 invocations a month: inside Scheduler's 14 million and Lambda's 1 million free.
  schedule_expression = "rate(1 minute)"

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = aws_lambda_function.function[each.key].arn
    role_arn = aws_iam_role.scheduler[each.key].arn

    retry_policy {
      # A sweep that fails is superseded by the next one a minute later.
      maximum_retry_attempts       = 0
      maximum_event_age_in_seconds = 60
    }
  }
}

# Scheduler invokes asynchronously, and Lambda itself would retry a failed run twice (after 1 and 2
# minutes), on top of the next minute's run: no retries there either.
resource "aws_lambda_function_event_invoke_config" "scheduled" {
  for_each = local.scheduled_functions

  function_name                = aws_lambda_function.function[each.key].function_name
  maximum_retry_attempts       = 0
  maximum_event_age_in_seconds = 60
}

# --- The outbox: the notifier, as soon as a delivery is queued ---------------------------------------

resource "aws_lambda_event_source_mapping" "outbox" {
  for_each = local.outbox_functions

  function_name    = aws_lambda_function.function[each.key].arn
  event_source_arn = aws_dynamodb_table.main.stream_arn
  # New items only: on its first start the mapping does not replay the stream's last day (the sweeper
  # has delivered those, or will within a minute).
  starting_position = "LATEST"

  # Only new outbox items and pending notices (functions/store/KEYS.md: pk OUTBOX#<delivery id>,
  # NOTICE#<incident id>) reach the function; every other change of the table is filtered out by
  # Lambda, free of charge. A delivery's retries rewrite the same item (MODIFY) and are the sweeper's.
  filter_criteria {
    filter {
      pattern = jsonencode({
        eventName = ["INSERT"]
        dynamodb  = { Keys = { pk = { S = [{ prefix = "OUTBOX#" }] } } }
      })
    }
    filter {
      pattern = jsonencode({
        eventName = ["INSERT"]
        dynamodb  = { Keys = { pk = { S = [{ prefix = "NOTICE#" }] } } }
      })
    }
  }

  # One invocation delivers every due item, whichever records woke it: small batches, no waiting.
  batch_size                         = 10
  maximum_batching_window_in_seconds = 0
  # A batch that keeps failing must not hold up the ones behind it (a shard is read in order): split it
  # to find the bad record, retry twice, then drop it. The deliveries stay in the outbox, and the
  # sweeper sends them on its next run.
  bisect_batch_on_function_error = true
  maximum_retry_attempts         = 2
  maximum_record_age_in_seconds  = 300

  tags = var.tags

  # Lambda checks the role can read the stream when the mapping is created.
  depends_on = [aws_iam_role_policy.function]
}
