// What an edit plan removes to make one user instance go away: the contract between the index
// (which knows where each instance's collection element is written) and the planner (which turns
// it into edits and verifies them).

/** A span of a file's text. Offsets are indexes into the file's text as decoded (UTF-16 units). */
export interface SourceSpan {
  /** The file as findings show it (relative to the working directory, `/` separators). */
  file: string;
  start: number;
  end: number;
  /** 1-based lines of `start` and of the last character before `end`. */
  line: number;
  endLine: number;
}

/**
 * The smallest piece of source whose removal removes exactly this user instance and nothing
 * else, as the index saw it:
 * - `element`: an element of a list/tuple/set literal (HCL, a `.tfvars`, a JSON or YAML file);
 * - `entry`: an entry of a map/object literal, from its key through its value;
 * - `manual`: no safe edit is known (the value is computed, comes from `-var-file`, ...): why,
 *   and the place the engineer must look at.
 * A definition with no `removal` is its own block (a resource, or a module call), which the
 * planner deletes whole.
 */
export type Removal =
  | {
      kind: 'element' | 'entry';
      syntax: 'hcl' | 'json' | 'yaml';
      span: SourceSpan;
      /** The enclosing list or map literal (its brackets included). */
      container: SourceSpan;
    }
  | { kind: 'manual'; reason: string; file: string; line: number };
