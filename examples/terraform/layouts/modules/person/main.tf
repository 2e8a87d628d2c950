variable "name" {
  type = string
}

module "user" {
  source                        = "terraform-aws-modules/iam/aws//modules/iam-user"
  version                       = "~> 5.0"
  name                          = var.name
  create_iam_user_login_profile = false
}
