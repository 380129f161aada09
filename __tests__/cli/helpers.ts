import { readFileSync, writeFileSync } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import * as path from 'node:path';
import type { CommandEntry } from '../../cli/command';
import { COMMANDS } from '../../cli/commands';
import { main } from '../../cli/main';

/** What one in-process run of `securityhub` produced. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Fixture directory of findings files. */
export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'findings');

/** The organization fixture as get-findings JSON and as JSON Lines. */
export const ORG_JSON = path.join(FIXTURES, 'organization.json');
export const ORG_JSONL = path.join(FIXTURES, 'organization.jsonl');

/** Accounts in the organization fixture. */
export const ADMIN = '111122223333';
export const MEMBER_B = '444455556666';
export const MEMBER_C = '777788889999';

/**
 * Runs `securityhub` in this process with captured output, as the binary would
 * (same argument handling, same error-to-exit-code mapping).
 */
export async function runCli(
  args: readonly string[],
  options: {
    stdin?: string | Buffer;
    env?: NodeJS.ProcessEnv;
    stderrIsTty?: boolean;
    commands?: readonly CommandEntry[];
  } = {},
): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough() as PassThrough & { isTTY?: boolean };
  stderr.isTTY = options.stderrIsTty ?? false;
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (b: Buffer) => out.push(b));
  stderr.on('data', (b: Buffer) => err.push(b));
  const stdin = Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]);
  const code = await main(
    args,
    { stdin, stdout, stderr, env: options.env ?? { HOME: '/nonexistent' } },
    options.commands ?? COMMANDS,
  );
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

/** The flags that make the fixture's report reproducible. */
export const FIXED = [
  '--as-of',
  '2025-02-23',
  '--organization',
  'acme-corp',
  '--admin-account',
  ADMIN,
  '--region',
  'us-east-1',
];

/**
 * Saves three reports of acme-corp into a history file, and one of another organization:
 *   2025-01-01  the fixture with Config.1 (f13) and KMS.4 (f14, f15) PASSED
 *               CIS5: S3.1 F, IAM.4 P, CloudTrail.1 U, Config.1 P, KMS.4 P (RDS.3 no data) -> 3/5 = 60
 *               CIS12: CloudWatch.1 F -> 0
 *               FSBP: S3.1 F, IAM.4 P, CloudTrail.1 U, EC2.19 P, Config.1 P, Athena.4 F  -> 3/6 = 50
 *               PCI:  S3.1 F, IAM.4 P, Config.1 P, KMS.4 P                                 -> 3/4 = 75
 *   2025-02-01  the fixture as it is: CIS5 20, CIS12 0, FSBP 33, PCI 25 (report-golden.test.ts)
 *   2025-02-23  the same again
 *   2025-02-10  the fixture, as organization other-org
 */
export async function seedHistory(dir: string, history: string): Promise<void> {
  const doc = JSON.parse(readFileSync(ORG_JSON, 'utf8')) as {
    Findings: { Id: string; Compliance?: { Status: string } }[];
  };
  for (const f of doc.Findings) if (/\/(f13|f14|f15)$/.test(f.Id)) f.Compliance!.Status = 'PASSED';
  const january = path.join(dir, 'january.json');
  writeFileSync(january, JSON.stringify(doc));
  const save = async (input: string, asOf: string, organization = 'acme-corp') => {
    const run = await runCli([
      'report',
      '--input',
      input,
      ...FIXED,
      '--as-of',
      asOf,
      '--organization',
      organization,
      '--save',
      '--history',
      history,
      '--format',
      'json',
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^Saved the report's figures to .*\.sqlite \(report \d+\)\.\n$/);
  };
  await save(january, '2025-01-01');
  await save(ORG_JSON, '2025-02-01');
  await save(ORG_JSON, '2025-02-23');
  await save(ORG_JSON, '2025-02-10', 'other-org');
}
