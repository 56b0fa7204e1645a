# The one DynamoDB table (functions/store/KEYS.md): pk/sk strings and the sparse index gsi1 on
# gsi1pk/gsi1sk, projecting every attribute.

locals {
  provisioned = var.billing_mode == "PROVISIONED"
}

resource "aws_dynamodb_table" "main" {
  #checkov:skip=CKV_AWS_119: Encrypted with the AWS-managed key (aws/dynamodb); a customer-managed key would cost $1/month plus requests and add a key policy to get wrong.
  #checkov:skip=CKV2_AWS_16: No auto scaling on purpose: provisioned mode exists to stay inside the free 25 RCU/25 WCU. Outgrowing it means billing_mode = PAY_PER_REQUEST, and the throttle alarm says when.

  name         = local.table_name
  billing_mode = var.billing_mode
  hash_key     = "pk"
  range_key    = "sk"

  # Provisioned: table and index together within the always-free 25 RCU and 25 WCU (see the check below).
  read_capacity  = local.provisioned ? var.provisioned_capacity.table_read : null
  write_capacity = local.provisioned ? var.provisioned_capacity.table_write : null

  attribute {
    name = "pk"
    type = "S"
  }
  attribute {
    name = "sk"
    type = "S"
  }
  attribute {
    name = "gsi1pk"
    type = "S"
  }
  attribute {
    name = "gsi1sk"
    type = "S"
  }

  global_secondary_index {
    name            = "gsi1"
    hash_key        = "gsi1pk"
    range_key       = "gsi1sk"
    projection_type = "ALL" # the board reads whole incident heads from the index
    read_capacity   = local.provisioned ? var.provisioned_capacity.gsi1_read : null
    write_capacity  = local.provisioned ? var.provisioned_capacity.gsi1_write : null
  }

  # Items that carry `expires_at` (a Number: seconds since 1970, as DynamoDB's TTL requires) are deleted
  # by DynamoDB within a few days after that time: idempotency records, expired blocks, spent tokens.
  ttl {
    attribute_name = "expires_at"
    enabled        = true
  }

  # The notifier reads it for new outbox items (functions.tf: keys and the new image are all it needs);
  # the live board's fanout will want the old images too. Reading it from Lambda is free; changing the
  # view type would replace the stream.
  stream_enabled   = true
  stream_view_type = "NEW_AND_OLD_IMAGES"

  # Restore to any second of the last 35 days (infra/README.md has the commands).
  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled = true
  }

  # Neither a mistaken `terraform destroy` nor a console click deletes the center's records.
  deletion_protection_enabled = var.deletion_protection

  tags = var.tags
}

check "provisioned_capacity_within_free_tier" {
  assert {
    condition = !local.provisioned || (
      var.provisioned_capacity.table_read + var.provisioned_capacity.gsi1_read <= 25 &&
      var.provisioned_capacity.table_write + var.provisioned_capacity.gsi1_write <= 25
    )
    error_message = "The table and gsi1 together provision more than the always-free 25 RCU / 25 WCU (per account and region): the excess is billed by the hour. Intended? Otherwise lower provisioned_capacity or use billing_mode = \"PAY_PER_REQUEST\"."
  }
}
