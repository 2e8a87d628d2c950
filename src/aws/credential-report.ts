import {
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  IAMClient,
  type IAMClientConfig,
} from '@aws-sdk/client-iam';
import { InputError } from '../errors.js';
import { boundedClientConfig, createDeadline, MAX_ATTEMPT_TIMEOUT_MS } from './bounded.js';

/** The slice of IAMClient this module uses, so tests can hand in a mocked client. */
export type IamSender = Pick<IAMClient, 'send'>;

export interface FetchReportOptions {
  client: IamSender;
  /** Bound on the whole fetch, generation included. */
  maxWaitMs: number;
  sleep?: (ms: number) => Promise<void>;
  clock?: () => number;
  /** Progress lines (state changes, retries). */
  log?: (message: string) => void;
  /** For messages: where the requests go. */
  endpoint?: string | undefined;
  /** For messages: the client's per-attempt timeout. */
  attemptTimeoutMs?: number | undefined;
  /** For messages: the input that set `maxWaitMs`, and how to raise it (default max-wait-seconds). */
  bound?: { name: string; hint: string } | undefined;
}

export interface FetchedReport {
  /** The CSV exactly as served (the decoded `Content`). */
  content: Buffer;
  generatedAt: Date;
  /** API calls made, for the benchmark. */
  calls: number;
}

const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 4_000;

const NOT_READY = new Set(['CredentialReportNotReadyException', 'ReportInProgress']);
const NOT_PRESENT = new Set(['CredentialReportNotPresentException', 'ReportNotPresent']);
const EXPIRED = new Set(['CredentialReportExpiredException', 'ReportExpired']);
const LIMIT = new Set([
  'LimitExceededException',
  'LimitExceeded',
  'ReportGenerationLimitExceededException',
]);
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'ServiceFailureException',
  'ServiceFailure',
  'ServiceUnavailable',
  'InternalFailure',
]);
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation']);
const BAD_CREDENTIALS = new Set([
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
]);
const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
]);

interface AwsError extends Error {
  Code?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
}

const nameOf = (error: unknown): string => {
  const e = error as AwsError;
  return e?.Code ?? e?.name ?? '';
};

type Kind = 'not-ready' | 'gone' | 'throttled' | 'denied' | 'credentials' | 'network' | 'other';

function classify(error: unknown): Kind {
  const e = error as AwsError;
  const name = nameOf(error);
  // LimitExceeded: another report generation is under way; poll like a report in progress.
  if (NOT_READY.has(name) || LIMIT.has(name)) return 'not-ready';
  if (NOT_PRESENT.has(name) || EXPIRED.has(name)) return 'gone';
  if (DENIED.has(name)) return 'denied';
  if (BAD_CREDENTIALS.has(name) || name === 'CredentialsProviderError') return 'credentials';
  if (THROTTLED.has(name) || (e?.$metadata?.httpStatusCode ?? 0) >= 500) return 'throttled';
  if (
    NETWORK.has(e?.code ?? '') ||
    name === 'TimeoutError' ||
    NETWORK.has((e?.cause as AwsError)?.code ?? '')
  )
    return 'network';
  return 'other';
}

function permissionError(action: string, error: unknown): InputError {
  return new InputError(
    `AWS denied ${action}: ${(error as Error).message}`,
    {},
    `grant the job's role "${action}" (the gate needs only iam:GenerateCredentialReport and iam:GetCredentialReport on "*"); see the least-privilege policy in the README`,
  );
}

function credentialsError(error: unknown): InputError {
  return new InputError(
    `no usable AWS credentials: ${(error as Error).message}`,
    {},
    'in GitHub Actions, add a step `uses: aws-actions/configure-aws-credentials@v4` with `role-to-assume` and give the job `permissions: id-token: write`; or pass a report file instead (`report` input / --report)',
  );
}

const MAX_WAIT = 'max-wait-seconds';
const MAX_WAIT_HINT =
  'raise max-wait-seconds, or try again later: AWS allows one report generation at a time per account';

/**
 * Generates the credential report, polls until it is COMPLETE with a growing back-off, and
 * downloads it, all within `maxWaitMs`: every request carries the deadline's abort signal, and
 * each attempt has the client's own timeout (see {@link createIamClient}); throttling, 5xx and
 * network faults are retried by the SDK (standard retry), not here. Fails closed: every error is
 * an {@link InputError}, never an empty report.
 */
export async function fetchCredentialReport(options: FetchReportOptions): Promise<FetchedReport> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const clock = options.clock ?? Date.now;
  const log = options.log ?? (() => undefined);
  const deadline = clock() + options.maxWaitMs;
  const boundName = options.bound?.name ?? MAX_WAIT;
  const boundHint = options.bound?.hint ?? MAX_WAIT_HINT;
  const bound = createDeadline(options.maxWaitMs, boundName, boundHint);
  let delay = FIRST_DELAY_MS;
  let calls = 0;

  const wait = async (why: string): Promise<void> => {
    const left = deadline - clock();
    if (left <= 0)
      throw new InputError(
        `the credential report was not ready within the ${Math.round(options.maxWaitMs / 1000)} s bound of ${boundName} (last: ${why})`,
        {},
        boundHint,
      );
    const ms = Math.min(delay, left);
    log(`${why}; retrying in ${ms} ms`);
    await sleep(ms);
    delay = Math.min(delay * 2, MAX_DELAY_MS);
  };

  const failed = (action: string, error: unknown): InputError | undefined => {
    switch (classify(error)) {
      case 'denied':
        return permissionError(action, error);
      case 'credentials':
        return credentialsError(error);
      case 'network':
        return new InputError(
          `${describeRetry(error, options.endpoint, options.attemptTimeoutMs)} (${action}${attempts(error)})`,
          {},
          'check the network, or AWS_ENDPOINT_URL_IAM / AWS_ENDPOINT_URL if you set one',
        );
      case 'throttled':
        return new InputError(
          `IAM kept refusing ${action}: ${nameOf(error) || 'error'}: ${(error as Error).message} (after the SDK's retries${attempts(error)})`,
          {},
          'try again later; other jobs of the account may be calling IAM at the same time',
        );
      case 'other':
        return new InputError(
          `${action} failed: ${nameOf(error) || 'error'}: ${(error as Error).message}`,
        );
      default:
        return undefined;
    }
  };

  try {
    for (;;) {
      // 1. Ask for a report until AWS says one is COMPLETE (within 4 hours it returns the last one).
      let state: string | undefined;
      const generate = 'iam:GenerateCredentialReport';
      try {
        calls++;
        state = (
          await bound.run(generate, (abortSignal) =>
            options.client.send(new GenerateCredentialReportCommand({}), { abortSignal }),
          )
        ).State;
      } catch (error) {
        if (error instanceof InputError) throw error;
        const fatal = failed(generate, error);
        if (fatal) throw fatal;
        await wait(describeRetry(error, options.endpoint));
        continue;
      }
      if (state !== 'COMPLETE') {
        await wait(`report generation ${state ?? 'state unknown'}`);
        continue;
      }
      // 2. Download it.
      const get = 'iam:GetCredentialReport';
      try {
        calls++;
        const out = await bound.run(get, (abortSignal) =>
          options.client.send(new GetCredentialReportCommand({}), { abortSignal }),
        );
        if (!out.Content || out.Content.length === 0)
          throw new InputError(
            'GetCredentialReport returned an empty report',
            {},
            'try again; an empty report is never evaluated',
          );
        if (out.ReportFormat && out.ReportFormat !== 'text/csv')
          throw new InputError(
            `GetCredentialReport returned a report in ${out.ReportFormat}, not text/csv`,
          );
        if (!out.GeneratedTime)
          throw new InputError(
            'GetCredentialReport returned no GeneratedTime; the report age cannot be judged',
          );
        return { content: Buffer.from(out.Content), generatedAt: out.GeneratedTime, calls };
      } catch (error) {
        if (error instanceof InputError) throw error;
        const kind = classify(error);
        const fatal = failed(get, error);
        if (fatal) throw fatal;
        // not ready: poll again; gone (not present / expired): generate again.
        await wait(
          kind === 'gone'
            ? `report ${nameOf(error)}, generating a new one`
            : describeRetry(error, options.endpoint),
        );
      }
    }
  } finally {
    bound.dispose();
  }
}

/** `, 3 attempts`: how often the SDK tried, when it says. */
const attempts = (error: unknown): string => {
  const n = (error as { $metadata?: { attempts?: number } })?.$metadata?.attempts;
  return n ? `, ${n} attempt${n === 1 ? '' : 's'}` : '';
};

function describeRetry(error: unknown, endpoint: string | undefined, attemptMs?: number): string {
  const kind = classify(error);
  const at = endpoint ? ` at ${endpoint}` : '';
  if (kind === 'network' && nameOf(error) === 'TimeoutError')
    return `IAM${at} did not answer within the per-attempt timeout${attemptMs ? ` of ${attemptMs / 1000} s` : ''}`;
  if (kind === 'network')
    return `cannot reach IAM${at}: ${(error as AwsError).code ?? (error as Error).message}`;
  if (kind === 'not-ready') return `report still in progress (${nameOf(error)})`;
  return `${nameOf(error) || 'error'}: ${(error as Error).message}`;
}

/**
 * An IAM client from the SDK's default credential chain, each attempt bounded by `attemptMs`
 * (see {@link boundedClientConfig}). The SDK itself honours AWS_ENDPOINT_URL_IAM /
 * AWS_ENDPOINT_URL.
 */
export function createIamClient(
  env: NodeJS.ProcessEnv = process.env,
  attemptMs: number = MAX_ATTEMPT_TIMEOUT_MS,
  /** An assumed role's credentials and retry (see assume-role.ts), instead of the default chain's. */
  overrides: Pick<IAMClientConfig, 'credentials' | 'retryMode' | 'maxAttempts'> = {},
): IAMClient {
  return new IAMClient({ ...boundedClientConfig(env, attemptMs), ...overrides });
}

export const iamEndpoint = (env: NodeJS.ProcessEnv = process.env): string | undefined =>
  env.AWS_ENDPOINT_URL_IAM || env.AWS_ENDPOINT_URL || undefined;
