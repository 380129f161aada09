import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

// The AWS SDK prints a seven-line NodeVersionSupportWarning in every Node.js 20 process that makes
// a client; the test run silences it once (jest.config.js) for workers and the children they start.
describe('the AWS SDK notice about Node.js 20', () => {
  test('is silenced in this worker', () => {
    expect(process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBe('true');
  });

  test('is not printed by a child process that makes a client', () => {
    const child = spawnSync(
      process.execPath,
      ['-e', "const { STSClient } = require('@aws-sdk/client-sts'); new STSClient({ region: 'us-east-1' });"],
      {
        cwd: ROOT,
        env: process.env,
        encoding: 'utf8',
      },
    );
    expect(child.status).toBe(0);
    expect(child.stderr).not.toMatch(/NodeVersionSupportWarning|AWS SDK for JavaScript/);
  });
});
