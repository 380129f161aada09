import { build, type Metafile } from 'esbuild';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { writeDeterministicZip } from './zip';

/** Each Lambda function's name and entry point; the bundle lands in `remediation-functions/dist/<name>/index.js`. */
export const FUNCTION_ENTRY_POINTS: Readonly<Record<string, string>> = {
  'remediate-s3': 'handlers/remediate-s3.ts',
  'remediate-ec2': 'handlers/remediate-ec2.ts',
  'remediate-ec2-network': 'handlers/remediate-ec2-network.ts',
  'remediate-ec2-flow-logs': 'handlers/remediate-ec2-flow-logs.ts',
  'remediate-monitoring': 'handlers/remediate-monitoring.ts',
  'remediate-config-guardduty': 'handlers/remediate-config-guardduty.ts',
  'remediate-iam': 'handlers/remediate-iam.ts',
  'remediate-iam-account': 'handlers/remediate-iam-account.ts',
  'remediate-kms': 'handlers/remediate-kms.ts',
  'remediate-lambda': 'handlers/remediate-lambda.ts',
  'remediate-rds': 'handlers/remediate-rds.ts',
  'remediate-rds-snapshots': 'handlers/remediate-rds-snapshots.ts',
  'remediate-cloudwatch': 'handlers/remediate-cloudwatch.ts',
  'remediate-data': 'handlers/remediate-data.ts',
  'remediate-secrets': 'handlers/remediate-secrets.ts',
  'remediate-s3-lifecycle': 'handlers/remediate-s3-lifecycle.ts',
  'remediate-ssm': 'handlers/remediate-ssm.ts',
  'remediate-ec2-authorized-ports': 'handlers/remediate-ec2-authorized-ports.ts',
  'remediate-ec2-transit-gateways': 'handlers/remediate-ec2-transit-gateways.ts',
  'remediate-elb': 'handlers/remediate-elb.ts',
  'remediate-apigateway': 'handlers/remediate-apigateway.ts',
  'remediate-rds-monitoring': 'handlers/remediate-rds-monitoring.ts',
  'remediate-cloudtrail-logs': 'handlers/remediate-cloudtrail-logs.ts',
  'remediate-codebuild': 'handlers/remediate-codebuild.ts',
  'remediate-ec2-instances': 'handlers/remediate-ec2-instances.ts',
  rollback: 'handlers/rollback.ts',
};

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
export async function bundleFunctions(root: string = path.resolve(__dirname, '..', '..'), outDir: string = path.join(root, BUNDLE_DIR)): Promise<BundledFunction[]> {
  const results: BundledFunction[] = [];
  // The project's compiler options, but without alwaysStrict: with it esbuild repeats "use strict"
  // inside every lazily loaded module (about 330 bytes a bundle), where the one banner line at the
  // top of the file already makes all of it strict.
  const { compilerOptions } = JSON.parse(readFileSync(path.join(root, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
  for (const [name, entry] of Object.entries(FUNCTION_ENTRY_POINTS)) {
    const file = path.join(outDir, name, 'index.js');
    const result = await build({
      absWorkingDir: root,
      entryPoints: [path.join(root, 'remediation-functions', entry)],
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
    });
    const externals = externalsOf(result.metafile);
    const unexpected = externals.filter((e) => !e.startsWith('@aws-sdk/') && !e.startsWith('node:'));
    if (unexpected.length > 0) throw new Error(`bundle ${name} imports ${unexpected.join(', ')} at runtime; only @aws-sdk/* and node:* may stay external`);
    // The package is made here, once, rather than by every synth; its bytes depend only on the code.
    const zip = path.join(outDir, `${name}.zip`);
    writeDeterministicZip(zip, [{ name: 'index.js', data: readFileSync(file) }]);
    results.push({ name, file, zip, bytes: statSync(file).size, externals });
  }
  return results;
}

if (require.main === module) {
  bundleFunctions().then((bundles) => {
    for (const b of bundles) console.log(`${b.name}: ${path.relative(process.cwd(), b.file)} ${(b.bytes / 1024).toFixed(1)} KB`);
  }).catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
