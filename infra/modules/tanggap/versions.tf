terraform {
  # Write-only arguments (`value_wo` on the SSM parameters, so that secrets never reach the state file)
  # need Terraform 1.11; ephemeral resources (the generated keys) 1.10.
  required_version = "~> 1.11"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 6.x: `value_wo` on aws_ssm_parameter and the split S3 bucket resources used here.
      version = "~> 6.8"
      # CloudFront only accepts ACM certificates from us-east-1: the caller passes a provider for it.
      configuration_aliases = [aws.us_east_1]
    }
    random = {
      source = "hashicorp/random"
      # `ephemeral "random_password"` arrived in 3.7.1.
      version = "~> 3.7, >= 3.7.1"
    }
  }
}
