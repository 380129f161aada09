#!/usr/bin/env node
// Runs a TypeScript entry file: esbuild bundles the project's own modules (packages stay
// external) into node_modules/.cache, then node requires the bundle.
// Why not tsx or ts-node: `cdktf synth` starts the app on every synth, and their start-up cost
// was most of a synth's wall time. Types are checked by `npm run typecheck`, not here.
const { build } = require('esbuild');
const path = require('node:path');

async function main() {
  const entry = process.argv[2];
  if (!entry) {
    process.stderr.write('usage: run-ts.cjs FILE.ts [args...]\n');
    process.exit(2);
  }
  const root = path.resolve(__dirname, '..');
  const entryPath = path.resolve(entry);
  const outfile = path.join(
    root,
    'node_modules',
    '.cache',
    'run-ts',
    path.relative(root, entryPath).replace(/\.ts$/, '.js'),
  );
  await build({
    entryPoints: [entryPath],
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // No source map: node parses one eagerly and that cost more than the rest of the synth. The
    // bundle is not minified and marks each module's start with its path, so traces stay readable.
    sourcemap: false,
    logLevel: 'error',
  });
  process.argv.splice(1, 2, entryPath);
  require(outfile);
}

main().catch((e) => {
  process.stderr.write(`${e.message}\n`);
  // exitCode rather than exit(): a piped stderr is written asynchronously.
  process.exitCode = 1;
});
