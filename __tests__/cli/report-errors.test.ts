import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CommandIo } from '../../cli/command';
import { COMMANDS } from '../../cli/commands';
import { FIXED, ORG_JSON, runCli, type CliRun } from './helpers';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'securityhub-errors-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
}

/** A failed run: one line on stderr, nothing on stdout, no stack trace. */
function expectOneLineError(run: CliRun, code: number, ...fragments: (string | RegExp)[]): void {
  expect(run.stdout).toBe('');
  expect(run.code).toBe(code);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  for (const f of fragments) expect(lines[0]).toMatch(f);
}

const orgFindings = () =>
  (JSON.parse(readFileSync(ORG_JSON, 'utf8')) as { Findings: Record<string, unknown>[] }).Findings;

describe('securityhub report: bad input', () => {
  test('empty input', async () => {
    expectOneLineError(
      await runCli(['report', '--input', file('empty.json', '')]),
      1,
      /--input .*empty\.json: the input is empty; expected the JSON that `aws securityhub get-findings` prints/,
    );
  });

  test('whitespace only, from stdin', async () => {
    expectOneLineError(
      await runCli(['report', '--input', '-'], { stdin: '\n  \n' }),
      1,
      '--input stdin: the input is empty',
    );
  });

  test('not JSON', async () => {
    expectOneLineError(
      await runCli(['report', '--input', file('text.json', 'Findings: none\n')]),
      1,
      /text\.json: found "F" at line 1 .*not findings JSON/,
    );
  });

  test('broken JSON inside a finding', async () => {
    expectOneLineError(
      await runCli(['report', '--input', file('broken.json', '{"Findings": [\n{"Id": "a", "AwsAccountId": 1x}\n]}')]),
      1,
      /broken\.json: not valid JSON in the value starting at line 2/,
    );
  });

  test('truncated file', async () => {
    const text = readFileSync(ORG_JSON, 'utf8');
    expectOneLineError(
      await runCli(['report', '--input', file('cut.json', text.slice(0, text.length / 2))]),
      1,
      /looks truncated/,
    );
  });

  test('JSON that is not findings', async () => {
    expectOneLineError(
      await runCli(['report', '--input', file('other.json', '{"Buckets": [{"Name": "logs"}]}')]),
      1,
      /other\.json: the object at line 1 is not an ASFF finding and has no Findings array \(its keys: Buckets\)/,
    );
  });

  test('a finding without AwsAccountId names the finding, the field and the fix', async () => {
    const findings = orgFindings();
    delete findings[2].AwsAccountId;
    expectOneLineError(
      await runCli(['report', '--input', file('noaccount.json', JSON.stringify({ Findings: findings }, null, 1))]),
      1,
      /finding 3 \(line \d+, Id "arn:aws:securityhub:us-east-1:777788889999:security-control\/S3.1\/finding\/f03"\) has no AwsAccountId; every ASFF finding names the 12-digit account/,
    );
  });

  test('a control finding without Compliance.Status', async () => {
    const findings = orgFindings();
    delete (findings[0].Compliance as Record<string, unknown>).Status;
    expectOneLineError(
      await runCli(['report', '--input', file('nostatus.jsonl', findings.map((f) => JSON.stringify(f)).join('\n'))]),
      1,
      /finding 1 \(line 1, Id ".*f01"\) is a control finding .* without Compliance.Status; it needs PASSED, WARNING, FAILED or NOT_AVAILABLE/,
    );
  });

  test('a finding without a usable severity', async () => {
    const findings = orgFindings();
    findings[4].Severity = { Label: 'SEVERE' };
    expectOneLineError(
      await runCli(['report', '--input', file('severity.json', JSON.stringify({ Findings: findings }))]),
      1,
      /finding 5 .* has Severity \{"Label":"SEVERE"\}; it needs Severity.Label \(CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL\) or Severity.Normalized 0-100/,
    );
  });

  test('an unknown --format', async () => {
    expectOneLineError(
      await runCli(['report', '--input', ORG_JSON, '--format', 'pdf']),
      2,
      '--format "pdf" is not supported; use one of: text, json, csv, markdown, html.',
    );
  });

  test('an unreadable --input', async () => {
    expectOneLineError(
      await runCli(['report', '--input', path.join(dir, 'missing.json')]),
      2,
      /--input .*missing\.json: cannot read it \(no such file\); give a readable file, or - to read standard input/,
    );
  });

  test('a directory as --input', async () => {
    expectOneLineError(await runCli(['report', '--input', dir]), 2, /is a directory; give a findings file/);
  });

  test('a file without read permission', async () => {
    if (process.getuid?.() === 0) return; // root reads everything; the ENOENT case above covers the path
    const p = file('secret.json', '{}');
    chmodSync(p, 0o000);
    expectOneLineError(await runCli(['report', '--input', p]), 2, /permission denied/);
  });

  test.each([['2025-13-01'], ['2025-02-30'], ['yesterday'], ['23/02/2025'], ['2025-02-23T25:00:00Z']])(
    '--as-of %s is not a date',
    async (value) => {
      expectOneLineError(
        await runCli(['report', '--input', ORG_JSON, '--as-of', value]),
        2,
        `--as-of ${JSON.stringify(value)} is not a date; use YYYY-MM-DD (e.g. 2025-02-23) or an ISO 8601 time with a zone`,
      );
    },
  );

  test('an unknown flag', async () => {
    expectOneLineError(
      await runCli(['report', '--input', ORG_JSON, '--colour']),
      2,
      'unknown flag --colour; run `securityhub report --help` for the flags it takes.',
    );
  });

  test('a flag without its value', async () => {
    expectOneLineError(await runCli(['report', '--input']), 2, 'flag --input needs a value');
  });

  test('a stray argument', async () => {
    expectOneLineError(
      await runCli(['report', ORG_JSON]),
      2,
      /unexpected argument ".*organization\.json"; every value goes after its flag/,
    );
  });

  test('--by tier without --config', async () => {
    expectOneLineError(
      await runCli(['report', '--input', ORG_JSON, '--by', 'tier']),
      2,
      '--by tier needs --config FILE',
    );
  });

  test('--by something else', async () => {
    expectOneLineError(
      await runCli(['report', '--input', ORG_JSON, '--by', 'region']),
      2,
      '--by "region" is not supported; use one of: account, tier.',
    );
  });

  test('--top out of range', async () => {
    expectOneLineError(
      await runCli(['report', '--input', ORG_JSON, '--top', '0']),
      2,
      '--top "0" is not a whole number from 1 to 1000',
    );
  });

  test('--admin-account that is not an account id', async () => {
    expectOneLineError(
      await runCli(['report', '--input', ORG_JSON, '--admin-account', '1234']),
      2,
      '--admin-account "1234" is not a 12-digit account id',
    );
  });

  test('a --config with problems', async () => {
    expectOneLineError(
      await runCli(['report', '--input', ORG_JSON, '--config', file('bad.yaml', 'organization: {name: x}\n')]),
      2,
      /--config .*bad\.yaml: .*\(and \d+ more problems?/,
    );
  });

  test('--endpoint-url with --input', async () => {
    expectOneLineError(
      await runCli(['report', '--input', ORG_JSON, '--endpoint-url', 'http://127.0.0.1:1']),
      2,
      '--endpoint-url applies to API reads and cannot be combined with --input (unless --resolve-ous)',
    );
  });

  test('--resolve-ous without --by tier', async () => {
    expectOneLineError(
      await runCli(['report', '--input', ORG_JSON, '--resolve-ous']),
      2,
      '--resolve-ous places accounts in the tiers of --config and needs --by tier; add --by tier or drop --resolve-ous.',
    );
  });

  test('--resolve-ous with an --endpoint-url that is not a URL', async () => {
    const config = path.join(__dirname, '..', 'fixtures', 'findings', 'org.yaml');
    const withOus = file(
      'ous.yaml',
      readFileSync(config, 'utf8').replace(
        'accounts: ["444455556666", "777788889999"]',
        'organizationalUnits: [ou-ab12-cd34ef56]',
      ),
    );
    expectOneLineError(
      await runCli([
        'report',
        '--input',
        ORG_JSON,
        '--config',
        withOus,
        '--by',
        'tier',
        '--resolve-ous',
        '--endpoint-url',
        'localhost',
      ]),
      2,
      '--endpoint-url "localhost" is not a URL',
    );
  });

  test('--endpoint-url that is not a URL', async () => {
    expectOneLineError(
      await runCli(['report', '--endpoint-url', 'localhost', '--region', 'us-east-1']),
      2,
      '--endpoint-url "localhost" is not a URL',
    );
  });

  test('no Region for an API read', async () => {
    expectOneLineError(
      await runCli(['report', '--endpoint-url', 'http://127.0.0.1:9'], {
        env: {
          HOME: dir,
          AWS_ACCESS_KEY_ID: 'x',
          AWS_SECRET_ACCESS_KEY: 'y',
          AWS_CONFIG_FILE: path.join(dir, 'none'),
          AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'none'),
        },
      }),
      2,
      'no AWS Region: pass --region',
    );
  });

  test('--output into a directory that does not exist leaves nothing behind', async () => {
    const target = path.join(dir, 'no', 'such', 'dir', 'report.txt');
    expectOneLineError(
      await runCli(['report', '--input', ORG_JSON, '--output', target, ...FIXED]),
      1,
      /--output .*report\.txt: cannot write the file \(directory .* does not exist\)/,
    );
  });

  test('--trend with a bad period, and with --input', async () => {
    expectOneLineError(
      await runCli(['report', '--trend', 'ninety']),
      2,
      '--trend "ninety" is not a period; use days or weeks back (90d, 12w) or a start date (2025-01-01).',
    );
    expectOneLineError(
      await runCli(['report', '--trend', '90d', '--input', ORG_JSON]),
      2,
      '--trend reads saved reports and cannot be combined with --input',
    );
    expectOneLineError(
      await runCli(['report', '--trend', '90d', '--format', 'csv']),
      2,
      '--format "csv" is not supported; use one of: text, json, markdown, html.',
    );
  });

  test('--trend without a history file', async () => {
    expectOneLineError(
      await runCli(['report', '--trend', '90d', '--history', path.join(dir, 'none.sqlite')]),
      1,
      /cannot open it \(no such history file; save reports with `securityhub report --save` first\)/,
    );
  });
});

describe('securityhub: commands and help', () => {
  test('--help lists the commands', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: securityhub <command> \[flags\]/);
    expect(run.stdout).toMatch(/\n {2}report +compliance scores/);
    expect(run.stdout).toMatch(/\n {2}import +validate ASFF findings/);
  });

  test('no command prints the help to stderr and exits 2', async () => {
    const run = await runCli([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^Usage: securityhub/);
  });

  test.each([['report'], ['import']])('securityhub %s --help and securityhub help %s', async (name) => {
    const a = await runCli([name, '--help']);
    const b = await runCli(['help', name]);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(new RegExp(`^Usage: securityhub ${name}`));
    expect(a.stdout).toMatch(/--input/);
    expect(b.stdout).toBe(a.stdout);
  });

  test('a command added to the registry with one entry is listed, helped and run', async () => {
    const commands = [
      ...COMMANDS,
      {
        name: 'review-example',
        summary: 'review a terraform plan',
        load: async () => ({
          name: 'review-example',
          summary: 'review a terraform plan',
          help: () => 'Usage: securityhub review-example\n',
          run: async (argv: readonly string[], io: CommandIo) => {
            io.stdout.write(`reviewed ${argv.join(' ')}\n`);
            return 0;
          },
        }),
      },
    ];
    expect((await runCli(['--help'], { commands })).stdout).toMatch(/\n {2}review-example +review a terraform plan\n/);
    expect(await runCli(['review-example', 'plan.json'], { commands })).toEqual({
      code: 0,
      stdout: 'reviewed plan.json\n',
      stderr: '',
    });
  });

  test('an unknown command', async () => {
    expectOneLineError(
      await runCli(['review-example']),
      2,
      `securityhub: unknown command "review-example"; commands: ${COMMANDS.map((c) => c.name).join(', ')} (run \`securityhub --help\`).`,
    );
    expect(COMMANDS.map((c) => c.name).slice(0, 2)).toEqual(['report', 'import']);
  });

  test('the binary: exit codes, stdout and stderr as a shell sees them', () => {
    const cli = path.join(__dirname, '..', '..', 'cli', 'main.ts');
    const tsx = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');
    const ok = spawnSync(tsx, [cli, 'report', '--input', ORG_JSON, ...FIXED], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^AWS Security Hub Compliance Report\n/);
    const usage = spawnSync(tsx, [cli, 'report', '--format', 'pdf'], { encoding: 'utf8' });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toBe(
      'securityhub report: --format "pdf" is not supported; use one of: text, json, csv, markdown, html.\n',
    );
    const data = spawnSync(tsx, [cli, 'report', '--input', '-'], { encoding: 'utf8', input: 'nope' });
    expect(data.status).toBe(1);
    expect(data.stderr.split('\n')).toHaveLength(2);
    expect(readFileSync(cli, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });
});
