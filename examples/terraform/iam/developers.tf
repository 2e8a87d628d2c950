locals {
  developers = toset([
    "dave",
    "judy",
  ])
  environment = "deploy"
}

resource "aws_iam_user" "developers" {
  for_each = local.developers
  name     = each.key
}

resource "aws_iam_user_login_profile" "developers" {
  for_each = aws_iam_user.developers
  user     = each.value.name
}

resource "aws_iam_user_group_membership" "developers" {
  for_each = aws_iam_user.developers
  user     = each.value.name
  groups   = ["developers"]
}

# The deploy user's name is built from a local.
resource "aws_iam_user" "deployer" {
  name = "svc-${local.environment}"
  path = "/service/"
}
