import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.join(__dirname, '..', '..');

// The README's construct-library example is run as written (its package import pointed at the
// sources), so the guide cannot drift from the library.
test('the README construct-library example synthesizes', async () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  expect(blocks.length).toBeGreaterThan(0);
  // Inside the project, so the example's own imports (cdktf, the provider) resolve.
  mkdirSync(path.join(root, 'node_modules', '.cache'), { recursive: true });
  const dir = mkdtempSync(path.join(root, 'node_modules', '.cache', 'readme-'));
  for (const [i, block] of blocks.entries()) {
    const file = path.join(dir, `example-${i}.ts`);
    writeFileSync(
      file,
      block.replace(/from 'cdktf-securityhub'/g, `from ${JSON.stringify(path.join(root, 'modules'))}`),
    );
    const outdir = mkdtempSync(path.join(tmpdir(), 'readme-out-'));
    await run(process.execPath, [path.join(root, 'scripts', 'run-ts.cjs'), file], {
      cwd: root,
      env: { ...process.env, CDKTF_OUTDIR: outdir },
    });
    expect(readdirSync(path.join(outdir, 'stacks')).length).toBeGreaterThan(0);
  }
});

// The README's construct snippet is an example project's code, byte for byte, so the package
// suite (which compiles and validates every example against the tarball) checks it too.
test('the README construct snippet is examples/large-organization/main.ts', () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## The construct library'));
  const snippet = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  expect(snippet).toBe(readFileSync(path.join(root, 'examples', 'large-organization', 'main.ts'), 'utf8'));
});
