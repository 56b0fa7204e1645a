# One Lambda per function binary (functions/<name>, built by `cargo xtask package` into
# <artifacts_dir>/<name>/bootstrap.zip), each with a role that allows only what that function does.
#
# local.functions is the catalog: a function binary added to the workspace gets its entry here (the
# contract test in tests/contract fails until it does), and its routes go in routes.tf.
#   memory_mb:     its default memory (CPU grows with it); var.function_settings overrides it, and the
#                  timeout (default 10 s), per regency.
#   table_actions: the DynamoDB actions it calls, on the table and its gsi1 index. A transaction needs the
#                  action of each of its parts (PutItem, ConditionCheckItem, ...): there is no IAM action
#                  for TransactWriteItems itself. The repositories write only with (conditional) puts,
#                  never UpdateItem or DeleteItem, so no function gets those.
#   signing_key:   reads the session signing key from SSM at cold start (every function that checks a
#                  login); gets TANGGAP_SIGNING_KEY_PARAMETER.
#   photo_actions: S3 actions on the photos bucket's objects (presigning uploads and reads); gets
#                  TANGGAP_PHOTOS_BUCKET when not empty.
#   webhooks:      reads the webhook secrets; gets TANGGAP_WEBHOOKS_PARAMETER_PATH.
# A function named `sweeper` is also invoked every minute by EventBridge Scheduler (see the end).

locals {
  functions = {
    # Intake, the board, life-cycle commands (transactions of conditional puts), the catalog they read.
    incidents = {
      description = "Intake, the open board, life-cycle commands, and the reference data they read"
      memory_mb   = 256
      table_actions = [
        "dynamodb:GetItem",
        "dynamodb:Query",
        "dynamodb:PutItem",
        "dynamodb:ConditionCheckItem", # a transaction's guard on another item (the store's Write::Check)
      ]
      signing_key   = true
      photo_actions = []
      webhooks      = false
    }
    # Login, refresh, logout, one's own account: users, session families, login throttles, audit entries,
    # all read and written by key.
    auth = {
      description   = "Login, refresh, logout, and one's own account"
      memory_mb     = 512 # argon2id (19 MiB, 2 passes) per login: more memory is more CPU, a quicker login
      table_actions = ["dynamodb:GetItem", "dynamodb:PutItem"]
      signing_key   = true
      photo_actions = []
      webhooks      = false
    }
    # User administration (lists users through gsi1) and the audit log (queries), admin only.
    admin = {
      description   = "User administration and the audit log"
      memory_mb     = 256
      table_actions = ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem"]
      signing_key   = true
      photo_actions = []
      webhooks      = false
    }
  }

  function_settings = {
    for name, function in local.functions : name => merge(
      { memory_mb = function.memory_mb, timeout_s = 10 },
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

  webhooks_path = "/${local.name}/webhooks"
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
    for_each = each.value.webhooks ? [1] : []
    content {
      sid     = "WebhookSecrets"
      actions = ["ssm:GetParameter", "ssm:GetParametersByPath"]
      resources = [
        "arn:${data.aws_partition.current.partition}:ssm:${local.region}:${local.account_id}:parameter${local.webhooks_path}",
        "arn:${data.aws_partition.current.partition}:ssm:${local.region}:${local.account_id}:parameter${local.webhooks_path}/*",
      ]
    }
  }

  # SecureString parameters are encrypted with the account's AWS-managed key aws/ssm; decrypting goes
  # through SSM only.
  dynamic "statement" {
    for_each = each.value.signing_key || each.value.webhooks ? [1] : []
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

  dynamic "statement" {
    for_each = length(each.value.photo_actions) > 0 ? [1] : []
    content {
      sid       = "Photos"
      actions   = each.value.photo_actions
      resources = ["${aws_s3_bucket.photos.arn}/*"]
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
  #checkov:skip=CKV_AWS_116: A dead-letter queue only applies to asynchronous invocations; API calls are synchronous and the caller sees the error.
  #checkov:skip=CKV_AWS_117: No VPC: the functions reach DynamoDB, SSM and S3 over IAM-signed HTTPS, and a VPC would need a NAT gateway (about $35/month) or paid endpoints.
  #checkov:skip=CKV_AWS_115: Reserved concurrency is left unset: new accounts may have only 10 concurrent executions in all, and reserving would starve the other functions. API Gateway throttling bounds the load.
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
      },
      each.value.signing_key ? {
        TANGGAP_SIGNING_KEY_PARAMETER = aws_ssm_parameter.signing_key.name
        # Not read by the code: a rotation changes the configuration, so that Lambda replaces every warm
        # instance (which read the old key at its cold start) instead of mixing old and new keys.
        TANGGAP_SIGNING_KEY_VERSION = tostring(var.signing_key_version)
      } : {},
      length(each.value.photo_actions) > 0 ? { TANGGAP_PHOTOS_BUCKET = aws_s3_bucket.photos.bucket } : {},
      each.value.webhooks ? { TANGGAP_WEBHOOKS_PARAMETER_PATH = local.webhooks_path } : {},
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

# --- The sweeper: every minute, when the function exists --------------------------------------------

locals {
  # The sweeper (SLA clocks, escalation, expiring blocks) appears with its binary; until then, no schedule.
  sweeper = contains(keys(local.functions), "sweeper") ? toset(["sweeper"]) : toset([])
}

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
  for_each = local.sweeper

  name               = "${local.name}-scheduler"
  description        = "EventBridge Scheduler: invokes the sweeper of Tanggap (${var.regency_name})."
  assume_role_policy = data.aws_iam_policy_document.scheduler_assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "scheduler" {
  for_each = local.sweeper

  name = "${local.name}-invoke-sweeper"
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

resource "aws_scheduler_schedule" "sweeper" {
  for_each = local.sweeper
  #checkov:skip=CKV_AWS_297: The schedule holds no data (an empty event every minute); a customer-managed key would cost $1/month for nothing.

  name        = "${local.name}-sweeper"
  description = "SLA clocks, escalation and expiring blocks, every minute."
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
