variable "name" {
  type = string
}

resource "aws_iam_user" "this" {
  name = var.name
  path = "/service/"
}

resource "aws_iam_access_key" "this" {
  user = aws_iam_user.this.name
}
