variable "names" {
  type = list(string)
}

resource "aws_iam_user" "member" {
  for_each = toset(var.names)
  name     = each.value
}
