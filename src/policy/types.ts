import type { Severity } from '../rules/types.js';
import type { FailOn } from './schema.js';

/** Overrides of one rule's defaults, as written in the policy. */
export interface RuleOverride {
  enabled?: boolean;
  severity?: Severity;
  /** Thresholds (`max_days`, `within_days`, ...). */
  thresholds: Readonly<Record<string, number>>;
}

export interface Exemption {
  /** 0-based position in `exemptions`. */
  index: number;
  users: readonly string[];
  /** `null`: every rule. */
  rules: readonly string[] | null;
  reason: string;
  /** As written in the policy. */
  expires: string;
  /** The last millisecond at which it still applies. */
  expiresAt: number;
  ticket: string | null;
  /** Line of the exemption in the policy file. */
  line: number | null;
}

export interface Policy {
  file: string;
  /** The presets it extends (`extends:`), in order; their settings are folded into `rules`. */
  presets: readonly string[];
  failOn: FailOn;
  rules: Readonly<Record<string, RuleOverride>>;
  serviceUsers: {
    users: readonly string[];
    paths: readonly string[];
    rules: Readonly<Record<string, RuleOverride>>;
  };
  exemptions: readonly Exemption[];
  /** `root.credentials: removed`: the root user's credentials were removed (centralized root access). */
  root: { credentialsRemoved: boolean };
}
