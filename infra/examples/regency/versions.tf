terraform {
  required_version = "~> 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.8"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.7, >= 3.7.1"
    }
  }

  # The state lives in this folder (terraform.tfstate) unless you keep it in S3: it holds no secret
  # (see the module's secrets.tf), but losing it makes later upgrades painful. To keep it in S3, create a
  # versioned bucket once (infra/README.md, "Keeping the state safe"), fill in its name below, uncomment,
  # and run `terraform init -migrate-state`.
  #
  # backend "s3" {
  #   bucket       = "tanggap-terraform-state-<account id>"
  #   key          = "tanggap/terraform.tfstate"
  #   region       = "ap-southeast-3"
  #   encrypt      = true
  #   use_lockfile = true
  # }
}
