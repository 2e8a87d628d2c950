import * as core from '@actions/core';
import type { Finding, GateReport } from '../engine/types.js';
import { plainText } from '../render/escape.js';
import { info } from './log.js';

/**
 * GitHub shows at most 10 error and 10 warning annotations of a step (and 50 of a job); the rest
 * are dropped without a word. The action spends them on purpose: the verdict first, then the most
 * severe failing findings as errors; as warnings what weakens the gate (policy), the report's own
 * warnings, then the most severe findings that do not fail. One warning is kept for the steps
 * that may warn later (the PR comment). Exempted findings are never annotated.
 */
export const ERRORS_PER_STEP = 10;
export const WARNINGS_PER_STEP = 10;
/** Warnings left for what runs after the annotations (the comment step's 403, say). */
const WARNINGS_KEPT = 1;

export type Annotation = {
  kind: 'error' | 'warning' | 'notice';
  text: string;
  properties: core.AnnotationProperties;
};

export interface AnnotationPlan {
  /** In the order they are issued: the verdict first. */
  annotations: Annotation[];
  /** What is not annotated, for the log line. */
  left: { failing: number; other: number; exempted: number; warnings: number };
  shown: { failing: number; other: number };
  /** The findings went on a check run instead (see check-run.ts). */
  checkRun?: CheckRunAnnotations | undefined;
}

/** What a check run carried: then no finding is annotated with a workflow command. */
export interface CheckRunAnnotations {
  annotated: number;
  total: number;
  url: string | undefined;
}

/** The verdict line of a report (the step's failure message too). */
export const verdictLine = (report: GateReport): string =>
  `IAM credential gate ${report.passed ? 'passed' : 'failed'}: ${report.summary.failing} failing of ${report.summary.findings} findings (fail_on ${report.policy.failOn}).`;

/** Which annotations to issue, within GitHub's limits, most important first. */
export function planAnnotations(
  report: GateReport,
  checkRun?: CheckRunAnnotations,
): AnnotationPlan {
  const verdict: Annotation = {
    kind: report.passed ? 'notice' : 'error',
    text: verdictLine(report),
    properties: {},
  };
  const onCheckRun = (f: Finding) => checkRun === undefined || f.exempted;
  const failing = report.findings.filter((f) => f.failing && onCheckRun(f));
  const other = report.findings.filter((f) => !f.failing && !f.exempted && onCheckRun(f));
  const exempted = report.summary.exempted;
  // findings are sorted by severity already (most severe first)
  const errors = failing.slice(0, ERRORS_PER_STEP - (verdict.kind === 'error' ? 1 : 0));
  const notes: Annotation[] = [
    ...(report.policyWarnings ?? []).map((w) => ({
      kind: 'warning' as const,
      text: w.message,
      properties: { title: 'iam-credential-gate: the policy weakens the gate' },
    })),
    ...report.warnings.map((w) => ({
      kind: 'warning' as const,
      text: w,
      properties: { title: 'iam-credential-gate' },
    })),
  ];
  const budget = WARNINGS_PER_STEP - WARNINGS_KEPT;
  const shownNotes = notes.slice(0, budget);
  const warnings = other.slice(0, budget - shownNotes.length);
  return {
    annotations: [
      verdict,
      ...errors.map((f) => ({ kind: 'error' as const, ...annotation(f) })),
      ...shownNotes,
      ...warnings.map((f) => ({ kind: 'warning' as const, ...annotation(f) })),
    ],
    shown: { failing: errors.length, other: warnings.length },
    checkRun,
    left: {
      failing: failing.length - errors.length,
      other: other.length - warnings.length,
      exempted,
      warnings: notes.length - shownNotes.length,
    },
  };
}

/** What the log says of the annotations: what is shown, and honestly what is not. */
export function annotationSummary(plan: AnnotationPlan): string {
  const { shown, left, checkRun } = plan;
  if (checkRun)
    return `Annotated the verdict here, and ${checkRun.annotated} of ${checkRun.total} finding(s) that are not exempted on the check run${checkRun.url ? ` ${checkRun.url}` : ''}${left.warnings > 0 ? `; ${left.warnings} warning(s) not annotated` : ''} — every one is in the job summary and the JSON report.`;
  const hidden = [
    left.failing > 0 && `${left.failing} failing finding(s)`,
    left.other > 0 && `${left.other} other finding(s)`,
    left.exempted > 0 && `${left.exempted} exempted finding(s)`,
    left.warnings > 0 && `${left.warnings} warning(s)`,
  ].filter(Boolean);
  return `Annotated the verdict, ${shown.failing} failing finding(s) as errors and ${shown.other} other finding(s) as warnings (GitHub shows ${ERRORS_PER_STEP} errors and ${WARNINGS_PER_STEP} warnings per step)${hidden.length > 0 ? `; not annotated: ${hidden.join(', ')} — every one is in the job summary and the JSON report` : ''}.`;
}

/**
 * The workflow command of each kind. Named, not `core[kind]`: a computed use of the namespace
 * keeps every export of @actions/core in the bundle, `getIDToken` too, and with it undici
 * (400 KiB compiled on every start of the action).
 */
const ISSUE = { error: core.error, warning: core.warning, notice: core.notice } as const;

/** Issues the plan as workflow commands, then the log line. */
export function annotate(report: GateReport, checkRun?: CheckRunAnnotations): AnnotationPlan {
  const plan = planAnnotations(report, checkRun);
  for (const a of plan.annotations) ISSUE[a.kind](a.text, a.properties);
  info(annotationSummary(plan)); // the URL comes from the API
  return plan;
}

/** A finding as an annotation: plain text on one line (the toolkit escapes `%`, CR and LF too). */
export function annotation(f: Finding): {
  text: string;
  properties: core.AnnotationProperties;
} {
  const where = f.terraform[0];
  return {
    text: plainText(
      `${f.message}${f.exempted ? ` Exempted: ${f.exemption?.reason}.` : ''} ${f.remediation}`,
    ),
    properties: {
      title: plainText(`${f.rule}${f.user ? `: ${f.user}` : ''} (${f.severity})`),
      ...(where?.file && { file: where.file }),
      ...(where?.file && where.line !== null && { startLine: where.line }),
    },
  };
}
