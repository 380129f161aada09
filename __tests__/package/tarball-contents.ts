/**
 * What the npm tarball must and must not hold, as a consumer relies on it: compiled code with
 * its types for both entry points and the CLI, the function packages and SSM documents the
 * constructs deploy, and nothing of the repository's tests, fixtures or uncompiled sources.
 * @param files paths inside the tarball, relative to `package/`
 * @returns one line per problem; empty when the tarball is fit to publish
 */
export function tarballProblems(files: readonly string[]): string[] {
  const present = new Set(files);
  const problems: string[] = [];
  for (const file of files) {
    if (/(^|\/)__tests__\//.test(file) || /\.test\.[cm]?[jt]s(\.map)?$/.test(file) || /\.spec\.[cm]?[jt]s$/.test(file))
      problems.push(`${file}: a test file`);
    else if (/(^|\/)(fixtures|golden)\//.test(file)) problems.push(`${file}: a test fixture`);
    else if (
      /\.[cm]?ts$/.test(file) &&
      !/\.d\.[cm]?ts$/.test(file) &&
      !present.has(file.replace(/\.([cm]?)ts$/, '.$1js'))
    )
      problems.push(`${file}: TypeScript source without its compiled output`);
    else if (/\.d\.ts$/.test(file) && !present.has(file.replace(/\.d\.ts$/, '.js')))
      problems.push(`${file}: declarations without their code`);
    else if (/^(bench|local-aws|scripts|examples)\//.test(file))
      problems.push(`${file}: development tooling, not part of the package`);
  }
  for (const required of REQUIRED_FILES) if (!present.has(required)) problems.push(`${required}: missing`);
  if (!files.some((f) => /^remediation-functions\/dist\/[\w-]+\.zip$/.test(f)))
    problems.push('remediation-functions/dist/*.zip: no function package');
  if (!files.some((f) => /^remediation-functions\/ssm-documents\/SecurityHubRemediation-[\w-]+\.json$/.test(f)))
    problems.push('remediation-functions/ssm-documents/*.json: no SSM document');
  return problems;
}

/** The entry points of the exports map and bin, with their types and source maps. */
export const REQUIRED_FILES: readonly string[] = [
  'package.json',
  'dist/modules/index.js',
  'dist/modules/index.d.ts',
  'dist/modules/index.js.map',
  'dist/modules/remediation/index.js',
  'dist/modules/remediation/index.d.ts',
  'dist/cli/main.js',
  'bin/securityhub.js',
  // The control catalogue's data, which the compiled catalogue module requires at load.
  'dist/domain/catalogue/controls.json',
  'remediation-functions/dist/rollback.zip',
  'remediation-functions/dist/compliance-review.zip',
  'config/default-org.yaml',
];
