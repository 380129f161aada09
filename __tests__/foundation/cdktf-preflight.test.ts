import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { findProviderMirror } from '../support/terraform';

/*
 * `npm run diff` and `npm run deploy` check what cdktf-cli and terraform would otherwise fail on
 * late and loudly, and say each in one line with its fix.
 */

const execFileAsync = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');

/** An environment without any AWS credentials, the machine's AWS files or a provider mirror. */
function bareEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_CONFIG_FILE: '/nonexistent',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...extra,
  };
  for (const name of [
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_PROFILE',
    'AWS_ENDPOINT_URL',
    'SECURITYHUB_CONFIG',
  ])
    if (!(name in extra)) delete env[name];
  if (!('TF_PROVIDER_MIRROR' in extra)) delete env.TF_PROVIDER_MIRROR;
  return env;
}

/** Runs `npm run -s <script> -- args` with no terminal on stdin, as CI does. */
async function npmRun(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync('npm', ['run', '-s', script, '--', ...args], {
      cwd: ROOT,
      env,
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const CONFIG_LINE = (verb: string) =>
  `npm run ${verb}: config: config/default-org.yaml (the embedded example; set SECURITYHUB_CONFIG=org.yaml for your own)`;

describe('npm run deploy / diff check first', () => {
  test('no terminal: deploy stops at once with one line naming -- --auto-approve (exit 2)', async () => {
    const run = await npmRun('deploy', ['management'], bareEnv());
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      CONFIG_LINE('deploy'),
      'npm run deploy: no terminal to approve the plan in (stdin is not a TTY, as in CI); to apply without asking, pass it through to cdktf: npm run deploy -- management --auto-approve',
    ]);
  });

  test('registry unreachable and a mirror on the machine: the exact TF_PROVIDER_MIRROR line (exit 1)', async () => {
    const run = await npmRun(
      'diff',
      [],
      bareEnv({ CDKTF_REGISTRY_PROBE_URL: 'https://127.0.0.1:9/.well-known/terraform.json' }),
    );
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      CONFIG_LINE('diff'),
      `npm run diff: 127.0.0.1:9 cannot be reached; run with the provider mirror found on this machine: TF_PROVIDER_MIRROR=${findProviderMirror({})} npm run diff`,
    ]);
  });

  describe('credentials', () => {
    let server: Server;
    let calls: string[];
    let endpoint: string;
    beforeAll(async () => {
      // STS as AWS answers a request signed with keys it does not know.
      server = createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => {
          body += c.toString();
        });
        req.on('end', () => {
          calls.push(new URLSearchParams(body).get('Action') ?? '?');
          res.writeHead(403, { 'content-type': 'text/xml' });
          res.end(
            '<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error><RequestId>1</RequestId></ErrorResponse>',
          );
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    beforeEach(() => {
      calls = [];
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    test('none at all: one line naming the accounts and the fix, before cdktf runs (exit 1)', async () => {
      const run = await npmRun('diff', [], bareEnv({ TF_PROVIDER_MIRROR: findProviderMirror({}) }));
      expect(run.code).toBe(1);
      expect(run.stderr.trimEnd().split('\n')).toEqual([
        CONFIG_LINE('diff'),
        'npm run diff: the AWS credentials do not work (sts:GetCallerIdentity: CredentialsProviderError: Could not load credentials from any providers); ' +
          'set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) to credentials that can assume OrganizationAccountAccessRole in the management account 999988887777 ' +
          'and the security account 111122223333; `aws sts get-caller-identity` shows whom they are.',
      ]);
    });

    test('refused keys: STS is asked once, and the answer is one line (exit 1)', async () => {
      const run = await npmRun(
        'diff',
        [],
        bareEnv({
          TF_PROVIDER_MIRROR: findProviderMirror({}),
          AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
          AWS_SECRET_ACCESS_KEY: 'x',
          AWS_ENDPOINT_URL: endpoint,
        }),
      );
      expect(run.code).toBe(1);
      expect(calls).toEqual(['GetCallerIdentity']);
      const lines = run.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toMatch(
        /^npm run diff: the AWS credentials do not work \(sts:GetCallerIdentity: InvalidClientTokenId: The security token included in the request is invalid\. \(HTTP 403, 1 attempt\)\); set AWS_PROFILE .* management account 999988887777 /,
      );
    });
  });
});
