import { RunbookNotHeldError } from '../shared/errors';
import { functionRunbooks } from './tables';
import type { Runbook } from './types';

/** Runbook implementations by runbook name, each loaded on first use. */
export type RunbookLoaders = Readonly<Record<string, () => Promise<Runbook>>>;

// The loader table of each function, generated from the catalogue (`npm run generate:runbooks`).
export * from './tables';

/** Every runbook, for the CLI and tests (which are not size-bound). */
export function allRunbooks(): RunbookLoaders {
  return Object.assign({}, ...Object.values(functionRunbooks())) as RunbookLoaders;
}

/**
 * A runbook lookup over a loader table.
 * @param owner named in the error, e.g. the function whose table it is
 */
export function runbookLookup(loaders: RunbookLoaders, owner: string): (name: string) => Promise<Runbook> {
  return async (name) => {
    const loader = loaders[name];
    if (!loader) throw new RunbookNotHeldError(name, owner);
    return loader();
  };
}

/** Any runbook by name (CLI, tests). A function declaration, so function bundles that do not call it drop every table. */
export function loadRunbook(name: string): Promise<Runbook> {
  return runbookLookup(allRunbooks(), 'remediation-functions/runbooks')(name);
}
