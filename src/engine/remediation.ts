import { isDate, type CredentialRow } from '../report/types.js';
import { codeSpan } from '../util/code-span.js';
import type { Credential, RuleMeta } from '../rules/types.js';
import { ruleDocUrl } from '../rules/docs-url.js';
import type {
  PossibleLocation,
  RuleText,
  TerraformEdit,
  TerraformFix,
  TerraformLifecycle,
  TerraformLocation,
  TerraformRelated,
} from './types.js';
import { DELETE_USER_TEMPLATES, USER, deleteUserSteps } from './delete-user.js';

/** Which Terraform blocks a rule's fix touches. */
const TARGET: Record<string, 'user' | 'access-key' | 'login-profile' | 'certificate' | undefined> =
  {
    'unused-user': 'user',
    'access-key-unused': 'access-key',
    'access-key-age': 'access-key',
    'human-access-key': 'access-key',
    'key-at-setup': 'access-key',
    'inactive-access-key': 'access-key',
    'multiple-active-keys': 'access-key',
    'password-unused': 'login-profile',
    'console-mfa': 'login-profile',
    'certificate-age': 'certificate',
  };

/** What a rule's fix removes in Terraform, if anything (the plan's target). */
export const fixTargetOf = (rule: string): (typeof TARGET)[string] => TARGET[rule];

/** Rules whose fix replaces a credential rather than removing it. */
const ROTATION = new Set(['access-key-age', 'certificate-age']);

const EDIT_VERB: Record<TerraformEdit['kind'], string> = {
  'delete-block': 'delete',
  'remove-element': 'remove the element at',
  'remove-entry': 'remove the entry at',
  'remove-json-element': 'remove the JSON element at',
  'remove-name': 'take the name out of the list at',
  'set-argument': 'set the argument at',
};

const lines = (e: TerraformEdit): string =>
  codeSpan(`${e.file}:${e.firstLine}${e.lastLine > e.firstLine ? `-${e.lastLine}` : ''}`);

/** A verified plan in words: exactly its edits, and what `terraform plan` then shows. */
function verifiedText(
  fix: TerraformFix,
  lifecycles: (TerraformLifecycle | undefined)[] = [],
): string {
  const edits = fix.edits.map((e) => {
    if (e.kind === 'set-argument') return `set ${codeSpan(e.after.trim())} at ${lines(e)}`;
    if (e.kind !== 'delete-block') return `${EDIT_VERB[e.kind]} ${lines(e)}`;
    // what the deleted lines declare: `resource "t" "n" {` → `t.n`
    const head = /^(resource|data|module|output)\s+"([^"]+)"(?:\s+"([^"]+)")?/m.exec(e.before);
    const what = head
      ? head[1] === 'resource'
        ? `${head[2]}.${head[3]}`
        : head[1] === 'data'
          ? `data.${head[2]}.${head[3]}`
          : `${head[1]} "${head[2]}"`
      : undefined;
    return `delete ${what ? `${codeSpan(what)} (${lines(e)})` : lines(e)}`;
  });
  // a block deleted whole takes its lifecycle with it: prevent_destroy guards only what stays
  const guarded = lifecycles.some((l) => l?.preventDestroy)
    ? ' (`prevent_destroy` goes with the deleted block: Terraform honours it only while the block is in the configuration)'
    : '';
  const destroys =
    fix.destroys.length > 0
      ? `\`terraform plan\` should then show ${fix.destroys.length} to destroy: ${fix.destroys.map((d) => codeSpan(d)).join(', ')}`
      : '`terraform plan` should then show nothing to destroy';
  return `verified edit plan: ${edits.join('; ')}${guarded}; ${destroys}`;
}

/** A plan that did not verify: never shown as a fix. */
const manualText = (fix: TerraformFix): string =>
  `manual: ${fix.reason ?? 'no safe edit is known'}${fix.place ? ` — ${codeSpan(`${fix.place.file}:${fix.place.line}`)}` : ''}.`;

const RELATED_TYPE = {
  'access-key': 'aws_iam_access_key',
  'login-profile': 'aws_iam_user_login_profile',
  certificate: 'aws_iam_signing_certificate',
} as const;

const at = (file: string | null, line: number | null): string =>
  file === null ? '' : ` at ${codeSpan(`${file}${line !== null ? `:${line}` : ''}`)}`;

const block = (r: { address: string; file: string | null; line: number | null }): string =>
  `${codeSpan(r.address)}${at(r.file, r.line)}`;

const APPLY = 'then run `terraform plan` and `terraform apply`.';

/**
 * `prevent_destroy = true` on what the fix destroys: Terraform refuses the plan until it is
 * taken out, so that comes first.
 */
function unprotect(lifecycles: (TerraformLifecycle | undefined)[]): string {
  const guarded = lifecycles.filter((l): l is TerraformLifecycle => l?.preventDestroy === true);
  if (guarded.length === 0) return '';
  const places = [...new Set(guarded.map((l) => `${codeSpan(`${l.file}:${l.line}`)}`))];
  return `first take \`prevent_destroy = true\` out of the \`lifecycle\` block${places.length > 1 ? 's' : ''} at ${places.join(', ')} (Terraform refuses to destroy while it is set); then `;
}

/** `ignore_changes` covers `status`: a key's status set in the .tf would change nothing. */
const ignoresStatus = (r: TerraformRelated): boolean =>
  r.lifecycle?.ignoreChanges.some((a) => a === 'status' || a === 'all') === true;

/** The way to turn keys off when their blocks tell Terraform to leave `status` alone. */
function deactivateOutside(blocks: TerraformRelated[], user: string): string {
  const places = [
    ...new Set(blocks.map((r) => `${codeSpan(`${r.lifecycle?.file}:${r.lifecycle?.line}`)}`)),
  ];
  return `To turn the key off meanwhile, deactivate it outside Terraform (${codeSpan(`aws iam update-access-key --user-name ${user} --access-key-id <id> --status Inactive`)}): the \`lifecycle\` at ${places.join(', ')} ignores \`status\`, so setting it in the .tf would change nothing, and Terraform leaves the key off`;
}

/** An instance key of an address: `"fay"` (a JSON string) or `0`. */
const KEY = String.raw`("(?:[^"\\]|\\.)*"|\d+)`;
const FIRST_KEY = new RegExp(String.raw`^\[${KEY}\]`);
const MODULE_PREFIX = new RegExp(String.raw`^(module\.[^.[]+(\[${KEY}\])?\.)+`);

/** The first instance key of an address part: `["fay"].aws_iam_user.this[0]` → `"fay"`. */
const instanceKey = (rest: string): string | undefined => FIRST_KEY.exec(rest)?.[1];

/** An address as written inside its module: `module.m["a"].aws_iam_access_key.this` → `aws_iam_access_key.this`. */
const inModule = (address: string): string => address.replace(MODULE_PREFIX, '');

/**
 * The for_each key that makes a user's instance (`aws_iam_user.ext["alice"]`, or the module
 * call's `module.people["dee"]`), as the collection holds it: it may differ from the user's
 * name (`name = "ext-${each.key}"`).
 */
function elementKey(t: TerraformLocation): string | undefined {
  const call = t.block.address;
  const key =
    (t.address.startsWith(call) ? instanceKey(t.address.slice(call.length)) : undefined) ??
    (call.endsWith(']') ? instanceKey(call.slice(call.lastIndexOf('['))) : undefined);
  return key?.startsWith('"') ? (JSON.parse(key) as string) : undefined;
}

/** `"alice"`, or `"alice" (which makes "ext-alice")` when the element is not the name. */
function quotedElement(t: TerraformLocation, user: string): string {
  const key = elementKey(t);
  return key === undefined || key === user ? `"${user}"` : `"${key}" (which makes "${user}")`;
}

/** A repeated block's address without its instance key: `x.y["amy"]` → `x.y`. */
const repeatedBlock = (address: string): string => address.slice(0, address.lastIndexOf('['));

/**
 * Credentials the report shows that no block of the user's manages: AWS refuses to delete a
 * user that still has them (DeleteConflict), unless Terraform's `force_destroy` removes them.
 */
function madeOutside(t: TerraformLocation, row: CredentialRow): string {
  if (t.forceDestroy || t.kind === 'state') return '';
  const blocks = (type: string) => t.related.filter((r) => r.type === type).length;
  const keys = row.keys.filter((k) => isDate(k.lastRotated)).length - blocks('aws_iam_access_key');
  const outside = [
    ...(keys > 0 ? [keys > 1 ? `${keys} access keys` : 'an access key'] : []),
    ...(row.passwordEnabled && blocks('aws_iam_user_login_profile') === 0
      ? ['a console password']
      : []),
    ...(row.mfaActive ? ['an MFA device'] : []),
  ];
  if (outside.length === 0) return '';
  const where =
    t.kind === 'module' || t.block.address.startsWith('module.')
      ? `the module's \`force_destroy\` input (if it has one)`
      : `\`force_destroy = true\` on ${block(t.block)}`;
  return ` The report shows ${outside.join(', ')} that no block here manages: AWS refuses to delete a user that still has them (DeleteConflict), so remove them first with the AWS CLI, or set ${where}.`;
}

/** What to remove to get rid of the user itself, for each way it can be defined. */
function removeUser(t: TerraformLocation, user: string, blocking: string): string {
  // a group's membership block lists other users too: edited, not destroyed
  const groups = t.related.filter((r) => r.type === 'aws_iam_group_membership');
  const own = t.related.filter((r) => r.type !== 'aws_iam_group_membership');
  // instances made by an element of another collection (a login profile repeated over
  // `local.console_users`): the user leaves that collection too, or the plan fails
  const elsewhere = own.filter(
    (r) => r.element && !(r.element.file === t.file && r.element.line === t.line),
  );
  const rest = own.filter((r) => !elsewhere.includes(r));
  // what goes with the user: instances keyed like it (`for_each = aws_iam_user.x`), or what a
  // module call makes; the rest names the user on its own (`user = "ben"`) and outlives it
  const withUser = rest.filter((r) => goesWith(t, r));
  const toDelete = rest.filter((r) => !withUser.includes(r));
  const first = unprotect([t.lifecycle, ...rest.map((r) => r.lifecycle)]);
  const deleteToo =
    toDelete.length > 0 ? `; delete its related blocks ${blocksOnce(toDelete)}` : '';
  const also =
    (elsewhere.length > 0
      ? `; also remove "${user}" from ${elsewhere.map((r) => `the for_each collection at ${codeSpan(`${r.element?.file}:${r.element?.line}`)} (it drives ${codeSpan(repeatedBlock(r.address))})`).join(', ')}`
      : '') +
    (groups.length > 0
      ? `; take "${user}" out of the \`users\` of ${groups.map(block).join(', ')}`
      : '');
  const instances =
    withUser.length > 0
      ? ` and its related instances ${withUser.map((r) => `${codeSpan(r.address)}`).join(', ')}`
      : '';
  // what blocks the destroy comes before the way out for a user already gone
  const stateRm = `${blocking} If the user was already deleted outside Terraform, run ${codeSpan(`terraform state rm '${t.address}'`)} instead.`;
  if (t.fix?.status === 'verified')
    return `In Terraform: ${verifiedText(t.fix, [t.lifecycle, ...t.related.map((r) => r.lifecycle)])}; ${APPLY}${stateRm}`;
  // a block of its own that cannot go as it is: the old advice (delete it) is what fails
  if (t.fix && (t.kind === 'resource' || t.kind === 'module'))
    return `In Terraform: ${manualText(t.fix)}${blocking}`;
  const manual = t.fix ? `${manualText(t.fix)} ` : '';
  switch (t.kind) {
    case 'for_each':
      return `In Terraform: ${manual}${first}remove ${quotedElement(t, user)} from the for_each collection${at(t.file, t.line)} (it drives ${block(t.block)}); that destroys ${codeSpan(t.address)}${instances}${deleteToo}${also}; ${APPLY}${stateRm}`;
    case 'count':
      return `In Terraform: ${manual}${first}remove "${user}" from the list${at(t.file, t.line)} that drives the count of ${block(t.block)}; that destroys ${codeSpan(t.address)}${instances} (later indexes shift — consider for_each)${deleteToo}${also}; ${APPLY}${stateRm}`;
    case 'module':
      return `In Terraform: ${first}delete the module call ${block(t.block)} (it defines ${codeSpan(t.address)}${t.file !== t.block.file || t.line !== t.block.line ? `, named${at(t.file, t.line)}` : ''})${deleteToo}${also}; ${APPLY}${stateRm}`;
    case 'state':
      return `In Terraform: the state has it as ${codeSpan(t.address)}${t.related.length > 0 ? `, with its related blocks ${t.related.map(block).join(', ')}` : ''}, but no .tf file scanned defines it; remove its block from the configuration, ${APPLY}${stateRm}`;
    default:
      return `In Terraform: ${first}delete ${block(t.block)}${toDelete.length > 0 ? `, with its related blocks ${blocksOnce(toDelete)}` : ''}${also}; ${APPLY}${stateRm}`;
  }
}

/**
 * Whether a related block goes when the user goes: what the same module instance makes
 * (`module.people["dee"].…`), or an instance keyed like the user (`for_each = aws_iam_user.x`).
 */
function goesWith(t: TerraformLocation, r: TerraformRelated): boolean {
  const call = t.block.address;
  if (call.startsWith('module.') && t.address.startsWith(call)) {
    const key = instanceKey(t.address.slice(call.length));
    return r.address.startsWith(key === undefined ? `${call}.` : `${call}[${key}].`);
  }
  if (t.kind === 'resource' || !t.address.endsWith(']') || !isInstance(r)) return false;
  return r.address.endsWith(t.address.slice(t.address.lastIndexOf('[')));
}

/** Blocks to delete, each once: the instances of a repeated block stand for the block. */
function blocksOnce(rs: readonly TerraformRelated[]): string {
  const seen = new Map<string, TerraformRelated>();
  for (const r of rs) {
    const address = isInstance(r) ? repeatedBlock(r.address) : r.address;
    if (!seen.has(address)) seen.set(address, { ...r, address });
  }
  return [...seen.values()].map(block).join(', ');
}

/** An instance of a block repeated with `for_each` or `count`: `x.y["alice"]`, `x.y[0]`. */
const isInstance = (r: TerraformRelated): boolean => r.address.endsWith(']');

function changeRelated(
  target: 'access-key' | 'login-profile' | 'certificate',
  t: TerraformLocation,
  credential: Credential,
  user: string,
  rule: string,
): string {
  if (ROTATION.has(rule)) {
    // a rotation makes a new credential: nothing is removed, whatever the plan would delete
    const own = t.related.filter((r) => r.type === RELATED_TYPE[target] && r.file !== null);
    if (own.length === 1 && target === 'access-key' && !t.block.address.startsWith('module.'))
      return `In Terraform: manual: rotating replaces the key rather than removing it — once the workload can take a new one, run ${codeSpan(`terraform apply -replace='${own[0]?.address}'`)} (${codeSpan(`${own[0]?.file}:${own[0]?.line}`)}).`;
  } else if (t.fix?.status === 'verified')
    return `In Terraform: ${verifiedText(
      t.fix,
      t.related.map((r) => r.lifecycle),
    )}; ${APPLY}`;
  const manual = t.fix && !ROTATION.has(rule) ? `${manualText(t.fix)} ` : '';
  const advice = changeRelatedAdvice(target, t, credential, user);
  return manual
    ? `In Terraform: ${manual}${advice.replace(/^In Terraform/, 'Where to look')}`
    : advice;
}

function changeRelatedAdvice(
  target: 'access-key' | 'login-profile' | 'certificate',
  t: TerraformLocation,
  credential: Credential,
  user: string,
): string {
  if (t.moduleCreates) {
    // the input of the module version the call selects (the index reads its `version`)
    const inputs = t.moduleCreates.inputs;
    const input =
      target === 'access-key'
        ? (inputs?.accessKey ?? 'create_iam_access_key')
        : target === 'login-profile'
          ? (inputs?.loginProfile ?? 'create_iam_user_login_profile')
          : undefined;
    if (input && t.kind === 'module')
      return `In Terraform: set ${codeSpan(`${input} = false`)} in the module call ${block(t.block)}; ${APPLY}`;
    // one call makes every instance: the input as a condition on this one
    const call = t.block.address;
    const key = call.endsWith(']') ? instanceKey(call.slice(call.lastIndexOf('['))) : undefined;
    if (input && key !== undefined)
      return `In Terraform: the module call ${codeSpan(repeatedBlock(call))}${at(t.block.file, t.block.line)} makes every instance, so turn ${codeSpan(input)} off for this one only: ${codeSpan(`${input} = ${t.kind === 'count' ? `count.index != ${key}` : `each.key != ${key}`}`)} (or take ${t.kind === 'count' ? `"${user}"` : quotedElement(t, user)} out of its ${t.kind === 'count' ? 'list' : 'for_each collection'}${at(t.file, t.line)}); ${APPLY}`;
  }
  const type = RELATED_TYPE[target];
  const all: TerraformRelated[] = t.related.filter((r) => r.type === type);
  // a block inside a local module is made for every user the module makes: not deleted there
  const shared = t.block.address.startsWith('module.')
    ? all.filter((r) => r.address.startsWith('module.'))
    : [];
  const blocks = all.filter((r) => !shared.includes(r));
  const where = `the user is ${codeSpan(t.address)}${at(t.file, t.line)}`;
  if (all.length === 0)
    return `In Terraform: ${where}, but no ${codeSpan(type)} block references it: the ${target.replace('-', ' ')} was created outside Terraform — remove it with the AWS CLI, or import it into Terraform and delete it there.`;
  if (blocks.length === 0) {
    const input =
      target === 'access-key' ? 'create_access_key' : `create_${target.replace('-', '_')}`;
    return `In Terraform (${where}): ${shared.map((r) => `${codeSpan(inModule(r.address))}${at(r.file, r.line)}`).join(', ')} ${shared.length > 1 ? 'are' : 'is'} inside the module that ${block(t.block)} calls, made for every user any call of it makes: deleting it there removes all of theirs. To remove only "${user}"'s, give the module an input that turns it off (${codeSpan(`count = var.${input} ? 1 : 0`)} on the block) and set it to false for "${user}"${target === 'access-key' ? ', or deactivate the key with the AWS CLI' : ''}; ${APPLY}`;
  }
  const slot = credential.startsWith('access_key_')
    ? ` (the report does not name key IDs: ${credential.replace('access_key_', 'key ')} is the one created on its last_rotated date)`
    : '';
  // One instance of a block that repeats over the users cannot be deleted on its own: the
  // user is left out of what the block repeats over.
  const instances = blocks.filter(isInstance);
  const single = blocks.filter((r) => !isInstance(r));
  const parts: string[] = [];
  // where `status` is ignored, setting it in the .tf is no way to turn the key off
  const ignoring = target === 'access-key' ? blocks.filter(ignoresStatus) : [];
  const turnOff = (rs: TerraformRelated[], inTerraform: string): string =>
    target === 'access-key' && !rs.some(ignoresStatus) ? inTerraform : '';
  if (single.length > 0)
    parts.push(
      `delete ${single.map(block).join(target === 'access-key' ? ' or ' : ', ')}${target === 'access-key' ? slot : ''}${turnOff(single, ', or set `status = "Inactive"` on it first')}`,
    );
  // an instance whose for_each element is known: that element is what to remove
  const placed = instances.filter((r) => r.element);
  const unplaced = instances.filter((r) => !r.element);
  const slotNote = single.length === 0 ? slot.replace(/^ \((.*)\)$/, '; $1') : '';
  for (const r of placed)
    parts.push(
      `remove "${user}" from the \`for_each\` collection at ${codeSpan(`${r.element?.file}:${r.element?.line}`)} (it drives ${codeSpan(repeatedBlock(r.address))}${at(r.file, r.line)}; that removes ${codeSpan(r.address)}${slotNote})${turnOff([r], ', or make `status` "Inactive" for this user first')}`,
    );
  if (unplaced.length > 0)
    parts.push(
      `leave "${user}" out of the \`for_each\` or \`count\` of the block${unplaced.length > 1 ? 's' : ''} ${unplaced.map((r) => `${codeSpan(repeatedBlock(r.address))}${at(r.file, r.line)}`).join(', ')} (that removes ${unplaced.map((r) => `${codeSpan(r.address)}`).join(', ')}${slotNote})${turnOff(unplaced, ', or make `status` "Inactive" for this user first')}`,
    );
  const action = parts.join('; or ');
  const outside = ignoring.length > 0 ? ` ${deactivateOutside(ignoring, user)}.` : '';
  return `In Terraform (${where}): ${unprotect(blocks.map((r) => r.lifecycle))}${action}; ${APPLY}${outside}`;
}

/** What a finding adds to its rule's remediation (see {@link remediationText}). */
export interface RemediationParts {
  advice: string | null;
  cli: readonly number[] | null;
}

const NOTHING: RemediationParts = { advice: null, cli: null };
const FIRST: readonly number[] = Object.freeze([0]);
const UNMANAGED = 'The user is not defined in the scanned Terraform (unmanaged): use the AWS CLI.';
const ORDERED =
  'AWS CLI, in this order (AWS refuses to delete a user that still has any of these: DeleteConflict):';

/**
 * The remediation of one finding, in parts: the rule's advice is its rule's (`RuleText`); the
 * finding adds where to act — the Terraform blocks when the user is managed there, else the AWS
 * CLI steps for an unmanaged user (as indexes into the rule's command templates).
 */
export function remediationFor(
  meta: RuleMeta,
  credential: Credential,
  row: CredentialRow | null,
  terraform: TerraformLocation[] | undefined,
  possible?: readonly PossibleLocation[],
): RemediationParts {
  if (!row || row.isRoot) return NOTHING;
  // not located, but a block whose name is not known here may make it: deleting a user that
  // Terraform manages by hand gets it recreated on the next apply
  if (possible && possible.length > 0) {
    const places = possible.map(
      (p) => `${p.file}:${p.line} (${codeSpan(p.address)}, named ${codeSpan(p.template)})`,
    );
    return {
      advice: `In Terraform: possibly defined at ${places.join(', ')} (name not resolvable statically): check whether that block makes "${row.user}" and change it there — a user Terraform manages, changed or deleted with the AWS CLI, is recreated on the next apply.`,
      cli: null,
    };
  }
  const target = TARGET[meta.id];
  if (terraform && terraform.length > 0 && target) {
    const steps = terraform.map((t) =>
      target === 'user'
        ? removeUser(t, row.user, madeOutside(t, row))
        : changeRelated(target, t, credential, row.user, meta.id),
    );
    const more =
      terraform.length > 1
        ? ` The name is defined in ${terraform.length} places whose account is not known: IAM user names are unique per account only, so a stack that deploys to another account defines another account's user — bind each stack folder to its account (terraform-dir \`<account id>=<folder>\`) and only this account's definitions are shown.`
        : '';
    return { advice: `${steps.join(' ')}${more}`, cli: null };
  }
  const advice = terraform ? UNMANAGED : null;
  if (target === 'user') return { advice, cli: deleteUserSteps(row) };
  // one of four: the same object for every such finding
  return meta.cli
    ? terraform
      ? UNMANAGED_FIRST
      : FIRST_ONLY
    : terraform
      ? UNMANAGED_ONLY
      : NOTHING;
}

const FIRST_ONLY: RemediationParts = Object.freeze({ advice: null, cli: FIRST });
const UNMANAGED_FIRST: RemediationParts = Object.freeze({ advice: UNMANAGED, cli: FIRST });
const UNMANAGED_ONLY: RemediationParts = Object.freeze({ advice: UNMANAGED, cli: null });

const texts = new Map<RuleMeta, RuleText>();

/** What every finding of a rule shares (the JSON report's `rules`). */
export function ruleText(meta: RuleMeta): RuleText {
  let text = texts.get(meta);
  if (!text) {
    const key = Object.keys(meta.settings)[0];
    text = {
      description: meta.description,
      remediation: meta.remediation,
      references: [...meta.references],
      ...(meta.referenceLimits && { referenceLimits: { ...meta.referenceLimits } }),
      thresholdUnit: key !== undefined ? (meta.settings[key]?.unit ?? null) : null,
      cli: TARGET[meta.id] === 'user' ? [...DELETE_USER_TEMPLATES] : meta.cli ? [meta.cli] : [],
      help: ruleDocUrl(meta.id),
    };
    texts.set(meta, text);
  }
  return text;
}

/**
 * A finding's whole remediation: its rule's, then its own advice, then its AWS CLI commands
 * (several: numbered, in order; one: with where to find the `<id>` it needs).
 */
export function remediationText(
  f: {
    user: string | null;
    credential: Credential;
    advice: string | null;
    cli: readonly number[] | null;
  },
  rule: Pick<RuleText, 'remediation' | 'cli'>,
): string {
  let text = f.advice === null ? rule.remediation : `${rule.remediation} ${f.advice}`;
  if (f.cli === null || f.user === null) return text;
  const user = f.user;
  const command = (i: number): string => (rule.cli[i] ?? '').replaceAll(USER, user);
  if (rule.cli.length > 1)
    return `${text} ${ORDERED} ${f.cli.map((i, n) => `${n + 1}. \`${command(i)}\``).join(' ')}`;
  const cli = command(f.cli[0] ?? 0);
  // The report names no key IDs: a slot is matched by its creation date.
  const key =
    cli.includes('<id>') && f.credential.startsWith('access_key_')
      ? ` (<id>: the key created on the report's ${f.credential}_last_rotated date)`
      : '';
  text += ` AWS CLI: ${codeSpan(cli)}${key}.`;
  return text;
}

/** Which blocks a rule's fix touches, read by the rule pages too (docs/rules/). */
export { TARGET };
