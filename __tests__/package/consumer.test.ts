import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { offlineTerraformEnv, terraform } from '../support/terraform';
import { tarballProblems } from './tarball-contents';

// The package as a consumer gets it: `npm pack` (prepack builds dist/ and the function
// packages), the tarball installed into a fresh project with its own package.json, every
// example compiled there with tsc (build mode, each with its own tsconfig.json), synthesized
// with node and checked by `terraform validate` offline, and the `securityhub` command run from
// that project. Nothing resolves to this repository: the project only sees what the tarball holds.
//
// Offline and fast: the install takes the dependency versions this repository pins, from npm's
// cache (--prefer-offline), and skips install scripts: the only one in the tree is
// better-sqlite3's native build, which fetches binaries over the network, and nothing run here
// loads it (the report's history does).

const run = promisify(execFile);
const root = path.join(__dirname, '..', '..');
const examplesDir = path.join(root, 'examples');
const examples = readdirSync(examplesDir, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  devDependencies: Record<string, string>;
};
const pinned = (name: string): string => manifest.devDependencies[name];

let project: string;
let tarballFiles: string[];
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  const work = mkdtempSync(path.join(tmpdir(), 'consumer-'));
  const packed = await run('npm', ['pack', '--json', '--pack-destination', work], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  // prepack's output comes first on stdout; the JSON report is the last thing printed.
  const report = JSON.parse(packed.stdout.slice(packed.stdout.lastIndexOf('\n[') + 1)) as {
    filename: string;
    files: { path: string }[];
  }[];
  tarballFiles = report[0].files.map((f) => f.path);
  project = path.join(work, 'project');
  cpSync(examplesDir, path.join(project, 'examples'), {
    recursive: true,
    filter: (src) => !/[/\\](dist|cdktf\.out|node_modules)$/.test(src),
  });
  writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify(
      {
        name: 'consumer',
        version: '1.0.0',
        private: true,
        dependencies: {
          [manifest.name]: `file:${path.join(work, report[0].filename)}`,
          cdktf: pinned('cdktf'),
          constructs: pinned('constructs'),
          '@cdktf/provider-aws': pinned('@cdktf/provider-aws'),
        },
        devDependencies: { typescript: pinned('typescript'), '@types/node': pinned('@types/node') },
      },
      null,
      2,
    ),
  );
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts'], {
    cwd: project,
    maxBuffer: 64 * 1024 * 1024,
  });
  // One tsc in build mode compiles every example with its own tsconfig.json, sharing the parse of
  // the framework's declarations (a third of the time of one tsc per example).
  await run(
    path.join(project, 'node_modules', '.bin', 'tsc'),
    ['-b', ...examples.map((e) => path.join('examples', e, 'tsconfig.json'))],
    { cwd: project },
  ).catch((e) => {
    throw new Error(`tsc failed on the examples:\n${e.stdout}${e.stderr}`);
  });
  env = offlineTerraformEnv();
}, 240_000);

test('the tarball holds compiled code, types and function packages, and no tests, fixtures or bare TypeScript', () => {
  expect(tarballProblems(tarballFiles)).toEqual([]);
});

test.each(examples)(
  'example %s, compiled against the installed package, synthesizes and passes terraform validate',
  async (example) => {
    const dir = path.join(project, 'examples', example);
    const outdir = path.join(dir, 'cdktf.out');
    await run(process.execPath, [path.join(dir, 'dist', 'main.js')], {
      cwd: dir,
      env: { ...process.env, CDKTF_OUTDIR: outdir },
    });
    const stacks = readdirSync(path.join(outdir, 'stacks')).sort();
    expect(stacks.length).toBeGreaterThan(0);
    const results = await Promise.all(
      stacks.map(async (stack) => {
        const cwd = path.join(outdir, 'stacks', stack);
        const init = await terraform(['init', '-backend=false', '-input=false', '-no-color'], cwd, env);
        if (init.code !== 0) return { stack, init: init.stderr };
        const validate = JSON.parse((await terraform(['validate', '-json', '-no-color'], cwd, env)).stdout) as {
          valid: boolean;
          diagnostics: unknown[];
        };
        return { stack, diagnostics: validate.diagnostics, valid: validate.valid };
      }),
    );
    expect(results).toEqual(stacks.map((stack) => ({ stack, diagnostics: [], valid: true })));
  },
  120_000,
);

test('remediation deploys the function packages shipped in the tarball, found from the installed package', () => {
  const stack = JSON.parse(
    readFileSync(
      path.join(project, 'examples', 'remediation-shadow', 'cdktf.out', 'stacks', 'security', 'cdk.tf.json'),
      'utf8',
    ),
  ) as {
    resource: { aws_lambda_function: Record<string, { filename: string; function_name: string }> };
  };
  const functions = Object.values(stack.resource.aws_lambda_function);
  expect(functions.map((f) => f.function_name)).toContain('securityhub-rollback');
  for (const fn of functions) {
    const asset = path.resolve(
      project,
      'examples',
      'remediation-shadow',
      'cdktf.out',
      'stacks',
      'security',
      fn.filename,
    );
    expect(readFileSync(asset).subarray(0, 2).toString('latin1')).toBe('PK');
  }
});

test('npx securityhub --help from the project lists the commands', async () => {
  const { stdout } = await run('npx', ['--no-install', 'securityhub', '--help'], { cwd: project });
  expect(stdout).toMatch(/^Usage: securityhub <command>/);
  for (const command of ['report', 'import', 'plan-review', 'rollback']) expect(stdout).toContain(command);
});
