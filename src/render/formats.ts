/** The output formats (their renderers are loaded only when asked for: see cli/check.ts). */
export const FORMATS = ['markdown', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];
