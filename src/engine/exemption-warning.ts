import { codeSpan } from '../util/code-span.js';
import type { ExemptionReport } from './types.js';

/**
 * The warning an expired or unused exemption gives (in the JSON report's `warnings`); the
 * Markdown lists these exemptions once, under "Exemptions to look at", and leaves this out.
 */
export function exemptionWarning(
  e: Pick<ExemptionReport, 'index' | 'expires' | 'status' | 'matched'> & {
    users: readonly string[];
    rules: readonly string[] | null;
  },
): string | undefined {
  const label = `exemption ${e.index + 1} (users ${e.users.map(codeSpan).join(', ')}${e.rules ? `; rules ${e.rules.join(', ')}` : ''})`;
  if (e.status === 'unused') return `${label} matched no finding: remove it from the policy.`;
  if (e.status === 'expired')
    return `${label} expired ${e.expires}${e.matched > 0 ? ` and no longer covers ${e.matched} finding${e.matched === 1 ? '' : 's'}` : ''}.`;
  return undefined;
}
