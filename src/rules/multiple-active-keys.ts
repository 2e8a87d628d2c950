import { cis } from './controls.js';
import { NONE, type UserRule } from './types.js';

export const multipleActiveKeys: UserRule = {
  meta: {
    id: 'multiple-active-keys',
    description: 'The user has two active access keys.',
    risk: 'A second active key is usually a rotation that was never finished: the old key is still live.',
    severity: 'medium',
    enabledByDefault: true,
    scope: 'user',
    settings: {},
    references: cis(null, '2.12'),
    remediation: 'Finish the rotation: deactivate and delete the key that is no longer used.',
    cli: 'aws iam list-access-keys --user-name {user}',
  },
  evaluate(row) {
    if (!row.keys[0].active || !row.keys[1].active) return NONE;
    return [{ credential: 'user', days: null, message: 'Both access keys are active.' }];
  },
};
