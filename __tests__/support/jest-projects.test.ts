import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const JEST = path.join(ROOT, 'node_modules/.bin/jest');

/** Calls that start moto_server (local AWS) or terraform: a suite reaching one is an integration suite. */
const STARTS_PROCESSES =
  /\b(startLocalAws|startMotoServer|offlineTerraformEnv|startOrgEmulator\w*|startLocalOrganization)\s*\(|local-aws\/main\.ts|'run', '-s', 'local-aws'/;

/** Test files jest lists for a project (all projects when none is given), relative to the project root. */
function listTests(project?: string): string[] {
  const out = execFileSync(JEST, ['--listTests', ...(project ? ['--selectProjects', project] : [])], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return out
    .split('\n')
    .filter((l) => l.endsWith('.test.ts'))
    .map((l) => path.relative(ROOT, l))
    .sort();
}

/** Test files under a folder of the project (relative to the project root), found without jest. */
function testFilesUnder(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.test.ts'))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)))
    .sort();
}

/** True when the file, or a test helper it imports (transitively), starts moto or terraform. */
function startsProcesses(file: string, seen = new Set<string>()): boolean {
  if (seen.has(file)) return false;
  seen.add(file);
  const source = readFileSync(file, 'utf8');
  if (STARTS_PROCESSES.test(source)) return true;
  for (const [, spec] of source.matchAll(/from '(\.[^']+)'/g)) {
    const base = path.resolve(path.dirname(file), spec);
    const target = [`${base}.ts`, path.join(base, 'index.ts')].find((c) => existsSync(c));
    // Only test helpers: the product's own modules define these functions rather than call them for a suite.
    if (target?.includes(`${path.sep}__tests__${path.sep}`) && startsProcesses(target, seen)) return true;
  }
  return false;
}

describe('jest projects', () => {
  const all = listTests();
  const unit = listTests('unit');
  const integration = listTests('integration');
  const e2e = listTests('e2e');
  const pkg = listTests('package');
  const scale = listTests('scale');

  test('npm run test:unit and test:integration select projects that hold suites', () => {
    const scripts = (
      JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    expect(scripts['test:unit']).toMatch(/--selectProjects unit\b/);
    expect(scripts['test:integration']).toMatch(/--selectProjects integration\b/);
    expect(scripts.test).toMatch(/--selectProjects unit integration\b/);
    expect(scripts['test:e2e']).toMatch(/--selectProjects e2e package\b/);
    expect(scripts['test:scale']).toMatch(/--selectProjects scale\b/);
    // CI runs every project: npm test, then the slow e2e and scale suites.
    const ci = readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8');
    expect(ci).toMatch(/^npm test$/m);
    expect(ci).toMatch(/^npm run test:e2e$/m);
    expect(ci).toMatch(/^npm run test:scale$/m);
    expect(unit.length).toBeGreaterThan(10);
    expect(integration.length).toBeGreaterThan(5);
  });

  test('every suite is in exactly one project, and npm test with npm run test:e2e and test:scale runs them all', () => {
    expect([...unit, ...integration, ...e2e, ...pkg, ...scale].sort()).toEqual(all);
    expect(scale.length).toBeGreaterThan(0);
    expect(all).toContain(path.join('__tests__', 'support', 'jest-projects.test.ts'));
  });

  test('the unit tests next to the constructs and the domain run in the unit project', () => {
    const beside = [...testFilesUnder('domain'), ...testFilesUnder('modules')];
    expect(beside).toContain(path.join('modules', 'security-hub.test.ts'));
    expect(beside.filter((f) => !unit.includes(f))).toEqual([]);
  });

  test('suites that start moto_server or terraform are integration, e2e or scale suites, the others unit (or, by their size, scale) suites', () => {
    // This file names the markers without calling them. A scale suite is placed by the data it
    // makes (minutes of it), whether or not it starts a process.
    const misplaced = all
      .filter(
        (f) =>
          !f.startsWith(path.join('__tests__', 'package') + path.sep) &&
          f !== path.join('__tests__', 'support', 'jest-projects.test.ts'),
      )
      .filter((f) =>
        startsProcesses(path.join(ROOT, f))
          ? !(integration.includes(f) || e2e.includes(f) || scale.includes(f))
          : integration.includes(f) || e2e.includes(f),
      );
    expect(misplaced).toEqual([]);
  });
});
