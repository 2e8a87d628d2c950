# A vendored copy under .terraform/: never scanned.
resource "aws_iam_user" "walter" {
  name = "walter"
}
