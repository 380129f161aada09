import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { COMMANDS } from '../../cli/commands';
import { main } from '../../cli/main';
import { runCli } from './helpers';

/*
 * The conventions every `securityhub` command shares, checked over the command registry so a
 * command added to it is held to them without a change here: help on stdout with exit 0, usage
 * errors on stderr with exit 2 and a did-you-mean, exit codes in every help, -o/--output beside
 * every --format, one stderr line per file written.
 */

const ROOT = path.resolve(__dirname, '../..');

/** The commands whose flags come after a subcommand, and the subcommand whose flags are checked. */
const FLAGS_AFTER: Record<string, string[]> = { catalogue: ['list'], export: ['backfill'] };
const argsFor = (name: string) => [name, ...(FLAGS_AFTER[name] ?? [])];

describe.each(COMMANDS.map((c) => c.name))('securityhub %s', (name) => {
  test('--help: usage on stdout, exit 0, the exit codes listed, -o/--output wherever --format is', async () => {
    const run = await runCli([name, '--help']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(new RegExp(`^Usage: securityhub ${name}\\b`));
    expect(run.stdout).toMatch(/^Exit codes: 0 [^\n]+; 1 [^\n]+; 2 usage error/m);
    if (/--format/.test(run.stdout)) expect(run.stdout).toMatch(/-o, --output FILE/);
    expect(await runCli(['help', name])).toEqual(run);
  });

  test('a mistyped flag is a usage error on stderr, exit 2, with the flag it is closest to', async () => {
    const run = await runCli([...argsFor(name), '--hepl']);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: expect.stringMatching(
        /^securityhub [a-z -]+: unknown flag --hepl; did you mean "--help"\? run `securityhub [a-z -]+ --help` for the flags it takes\.\n$/,
      ),
    });
  });
});

describe('usage errors, the same everywhere', () => {
  test('a mistyped command names the closest (through the package bin)', () => {
    const run = spawnSync(path.join(ROOT, 'bin/securityhub.js'), ['reprot'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^securityhub: unknown command "reprot"; did you mean "report"\? commands: report, /);
  });

  test('a mistyped flag names the closest: report --formt', async () => {
    expect((await runCli(['report', '--formt', 'json'])).stderr).toBe(
      'securityhub report: unknown flag --formt; did you mean "--format"? run `securityhub report --help` for the flags it takes.\n',
    );
  });

  test('a mistyped subcommand names the closest', async () => {
    expect(await runCli(['catalogue', 'lst'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'securityhub catalogue: unknown subcommand "lst"; did you mean "list"? the subcommands are refresh, list (run `securityhub catalogue --help`).\n',
    });
    expect((await runCli(['export', 'backfil'])).stderr).toMatch(/did you mean "backfill"\?/);
  });

  test('bare securityhub and a bare command with subcommands print the usage on stderr with exit 2', async () => {
    for (const args of [[], ['catalogue'], ['export']]) {
      const run = await runCli(args);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^Usage: securityhub/);
    }
  });

  test('a missing required flag is exit 2 in every command', async () => {
    const cases: [string[], RegExp][] = [
      [['import'], /^securityhub import: --input is required: /],
      [
        ['export', 'backfill'],
        /^securityhub export backfill: --path is required: a folder, or s3:\/\/BUCKET\/PREFIX\/ of the export bucket; /,
      ],
      [['report', '--source', 'export'], /^securityhub report: --source export reads --path: .*; add --path\.\n$/],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(args);
      expect({ args, code: run.code, stdout: run.stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(run.stderr).toMatch(message);
    }
  });
});

describe('output', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'conventions-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('-o writes the file and names it in one stderr line: coverage, catalogue list, report', async () => {
    const cases: [string, string[]][] = [
      ['coverage', ['coverage', '--format', 'json']],
      ['catalogue', ['catalogue', 'list', '--severity', 'CRITICAL']],
      [
        'report',
        [
          'report',
          '--input',
          path.join(ROOT, '__tests__/fixtures/findings/organization.json'),
          '--as-of',
          '2025-02-23',
          '--region',
          'us-east-1',
        ],
      ],
    ];
    for (const [name, args] of cases) {
      const file = path.join(dir, `${name}.out`);
      const run = await runCli([...args, '-o', file]);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe('');
      expect(run.stderr.split('\n')).toContain(`securityhub ${name}: wrote ${file}`);
      expect(readFileSync(file, 'utf8').length).toBeGreaterThan(100);
    }
  });

  test('catalogue list takes --format text (and table, its older name); catalogue list and coverage fit the terminal unless --wide', async () => {
    const text = await runCli(['catalogue', 'list', '--format', 'text']);
    expect(text.code).toBe(0);
    expect(await runCli(['catalogue', 'list', '--format', 'table'])).toEqual(text);
    const onTerminal = async (args: string[]) => {
      const stdout = Object.assign(new PassThrough(), { isTTY: true, columns: 100 });
      const chunks: Buffer[] = [];
      stdout.on('data', (b: Buffer) => chunks.push(b));
      const stderr = new PassThrough();
      const code = await main(args, { stdin: Readable.from([]), stdout, stderr, env: {} });
      return { code, lines: Buffer.concat(chunks).toString('utf8').trimEnd().split('\n') };
    };
    const fitted = await onTerminal(['catalogue', 'list']);
    expect(fitted.code).toBe(0);
    expect(Math.max(...fitted.lines.map((l) => l.length))).toBeLessThanOrEqual(100);
    expect(fitted.lines.some((l) => l.endsWith('…'))).toBe(true);
    const wide = await onTerminal(['catalogue', 'list', '--wide']);
    expect(Math.max(...wide.lines.map((l) => l.length))).toBeGreaterThan(100);
    expect(wide.lines).toEqual(text.stdout.trimEnd().split('\n'));

    const coverage = await onTerminal(['coverage']);
    expect(coverage.code).toBe(0);
    expect(Math.max(...coverage.lines.map((l) => l.length))).toBeLessThanOrEqual(100);
    expect(Math.max(...(await onTerminal(['coverage', '--wide'])).lines.map((l) => l.length))).toBeGreaterThan(100);
  });
});
