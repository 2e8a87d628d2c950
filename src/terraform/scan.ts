// The Terraform scan: where every IAM user is defined. The stages, each in its file:
// discover.ts lists the files, load.ts reads them, keeps those worth parsing and parses them on
// demand, modules.ts resolves the module folders (scope.ts: what their expressions see),
// definitions.ts turns a block into the users it defines, user-index.ts collects them.
import { resolve } from 'node:path';
import type { TerraformLifecycle } from '../engine/types.js';
import { assertTerraformDir } from './discover.js';
import type { DefinitionKind } from './instances.js';
import { Scanner } from './modules.js';
import { terraformParser } from './parser.js';
import type { ToggleInputs } from './registry.js';
import type { RelatedBlock } from './related.js';
import type { ScanReads } from './reads.js';
import type { Removal } from './removal.js';

export type { RelatedBlock };

export type { DefinitionKind };

/** Where one IAM user is defined. */
export interface UserDefinition {
  user: string;
  /** The string that names the user: the `name = "..."` value or the for_each element/key. */
  file: string;
  line: number;
  address: string;
  kind: DefinitionKind;
  /** The resource (or module call) block. */
  block: { file: string; line: number; address: string };
  related: RelatedBlock[];
  /**
   * For the terraform-aws-modules iam-user module: whether it creates a key / login profile,
   * and the inputs that turn them off in the version the call's `version` selects.
   */
  moduleCreates?: { accessKey: boolean; loginProfile: boolean; inputs?: ToggleInputs };
  /** The `aws_iam_user` resource's lifecycle, when it changes the fix. */
  lifecycle?: TerraformLifecycle;
  /** `force_destroy = true` (or the module input): credentials made outside do not block the destroy. */
  forceDestroy?: true;
  /** The root module folder the definition is reached from (as findings show paths; `.` for the working directory). */
  root: string;
  /** What to remove to make this instance go away, when it is not its own block (see removal.ts). */
  removal?: Removal;
}

/** A block whose user names are not known statically, but whose name template is. */
export interface PossibleDefinition {
  file: string;
  line: number;
  /** The block (or the outermost module call it is reached through). */
  address: string;
  /** The name as written: `chris-${var.cgid}`. */
  template: string;
  /** Matches the user names the template can make (case aside, as IAM compares them). */
  pattern: RegExp;
}

export interface TerraformIndex {
  /** By lower-cased user name (IAM names are unique regardless of case). */
  users: Map<string, UserDefinition[]>;
  /** Blocks that may define users the index could not name (see PossibleDefinition). */
  possible: PossibleDefinition[];
  warnings: string[];
  filesScanned: number;
  filesParsed: number;
  /** Of those, the files outlined and the parses run: the rest came from the parse cache. */
  filesOutlined: number;
  parses: number;
  /** Sets of plain blocks read from the text (plain-blocks.ts): neither parsed nor cached. */
  plainReads: number;
  /**
   * What the scan read (listings, and what each file was found to be): given as the `reads`
   * option to a later scan of the same files in the same run, it spares listing, reading and
   * outlining them again. Only while the files on disk have not changed since.
   */
  reads?: ScanReads;
}

export { RELATED_TYPES } from './related-types.js';
export { MAX_MODULE_INSTANCES } from './modules.js';
export { listTerraformFiles, TERRAFORM_FILE_MAX_BYTES } from './discover.js';
export { ScanReads } from './reads.js';

/** How a scan runs (see load.ts). */
export interface ScanOptions {
  /** Parse every file whole (the index is the same; what the prefilter is tested against). */
  wholeFiles?: boolean;
  /** A folder where parsed trees are kept across runs (created if missing). */
  cacheDir?: string | undefined;
  /** Texts that stand in for files on disk (by absolute path): a fix plan's edits, checked. */
  overlay?: ReadonlyMap<string, string> | undefined;
  /**
   * What an earlier scan of the same files read (its index's `reads`): the folders it listed
   * are not listed again, the files it read (but those of the overlay) not read or outlined
   * again. Only while the files on disk are those it read (an edit plan's verification).
   */
  reads?: ScanReads | undefined;
}

/** Scans Terraform directories and finds where every IAM user is defined. */
export async function scanTerraform(
  roots: readonly string[],
  cwd: string = process.cwd(),
  options: ScanOptions = {},
): Promise<TerraformIndex> {
  // Asked for first, awaited after the reading: web-tree-sitter's start (an `import()`, then
  // the WebAssembly's instances) only goes on once the synchronous reading below is done.
  const loading = terraformParser();
  loading.catch(() => undefined); // awaited below, after the reading
  const scanner = new Scanner(cwd, options);
  const dirs = roots.map((root) => resolve(cwd, root));
  // every root first: a link from one scanned folder into another is followed
  for (const dir of dirs) {
    assertTerraformDir(dir);
    scanner.addRoot(dir);
  }
  for (const dir of dirs) scanner.addFolder(dir, true);
  await scanner.run(await loading);
  scanner.finish();
  return scanner.result();
}
