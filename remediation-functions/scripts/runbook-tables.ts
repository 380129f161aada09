/**
 * Writes `remediation-functions/runbooks/tables.ts`, the loader table of each remediation
 * function, from the catalogue: which functions exist and which runbooks each holds come from
 * `domain/catalogue/remediations.ts`; where a runbook's implementation lives is found by its
 * export (the runbook name with a lower-case first letter, e.g. `enableGuardDuty`) in
 * `remediation-functions/runbooks/*.ts`. Run with `npm run generate:runbooks`.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  REMEDIATION_FUNCTIONS,
  RUNBOOKS,
  type RemediationFunctionName,
  type RunbookDefinition,
} from '../../domain/catalogue/remediations';
import { messageOf } from '../../core/error-message';

/** The generated file, relative to the repository root. */
export const RUNBOOK_TABLES_FILE = path.join('remediation-functions', 'runbooks', 'tables.ts');

/** The export that holds a runbook's implementation: `EnableGuardDuty` is `enableGuardDuty`. */
export function implementationExport(runbook: string): string {
  return runbook.charAt(0).toLowerCase() + runbook.slice(1);
}

/** The loader table constant of a function: `remediate-ec2-network` is `REMEDIATE_EC2_NETWORK_RUNBOOKS`. */
export function loaderTableName(fn: string): string {
  return `${fn.replace(/-/g, '_').toUpperCase()}_RUNBOOKS`;
}

/** Module (file name without `.ts`) of every top-level exported name in the runbooks folder. */
function exportedNames(runbooksDir: string): Map<string, string[]> {
  const modules = new Map<string, string[]>();
  const files = readdirSync(runbooksDir)
    .filter((f) => f.endsWith('.ts') && f !== 'tables.ts' && f !== 'index.ts')
    .sort();
  for (const file of files) {
    const text = readFileSync(path.join(runbooksDir, file), 'utf8');
    for (const match of text.matchAll(/^export (?:const|function|async function) ([A-Za-z_$][\w$]*)/gm)) {
      modules.set(match[1], [...(modules.get(match[1]) ?? []), file.replace(/\.ts$/, '')]);
    }
  }
  return modules;
}

/**
 * The text of the loader tables file.
 * @param root repository root
 * @throws Error naming the runbook whose implementation is missing or exported from two files
 */
export function renderRunbookTables(root: string = path.resolve(__dirname, '..', '..')): string {
  const exported = exportedNames(path.join(root, 'remediation-functions', 'runbooks'));
  const definitions: readonly RunbookDefinition[] = Object.values(RUNBOOKS);
  const problems: string[] = [];
  const moduleOf = (runbook: string): string => {
    const name = implementationExport(runbook);
    const modules = exported.get(name) ?? [];
    if (modules.length !== 1) {
      problems.push(
        modules.length === 0
          ? `runbook ${runbook}: no \`export const ${name}\` in remediation-functions/runbooks/*.ts; export the implementation under that name.`
          : `runbook ${runbook}: \`${name}\` is exported from ${modules.map((m) => `${m}.ts`).join(' and ')}; keep one.`,
      );
    }
    return modules[0] ?? '';
  };
  const table = (fn: RemediationFunctionName): string => {
    const rows = definitions
      .filter((d) => d.remediationFunction === fn)
      .map(
        (d) =>
          `  ${d.runbook}: () => import('./${moduleOf(d.runbook)}').then((m) => m.${implementationExport(d.runbook)}),`,
      );
    return [
      `/** Runbooks of the ${fn} function. */`,
      `export const ${loaderTableName(fn)}: RunbookLoaders = {`,
      ...rows,
      '};',
      '',
    ].join('\n');
  };
  const text = [
    '// Generated from domain/catalogue/remediations.ts by remediation-functions/scripts/runbook-tables.ts',
    '// (`npm run generate:runbooks`). Do not edit: regenerate.',
    '',
    "import type { RunbookLoaders } from './index';",
    '',
    '/*',
    " * One loader table per remediation function. A function's entry point imports only its own",
    ' * table, so its bundle holds only its runbooks and its cold start loads no SDK client; the',
    ' * tables are separate constants so the bundler drops the others.',
    ' */',
    '',
    ...REMEDIATION_FUNCTIONS.map(table),
    '/** The loader table of each remediation function, by function name. */',
    'export function functionRunbooks(): Readonly<Record<string, RunbookLoaders>> {',
    '  // Built on call rather than at load: a spread at module level would keep every table in every bundle.',
    '  return {',
    ...REMEDIATION_FUNCTIONS.map((fn) => `    '${fn}': ${loaderTableName(fn)},`),
    '  };',
    '}',
    '',
  ].join('\n');
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return text;
}

/**
 * The source of a remediation function's Lambda entry point, which the bundler compiles in place
 * of a file: the shared handler with the function's own loader table.
 */
export function entryPointSource(fn: RemediationFunctionName): string {
  return [
    `import { ${loaderTableName(fn)} } from '../runbooks';`,
    "import { remediationFunction } from './remediation-function';",
    '',
    `/** Lambda entry point of the ${fn} function. */`,
    `export const handler = remediationFunction('${fn}', ${loaderTableName(fn)});`,
    '',
  ].join('\n');
}

/** Writes the tables file; returns its path. */
export function writeRunbookTables(root: string = path.resolve(__dirname, '..', '..')): string {
  const file = path.join(root, RUNBOOK_TABLES_FILE);
  writeFileSync(file, renderRunbookTables(root));
  return file;
}

if (require.main === module) {
  try {
    console.log(`wrote ${path.relative(process.cwd(), writeRunbookTables())}`);
  } catch (error) {
    console.error(messageOf(error));
    process.exit(1);
  }
}
