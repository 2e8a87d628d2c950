import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes local modules nested `levels` deep under `root`, each called with `for_each` over
 * `width` keys and passing `name = "<parent's name>-<key>"` down; the innermost defines one
 * `aws_iam_user` named after it. `levels` of `width` are width^levels users.
 */
export function writeModuleFan(root: string, levels: number, width: number): void {
  const keys = JSON.stringify(Array.from({ length: width }, (_, i) => `k${i}`));
  let dir = root;
  for (let level = 0; level < levels; level++) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'main.tf'),
      `variable "name" {\n  default = "root"\n}\nmodule "m" {\n  source   = "./next"\n  for_each = toset(${keys})\n  name     = "\${var.name}-\${each.key}"\n}\n`,
    );
    dir = join(dir, 'next');
  }
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'main.tf'),
    'variable "name" {\n  default = "x"\n}\nresource "aws_iam_user" "u" {\n  name = var.name\n}\n',
  );
}
