import { REQUIRED_FILES, tarballProblems } from '../package/tarball-contents';

// The check the package suite applies to the real tarball, on a passing and on failing listings.
const good = [
  ...REQUIRED_FILES,
  'remediation-functions/ssm-documents/SecurityHubRemediation-BlockS3PublicAccess.json',
  'dist/core/arn.js',
  'dist/core/arn.d.ts',
  'dist/core/arn.js.map',
];

test('a tarball of compiled code, types, function packages and documents passes', () => {
  expect(tarballProblems(good)).toEqual([]);
});

test.each([
  ['__tests__/foundation/modules.test.ts', 'a test file'],
  ['dist/__tests__/support/setup.js', 'a test file'],
  ['dist/modules/security-hub.test.js', 'a test file'],
  ['__tests__/fixtures/findings/one.json', 'a test file'],
  ['remediation-functions/fixtures/event.json', 'a test fixture'],
  ['modules/security-hub.ts', 'TypeScript source without its compiled output'],
  ['dist/modules/orphan.d.ts', 'declarations without their code'],
  ['bench/synth.js', 'development tooling'],
])('%s is refused (%s)', (file, reason) => {
  expect(tarballProblems([...good, file])).toEqual([expect.stringContaining(`${file}: ${reason}`)]);
});

test('a tarball without the remediation entry point or function packages is refused', () => {
  const problems = tarballProblems(
    good.filter((f) => !f.startsWith('dist/modules/remediation/') && !f.endsWith('.zip')),
  );
  expect(problems).toEqual(
    expect.arrayContaining([
      'dist/modules/remediation/index.js: missing',
      'remediation-functions/dist/*.zip: no function package',
    ]),
  );
});
