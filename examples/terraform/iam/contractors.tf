variable "contractors" {
  description = "Contractors with console access, by user name."
  type        = map(object({ team = string }))
  default = {
    peggy = {
      team = "data"
    }
    "mallory" = {
      team = "security"
    }
  }
}

resource "aws_iam_user" "contractors" {
  for_each = var.contractors
  name     = each.key
  tags     = { team = each.value.team }
}

variable "ci_users" {
  type    = list(string)
  default = ["ci-deployer"]
}

resource "aws_iam_user" "ci" {
  count = length(var.ci_users)
  name  = var.ci_users[count.index]
}

resource "aws_iam_access_key" "ci" {
  count = length(var.ci_users)
  user  = aws_iam_user.ci[count.index].name
}

variable "bootstrap_script" {
  description = "A heredoc that merely mentions a user resource: a decoy."
  type        = string
  default     = <<-EOT
    resource "aws_iam_user" "ivan" {
      name = "ivan"
    }
  EOT
}

output "note" {
  value = "aws_iam_user \"ivan\" is not managed here"
}
