// The account hints of a root folder's AWS provider blocks (see accounts.ts): read from its
// files with the HCL parser, so loaded only when a folder's hints are not kept already.
import { join } from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { accountOfArn, type AccountOwner } from './accounts.js';
import { TERRAFORM_FILE_MAX_BYTES, isJsonSyntax } from './discover.js';
import {
  asString,
  attributesOf,
  blocksOf,
  evaluate,
  topLevelBlocks,
  type Block,
  type Scope,
} from './hcl.js';
import { namesOf, textOf } from './observe.js';
import { snapshot, SyntaxTree } from './syntax.js';

/**
 * The accounts the AWS provider blocks of a root folder (its own .tf and .tf.json files, not
 * its subfolders) are tied to: `allowed_account_ids` and the account of
 * `assume_role { role_arn }` (or `assume_role_with_web_identity`). Values that are not written
 * out (a variable) give no hint. Undefined when the default (unaliased) provider says none;
 * an aliased provider's account is added to the default one's.
 */
export function providerHints(dir: string, root: string, parser: Parser): AccountOwner | undefined {
  let names: string[];
  try {
    names = namesOf(dir).sort();
  } catch {
    return undefined;
  }
  const accounts = new Set<string>();
  const why: string[] = [];
  let defaultSays = false;
  for (const name of names) {
    if (!name.endsWith('.tf') && !isJsonSyntax(name)) continue;
    let text: string;
    try {
      text = textOf(join(dir, name));
    } catch {
      continue;
    }
    if (text.length > TERRAFORM_FILE_MAX_BYTES || !/\bprovider\b/.test(text)) continue;
    const file = root === '.' ? name : `${root}/${name}`;
    const found = isJsonSyntax(name) ? jsonProviderHints(text) : hclProviderHints(text, parser);
    for (const hint of found) {
      if (!hint.aliased) defaultSays = true;
      for (const a of hint.accounts) accounts.add(a);
      why.push(`${hint.kind} in ${file}${hint.line ? `:${hint.line}` : ''}`);
    }
  }
  // IAM users are made with the default provider: when it says no account, neither can an
  // aliased one (`provider = aws.dns`) say the stack's
  return defaultSays ? { accounts, why: why.join(', ') } : undefined;
}

interface Hint {
  kind: 'allowed_account_ids' | 'assume_role';
  accounts: string[];
  line: number;
  /** Of an aliased provider (`alias = "..."`), not the default one. */
  aliased: boolean;
}

const ACCOUNT_ID = /^\d{12}$/;
const ROLE_BLOCKS = new Set(['assume_role', 'assume_role_with_web_identity']);

function hclProviderHints(text: string, parser: Parser): Hint[] {
  const tree = parser.parse(text);
  if (!tree) return [];
  let syntax: SyntaxTree;
  try {
    const types = parser.language?.types ?? [];
    syntax = new SyntaxTree(text, snapshot(tree, text, types), types);
  } finally {
    tree.delete();
  }
  const scope: Scope = { file: '', local: () => undefined, variable: () => undefined };
  const hints: Hint[] = [];
  const providers = topLevelBlocks(syntax).filter(
    (b: Block) => b.type === 'provider' && b.labels[0] === 'aws',
  );
  for (const provider of providers) {
    const attrs = attributesOf(provider.body);
    const aliased = attrs.has('alias');
    const allowed = evaluate(attrs.get('allowed_account_ids'), scope);
    if (allowed?.kind === 'list') {
      const ids = allowed.items
        .map((v) => asString(v))
        .filter((v): v is string => v !== undefined && ACCOUNT_ID.test(v));
      if (ids.length > 0)
        hints.push({ kind: 'allowed_account_ids', accounts: ids, line: provider.line, aliased });
    }
    for (const role of blocksOf(provider.body).filter((b) => ROLE_BLOCKS.has(b.type))) {
      const account = accountOfArn(
        asString(evaluate(attributesOf(role.body).get('role_arn'), scope)),
      );
      if (account)
        hints.push({ kind: 'assume_role', accounts: [account], line: role.line, aliased });
    }
  }
  return hints;
}

/** The same hints in Terraform's JSON syntax: `{"provider": {"aws": {...} | [{...}]}}`. */
function jsonProviderHints(text: string): Hint[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return []; // the scan warns about a broken file
  }
  const aws = (data as { provider?: { aws?: unknown } } | null)?.provider?.aws;
  const hints: Hint[] = [];
  for (const p of Array.isArray(aws) ? aws : aws ? [aws] : []) {
    const provider = p as { allowed_account_ids?: unknown; [k: string]: unknown };
    const aliased = provider.alias !== undefined;
    if (Array.isArray(provider.allowed_account_ids)) {
      const ids = provider.allowed_account_ids.filter(
        (v): v is string => typeof v === 'string' && ACCOUNT_ID.test(v),
      );
      if (ids.length > 0)
        hints.push({ kind: 'allowed_account_ids', accounts: ids, line: 0, aliased });
    }
    for (const key of ROLE_BLOCKS)
      for (const role of [provider[key]].flat()) {
        const account = accountOfArn(
          (role as { role_arn?: unknown } | undefined)?.role_arn as string,
        );
        if (account) hints.push({ kind: 'assume_role', accounts: [account], line: 0, aliased });
      }
  }
  return hints;
}
