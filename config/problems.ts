import { didYouMean } from '../core/closest';
import { showValue } from '../core/values';

export { didYouMean, showValue };

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

  /** The whole report a user sees: a header that counts the problems, then one line per problem. */
  public report(): string {
    const n = this.problems.length;
    return `Invalid organization config (${n} problem${n === 1 ? '' : 's'}):\n${this.message}\n`;
  }
}

// A path or message longer than this is someone else's data echoed back (a junk file's key),
// not help: cut it so one problem stays one readable line.
const MAX_PATH_CHARS = 120;
const MAX_MESSAGE_CHARS = 600;

/** Formats problems one per line as `file:line: path: message`, the shape editors and CI logs link. */
export function formatProblems(file: string, problems: readonly ConfigProblem[]): string {
  return problems
    .map(
      (p) =>
        `${file}${p.line ? `:${p.line}` : ''}: ${cut(p.path, MAX_PATH_CHARS) || '(top level)'}: ${cut(p.message, MAX_MESSAGE_CHARS)}`,
    )
    .join('\n');
}

/** Renders a path array as `tiers[1].accounts[0]`. */
export function pathToString(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}
