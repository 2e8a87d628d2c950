import { RULES, type RuleMeta } from '../rules/index.js';
import type { Credential, Severity, ThresholdUnit } from '../rules/types.js';
import { remediationText, ruleText } from './remediation.js';
import type { Finding, FindingExemption, TerraformLocation } from './types.js';

const META_BY_ID: ReadonlyMap<string, RuleMeta> = new Map(RULES.map((r) => [r.meta.id, r.meta]));

/**
 * A finding as the evaluation makes it. Its whole `remediation` is written out only when read
 * (Markdown, SARIF, text, annotations): the JSON report holds its parts, and each of a big
 * report's findings would otherwise keep a long copy of its rule's text. So is its `id`, which
 * only SARIF reads (a string per finding for the whole run, else). Assigning either replaces
 * it with a plain property.
 */
export class EvaluatedFinding implements Finding {
  constructor(
    /** The account's id, or `unknown`: the start of {@link id}. */
    private readonly account: string,
    public rule: string,
    public severity: Severity,
    public user: string | null,
    public arn: string | null,
    public credential: Credential,
    public days: number | null,
    public threshold: number | null,
    public thresholdUnit: ThresholdUnit | null,
    public serviceUser: boolean,
    public failing: boolean,
    public exempted: boolean,
    public exemption: FindingExemption | null,
    public message: string,
    public advice: string | null,
    public cli: readonly number[] | null,
    public references: string[],
    public terraform: TerraformLocation[],
  ) {}

  /** `<account>/<user or "report">/<credential>/<rule>`. */
  get id(): string {
    return `${this.account}/${this.user ?? 'report'}/${this.credential}/${this.rule}`;
  }

  set id(text: string) {
    Object.defineProperty(this, 'id', { value: text, writable: true, enumerable: true });
  }

  get remediation(): string {
    return remediationText(this, ruleText(META_BY_ID.get(this.rule) as RuleMeta));
  }

  set remediation(text: string) {
    Object.defineProperty(this, 'remediation', { value: text, writable: true, enumerable: true });
  }
}
