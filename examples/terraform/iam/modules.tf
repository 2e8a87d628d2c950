# A registry module: creates the user, a login profile and an access key by default.
module "bob" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-user"
  version = "~> 5.0"

  name                          = "bob"
  create_iam_user_login_profile = true
  create_iam_access_key         = false
}

# A local module for machine users.
module "batch_runner" {
  source = "../modules/service-user"
  name   = "batch-runner"
}
