# The HTTP API: explicit routes from local.routes (routes.tf), each to its function's integration.
# CloudFront sends /api/* here; the browser never talks to API Gateway's own address.

resource "aws_apigatewayv2_api" "http" {
  name          = local.name
  description   = "Tanggap API (${var.regency_name})"
  protocol_type = "HTTP"
  # No CORS configuration: the app calls the API on its own origin, through CloudFront.
  tags = var.tags
}

# One integration per function that serves routes, shared by all of its routes.
resource "aws_apigatewayv2_integration" "function" {
  for_each = local.api_functions

  api_id                 = aws_apigatewayv2_api.http.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.function[each.key].invoke_arn
  payload_format_version = "2.0" # what lambda_http expects from an HTTP API
  # API Gateway gives up after 30 s at most; never before the function's own timeout.
  timeout_milliseconds = min(30000, local.function_settings[each.key].timeout_s * 1000 + 1000)
}

resource "aws_apigatewayv2_route" "route" {
  for_each = local.routes

  api_id    = aws_apigatewayv2_api.http.id
  route_key = each.key
  target    = "integrations/${aws_apigatewayv2_integration.function[each.value].id}"
  #checkov:skip=CKV_AWS_309: Authorization is the application's own (signed tokens checked by every function, deny by default); public routes (reporting, tracking) must stay open.
}

resource "aws_lambda_permission" "api" {
  for_each = local.api_functions

  statement_id  = "AllowInvokeFromHttpApi"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.function[each.key].function_name
  principal     = "apigateway.amazonaws.com"
  # Any route and stage of this API only.
  source_arn = "${aws_apigatewayv2_api.http.execution_arn}/*/*"
}

resource "aws_cloudwatch_log_group" "api_access" {
  name              = "/aws/apigateway/${local.name}"
  retention_in_days = var.log_retention_days
  #checkov:skip=CKV_AWS_158: CloudWatch Logs encrypts at rest already; a customer-managed KMS key would cost $1/month and access logs hold no call content.
  tags = var.tags
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.http.id
  name        = "$default" # no stage prefix in the URL: /api/... maps straight to the routes
  auto_deploy = true

  default_route_settings {
    # Shields the functions and the table's capacity from a flood or a misbehaving client.
    throttling_rate_limit  = var.api_throttle_rate_limit
    throttling_burst_limit = var.api_throttle_burst_limit
  }

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api_access.arn
    # One JSON line per request; requestId matches the functions' own logs.
    format = jsonencode({
      requestId          = "$context.requestId"
      time               = "$context.requestTime"
      ip                 = "$context.identity.sourceIp"
      method             = "$context.httpMethod"
      path               = "$context.path"
      routeKey           = "$context.routeKey"
      status             = "$context.status"
      responseLength     = "$context.responseLength"
      latencyMs          = "$context.responseLatency"
      integrationStatus  = "$context.integrationStatus"
      integrationLatency = "$context.integrationLatency"
      integrationError   = "$context.integrationErrorMessage"
      userAgent          = "$context.identity.userAgent"
    })
  }

  tags = var.tags
}
