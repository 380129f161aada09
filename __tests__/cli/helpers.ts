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
export async function runCli(args: readonly string[], options: { stdin?: string | Buffer; env?: NodeJS.ProcessEnv; stderrIsTty?: boolean; commands?: readonly CommandEntry[] } = {}): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough() as PassThrough & { isTTY?: boolean };
  stderr.isTTY = options.stderrIsTty ?? false;
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (b: Buffer) => out.push(b));
  stderr.on('data', (b: Buffer) => err.push(b));
  const stdin = Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]);
  const code = await main(args, { stdin, stdout, stderr, env: options.env ?? { HOME: '/nonexistent' } }, options.commands ?? COMMANDS);
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

/** The flags that make the fixture's report reproducible. */
export const FIXED = ['--as-of', '2025-02-23', '--organization', 'acme-corp', '--admin-account', ADMIN, '--region', 'us-east-1'];
