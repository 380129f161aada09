import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { checkRequirements } from '../../scripts/requirements';

const ROOT = path.resolve(__dirname, '../..');
const TSX_CLI = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');

/** Runs `npm run doctor`'s script with the given PATH. */
function doctor(PATH: string, extraEnv: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [TSX_CLI, 'scripts/doctor.ts'], {
    cwd: ROOT,
    env: { ...process.env, PATH, ...extraEnv },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('npm run doctor', () => {
  test('on this machine every requirement is there: exit 0, one ok line each', () => {
    const run = doctor(process.env.PATH ?? '');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    // The Node.js running the suite: 20 on the main CI run, 24 in scripts/node24-check.sh.
    expect(run.stdout).toMatch(new RegExp(`^ok +node: ${process.version.replace(/\./g, '\\.')}$`, 'm'));
    expect(run.stdout).toMatch(/^ok +terraform: 1\.11\.\d+$/m);
    expect(run.stdout).toMatch(/^ok +hashicorp\/aws 5\.100\.0 mirror: \//m);
    expect(run.stdout).toMatch(/^ok +moto_server: moto 5\.2\.1$/m);
  });

  test('a machine with only node says exactly what is missing and how to get it, and exits 1', () => {
    const bin = mkdtempSync(path.join(tmpdir(), 'doctor-path-'));
    try {
      symlinkSync(process.execPath, path.join(bin, 'node'));
      const run = doctor(bin);
      expect(run.status).toBe(1);
      expect(run.stdout).toContain('MISSING terraform: not found on PATH\n        fix: install Terraform 1.11');
      expect(run.stdout).toContain(
        'MISSING moto_server: python3 not found on PATH\n        fix: install python3, then pip install "moto[server]==5.2.1"',
      );
      // The AWS CLI is named but does not fail the check: only a documented manual walk-through needs it.
      expect(run.stdout).toMatch(/^missing aws \(AWS CLI\): not found on PATH/m);
      expect(run.stderr).toBe(
        'doctor: this machine lacks terraform, moto_server; see the fix lines above and README.md#prerequisites\n',
      );
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  test('a machine without the provider mirror is told where it was looked for and how to make one', () => {
    const mirror = checkRequirements({ mirrorCandidates: ['/nowhere/a', '/nowhere/b'] }).find((c) =>
      c.name.endsWith('mirror'),
    );
    expect(mirror).toMatchObject({
      name: 'hashicorp/aws 5.100.0 mirror',
      required: true,
      ok: false,
      detail: 'not in /nowhere/a, /nowhere/b',
    });
    expect(mirror?.fix).toContain('terraform providers mirror');
  });

  test('an old Node.js is named with the version needed', () => {
    expect(checkRequirements({ nodeVersion: 'v18.19.0' })[0]).toMatchObject({
      name: 'node',
      ok: false,
      detail: 'v18.19.0 is older than 20',
    });
  });

  test('npm test and npm run test:integration run it before anything else', () => {
    const scripts = (
      JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    expect(scripts.doctor).toBe('tsx scripts/doctor.ts');
    expect(scripts.test).toMatch(/^npm run -s doctor -- --quiet && /);
    expect(scripts['test:integration']).toMatch(/^npm run -s doctor -- --quiet && /);
  });
});
