# Telling the IT officer before the operators notice: errors, throttling, SLA breaches, and cost, all
# by e-mail through one SNS topic. 2 alarm metrics per function, 1 for the API, 1 for SLA breaches and
# 4 for the table's throttling: 12 with today's three functions, of which CloudWatch gives 10 free
# ($0.10 a month for each further one).

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

# A function answered 5xx or crashed. On an emergency line even one error is worth a look.
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

# Lambda refused to run the function: the account's concurrency is exhausted (new accounts may have 10).
resource "aws_cloudwatch_metric_alarm" "function_throttles" {
  for_each = local.functions

  alarm_name          = "${local.name}-${each.key}-throttles"
  alarm_description   = "The ${each.key} function was throttled (${var.regency_name}): ask AWS to raise the Lambda concurrency quota."
  namespace           = "AWS/Lambda"
  metric_name         = "Throttles"
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

# The sweeper publishes Tanggap/SlaBreaches (dimension Regency) each time an incident passes its dispatch
# target without an agency acknowledging it. Until the sweeper exists, no data: the alarm stays OK.
resource "aws_cloudwatch_metric_alarm" "sla_breaches" {
  alarm_name          = "${local.name}-sla-breaches"
  alarm_description   = "An incident passed its dispatch target without acknowledgement (${var.regency_name}): check the board."
  namespace           = "Tanggap"
  metric_name         = "SlaBreaches"
  dimensions          = { Regency = var.regency_code }
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
