import { build, type Metafile } from 'esbuild';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { COMPLIANCE_REVIEW_FUNCTION } from '../../core/compliance-review-contract';
import { REMEDIATION_FUNCTIONS, ROLLBACK_FUNCTION } from '../../domain/catalogue/remediations';
import { entryPointSource } from './runbook-tables';
import { writeDeterministicZip } from './zip';

/**
 * Each Lambda function's name and entry point; the bundle lands in `remediation-functions/dist/<name>/index.js`.
 * A remediation function's entry point is derived from the catalogue (see {@link entryPointSource});
 * the rollback router has its own file.
 */
export const FUNCTION_ENTRY_POINTS: Readonly<Record<string, EntryPoint>> = Object.fromEntries([
  ...REMEDIATION_FUNCTIONS.map((name) => [name, { source: entryPointSource(name) }] as const),
  [ROLLBACK_FUNCTION, { file: 'handlers/rollback.ts' }] as const,
  // The weekly compliance review (ComplianceReview construct): the report and evidence code of the CLI, bundled.
  [COMPLIANCE_REVIEW_FUNCTION, { file: 'handlers/compliance-review.ts' }] as const,
]);

/** Where a function's code starts: a file under remediation-functions/, or source compiled as if it were `handlers/<name>.ts`. */
export type EntryPoint = { readonly file: string } | { readonly source: string };

/** Where the bundles go, relative to the repository root. */
export const BUNDLE_DIR = path.join('remediation-functions', 'dist');

/** One bundled function. */
export interface BundledFunction {
  readonly name: string;
  /** Path of index.js. */
  readonly file: string;
  /** The Lambda package, `<outDir>/<name>.zip` (index.js alone; the constructs point at it). */
  readonly zip: string;
  readonly bytes: number;
  /** Bare module names left as runtime imports (must all be `@aws-sdk/*` or `node:*`). */
  readonly externals: readonly string[];
}

function externalsOf(metafile: Metafile): string[] {
  const names = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const imported of output.imports) if (imported.external) names.add(imported.path);
  }
  return [...names].sort();
}

/**
 * Bundles every function with esbuild: CommonJS for the Lambda nodejs22.x runtime, the AWS SDK left
 * external because the runtime provides it, minified, with a source map beside it.
 * @param root repository root
 * @param outDir where the `<name>/index.js` folders go
 */
export async function bundleFunctions(
  root: string = path.resolve(__dirname, '..', '..'),
  outDir: string = path.join(root, BUNDLE_DIR),
): Promise<BundledFunction[]> {
  const results: BundledFunction[] = [];
  // The project's compiler options, but without alwaysStrict: with it esbuild repeats "use strict"
  // inside every lazily loaded module (about 330 bytes a bundle), where the one banner line at the
  // top of the file already makes all of it strict.
  const { compilerOptions } = JSON.parse(readFileSync(path.join(root, 'tsconfig.json'), 'utf8')) as {
    compilerOptions: Record<string, unknown>;
  };
  // A bundle has no package.json beside it: the version the evidence pack records is written in.
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  for (const [name, entry] of Object.entries(FUNCTION_ENTRY_POINTS)) {
    const file = path.join(outDir, name, 'index.js');
    const result = await build({
      absWorkingDir: root,
      ...('file' in entry
        ? { entryPoints: [path.join(root, 'remediation-functions', entry.file)] }
        : {
            stdin: {
              contents: entry.source,
              loader: 'ts' as const,
              resolveDir: path.join(root, 'remediation-functions', 'handlers'),
              sourcefile: `${name}.ts`,
            },
          }),
      outfile: file,
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'cjs',
      external: ['@aws-sdk/*'],
      minify: true,
      sourcemap: 'external',
      legalComments: 'none',
      metafile: true,
      logLevel: 'warning',
      tsconfigRaw: { compilerOptions: { ...compilerOptions, alwaysStrict: false } },
      banner: { js: '"use strict";' },
      define: { 'process.env.SECURITYHUB_TOOL_VERSION': JSON.stringify(version) },
    });
    const externals = externalsOf(result.metafile);
    const unexpected = externals.filter((e) => !e.startsWith('@aws-sdk/') && !e.startsWith('node:'));
    if (unexpected.length > 0)
      throw new Error(
        `bundle ${name} imports ${unexpected.join(', ')} at runtime; only @aws-sdk/* and node:* may stay external`,
      );
    // The package is made here, once, rather than by every synth; its bytes depend only on the code.
    const zip = path.join(outDir, `${name}.zip`);
    writeDeterministicZip(zip, [{ name: 'index.js', data: readFileSync(file) }]);
    results.push({ name, file, zip, bytes: statSync(file).size, externals });
  }
  return results;
}

if (require.main === module) {
  bundleFunctions()
    .then((bundles) => {
      for (const b of bundles)
        console.log(`${b.name}: ${path.relative(process.cwd(), b.file)} ${(b.bytes / 1024).toFixed(1)} KB`);
    })
    .catch((error: Error) => {
      console.error(error.message);
      process.exit(1);
    });
}
