import { checkRequirements, type RequirementCheck } from './requirements';

// `npm run doctor`: one line per tool the tests and local AWS need, what is missing and how to get
// it; exit 1 when a required one is missing. `npm test` runs it first, so a machine without
// terraform or moto fails in a second with this list rather than minutes later inside a suite.

function line(check: RequirementCheck): string {
  const mark = check.ok ? 'ok     ' : check.required ? 'MISSING' : 'missing';
  return `${mark} ${check.name}: ${check.detail}${check.ok || !check.fix ? '' : `\n        fix: ${check.fix}`}`;
}

const checks = checkRequirements();
const quiet = process.argv.includes('--quiet');
const missing = checks.filter((c) => c.required && !c.ok);
for (const check of checks) if (!quiet || !check.ok) process.stdout.write(`${line(check)}\n`);
if (missing.length > 0) {
  process.stderr.write(
    `doctor: this machine lacks ${missing.map((c) => c.name).join(', ')}; see the fix lines above and README.md#prerequisites\n`,
  );
  process.exitCode = 1;
}
