import { readdir, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { PlanInputError } from './plan';
import { messageOf } from '../../core/error-message';

/** One plan to review: the stack it belongs to, where it came from, and its text. */
export interface PlanSource {
  readonly stack: string;
  readonly file: string;
  readonly text: string;
}

/** `security.plan.json` / `security.json` -> `security`; `security/plan.json` -> `security`. */
export function stackNameOf(file: string): string {
  const base = path.basename(file);
  if (/^(tf)?plan\.json$/i.test(base)) return path.basename(path.dirname(path.resolve(file)));
  return base.replace(/(\.tfplan)?(\.plan)?\.json$/i, '');
}

async function readText(file: string): Promise<string> {
  try {
    // Binary plan files are detected from their first bytes, so read as latin1-safe utf8.
    return await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file or directory'
        : code === 'EACCES'
          ? 'permission denied'
          : (code ?? messageOf(e));
    throw new PlanInputError(
      `cannot read ${file} (${why}); give the JSON file written by \`terraform show -json tfplan\`, or a directory of them.`,
    );
  }
}

/**
 * The plans at a path: a file is one plan (its stack named after the file); a directory holds
 * `<stack>.json` files and/or `<stack>/plan.json` folders, sorted by stack name.
 * @throws PlanInputError when the path cannot be read or a directory holds no plans
 */
export async function readPlanSources(input: string): Promise<PlanSource[]> {
  let info;
  try {
    info = await stat(input);
  } catch {
    throw new PlanInputError(
      `cannot read ${input} (no such file or directory); give the JSON file written by \`terraform show -json tfplan\`, or a directory of <stack>.json files.`,
    );
  }
  if (!info.isDirectory()) return [{ stack: stackNameOf(input), file: input, text: await readText(input) }];
  const entries = await readdir(input, { withFileTypes: true });
  const sources: PlanSource[] = [];
  for (const entry of entries) {
    const full = path.join(input, entry.name);
    if (entry.isFile() && entry.name.toLowerCase().endsWith('.json')) {
      sources.push({ stack: stackNameOf(full), file: full, text: await readText(full) });
    } else if (entry.isDirectory()) {
      const nested = path.join(full, 'plan.json');
      const exists = await stat(nested).then(
        (s) => s.isFile(),
        () => false,
      );
      if (exists) sources.push({ stack: entry.name, file: nested, text: await readText(nested) });
    }
  }
  if (sources.length === 0) {
    throw new PlanInputError(
      `${input} holds no plans: put one \`terraform show -json\` file per stack in it, as <stack>.json or <stack>/plan.json.`,
    );
  }
  const seen = new Map<string, string>();
  for (const s of sources) {
    const other = seen.get(s.stack);
    if (other)
      throw new PlanInputError(`${input} holds two plans for stack ${s.stack} (${other} and ${s.file}); keep one.`);
    seen.set(s.stack, s.file);
  }
  return sources.sort((a, b) => a.stack.localeCompare(b.stack));
}
