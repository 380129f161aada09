import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.join(__dirname, '..', '..');

/** Every file under a folder, relative to it, with its text. */
function tree(dir: string): Record<string, string> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  return Object.fromEntries(
    files
      .map((e) => {
        const full = path.join(e.parentPath, e.name);
        return [path.relative(dir, full), readFileSync(full, 'utf8')];
      })
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

// docs/api/ is committed so the reference reads on the repository; it must be what the JSDoc
// says today. When this fails, run `npm run docs:api` and commit the result.
test('docs/api is the API reference typedoc generates from the current JSDoc', async () => {
  const out = mkdtempSync(path.join(tmpdir(), 'api-'));
  await run(path.join(root, 'node_modules', '.bin', 'typedoc'), ['--out', out, '--logLevel', 'Error'], { cwd: root });
  const generated = tree(out);
  expect(Object.keys(generated)).toContain(path.join('cdktf-securityhub', 'classes', 'SecurityTier.md'));
  expect(tree(path.join(root, 'docs', 'api'))).toEqual(generated);
});
