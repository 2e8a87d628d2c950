/** The project's home: rule documentation links point into it. */
export const PROJECT_URL = 'https://github.com/iam-credential-gate/iam-credential-gate';

/** Where a rule is documented: its page in docs/rules/ (generated from the rule registry). */
export const ruleDocUrl = (ruleId: string): string =>
  `${PROJECT_URL}/blob/main/docs/rules/${encodeURIComponent(ruleId)}.md`;
