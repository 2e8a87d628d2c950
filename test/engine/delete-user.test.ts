import { spawnSync } from 'node:child_process';
import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  GetUserCommand,
  IAMClient,
  PutUserPolicyCommand,
  UploadSSHPublicKeyCommand,
} from '@aws-sdk/client-iam';
import { describe, expect, it, onTestFinished } from 'vitest';
import { deleteUserCommands } from '../../src/engine/delete-user.js';
import { parseCredentialReport } from '../../src/report/parse.js';
import { startMoto } from '../helpers/moto-server.js';
import { check } from '../helpers/policy.js';
import { ago } from '../helpers/time.js';

const hasAwsCli = spawnSync('aws', ['--version']).status === 0;
const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }],
});
const SSH_KEY =
  'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7Vn6tYgVnKfBqvQ0ZfD0nZ3F9cJmS3p1bXxW4bqkD6Zq8c9y3wW2a8Yt3nVqJpGJx1s5m2ZlY8dQ1n0aBqKzFqk4mW9o3VbGvR3bL8zJX2r4nQ1tP7eA6yHcU5dS0fK9iZ1mX3oQvT8sW2bN4cE7gR5hY0jL6kP9uA1zD3xV8wM2qB5nC4fH7eJ0gK3iL6oP9rS2tU5vW8xY1zA4bC7dE0fG3hI6jK9lM2nO5pQ8rS1tU4vW7xY0zA3bC6dE9fG2hI5jK8lM1nO4pQ7rS0tU3vW6xY9zA2bC5dE8fG1hI4jK7lM0nO3pQ6rS9tU2vW5xY8zA1bC4dE7f test@example';

describe('the AWS CLI steps that delete an unmanaged user', () => {
  it('are the unused-user finding’s remediation, in order, ending with delete-user', () => {
    const r = check([
      {
        user: 'gone',
        password_enabled: 'true',
        password_last_used: ago(400),
        password_last_changed: ago(500),
        access_key_2_active: 'false',
        access_key_2_last_rotated: ago(600),
      },
    ]);
    const text = r.findings.find((f) => f.rule === 'unused-user')?.remediation ?? '';
    expect(text).toMatch(
      /in this order \(AWS refuses to delete a user that still has any of these: DeleteConflict\): 1\. `aws iam delete-login-profile --user-name gone` 2\. `for id in \$\(aws iam list-access-keys --user-name gone/,
    );
    expect(text).toMatch(/\d+\. `aws iam delete-user --user-name gone`$/);
    expect(text).not.toMatch(/mfa-device/); // the report shows no MFA device
  });

  it('list what the report shows, what it cannot show, and leave out what it shows absent', () => {
    const steps = deleteUserCommands(
      parseCredentialReport(
        [
          'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated',
          `bare,arn:aws:iam::123456789012:user/bare,${ago(400)},false,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
        ].join('\n'),
        'r.csv',
      ).rows[0]!,
    );
    expect(steps.map((s) => /aws iam ([a-z-]+)/.exec(s)?.[1])).toEqual([
      'list-ssh-public-keys',
      'list-service-specific-credentials',
      'list-user-policies',
      'list-attached-user-policies',
      'list-groups-for-user',
      'delete-user',
    ]);
  });

  it.skipIf(!hasAwsCli)(
    'delete a user that has every kind of credential, policy and group, pasted into bash against IAM (moto_server)',
    async () => {
      // A moto_server of its own: the shared one's default account is another file's
      // (test/aws/moto.test.ts resets it and counts its users), and files run in parallel.
      const moto = await startMoto();
      onTestFinished(() => moto.stop());
      const endpoint = moto.url;
      const iam = new IAMClient({
        region: 'us-east-1',
        endpoint,
        credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      });
      const user = `del-${Date.now().toString(36)}`;
      await iam.send(new CreateUserCommand({ UserName: user }));
      await iam.send(new CreateLoginProfileCommand({ UserName: user, Password: 'Sup3r-Secret!' }));
      await iam.send(new CreateAccessKeyCommand({ UserName: user }));
      await iam.send(new CreateAccessKeyCommand({ UserName: user }));
      await iam.send(new UploadSSHPublicKeyCommand({ UserName: user, SSHPublicKeyBody: SSH_KEY }));
      const mfa = await iam.send(
        new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: `${user}-mfa` }),
      );
      await iam.send(
        new EnableMFADeviceCommand({
          UserName: user,
          SerialNumber: mfa.VirtualMFADevice?.SerialNumber,
          AuthenticationCode1: '123456',
          AuthenticationCode2: '654321',
        }),
      );
      await iam.send(
        new PutUserPolicyCommand({ UserName: user, PolicyName: 'inline', PolicyDocument: POLICY }),
      );
      const policy = await iam.send(
        new CreatePolicyCommand({ PolicyName: `${user}-p`, PolicyDocument: POLICY }),
      );
      await iam.send(
        new AttachUserPolicyCommand({ UserName: user, PolicyArn: policy.Policy?.Arn }),
      );
      await iam.send(new CreateGroupCommand({ GroupName: `${user}-g` }));
      await iam.send(new AddUserToGroupCommand({ UserName: user, GroupName: `${user}-g` }));

      await iam.send(new GenerateCredentialReportCommand({}));
      const served = await iam.send(new GetCredentialReportCommand({}));
      const csv = Buffer.from(served.Content as Uint8Array).toString('utf8');
      const row = parseCredentialReport(csv, 'moto.csv').rows.find((r) => r.user === user);
      expect(row).toBeDefined();

      const env = {
        ...process.env,
        AWS_ENDPOINT_URL: endpoint,
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        AWS_DEFAULT_REGION: 'us-east-1',
      };
      // the delete alone is refused while the user has any of them
      const alone = spawnSync('aws', ['iam', 'delete-user', '--user-name', user], {
        encoding: 'utf8',
        env,
      });
      expect(alone.status).not.toBe(0);
      expect(alone.stderr).toMatch(/DeleteConflict/);

      // moto_server does not implement service-specific credentials (it answers 500): that one
      // step is checked against the AWS CLI's own list of commands instead
      const steps = deleteUserCommands(row!);
      const serviceSpecific = steps.filter((s) => s.includes('service-specific'));
      expect(serviceSpecific).toHaveLength(1);
      // every `aws iam <command>` of the steps is an operation of IAM's model in the CLI
      const operations = spawnSync(
        'python3',
        [
          '-c',
          "import botocore.session as s; print('\\n'.join(s.get_session().get_service_model('iam').operation_names))",
        ],
        { encoding: 'utf8' },
      ).stdout.split('\n');
      const known = new Set(operations.map((op) => op.toLowerCase()));
      const used = steps.flatMap((s) => [...s.matchAll(/aws iam ([a-z-]+)/g)].map((m) => m[1]!));
      expect(used.length).toBeGreaterThan(15);
      expect(used.filter((cmd) => !known.has(cmd.replaceAll('-', '')))).toEqual([]);
      const script = `set -e\n${steps.filter((s) => !serviceSpecific.includes(s)).join('\n')}\n`;
      const run = spawnSync('bash', ['-c', script], { encoding: 'utf8', env });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      await expect(iam.send(new GetUserCommand({ UserName: user }))).rejects.toThrow(
        /cannot be found|NoSuchEntity/,
      );
    },
    180_000,
  );
});
