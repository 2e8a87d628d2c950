# People with console access, one block each.
resource "aws_iam_user" "carol" {
  name = "carol"
  tags = { team = "platform" }
}

resource "aws_iam_user_login_profile" "carol" {
  user = aws_iam_user.carol.name
}

resource "aws_iam_access_key" "carol" {
  user = aws_iam_user.carol.name

  lifecycle {
    ignore_changes = [status]
  }
}

resource "aws_iam_user" "erin" {
  name = "erin"

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_iam_access_key" "erin" {
  user = aws_iam_user.erin.name
}

resource "aws_iam_user_policy_attachment" "erin_readonly" {
  user       = aws_iam_user.erin.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_user" "grace" {
  name = "grace"
}

resource "aws_iam_access_key" "grace_old" {
  user = aws_iam_user.grace.name
}

resource "aws_iam_access_key" "grace_new" {
  user = aws_iam_user.grace.name
}

# A decoy: this block is commented out and must not match.
# resource "aws_iam_user" "heidi" {
#   name = "heidi"
# }
