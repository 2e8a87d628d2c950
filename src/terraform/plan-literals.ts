// A user named by its ARN or its name written out, not by a reference: a bucket or KMS key
// policy granting `arn:aws:iam::123456789012:user/alice`, a policy document's `identifiers`, a
// `data "aws_iam_user"` reading `user_name = "alice"`. No reference to the removed address is
// left, so the re-scan finds nothing dangling, but the next apply names a principal that no
// longer exists (AWS refuses a policy with one) or a data source that finds nothing. A plan
// removing the user is manual when its folders write the user so.
import { resolve, sep } from 'node:path';
import { type Draft, type Workspace } from './draft.js';
import { statOf } from './observe.js';
import { escapeRegExp } from '../util/regexp.js';
import type { UserDefinition } from './scan.js';

/** The most of a file read by `file()` that is looked through (a policy is kilobytes). */
const READ_MAX_BYTES = 2 ** 20;

/**
 * The files a folder's `.tf` files read with `file("...")` or `templatefile("...")`, named
 * plainly (or under `${path.module}/`): a policy there may name the user too.
 */
function readFiles(ws: Workspace, dir: string): string[] {
  const out = new Set<string>();
  for (const tf of ws.files(dir)) {
    const text = ws.text(tf);
    if (!text.includes('file(')) continue;
    for (const m of text.matchAll(
      /\b(?:templatefile|file)\(\s*"(?:\$\{path\.module\}\/)?([^"$]+)"/g,
    )) {
      const path = resolve(dir, m[1] as string);
      if (!path.startsWith(`${dir}${sep}`) || /\.tf(\.json)?$/.test(path)) continue;
      try {
        const info = statOf(path);
        if (info.isFile() && info.size <= READ_MAX_BYTES) out.add(path);
      } catch {
        // not there: nothing it says
      }
    }
  }
  return [...out];
}

/** The line (1-based) of an offset. */
const lineOf = (text: string, at: number): number => text.slice(0, at).split('\n').length;

/**
 * Makes the draft manual when a file of the folders it edits or removes in writes the user's
 * ARN (`:user/alice`, under any path) or reads it with `data "aws_iam_user"`.
 */
export function checkLiteralMentions(
  ws: Workspace,
  draft: Draft,
  def: UserDefinition,
  dirs: Iterable<string>,
): void {
  const name = def.user;
  // IAM names are unique regardless of case; a name character right after it is another name
  const arn = new RegExp(`:user/(?:[^"'\\s/]*/)*${escapeRegExp(name)}(?![\\w+=,.@-])`, 'gi');
  const quoted = new RegExp(`"${escapeRegExp(name)}"`, 'i');
  // (a file that does not hold the name, in any case, is not looked at further)
  const named = new RegExp(escapeRegExp(name), 'i');
  for (const dir of new Set(dirs))
    for (const path of [...ws.files(dir), ...readFiles(ws, dir)]) {
      const text = ws.text(path);
      if (!named.test(text)) continue;
      // (an ARN in a block the plan deletes goes with it: the user's own policy, say)
      const blocks = /\.tf$/.test(path) ? ws.parse(path).blocks : [];
      const m = [...text.matchAll(arn)].find(
        (x) =>
          !blocks.some((b) => b.start <= x.index && x.index < b.end && draft.isDeleted(path, b)),
      );
      if (m)
        return draft.manual(
          `${draft.relOf(path)} writes the user's ARN (\`${m[0].slice(1)}\`): a policy naming a user that no longer exists is refused at the next apply; take it out there first`,
          draft.relOf(path),
          lineOf(text, m.index),
        );
      if (!/\.tf$/.test(path) || !text.includes('aws_iam_user')) continue;
      for (const block of ws.parse(path).blocks) {
        if (block.type !== 'data' || block.labels[0] !== 'aws_iam_user') continue;
        const a = block.attributes.find((x) => x.name === 'user_name');
        if (a && quoted.test(text.slice(a.expression.start, a.expression.end)))
          return draft.manual(
            `data.aws_iam_user.${block.labels[1] ?? ''} reads the user by name: it finds nothing once the user is gone; take it out first`,
            draft.relOf(path),
            a.line,
          );
      }
    }
}
