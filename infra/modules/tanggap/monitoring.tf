# Telling the IT officer before the operators notice: errors, throttling, SLA breaches, late
# notifications, and cost, all by e-mail through one SNS topic. Alarm metrics (CloudWatch gives 10 free,
# then $0.10 a month each): 1 per function for its errors (5 today), 1 for throttling of any function,
# 1 for the API, 1 for SLA breaches, 4 for the table's throttling (provisioned mode), 1 for the stream's
# backlog and 1 for a sweeper that stopped running: 14, so $0.40 a month.

resource "aws_sns_topic" "alerts" {
  #checkov:skip=CKV_AWS_26: CloudWatch alarms cannot publish to a topic encrypted with the AWS-managed key aws/sns, a customer-managed key costs $1/month, and alerts carry no personal data.
  name         = "${local.name}-alerts"
  display_name = "Tanggap ${var.regency_name}"
  tags         = var.tags
}

# AWS sends a confirmation e-mail first: alerts arrive only after it is confirmed.
resource "aws_sns_topic_subscription" "email" {
  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "email"
  endpoint  = var.alert_email
}

locals {
  alarm_actions = [aws_sns_topic.alerts.arn]
}

# A function answered 5xx, crashed or timed out (the sweeper: a sweep failed; the notifier: a batch of
# the stream failed and is retried). On an emergency line even one error is worth a look.
resource "aws_cloudwatch_metric_alarm" "function_errors" {
  for_each = local.functions

  alarm_name          = "${local.name}-${each.key}-errors"
  alarm_description   = "The ${each.key} function failed (${var.regency_name}): see its log group /aws/lambda/${local.name}-${each.key}."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = aws_lambda_function.function[each.key].function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = var.tags
}

# Lambda refused to run a function: the account's concurrency is exhausted (new accounts may have 10).
# Concurrency is the account's, not a function's, so one alarm on Lambda's account-wide metric covers
# every function (the account holds only this deployment).
resource "aws_cloudwatch_metric_alarm" "lambda_throttles" {
  alarm_name          = "${local.name}-lambda-throttles"
  alarm_description   = "Lambda throttled a function (${var.regency_name}): ask AWS to raise the Lambda concurrency quota (infra/README.md, Before you start)."
  namespace           = "AWS/Lambda"
  metric_name         = "Throttles"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = var.tags
}

# The sweeper did not run for 5 minutes (a broken schedule, its role, a deleted function): SLA clocks
# and escalations stand still, and notifications the notifier missed stay queued.
resource "aws_cloudwatch_metric_alarm" "sweeper_stopped" {
  for_each = local.scheduled_functions

  alarm_name          = "${local.name}-${each.key}-stopped"
  alarm_description   = "The ${each.key} function has not run for 5 minutes (${var.regency_name}): SLA escalation is stopped. Check the schedule ${local.name}-${each.key} in EventBridge Scheduler."
  namespace           = "AWS/Lambda"
  metric_name         = "Invocations"
  dimensions          = { FunctionName = aws_lambda_function.function[each.key].function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "LessThanThreshold"
  # No data is the symptom itself.
  treat_missing_data = "breaching"
  alarm_actions      = local.alarm_actions
  ok_actions         = local.alarm_actions
  tags               = var.tags
}

# The notifier is behind on the table's stream: notifications leave late. Records older than 5 minutes
# are dropped (functions.tf), so the age stays below that; the sweeper still delivers every minute.
resource "aws_cloudwatch_metric_alarm" "outbox_backlog" {
  for_each = local.outbox_functions

  alarm_name          = "${local.name}-${each.key}-backlog"
  alarm_description   = "The ${each.key} function is more than 2 minutes behind the table's stream (${var.regency_name}): notifications are late. See /aws/lambda/${local.name}-${each.key}."
  namespace           = "AWS/Lambda"
  metric_name         = "IteratorAge"
  dimensions          = { FunctionName = aws_lambda_function.function[each.key].function_name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 120000 # milliseconds
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = var.tags
}

# 5xx seen by callers, including API Gateway's own (a timeout, a function it could not invoke).
resource "aws_cloudwatch_metric_alarm" "api_5xx" {
  alarm_name          = "${local.name}-api-5xx"
  alarm_description   = "The API answered 5xx several times in 5 minutes (${var.regency_name}): see ${aws_cloudwatch_log_group.api_access.name}."
  namespace           = "AWS/ApiGateway"
  metric_name         = "5xx"
  dimensions          = { ApiId = aws_apigatewayv2_api.http.id, Stage = aws_apigatewayv2_stage.default.name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 5
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = var.tags
}

# SLA breaches: the sweeper logs "sweep recorded breaches" (tanggap_api::sweeper) when a sweep recorded
# breaches or escalations; this filter counts those lines as the metric Tanggap/SlaBreaches (tests/contract
# checks that the code still logs that message). Metric filters are free; the metric is one custom metric.
resource "aws_cloudwatch_log_metric_filter" "sla_breaches" {
  name           = "${local.name}-sla-breaches"
  log_group_name = aws_cloudwatch_log_group.function["sweeper"].name
  pattern        = "{ $.fields.message = \"sweep recorded breaches\" }"

  metric_transformation {
    namespace = "Tanggap"
    name      = "SlaBreaches"
    value     = "1"
    unit      = "Count"
  }
}

resource "aws_cloudwatch_metric_alarm" "sla_breaches" {
  alarm_name          = "${local.name}-sla-breaches"
  alarm_description   = "An agency missed an SLA target: the breach went to its head, and to the supervisors if it stays open (${var.regency_name}). Check the board."
  namespace           = "Tanggap"
  metric_name         = "SlaBreaches"
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = var.tags
}

# Provisioned capacity ran out (reads or writes, table or board index): time for PAY_PER_REQUEST.
resource "aws_cloudwatch_metric_alarm" "table_throttles" {
  count = local.provisioned ? 1 : 0

  alarm_name          = "${local.name}-table-throttles"
  alarm_description   = "DynamoDB throttled requests on ${local.table_name} (${var.regency_name}): raise provisioned_capacity or set billing_mode = PAY_PER_REQUEST."
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = var.tags

  metric_query {
    id          = "throttled"
    expression  = "SUM(METRICS())"
    label       = "Throttle events"
    return_data = true
  }

  dynamic "metric_query" {
    for_each = {
      table_read  = { metric = "ReadThrottleEvents", index = null }
      table_write = { metric = "WriteThrottleEvents", index = null }
      gsi1_read   = { metric = "ReadThrottleEvents", index = "gsi1" }
      gsi1_write  = { metric = "WriteThrottleEvents", index = "gsi1" }
    }
    content {
      id = metric_query.key
      metric {
        namespace   = "AWS/DynamoDB"
        metric_name = metric_query.value.metric
        dimensions = merge(
          { TableName = aws_dynamodb_table.main.name },
          metric_query.value.index == null ? {} : { GlobalSecondaryIndexName = metric_query.value.index },
        )
        period = 300
        stat   = "Sum"
      }
    }
  }
}

# The whole account's monthly cost (the account should hold only this deployment). First 2 budgets free.
resource "aws_budgets_budget" "monthly" {
  name         = "${local.name}-monthly"
  budget_type  = "COST"
  limit_amount = format("%.2f", var.monthly_budget_usd)
  limit_unit   = "USD"
  time_unit    = "MONTHLY"

  notification {
    comparison_operator        = "GREATER_THAN"
    threshold                  = 80
    threshold_type             = "PERCENTAGE"
    notification_type          = "ACTUAL"
    subscriber_email_addresses = [var.alert_email]
  }

  notification {
    comparison_operator        = "GREATER_THAN"
    threshold                  = 100
    threshold_type             = "PERCENTAGE"
    notification_type          = "FORECASTED"
    subscriber_email_addresses = [var.alert_email]
  }
}
