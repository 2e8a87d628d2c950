// The resource types a file must hold for the Terraform scan to parse it.

import { RELATED_TYPES } from './related-types.js';

export { RELATED_TYPES };

/**
 * Every resource type a file must hold (as the first label of a top-level `resource` block)
 * to be parsed for users: the user and every type that belongs to one (related-types.ts).
 */
export const USER_RESOURCE_TYPES: ReadonlySet<string> = new Set(['aws_iam_user', ...RELATED_TYPES]);
