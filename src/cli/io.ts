/** What the CLI needs of its surroundings: injectable for tests. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The current time, epoch ms (injectable for tests). */
  clock: () => number;
  /** stdout is a terminal: `check` writes text by default. */
  isTTY?: boolean | undefined;
  /** Colour the text format: a terminal, and NO_COLOR unset (or empty). */
  color?: boolean | undefined;
  /** The repository root SARIF URIs are relative to (default: the working directory). */
  root?: string | undefined;
}
