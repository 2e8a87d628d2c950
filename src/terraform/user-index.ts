// The index a scan builds: the users found, by name, the blocks whose names are not known
// statically (a warning, and their templates kept as possible definitions), and the related
// blocks that name a user of another module folder (attached once every folder is resolved).
import { Lines, shareChecked } from './instances.js';
import { escapeRegExp } from '../util/regexp.js';
import type { RelatedBlock } from './related.js';
import type { PossibleDefinition, TerraformIndex, UserDefinition } from './scan.js';
import type { SyntaxNode as Node } from './syntax.js';

/** The outermost local-module call a definition is reached through (its block, for a warning). */
interface Reached {
  block: { file: string; line: number; address: string };
}

export class UserIndex {
  readonly users = new Map<string, UserDefinition[]>();
  readonly possible: PossibleDefinition[] = [];
  /** Related blocks by the user name they give (attached in `finish`). */
  readonly pendingRelated: { name: string; block: RelatedBlock }[] = [];
  /** The lines of the files whose elements an edit may remove (see instances.ts). */
  readonly lines = new Lines();
  private unresolved: { file: string; line: number; address: string; template?: string }[] = [];

  add(def: UserDefinition): void {
    const key = def.user.toLowerCase();
    const list = this.users.get(key);
    if (list) list.push(def);
    else this.users.set(key, [def]);
  }

  /**
   * A block whose user names are not known here (`-var-file` values, a variable without
   * default, `module.this.id`): counted in a warning, and its name template kept, so that a
   * report user who fits it is "possibly defined" there rather than unmanaged.
   */
  unresolvedName(
    file: string,
    line: number,
    address: string,
    nameNode: Node,
    via: Reached | undefined,
  ): void {
    const at = via ? via.block : { file, line, address };
    const pattern = namePattern(nameNode.text);
    this.unresolved.push({
      file: at.file,
      line: at.line,
      address: via ? `${via.block.address} (${file}:${line})` : address,
      ...(pattern && { template: pattern.template }),
    });
    if (pattern) this.possible.push({ ...at, template: pattern.template, pattern: pattern.test });
  }

  /** The index, once every folder is resolved: related blocks attached, the warning said. */
  finish(warnings: string[]): Pick<TerraformIndex, 'users' | 'possible' | 'warnings'> {
    for (const { name, block } of this.pendingRelated)
      for (const def of this.users.get(name) ?? [])
        if (!def.related.some((r) => r.address === block.address)) def.related.push(block);
    shareChecked([...this.users.values()].flat());
    if (this.unresolved.length > 0) {
      const shown = this.unresolved
        .slice(0, 20)
        .map((u) => `${u.file}:${u.line} (\`${u.address}\`)`);
      if (this.unresolved.length > 20) shown.push(`${this.unresolved.length - 20} more`);
      warnings.push(
        `${this.unresolved.length} IAM user block${this.unresolved.length === 1 ? "'s names are" : "s' names are"} not resolvable statically (values from -var-file, a variable without default, a computed name such as module.this.id); their users are not located: ${shown.join(', ')}`,
      );
    }
    return { users: this.users, possible: this.possible, warnings };
  }
}

/**
 * The template of a name written as `"chris-${var.cgid}"`: what is written, and a pattern of the
 * names it can make — only when enough is written (3 characters or more) to tell them.
 */
function namePattern(text: string): { template: string; test: RegExp } | undefined {
  const m = /^"((?:[^"\\]|\\.)*)"$/s.exec(text.trim());
  if (!m || !m[1]?.includes('${')) return undefined;
  const template = m[1];
  const literals = template.split(/\$\{[^{}]*\}/);
  if (literals.some((l) => /[$%]\{/.test(l)) || literals.join('').length < 3) return undefined;
  return { template, test: new RegExp(`^${literals.map(escapeRegExp).join('.+')}$`, 'i') };
}
