# The layouts real repositories use, each user removable on its own (see README "Terraform").

# People kept in a JSON file, one module instance each: removing one is removing its object.
locals {
  people = jsondecode(file("${path.module}/people.json"))
}

module "person" {
  source   = "./modules/person"
  for_each = { for p in local.people : p.name => p }
  name     = each.value.name
}

# A module that makes several users from one input: the names are written in terraform.tfvars.
variable "team" {
  type    = list(string)
  default = []
}

module "team" {
  source = "./modules/team"
  names  = var.team
}

# A map whose values are not known before apply: the keys are, and that is all for_each needs.
resource "aws_iam_policy" "svc" {
  name   = "layout-svc"
  policy = jsonencode({ Version = "2012-10-17", Statement = [] })
}

resource "aws_iam_user" "svc" {
  for_each = {
    "layout-svc-build" = { policy = aws_iam_policy.svc.arn }
    "layout-svc-sync"  = { policy = aws_iam_policy.svc.arn }
  }
  name = each.key
}

# Registry modules: terraform-aws-modules/iam v6 inputs, mineiros-io's list of names.
module "ops" {
  source            = "terraform-aws-modules/iam/aws//modules/iam-user"
  version           = "~> 6.0"
  name              = "layout-ops"
  create_access_key = false
}

module "readers" {
  source  = "mineiros-io/iam-user/aws"
  version = "~> 0.6.0"
  names   = ["layout-reader-1", "layout-reader-2"]
}
