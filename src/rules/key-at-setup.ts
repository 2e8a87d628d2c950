import { cis } from './controls.js';
import { NONE, type UserRule, type Violation } from './types.js';
import { isDate, type AccessKeySlot } from '../report/types.js';
import { ACCESS_KEY_TRACKING_START, formatDay, noUseRecorded } from './time.js';

export const keyAtSetup: UserRule = {
  meta: {
    id: 'key-at-setup',
    description: 'A console user got an access key at creation time that was never used.',
    risk: 'Keys handed out by default at user setup are unneeded long-lived credentials.',
    severity: 'low',
    enabledByDefault: true,
    scope: 'user',
    settings: {
      within_seconds: {
        looser: 'lower',
        default: 60,
        unit: 'seconds',
        minimum: 0,
        description: 'Fires when the key was created within this many seconds of the user.',
      },
    },
    references: cis(null, '2.10'),
    remediation:
      'Delete the unused key; create keys only when a user needs one (the terraform-aws-modules iam-user module creates one by default: set create_iam_access_key = false).',
    cli: 'aws iam delete-access-key --user-name {user} --access-key-id <id>',
  },
  evaluate(row, { settings }) {
    if (!row.passwordEnabled || !isDate(row.created)) return NONE;
    const created = row.created;
    const within = settings.within_seconds as number;
    let found: Violation[] | undefined;
    for (let i = 0; i < row.keys.length; i++) {
      const key = row.keys[i] as AccessKeySlot;
      if (!key.active || key.lastUsed !== 'N/A' || !isDate(key.lastRotated)) continue;
      if (Math.abs(key.lastRotated - created) > within * 1000) continue;
      (found ??= []).push({
        credential: i === 0 ? 'access_key_1' : 'access_key_2',
        days: null,
        message: `Access key ${i + 1} was created with the console user (${formatDay(created)}) and has ${noUseRecorded(key.lastRotated, ACCESS_KEY_TRACKING_START).replace('never used', 'never been used')}.`,
      });
    }
    return found ?? NONE;
  },
};
