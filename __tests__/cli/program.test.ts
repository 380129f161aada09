import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CommandEntry } from '../../cli/command';
import { COMMANDS } from '../../cli/commands';
import { runCli } from './helpers';

const ROOT = path.resolve(__dirname, '../..');
const PACKAGE = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
  scripts: Record<string, string>;
};

describe('securityhub (the program)', () => {
  test('--version prints the package version', async () => {
    expect(await runCli(['--version'])).toEqual({ code: 0, stdout: `${PACKAGE.version}\n`, stderr: '' });
  });

  test('--help lists every registered command with its summary, and what the tool is for', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const c of COMMANDS)
      expect(run.stdout).toMatch(new RegExp(`^  ${c.name} +${c.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    expect(run.stdout).toContain('AWS Security Hub (CSPM) for a whole AWS Organization, from the command line.');
    expect(run.stdout).not.toMatch(/reports and finding import/);
    expect(run.stdout).toMatch(/^ {2}--version +/m);
  });

  test('a command added to the registry appears in the help without another change', async () => {
    const extra: CommandEntry = {
      name: 'coverage-matrix',
      summary: 'a command the help has never heard of',
      load: () => Promise.reject(new Error('not loaded')),
    };
    const run = await runCli(['--help'], { commands: [...COMMANDS, extra] });
    expect(run.stdout).toMatch(/^ {2}coverage-matrix +a command the help has never heard of$/m);
  });

  test('the package bin is a JavaScript file that runs from the sources before any build', () => {
    expect(PACKAGE.bin.securityhub).toBe('bin/securityhub.js');
    const bin = path.join(ROOT, PACKAGE.bin.securityhub);
    accessSync(bin, constants.X_OK);
    expect(readFileSync(bin, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    const version = spawnSync(bin, ['--version'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(version.stdout).toBe(`${PACKAGE.version}\n`);
    // A command loads lazily (an ESM import() from the sources), which needs both of tsx's hooks.
    const help = spawnSync(bin, ['import', '--help'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(help.stderr).toBe('');
    expect(help.stdout).toMatch(/^Usage: securityhub import /);
    expect(PACKAGE.scripts.securityhub).toBe('node bin/securityhub.js');
  });
});
