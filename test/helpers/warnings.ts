/**
 * The warnings besides the count of user blocks whose names are not resolvable (asserted on its
 * own in test/terraform/layouts.test.ts): for tests about other warnings, whose fixtures leave
 * names unknown on purpose.
 */
export const otherWarnings = (warnings: readonly string[]): string[] =>
  warnings.filter((w) => !/ names are not resolvable statically /.test(w));
