import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { chromium as playwright, type Browser, type Page } from 'playwright-core';

/*
 * Headless Chromium for the tests, from the npm registry: @sparticuz/chromium ships a
 * brotli-compressed Chromium build (with its own fonts) that `executablePath()` inflates. So
 * `npm ci` is all a machine needs; no system browser is looked for, and a browser that cannot be
 * had fails the test instead of skipping it.
 */

const PACKAGE = '@sparticuz/chromium';
const PROJECT_ROOT = path.join(__dirname, '..', '..');

/** The package's own version: the cache folder is per version, so an upgrade never reuses an old binary. */
function packageVersion(): string {
  // The package's exports map hides package.json; its main file sits in build/cjs/.
  const root = path.join(path.dirname(require.resolve(PACKAGE)), '..', '..');
  return (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The project's cache folder (inside node_modules, so `npm ci` clears it) for this version's binary. */
function cacheDir(): string {
  return path.join(PROJECT_ROOT, 'node_modules', '.cache', `sparticuz-chromium-${packageVersion()}`);
}

let extracting: Promise<string> | undefined;

/** Inflates the package's Chromium into TMPDIR and prints the binary's path. */
const INFLATE = `const m = require(${JSON.stringify(PACKAGE)}); (m.default ?? m).executablePath().then((p) => console.log(p), (e) => { console.error(e.message); process.exit(1); });`;

/**
 * The path of the inflated Chromium binary, inflating it on first use. The package inflates into
 * `os.tmpdir()` and reuses any `chromium` it finds there, so it is pointed at a fresh private folder
 * (TMPDIR for the call) that is then renamed into the cache: other test workers, or other checkouts
 * on the machine, never see a half-written binary or another version's.
 */
export async function chromiumExecutable(): Promise<string> {
  const dir = cacheDir();
  const binary = path.join(dir, 'chromium');
  if (existsSync(binary)) return binary;
  extracting ??= (async () => {
    mkdirSync(path.dirname(dir), { recursive: true });
    const staging = mkdtempSync(`${dir}.tmp-`);
    // A child process, because the package reads os.tmpdir(), which follows the real TMPDIR only.
    const inflate = spawnSync(process.execPath, ['-e', INFLATE], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, TMPDIR: staging },
      encoding: 'utf8',
      timeout: 300_000,
    });
    const inflated = inflate.stdout.trim();
    if (inflate.status !== 0 || path.dirname(inflated) !== staging || !existsSync(inflated)) {
      rmSync(staging, { recursive: true, force: true });
      throw new Error(
        `${PACKAGE} could not inflate Chromium into ${staging} (exit ${inflate.status}): ${inflate.stderr || inflated}; run \`npm ci\` to restore the package.`,
      );
    }
    // The package's fonts.conf names /tmp/fonts; this one names the fonts it inflated here.
    writeFileSync(
      path.join(staging, 'fonts.conf'),
      `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>${path.join(dir, 'fonts', 'fonts')}</dir>
  <cachedir>${path.join(dir, 'fontconfig-cache')}</cachedir>
</fontconfig>
`,
    );
    try {
      renameSync(staging, dir);
    } catch (e) {
      // Another worker got there first: its copy is complete (renamed whole), so use it.
      rmSync(staging, { recursive: true, force: true });
      if (!existsSync(binary)) throw e;
    }
    return binary;
  })();
  return extracting;
}

/** Launches headless Chromium with the fonts it ships, a clean profile, and no network of its own. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = await chromiumExecutable();
  return playwright.launch({
    executablePath,
    headless: true,
    env: { ...process.env, FONTCONFIG_PATH: path.dirname(executablePath) },
    // No sandbox (containers), software GL. Not --single-process, which the package suggests for
    // Lambda: there, closing a page takes the whole browser down.
    args: [
      '--no-sandbox',
      '--use-gl=angle',
      '--use-angle=swiftshader',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Checks a screenshot looks like something a person can read: a PNG whose size is well above what
 * a blank page compresses to.
 */
export function expectNonBlankPng(png: Buffer, minBytes = 20_000): void {
  expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
  expect(png.length).toBeGreaterThan(minBytes);
}

/** Saves a screenshot next to the test's files, and to $SCREENSHOT_DIR when set (to look at it). */
export async function screenshot(page: Page, dir: string, name: string): Promise<Buffer> {
  const shot = await page.screenshot({ fullPage: true });
  writeFileSync(path.join(dir, name), shot);
  if (process.env.SCREENSHOT_DIR) writeFileSync(path.join(process.env.SCREENSHOT_DIR, name), shot);
  return shot;
}
