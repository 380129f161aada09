export { showValue } from '../core/values';

/**
 * One problem found in an organization config: where it is, what was found, and how to fix it.
 * Problems are collected, not thrown one at a time, so a user sees every mistake in one run.
 */
export interface ConfigProblem {
  /** Field path in the config, e.g. `tiers[1].accounts[0]`. */
  readonly path: string;
  /** The sentence that says what is wrong and what is allowed, starting with the value received. */
  readonly message: string;
  /** 1-based line in the YAML file, when known. */
  readonly line?: number;
}

/** Thrown when a config cannot be used; `problems` holds every error found. */
export class ConfigError extends Error {
  /** Every error found, in file order. */
  public readonly problems: readonly ConfigProblem[];
  /** The config file the problems are in. */
  public readonly file: string;

  constructor(file: string, problems: readonly ConfigProblem[]) {
    super(formatProblems(file, problems));
    this.name = 'ConfigError';
    this.file = file;
    this.problems = problems;
  }
}

/** Formats problems one per line as `file:line: path: message`, the shape editors and CI logs link. */
export function formatProblems(file: string, problems: readonly ConfigProblem[]): string {
  return problems.map((p) => `${file}${p.line ? `:${p.line}` : ''}: ${p.path || '(top level)'}: ${p.message}`).join('\n');
}

/** Renders a path array as `tiers[1].accounts[0]`. */
export function pathToString(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
