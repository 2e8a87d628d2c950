/** Where in an input file a problem sits. Every field is optional: say as much as is known. */
export interface InputPlace {
  file?: string;
  /** 1-based line in the file. */
  line?: number;
  /** 1-based column in the file. */
  column?: number;
  /** 1-based data row of a CSV (the header is not a row). */
  row?: number;
  /** CSV column name. */
  field?: string;
  /** JSON path in a policy, e.g. `rules.access-key-unused.max_days`. */
  path?: string;
}

/**
 * Bad input (unreadable file, malformed report, invalid policy, AWS error). Adapters turn it
 * into exit code 2; it is never a pass.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly place: InputPlace;
  readonly hint: string | undefined;

  constructor(message: string, place: InputPlace = {}, hint?: string) {
    super(message);
    this.place = place;
    this.hint = hint;
  }

  /** `file:line:column: message` (or `file: row 3, column "x": message`) plus the hint. */
  describe(): string {
    const { file, line, column, row, field, path } = this.place;
    const where: string[] = [];
    if (file !== undefined) {
      let head = file;
      if (line !== undefined) head += `:${line}${column !== undefined ? `:${column}` : ''}`;
      where.push(head);
    }
    const inner: string[] = [];
    if (row !== undefined) inner.push(`row ${row}`);
    if (field !== undefined) inner.push(`column "${field}"`);
    if (path !== undefined) inner.push(`at ${path}`);
    let text = where.join('');
    if (inner.length > 0) text += `${text ? ' ' : ''}(${inner.join(', ')})`;
    text += `${text ? ': ' : ''}${this.message}`;
    if (this.hint) text += `\n  hint: ${this.hint}`;
    return text;
  }
}

/** Several input errors found in one pass (for example every schema error of a policy). */
export class InputErrors extends InputError {
  readonly errors: readonly InputError[];
  constructor(errors: readonly InputError[]) {
    super(errors.map((e) => e.message).join('; '), errors[0]?.place ?? {});
    this.errors = errors;
  }
  override describe(): string {
    return this.errors.map((e) => e.describe()).join('\n');
  }
}

export function isInputError(error: unknown): error is InputError {
  return error instanceof InputError;
}
