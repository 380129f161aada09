#!/usr/bin/env node
'use strict';
// The `securityhub` command of the package. It runs the compiled CLI when there is one
// (dist/, what `npm run build` writes and the published package holds) and the TypeScript
// sources through tsx otherwise, so `npx securityhub` works in a fresh clone right after
// `npm ci`, before any build. A dist/ older than the sources wins: rebuild, or delete dist/.
const { existsSync } = require('node:fs');
const path = require('node:path');

const built = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
if (existsSync(built)) {
  require(built).runAsProgram();
} else {
  let tsx;
  try {
    // Both hooks: require() for the entry, the ESM loader for the commands' lazy import().
    tsx = { cjs: require('tsx/cjs/api'), esm: require('tsx/esm/api') };
  } catch {
    process.stderr.write(
      "securityhub: neither dist/cli/main.js (run `npm run build`) nor tsx (run `npm ci`) is there; install the package's dependencies first.\n",
    );
    process.exit(1);
  }
  tsx.cjs.register();
  tsx.esm.register();
  require(path.join(__dirname, '..', 'cli', 'main.ts')).runAsProgram();
}
