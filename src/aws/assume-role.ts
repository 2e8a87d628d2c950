import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { InputError } from '../errors.js';
import { boundedClientConfig, type Deadline } from './bounded.js';

/** What a job assumes in each account: `arn:aws:iam::{account}:role/iam-credential-gate`. */
export const ACCOUNT_PLACEHOLDER = '{account}';
/** The role ARN a template gives, checked once the account is put in. */
const ROLE_ARN = /^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
/** STS's own rule for a session name. */
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
/** The shortest session STS grants; an account's check takes minutes at most. */
const SESSION_SECONDS = 900;
/**
 * Attempts per STS and per-account IAM request. The SDK's adaptive retry mode adds a
 * client-side rate limiter that slows down once throttled: many accounts at once share the
 * job's one STS client, and STS's quota is per calling account.
 */
export const ACCOUNT_MAX_ATTEMPTS = 5;

export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

/** Checks a role ARN template (`--role-arn-template`): one `{account}`, an IAM role ARN. */
export function checkRoleArnTemplate(template: string, source: string): void {
  const count = template.split(ACCOUNT_PLACEHOLDER).length - 1;
  if (count !== 1 || !ROLE_ARN.test(template.replace(ACCOUNT_PLACEHOLDER, '123456789012')))
    throw new InputError(
      `${source} "${template}" is not an IAM role ARN with one ${ACCOUNT_PLACEHOLDER} for the account id`,
      {},
      'e.g. arn:aws:iam::{account}:role/iam-credential-gate',
    );
}

export function checkSessionName(name: string, source: string): void {
  if (!SESSION_NAME.test(name))
    throw new InputError(
      `${source} "${name}" is not a role session name (2 to 64 of letters, digits and +=,.@_-)`,
    );
}

export const roleArnFor = (template: string, account: string): string =>
  template.replace(ACCOUNT_PLACEHOLDER, account);

/**
 * The job's STS client, from the SDK's default credential chain (the job's own role); each
 * attempt bounded (see {@link boundedClientConfig}), adaptive retry. The SDK itself honours
 * AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL.
 */
export function createStsClient(env: NodeJS.ProcessEnv, attemptMs: number): STSClient {
  return new STSClient({
    ...boundedClientConfig(env, attemptMs),
    retryMode: 'adaptive',
    maxAttempts: ACCOUNT_MAX_ATTEMPTS,
  });
}

/** Assumes `roleArn` within `deadline`; every failure is an InputError naming the role. */
export async function assumeRole(
  sts: Pick<STSClient, 'send'>,
  roleArn: string,
  sessionName: string,
  deadline: Deadline,
): Promise<TemporaryCredentials> {
  let out;
  try {
    out = await deadline.run('sts:AssumeRole', (abortSignal) =>
      sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: sessionName,
          DurationSeconds: SESSION_SECONDS,
        }),
        { abortSignal },
      ),
    );
  } catch (error) {
    if (error instanceof InputError) throw error;
    const e = error as Error & { $metadata?: { attempts?: number } };
    const attempts = e.$metadata?.attempts;
    throw new InputError(
      `cannot assume ${roleArn}: ${e.name || 'error'}: ${e.message}${attempts && attempts > 1 ? ` (${attempts} attempts)` : ''}`,
      {},
      "the role must exist in the account and trust the job's own role (sts:AssumeRole), and the job's role must be allowed to assume it",
    );
  }
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken)
    throw new InputError(`sts:AssumeRole of ${roleArn} returned no credentials`);
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
  };
}
