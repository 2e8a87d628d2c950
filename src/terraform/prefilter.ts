// What the scan's prefilter looks for in a file's text before it outlines or parses any of it
// (load.ts): a resource of a type a user's definition needs, a module call, a literal local
// module source; and the top-level blocks it then hands to the parser.
import { USER_RESOURCE_TYPES } from './resource-types.js';

export const MODULE_BLOCK = /(^|\n)\s*module\s+"/;
/** The same in Terraform's JSON syntax: a top-level `"module": {`. */
export const MODULE_KEY = /"module"\s*:/;

const typeNames = [...USER_RESOURCE_TYPES].join('|');
/**
 * A `resource` of a type a user's definition needs, as it can be written (comments or blanks
 * between the keyword and the type, the type quoted or not): a file without this is not parsed
 * for users. More than is there (it matches in strings and comments): the outline decides.
 */
export const USER_RESOURCE = new RegExp(
  String.raw`resource(?:\s|/\*[\s\S]*?\*/|#[^\n]*\n|//[^\n]*\n)*"?(?:${typeNames})\b`,
);
/** The same in Terraform's JSON syntax: the type as a key. */
export const USER_RESOURCE_KEY = new RegExp(String.raw`"(?:${typeNames})"\s*:`);
/** `source = "./path"` (or `../`) on a line of its own: a literal local module source. */
export const LOCAL_SOURCE = /^[ \t]*source[ \t]*=[ \t]*"(\.\.?\/[^"\\$%\n]*)"[ \t]*\r?$/m;
/** Any `module` word: a file without it calls no module. */
export const MODULE_WORD = /\bmodule\b/;

/**
 * The top-level blocks the scan reads (scan.ts): users and what belongs to them, module calls,
 * and the locals and variables a reference may need. The others are never parsed.
 */
export function isNeededBlock(type: string, labels: readonly string[]): boolean {
  return type === 'resource'
    ? USER_RESOURCE_TYPES.has(labels[0] ?? '')
    : type === 'module' || type === 'locals' || type === 'variable';
}
