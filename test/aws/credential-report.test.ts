import {
  CredentialReportExpiredException,
  CredentialReportNotReadyException,
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  IAMClient,
  IAMServiceException,
  LimitExceededException,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { fetchCredentialReport } from '../../src/aws/credential-report.js';
import { InputError } from '../../src/errors.js';

const iam = mockClient(IAMClient);
const CSV = 'user,arn\n';
const GENERATED = new Date('2026-11-21T08:00:00Z');
const report = {
  Content: new TextEncoder().encode(CSV),
  ReportFormat: 'text/csv' as const,
  GeneratedTime: GENERATED,
};

const awsError = (name: string, message = name) =>
  new IAMServiceException({ name, $fault: 'client', message, $metadata: { httpStatusCode: 400 } });

/** A fake clock that only moves when the code sleeps, so the tests run instantly. */
function fakeTime() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    clock: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

const run = (time: ReturnType<typeof fakeTime>, maxWaitMs = 120_000) =>
  fetchCredentialReport({
    client: new IAMClient({ region: 'us-east-1' }),
    maxWaitMs,
    sleep: time.sleep,
    clock: time.clock,
  });

async function rejection(promise: Promise<unknown>): Promise<InputError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected the fetch to fail');
}

beforeEach(() => iam.reset());

describe('fetchCredentialReport', () => {
  it('polls STARTED → INPROGRESS → COMPLETE with a growing back-off, then downloads', async () => {
    iam
      .on(GenerateCredentialReportCommand)
      .resolvesOnce({ State: 'STARTED' })
      .resolvesOnce({ State: 'INPROGRESS' })
      .resolvesOnce({ State: 'INPROGRESS' })
      .resolves({ State: 'COMPLETE' });
    iam.on(GetCredentialReportCommand).resolves(report);
    const time = fakeTime();
    const fetched = await run(time);
    expect(fetched.content.toString()).toBe(CSV);
    expect(fetched.generatedAt).toEqual(GENERATED);
    expect(time.sleeps).toEqual([250, 500, 1000]);
    expect(fetched.calls).toBe(5);
  });

  it('caps the back-off at 4 s', async () => {
    const gen = iam.on(GenerateCredentialReportCommand);
    for (let i = 0; i < 8; i++) gen.resolvesOnce({ State: 'INPROGRESS' });
    gen.resolves({ State: 'COMPLETE' });
    iam.on(GetCredentialReportCommand).resolves(report);
    const time = fakeTime();
    await run(time);
    expect(time.sleeps).toEqual([250, 500, 1000, 2000, 4000, 4000, 4000, 4000]);
  });

  it('keeps polling when the get says ReportInProgress', async () => {
    iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
    iam
      .on(GetCredentialReportCommand)
      .rejectsOnce(new CredentialReportNotReadyException({ message: 'not ready', $metadata: {} }))
      .resolves(report);
    const time = fakeTime();
    expect((await run(time)).content.toString()).toBe(CSV);
    expect(time.sleeps).toEqual([250]);
  });

  it('generates again when the report expired', async () => {
    iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
    iam
      .on(GetCredentialReportCommand)
      .rejectsOnce(new CredentialReportExpiredException({ message: 'expired', $metadata: {} }))
      .resolves(report);
    const fetched = await run(fakeTime());
    expect(fetched.calls).toBe(4);
    expect(iam.commandCalls(GenerateCredentialReportCommand)).toHaveLength(2);
  });

  it('retries LimitExceeded, then succeeds', async () => {
    iam
      .on(GenerateCredentialReportCommand)
      .rejectsOnce(
        new LimitExceededException({
          message: 'No more capacity to launch new report generation tasks',
          $metadata: {},
        }),
      )
      .resolves({ State: 'COMPLETE' });
    iam.on(GetCredentialReportCommand).resolves(report);
    expect((await run(fakeTime())).content.toString()).toBe(CSV);
  });

  it('fails closed (never an empty report) when throttling outlasts the SDK retries', async () => {
    // The SDK's standard retry has already retried throttling: no second loop of retries here.
    const throttled = awsError('Throttling', 'Rate exceeded');
    throttled.$metadata.attempts = 3;
    iam.on(GenerateCredentialReportCommand).rejects(throttled);
    const time = fakeTime();
    const error = await rejection(run(time, 10_000));
    expect(error.message).toBe(
      "IAM kept refusing iam:GenerateCredentialReport: Throttling: Rate exceeded (after the SDK's retries, 3 attempts)",
    );
    expect(time.sleeps).toEqual([]);
  });

  it('fails closed when the report is still not ready at the bound of max-wait-seconds', async () => {
    iam.on(GenerateCredentialReportCommand).resolves({ State: 'INPROGRESS' });
    const time = fakeTime();
    const error = await rejection(run(time, 10_000));
    expect(error.message).toMatch(
      /not ready within the 10 s bound of max-wait-seconds \(last: report generation INPROGRESS\)/,
    );
    expect(time.clock()).toBe(10_000);
  });

  it('names the missing permission on AccessDenied', async () => {
    iam
      .on(GenerateCredentialReportCommand)
      .rejects(awsError('AccessDenied', 'User: arn:aws:sts::1:assumed-role/ci is not authorized'));
    const error = await rejection(run(fakeTime()));
    expect(error.message).toMatch(/AWS denied iam:GenerateCredentialReport/);
    expect(error.hint).toMatch(/grant the job's role "iam:GenerateCredentialReport"/);

    iam.reset();
    iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
    iam.on(GetCredentialReportCommand).rejects(awsError('AccessDenied'));
    expect((await rejection(run(fakeTime()))).message).toMatch(
      /AWS denied iam:GetCredentialReport/,
    );
  });

  it('says how to configure credentials when there are none', async () => {
    const missing = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
    iam.on(GenerateCredentialReportCommand).rejects(missing);
    const error = await rejection(run(fakeTime()));
    expect(error.message).toMatch(/no usable AWS credentials/);
    expect(error.hint).toMatch(/aws-actions\/configure-aws-credentials.*id-token: write/);
  });

  it('gives up on an unreachable endpoint once the SDK has retried it', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      code: 'ECONNREFUSED',
      $metadata: { attempts: 3 },
    });
    iam.on(GenerateCredentialReportCommand).rejects(refused);
    const time = fakeTime();
    expect((await rejection(run(time))).message).toBe(
      'cannot reach IAM: ECONNREFUSED (iam:GenerateCredentialReport, 3 attempts)',
    );
    expect(time.sleeps).toEqual([]);
  });

  it('refuses an empty report or one without a generation time', async () => {
    iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
    iam.on(GetCredentialReportCommand).resolves({ ...report, Content: new Uint8Array() });
    expect((await rejection(run(fakeTime()))).message).toMatch(/empty report/);
    iam
      .on(GetCredentialReportCommand)
      .resolves({ Content: report.Content, ReportFormat: 'text/csv' });
    expect((await rejection(run(fakeTime()))).message).toMatch(/no GeneratedTime/);
  });

  it('turns any other AWS error into an input error, not a pass', async () => {
    iam.on(GenerateCredentialReportCommand).rejects(awsError('InvalidInput', 'bad'));
    expect((await rejection(run(fakeTime()))).message).toMatch(
      /iam:GenerateCredentialReport failed: InvalidInput: bad/,
    );
  });
});
